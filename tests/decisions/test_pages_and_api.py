"""Decisions in the browser's pages and through the API: the same rules, the same public record."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ostrom.accounts.services import create_api_token
from ostrom.decisions import services
from ostrom.decisions.models import Assurance, Decision
from tests.decisions.conftest import RECOMMENDATION, answer_everything, record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_a_partner_records_a_decision_and_links_input_through_the_pages(partner, body, recommendation):
    client = signed_in(partner)
    response = client.post(
        "/decisions/record/",
        {
            "body": body.pk,
            "question": "Open GP surgeries in the evening",
            "money": "250000",
            "goes_to_board": "on",
        },
    )
    decision = Decision.objects.get()
    assert response.url == decision.get_absolute_url()
    page = client.get(f"/decisions/{decision.slug}/input/?kind={RECOMMENDATION}").content.decode()
    assert "Recommendation 3: Evening appointments" in page
    client.post(
        f"/decisions/{decision.slug}/input/?kind={RECOMMENDATION}",
        {"object_id": recommendation.pk, "shaped": "changed", "how": "We added Saturday mornings."},
    )
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Open two surgeries until 8pm." in page
    assert "We added Saturday mornings." in page


def test_a_form_with_a_problem_keeps_what_was_typed(partner, body, recommendation):
    client = signed_in(partner)
    decision = record(partner, body)
    response = client.post(
        f"/decisions/{decision.slug}/input/?kind={RECOMMENDATION}",
        {"object_id": recommendation.pk, "shaped": "not_adopted", "how": ""},
    )
    page = response.content.decode()
    assert "Say why it was not adopted" in page
    assert 'value="not_adopted" checked' in page
    response = client.post(
        "/decisions/record/", {"body": body.pk, "question": "", "outcome": "Kept this text"}
    )
    assert "Enter the question the body decides" in response.content.decode()
    assert "Kept this text" in response.content.decode()


def test_the_page_refuses_approval_and_says_do_not_proceed(partner, reviewer, body):
    decision = record(partner, body)
    answer_everything(decision, partner)
    services.review_assurance(
        actor=reviewer, decision=decision, verdict="not_satisfied", reason="No young people"
    )
    page = signed_in(partner).get(decision.get_absolute_url()).content.decode()
    assert "Do not proceed – be prepared to start again" in page
    assert "No young people" in page
    response = signed_in(partner).post(f"/decisions/{decision.slug}/status/", {"status": "approved"})
    assert response.status_code == 400
    assert "Do not proceed" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED


def test_the_reviewer_marks_the_checklist_through_the_page(partner, reviewer, body):
    decision = record(partner, body)
    answer_everything(decision, partner)
    response = signed_in(partner).post(
        f"/decisions/{decision.slug}/assurance/review/", {"verdict": "satisfied"}
    )
    assert response.status_code == 403
    assert "someone else must review it" in response.content.decode()
    signed_in(reviewer).post(f"/decisions/{decision.slug}/assurance/review/", {"verdict": "satisfied"})
    assert Assurance.objects.get(decision=decision).is_satisfied


def test_an_unpublished_decision_is_seen_only_by_those_who_record_it(partner, body):
    decision = record(partner, body)
    assert Client().get(decision.get_absolute_url()).status_code == 404
    assert signed_in(UserFactory()).get(decision.get_absolute_url()).status_code == 404
    assert Client().get("/api/decisions").json() == []
    assert Client().get(f"/api/decisions/{decision.slug}").status_code == 404
    assert decision.question not in Client().get("/decisions/").content.decode()
    assert signed_in(partner).get(decision.get_absolute_url()).status_code == 200
    services.publish_decision(actor=partner, decision=decision)
    assert Client().get(decision.get_absolute_url()).status_code == 200
    assert [d["slug"] for d in Client().get("/api/decisions").json()] == [decision.slug]


def test_you_said_we_did_shows_published_decisions_with_input_on_pages_feed_and_api(
    partner, body, recommendation, ladywood
):
    decision = record(partner, body, question="Evening GP appointments")
    services.link_input(
        actor=partner,
        decision=decision,
        kind=RECOMMENDATION,
        object_id=recommendation.pk,
        shaped="adopted",
        how="Two surgeries open late.",
    )
    commitment = services.add_commitment(
        actor=partner,
        decision=decision,
        text="We will open two surgeries until 8pm",
        owner="Primary care",
        due_on=timezone.localdate() + timedelta(days=10),
    )
    services.update_commitment(
        actor=partner, commitment=commitment, written_on=timezone.localdate(), text="Both open", status="done"
    )
    services.add_commitment(
        actor=partner,
        decision=decision,
        text="We will report waiting times monthly",
        owner="Primary care",
        due_on=timezone.localdate() + timedelta(days=40),
    )
    hidden = record(partner, body, question="Unpublished decision")
    services.link_input(
        actor=partner,
        decision=hidden,
        kind=RECOMMENDATION,
        object_id=recommendation.pk,
        shaped="adopted",
        how="Y",
    )
    assert "Evening GP appointments" not in Client().get("/you-said-we-did/").content.decode()
    services.publish_decision(actor=partner, decision=decision)

    for path in [
        "/you-said-we-did/",
        f"/you-said-we-did/places/{ladywood.code}/",
        f"/you-said-we-did/bodies/{body.slug}/",
    ]:
        page = Client().get(path).content.decode()
        assert "Evening GP appointments" in page, path
        assert "Open two surgeries until 8pm." in page
        assert "We will open two surgeries until 8pm" in page
        assert "Unpublished decision" not in page
    entry = Client().get(f"/you-said-we-did/{decision.slug}/")
    assert entry.status_code == 200
    assert Client().get(f"/you-said-we-did/{hidden.slug}/").status_code == 404

    feed = Client().get("/you-said-we-did/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Evening GP appointments" in feed.content.decode()
    assert "Unpublished decision" not in feed.content.decode()

    entries = Client().get("/api/you-said-we-did", {"place": ladywood.code}).json()
    assert [e["slug"] for e in entries] == [decision.slug]
    assert entries[0]["we_did"][0].startswith("We will open two surgeries until 8pm")
    assert entries[0]["we_are_doing"] == [
        "We will report waiting times monthly: not started, due "
        f"{timezone.localdate() + timedelta(days=40):%-d %B %Y}"
    ]
    assert len(entries[0]["we_did"]) == 1
    assert entries[0]["you_said"][0]["shaped"] == "Adopted"


def test_the_api_refuses_approval_while_the_checklist_is_not_satisfied(
    partner, reviewer, body, recommendation
):
    token = create_api_token(user=partner, name="Board papers system")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    created = client.post(
        "/api/decisions",
        data=json.dumps({"body": body.slug, "question": "Evening GP appointments"}),
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    slug = created.json()["slug"]
    linked = client.post(
        f"/api/decisions/{slug}/inputs",
        data=json.dumps(
            {"kind": RECOMMENDATION, "object_id": recommendation.pk, "shaped": "not_adopted", "how": ""}
        ),
        content_type="application/json",
        **headers,
    )
    assert linked.status_code == 422
    assert linked.json()["detail"]["how"] == ["Say why it was not adopted"]
    refused = client.post(
        f"/api/decisions/{slug}/status",
        data=json.dumps({"status": "approved"}),
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422
    assert refused.json()["detail"]["status"][0].startswith("Do not proceed")
    checklist = client.get(f"/api/decisions/{slug}/assurance", **headers).json()
    assert checklist["holds_decision_back"] is True
    assert Client().get(f"/api/decisions/{slug}/assurance").status_code in (401, 403)


def test_documents_download_as_attachments_once_published(partner, body):
    decision = record(partner, body)
    document = services.add_document(
        actor=partner,
        decision=decision,
        title="Board paper",
        filename='paper"<x>.pdf',
        content_type="application/pdf",
        content=b"%PDF-1.7 board paper",
    )
    path = f"/decisions/{decision.slug}/documents/{document.pk}/"
    assert Client().get(path).status_code == 404
    services.publish_decision(actor=partner, decision=decision)
    response = Client().get(path)
    assert response.content == b"%PDF-1.7 board paper"
    assert response["Content-Disposition"] == 'attachment; filename="paper__x_.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_outsider_cannot_record_or_move_decisions(partner, body):
    decision = record(partner, body)
    outsider = signed_in(UserFactory())
    assert outsider.get("/decisions/record/").status_code == 403
    assert outsider.post(f"/decisions/{decision.slug}/status/", {"status": "withdrawn"}).status_code == 403
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED


def test_the_dashboard_shows_what_is_held_back_waiting_and_overdue(partner, reviewer, body):
    held = record(partner, body, question="Close the walk-in centre")
    answer_everything(held, partner)
    services.review_assurance(
        actor=reviewer, decision=held, verdict="not_satisfied", reason="No patients asked"
    )
    waiting = record(partner, body, question="Evening appointments")
    answer_everything(waiting, partner)
    services.add_commitment(
        actor=partner,
        decision=waiting,
        text="We will write to every household",
        owner="Comms",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    page = signed_in(reviewer).get("/decisions/dashboard/").content.decode()
    assert "Do not proceed – be prepared to start again" in page
    assert "No patients asked" in page
    waiting_section = page.split("Checklists waiting for a review")[1].split("Commitments overdue")[0]
    assert "Evening appointments" in waiting_section
    assert "Close the walk-in centre" not in waiting_section
    overdue_section = page.split("Commitments overdue", 1)[1]
    assert (
        f'<a class="nhsuk-link" href="{waiting.get_absolute_url()}#commitments">We will write to every household</a>'
        in overdue_section
    ), "each overdue commitment links to its decision"
    assert signed_in(UserFactory()).get("/decisions/dashboard/").status_code == 403


def test_themes_are_chosen_on_the_form_and_filter_you_said_we_did(partner, body, recommendation):
    from ostrom.decisions.models import Theme

    primary = Theme.objects.create(name="Primary care access", slug="primary-care-access")
    Theme.objects.create(name="Best start in life", slug="best-start-in-life")
    signed_in(partner).post(
        "/decisions/record/",
        {"body": body.pk, "question": "Evening appointments", "themes": [primary.pk]},
    )
    filed = Decision.objects.get(question="Evening appointments")
    assert list(filed.themes.all()) == [primary]
    other = record(partner, body, question="Breastfeeding cafés")
    for decision in (filed, other):
        services.link_input(
            actor=partner,
            decision=decision,
            kind=RECOMMENDATION,
            object_id=recommendation.pk,
            shaped="adopted",
            how="Y",
        )
        services.publish_decision(actor=partner, decision=decision)

    page = Client().get("/you-said-we-did/", {"theme": primary.pk}).content.decode()
    assert "Evening appointments" in page and "Breastfeeding cafés" not in page
    entries = Client().get("/api/you-said-we-did", {"theme": "primary-care-access"}).json()
    assert [entry["slug"] for entry in entries] == [filed.slug]
    assert Client().get(f"/api/decisions/{filed.slug}").json()["themes"] == ["Primary care access"]


def test_the_api_refuses_a_theme_it_does_not_know(partner, body):
    token = create_api_token(user=partner, name="Board papers system")
    response = Client().post(
        "/api/decisions",
        data=json.dumps(
            {"body": body.slug, "question": "Evening GP appointments", "themes": ["no-such-theme"]}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "themes" in response.json()["detail"]
    assert not Decision.objects.exists()
