"""The impact API: programmes, their theory of change, indicators and measurements for anyone;
measurements and refreshes only from the coordinators of the programme's place, with the same rules."""

from datetime import date
from decimal import Decimal

import pytest

from ostrom.core.models import Progress
from ostrom.impact.models import Measurement
from tests.factories import PlaceFactory
from tests.impact.toc_factories import IndicatorFactory, MeasurementFactory, ProgrammeFactory, StepFactory
from tests.insight.factories import coordinator_of


@pytest.fixture
def indicator():
    programme = ProgrammeFactory(slug="flourish", place=PlaceFactory(code="E-LADYWOOD", kind="locality"))
    activity = StepFactory(programme=programme, stage="activity", text="Walks")
    output = StepFactory(programme=programme, stage="output", text="Walkers")
    activity.leads_to.add(output)
    return IndicatorFactory(step=output, name="Walkers", unit="people", maximum=Decimal(500))


@pytest.mark.django_db
def test_anyone_reads_the_theory_of_change_with_its_arrows(client, indicator):
    MeasurementFactory(indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(44))

    programme = client.get("/api/impact/programmes/flourish").json()
    activity, output = programme["steps"]
    assert activity["leads_to"] == [output["id"]] and output["indicators"] == [indicator.pk]
    assert client.get("/api/impact/programmes").json()[0]["place"] == "E-LADYWOOD"
    assert client.get("/api/impact/programmes/flourish/indicators").json()[0]["unit"] == "people"
    measured = client.get(f"/api/impact/indicators/{indicator.pk}/measurements").json()
    assert measured == [
        {
            "id": measured[0]["id"],
            "indicator": indicator.pk,
            "measured_on": "2026-03-31",
            "value": "44.00",
            "source": "typed",
            "note": "",
        }
    ]


@pytest.mark.django_db
def test_a_runner_records_a_measurement_and_a_wrong_unit_or_range_is_refused(client, indicator):
    client.force_login(coordinator_of(indicator.step.programme.place))
    url = f"/api/impact/indicators/{indicator.pk}/measurements"

    wrong_unit = client.post(
        url, {"measured_on": "2026-03-31", "value": "40", "unit": "%"}, content_type="application/json"
    )
    too_big = client.post(
        url, {"measured_on": "2026-03-31", "value": "501", "unit": "people"}, content_type="application/json"
    )
    assert wrong_unit.status_code == 422 and wrong_unit.json()["detail"]["unit"] == [
        "The unit must be people (the indicator's unit), not %"
    ]
    assert too_big.json()["detail"]["value"] == ["Value must be between 0 and 500 people"]
    assert not Measurement.objects.exists()

    created = client.post(
        url, {"measured_on": "2026-03-31", "value": "40", "unit": "people"}, content_type="application/json"
    )
    assert created.status_code == 201 and Measurement.objects.get().value == Decimal(40)


@pytest.mark.django_db
def test_someone_else_cannot_record_or_refresh(client, indicator):
    client.force_login(coordinator_of(PlaceFactory(kind="locality")))
    url = f"/api/impact/indicators/{indicator.pk}/measurements"
    response = client.post(
        url, {"measured_on": "2026-03-31", "value": "40", "unit": "people"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.post("/api/impact/programmes/flourish/refresh").status_code == 403
    assert not Measurement.objects.exists() and not Progress.objects.exists()


@pytest.mark.django_db
def test_a_runner_starts_a_refresh_and_gets_its_progress_page(client, indicator):
    client.force_login(coordinator_of(indicator.step.programme.place))
    response = client.post("/api/impact/programmes/flourish/refresh")
    assert response.status_code == 202 and response.json()["url"] == Progress.objects.get().get_absolute_url()
