"""The API: a programme's wellbeing summary (aggregate only) and its open data."""

import io
import json
import zipfile

import pytest

from ostrom.impact import wellbeing_services
from tests.factories import PlaceFactory, UserFactory
from tests.impact.opendata_factories import programme_with_returns
from tests.impact.wellbeing_factories import answer, answers, programme_in, swemwbs_survey
from tests.surveys.factories import coordinator_of

pytestmark = pytest.mark.django_db


def test_a_coordinator_gets_the_wellbeing_summary_and_nobodys_scores(client, run_tasks):
    ladywood = PlaceFactory(name="Ladywood")
    programme = programme_in(ladywood)
    baseline = swemwbs_survey(place=ladywood, title="Spring", days_ago=200)
    follow_up = swemwbs_survey(place=ladywood, title="Winter", days_ago=20)
    for before, after in [(20, 26)] * 6 + [(24, 23)] * 5:
        person = UserFactory()
        answer(baseline, person, answers(before))
        answer(follow_up, person, answers(after))
    coordinator = coordinator_of(ladywood)
    wellbeing_services.link_wellbeing_surveys(
        programme=programme, baseline_survey=baseline, follow_up_survey=follow_up, linked_by=coordinator
    )
    wellbeing_services.start_copying(programme=programme, started_by=coordinator)
    run_tasks()
    client.force_login(coordinator)

    response = client.get(f"/api/impact/programmes/{programme.slug}/wellbeing")

    assert response.status_code == 200
    body = response.json()
    assert body["pairs"] == 11 and body["excluded"] == 0
    assert body["improved"] == {"count": 6, "share": pytest.approx(6 / 11)}
    assert body["meaningful_change"] == 3
    assert "10.1186/s12955-018-1060-2" in body["meaningful_change_source"]
    assert body["confidence_low"] < body["mean_change"] < body["confidence_high"]
    text = json.dumps(body)
    assert "panel-" not in text and "items" not in text and "participant" not in text


def test_the_wellbeing_summary_needs_a_runner_or_a_reach_viewer(client):
    programme = programme_in()
    assert client.get(f"/api/impact/programmes/{programme.slug}/wellbeing").status_code == 401
    client.force_login(UserFactory())
    assert client.get(f"/api/impact/programmes/{programme.slug}/wellbeing").status_code == 403


def test_anyone_gets_the_open_data_as_json_and_as_a_zip(client):
    programme, _ = programme_with_returns()

    body = client.get(f"/api/impact/programmes/{programme.slug}/open-data").json()
    assert [r["name"] for r in body["datapackage"]["resources"]][:2] == ["indicators", "indicators-json"]
    assert len(body["data"]["measurements"]) == 3
    assert "Olu Contact" not in json.dumps(body)

    response = client.get(f"/api/impact/programmes/{programme.slug}/open-data/package.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "datapackage.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
