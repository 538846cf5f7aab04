"""The impact pages as people use them: anyone reads a programme's dashboard; its place's coordinators
build the theory of change, add measurements (a refused one keeps what was typed) and start imports."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ostrom.core.models import Progress
from ostrom.impact.models import Measurement, Step
from tests.factories import PlaceFactory
from tests.impact.toc_factories import IndicatorFactory, MeasurementFactory, ProgrammeFactory, StepFactory
from tests.insight.factories import coordinator_of


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Flourish", slug="flourish", place=PlaceFactory(kind="locality"))


@pytest.fixture
def runner(client, programme):
    user = coordinator_of(programme.place)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_anyone_sees_the_dashboard_with_the_theory_of_change_and_the_trend_in_words(client, programme):
    activity = StepFactory(programme=programme, stage="activity", text="Weekly walking groups")
    output = StepFactory(programme=programme, stage="output", text="People walking together")
    activity.leads_to.add(output)
    indicator = IndicatorFactory(
        step=output, name="Walkers", unit="people", baseline=Decimal(10), target=Decimal(40), maximum=None
    )
    MeasurementFactory(indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(33))

    page = client.get(reverse("impact:programme-detail", args=["flourish"])).content.decode()

    assert 'class="impact-toc-drawing" aria-hidden="true"' in page
    assert "A1: Weekly walking groups" in page and "Leads to: O1: People walking together" in page
    assert (
        "Latest: 33 people on 31 March 2026; up 23 since the baseline; 77% of the way to the target." in page
    )
    assert "ostrom-bar" in page and "Build the theory of change" not in page


@pytest.mark.django_db
def test_a_coordinator_builds_steps_and_an_arrow_in_the_builder(client, programme, runner):
    url = reverse("impact:builder", args=["flourish"])
    client.post(url, {"stage": "activity", "text": "Weekly walking groups"})
    client.post(url, {"stage": "output", "text": "People walking together"})
    activity, output = Step.objects.filter(programme=programme).order_by("pk")

    response = client.post(
        reverse("impact:step-edit", args=["flourish", activity.pk]),
        {"text": "Weekly walking groups", "leads_to": [output.pk]},
    )

    assert response.status_code == 302
    assert list(activity.leads_to.all()) == [output]
    builder = client.get(url).content.decode()
    assert "Add an indicator" in builder and "Move down" not in builder


@pytest.mark.django_db
def test_a_backward_arrow_cannot_be_chosen(client, programme, runner):
    activity = StepFactory(programme=programme, stage="activity")
    output = StepFactory(programme=programme, stage="output")
    response = client.post(
        reverse("impact:step-edit", args=["flourish", output.pk]),
        {"text": output.text, "leads_to": [activity.pk]},
    )
    assert response.status_code == 200 and "An arrow can only go forward" in response.content.decode()
    assert not output.leads_to.exists()


@pytest.mark.django_db
def test_a_measurement_out_of_range_is_refused_and_the_form_keeps_what_was_typed(client, programme, runner):
    indicator = IndicatorFactory(step__programme=programme, name="Feeling less lonely", unit="%", maximum=100)

    response = client.post(
        reverse("impact:measurement-create", args=["flourish"]),
        {"indicator": indicator.pk, "measured_on": "2026-03-31", "value": "140", "note": "From the survey"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Value must be between 0 and 100 %" in page
    assert 'value="140"' in page and 'value="From the survey"' in page and 'value="2026-03-31"' in page
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_measurement_typed_in_shows_in_the_indicator_table(client, programme, runner):
    indicator = IndicatorFactory(step__programme=programme, name="Walkers", unit="people")

    response = client.post(
        reverse("impact:measurement-create", args=["flourish"]),
        {"indicator": indicator.pk, "measured_on": "2026-03-31", "value": "57", "note": ""},
    )

    assert response.status_code == 302
    page = client.get(reverse("impact:programme-detail", args=["flourish"])).content.decode()
    assert "31 March 2026" in page and "57 people" in page and "Typed in" in page


@pytest.mark.django_db
def test_an_indicator_cannot_be_added_to_an_activity_page(client, programme, runner):
    activity = StepFactory(programme=programme, stage="activity", text="Walks")
    response = client.post(
        reverse("impact:indicator-create", args=["flourish", activity.pk]),
        {"name": "Walks held", "unit": "walks", "minimum": "0", "frequency": "monthly"},
    )
    assert "Only outputs and outcomes have indicators" in response.content.decode()
    assert not activity.indicators.exists()


@pytest.mark.django_db
def test_a_coordinator_of_another_place_is_refused(client, programme):
    client.force_login(coordinator_of(PlaceFactory(kind="locality")))
    assert client.get(reverse("impact:builder", args=["flourish"])).status_code == 403
    assert client.post(reverse("impact:refresh", args=["flourish"])).status_code == 403


@pytest.mark.django_db
def test_an_import_starts_in_the_background_and_the_template_names_the_indicators(client, programme, runner):
    IndicatorFactory(step__programme=programme, name="Walkers", unit="people")
    template = client.get(reverse("impact:import-template", args=["flourish"])).content.decode()
    assert template.splitlines()[0] == "indicator,measured_on,value,unit,note"
    assert "Walkers,2026-11-23,,people," in template

    response = client.post(
        reverse("impact:measurement-import", args=["flourish"]),
        {"file": SimpleUploadedFile("m.csv", template.replace(",,people", ",4,people").encode())},
    )

    assert response["Location"] == Progress.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_refresh_now_starts_the_work_and_shows_its_progress(client, programme, runner):
    response = client.post(reverse("impact:refresh", args=["flourish"]))
    progress = Progress.objects.get()
    assert response["Location"] == progress.get_absolute_url()
    assert progress.title == "Working out Flourish's indicators"


@pytest.mark.django_db
def test_a_coordinator_changes_an_indicator_and_it_is_audited(client, programme, runner):
    from ostrom.core import audit

    indicator = IndicatorFactory(
        step__programme=programme, name="Walkers", unit="people", maximum=Decimal(500)
    )
    url = reverse("impact:indicator-edit", args=["flourish", indicator.pk])
    form = client.get(url).content.decode()
    assert 'value="Walkers"' in form

    response = client.post(
        url,
        {
            "name": "Walkers each week",
            "unit": "people",
            "minimum": "0",
            "maximum": "500",
            "baseline": "10",
            "baseline_on": "2025-01-01",
            "target": "100",
            "target_on": "2026-12-31",
            "source": "Walk registers",
            "frequency": "monthly",
            "computed_from": "",
            "survey": "",
        },
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Walkers each week" and indicator.frequency == "monthly"
    entry = audit.entries_for(indicator).first()
    assert entry.changes["name"] == ["Walkers", "Walkers each week"]


@pytest.mark.django_db
def test_a_coordinator_moves_and_removes_a_step(client, programme, runner):
    first = StepFactory(programme=programme, stage="activity", text="Walks", position=0)
    second = StepFactory(programme=programme, stage="activity", text="Cooking", position=1)
    IndicatorFactory(step=StepFactory(programme=programme, stage="output"))

    client.post(reverse("impact:step-move", args=["flourish", first.pk]), {"direction": "down"})
    assert list(programme.steps.filter(stage="activity").order_by("position")) == [second, first]

    client.post(reverse("impact:step-remove", args=["flourish", second.pk]))
    assert list(programme.steps.filter(stage="activity")) == [first]


@pytest.mark.django_db
def test_a_programme_that_does_not_exist_is_not_found(client):
    assert client.get(reverse("impact:programme-detail", args=["nowhere"])).status_code == 404
    assert client.get("/api/impact/programmes/nowhere").status_code == 404


@pytest.mark.django_db
def test_a_coordinator_sets_up_and_changes_a_programme(client):
    from ostrom.core import audit
    from ostrom.impact.models import Programme

    place = PlaceFactory(kind="locality", name="Perry Barr")
    client.force_login(coordinator_of(place))
    response = client.post(
        reverse("impact:programme-create"),
        {
            "place": place.pk,
            "name": "Walk and talk",
            "kind": "programme",
            "starts_on": "2026-04-01",
            "ends_on": "2026-01-01",
        },
    )
    assert "The end date must be on or after the start date" in response.content.decode()
    assert not Programme.objects.exists()

    client.post(
        reverse("impact:programme-create"), {"place": place.pk, "name": "Walk and talk", "kind": "programme"}
    )
    programme = Programme.objects.get()
    response = client.post(
        reverse("impact:programme-edit", args=[programme.slug]),
        {"name": "Walk and talk together", "kind": "programme", "description": "Weekly walks"},
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Walk and talk together" and programme.place == place
    assert audit.entries_for(programme).count() == 2
