"""The API: published insight for anyone, coordinators also see and record their places' insight; a case
for action's total is computed, and a total that does not add up is refused."""

import pytest

from ostrom.insight.models import Insight
from tests.factories import PlaceFactory, UserFactory
from tests.insight.factories import CostLineFactory, InsightFactory, coordinator_of


@pytest.fixture
def ladywood():
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")


STORY = {
    "place": "E-LADYWOOD",
    "kind": "story",
    "text": "The walk-in centre saved my day",
    "source": "interview",
    "said_on": "2026-10-01",
    "consent_to_use": True,
    "publication": "anonymised",
    "consent_wording": "I agree",
}


@pytest.mark.django_db
def test_public_reads_give_only_published_insight(client, ladywood):
    shown = InsightFactory(place=ladywood)
    hidden = InsightFactory(place=ladywood, publication="not_published")

    listed = client.get("/api/insights").json()["items"]

    assert [item["id"] for item in listed] == [shown.pk]
    assert client.get(f"/api/insights/{hidden.pk}").status_code == 404


@pytest.mark.django_db
def test_a_coordinator_also_reads_their_places_unpublished_insight(client, ladywood):
    hidden = InsightFactory(place=ladywood, publication="not_published")
    client.force_login(coordinator_of(ladywood))

    detail = client.get(f"/api/insights/{hidden.pk}").json()

    assert detail["is_published"] is False and detail["said_by"] == "Anonymous"


@pytest.mark.django_db
def test_a_coordinator_records_insight_and_its_consent_is_checked(client, ladywood):
    client.force_login(coordinator_of(ladywood))

    created = client.post("/api/insights", STORY, content_type="application/json")
    refused = client.post("/api/insights", STORY | {"consent_to_use": False}, content_type="application/json")

    assert created.status_code == 201 and created.json()["is_published"] is True
    assert refused.status_code == 422 and "consent_to_use" in refused.json()["detail"]
    assert Insight.objects.count() == 1


@pytest.mark.django_db
def test_others_cannot_record_insight(client, ladywood):
    client.force_login(UserFactory())
    assert client.post("/api/insights", STORY, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_withdrawing_consent_through_the_api_unpublishes_it(client, ladywood):
    insight = InsightFactory(place=ladywood)
    client.force_login(coordinator_of(ladywood))

    response = client.post(f"/api/insights/{insight.pk}/withdrawal")

    assert response.status_code == 200 and response.json()["is_published"] is False
    client.logout()
    assert client.get(f"/api/insights/{insight.pk}").status_code == 404


CASE = {
    "place": "E-LADYWOOD",
    "title": "A diabetes prevention group",
    "text": "A weekly group at the mosque",
    "source": "other",
    "said_on": "2026-10-01",
    "problem": "Type 2 diabetes is rising",
    "who_is_affected": "People at risk",
    "proposed_action": "A community group",
    "consent_wording": "We agree",
    "lines": [
        {
            "effect": "cost",
            "description": "Group places",
            "unit_cost": "150",
            "unit_cost_source": "NHS DPP",
            "quantity": "100",
        },
        {
            "effect": "saving",
            "description": "GP visits",
            "unit_cost": "42",
            "unit_cost_source": "PSSRU 2023",
            "quantity": "200.5",
        },
    ],
}


@pytest.mark.django_db
def test_a_case_for_action_comes_back_with_its_lines_and_computed_total(client, ladywood):
    client.force_login(coordinator_of(ladywood))

    case = client.post("/api/cases-for-action", CASE, content_type="application/json").json()["case"]

    assert [float(line["amount"]) for line in case["lines"]] == [15000.0, 8421.0]
    assert float(case["net_saving"]) == -6579.0 and float(case["costs"]) == 15000.0


@pytest.mark.django_db
def test_a_case_for_action_whose_figures_do_not_add_up_is_refused(client, ladywood):
    client.force_login(coordinator_of(ladywood))

    response = client.post(
        "/api/cases-for-action", CASE | {"net_saving": "100"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"]["stated_net_saving"] == [
        "The figures do not add up: the lines come to -£6,579 (a net cost to the NHS of £6,579)"
    ]
    assert not Insight.objects.exists()


@pytest.mark.django_db
def test_a_published_case_is_public_with_its_working(client, ladywood):
    line = CostLineFactory(case__insight__place=ladywood)

    detail = client.get(f"/api/insights/{line.case.insight.pk}").json()

    assert float(detail["case"]["costs"]) == 600.0 and detail["case"]["lines"][0]["unit_cost_source"]
