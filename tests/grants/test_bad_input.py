"""Oversized text, NUL characters and wrong-typed values get a plain 4xx answer (or the form again with
its errors), never a 500: PostgreSQL refuses an overlong or NUL string with an error of its own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.grants import forms as grant_forms
from ostrom.grants.models import (
    AccessCode,
    Application,
    Assessment,
    Ballot,
    ConflictOfInterest,
    Fund,
    Panel,
    PanelSeat,
    Payment,
    Priority,
    PriorityVote,
    Round,
)
from ostrom.grants.services import awards
from ostrom.network.models import Membership
from tests.factories import (
    CoordinatorFactory,
    LsoaFactory,
    OrganisationFactory,
    PlaceFactory,
    PostcodeFactory,
)
from tests.grants.factories import ApplicationFactory, PriorityFactory, RoundFactory, VoterFactory

HUGE = "x" * 10_000
NUL = "ab\x00c"
# "²" is a digit to str.isdigit() that int() refuses.
JUNK = [HUGE, NUL, "abc", "99999999999999999999999", "-1", "²"]
STORED = [AccessCode, Application, Assessment, Ballot, ConflictOfInterest, Fund, Payment, Priority, Round]


def _world():
    ladywood = PlaceFactory(kind="locality", name="Ladywood", code="DEMO-L1")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    rounds = {
        phase: RoundFactory(in_phase=phase)
        for phase in ["priorities", "applications", "assessment", "voting", "decision"]
    }
    for funding_round in rounds.values():
        funding_round.fund.places_served.add(ladywood)
    priority = PriorityFactory(funding_round=rounds["applications"])
    PriorityVote.objects.create(priority=priority, voter=VoterFactory())
    organisation, member = OrganisationFactory(), VoterFactory()
    Membership.objects.create(user=member, organisation=organisation)
    voting_project = ApplicationFactory(funding_round=rounds["voting"], status="shortlisted")
    assessed = ApplicationFactory(funding_round=rounds["assessment"])
    panel_member = VoterFactory()
    seat = PanelSeat.objects.create(
        panel=Panel.objects.create(funding_round=rounds["assessment"]),
        member=panel_member,
        has_lived_experience=False,
        place=ladywood,
    )
    coordinator = CoordinatorFactory()
    funded = ApplicationFactory(funding_round=rounds["decision"], organisation=organisation, status="funded")
    grant = awards.award_grants(coordinator=coordinator, funding_round=rounds["decision"])[0]
    return locals()


def _junk_for(form_class, value, **extra):
    return {name: value for name in form_class.base_fields} | extra


def _stored():
    return {model.__name__: model.objects.count() for model in STORED}


@pytest.mark.django_db
def test_every_grants_form_answers_bad_values_without_a_server_error(client):
    w = _world()
    rounds = w["rounds"]
    seat, grant = w["seat"], w["grant"]
    project_field = f"project_{w['voting_project'].pk}"
    pages = [
        (w["coordinator"], reverse("grants:fund-create"), grant_forms.FundForm, {}),
        (
            w["coordinator"],
            reverse("grants:round-edit", args=[rounds["voting"].fund.slug, rounds["voting"].slug]),
            grant_forms.RoundForm,
            {},
        ),
        (w["coordinator"], reverse("grants:panel", args=[rounds["assessment"].slug]), grant_forms.PanelForm, {"form": "panel"}),
        (w["coordinator"], reverse("grants:panel", args=[rounds["assessment"].slug]), grant_forms.PanelSeatForm, {"form": "seat"}),
        (w["coordinator"], reverse("grants:panel-seat", args=[seat.pk]), grant_forms.PanelTimeForm, {}),
        (w["coordinator"], reverse("grants:shortlist", args=[rounds["assessment"].slug]), grant_forms.ShortlistForm, {}),
        (w["coordinator"], reverse("grants:access-codes", args=[rounds["voting"].slug]), grant_forms.AccessCodesForm, {}),
        (w["coordinator"], reverse("grants:paper-ballots", args=[rounds["voting"].slug]), grant_forms.BallotForm, {"form": "enter", "paper_reference": "P-1"}),
        (w["coordinator"], reverse("grants:paper-ballots", args=[rounds["voting"].slug]), None, {"form": "confirm"}),
        (w["coordinator"], reverse("grants:grant-detail", args=[grant.pk]), grant_forms.PaymentForm, {"form": "payment"}),
        (w["member"], reverse("grants:application-create", args=[rounds["applications"].slug]), grant_forms.ApplicationForm, {}),
        (w["member"], reverse("grants:priorities", args=[rounds["priorities"].slug]), grant_forms.PriorityForm, {"form": "propose"}),
        (w["member"], reverse("grants:priorities", args=[rounds["priorities"].slug]), grant_forms.ChoosePrioritiesForm, {"form": "choose"}),
        (w["member"], reverse("grants:ballot", args=[rounds["voting"].slug]), grant_forms.BallotForm, {}),
        (w["panel_member"], reverse("grants:assess", args=[w["assessed"].pk]), grant_forms.AssessmentForm, {"form": "score"}),
        (w["panel_member"], reverse("grants:assess", args=[w["assessed"].pk]), grant_forms.ConflictForm, {"form": "conflict"}),
    ]  # fmt: skip
    answered = []
    for user, url, form_class, extra in pages:
        client.force_login(user)
        for value in JUNK:
            fields = {"ballot": value, "return_id": value, project_field: value}
            if form_class is not None:
                fields |= _junk_for(form_class, value)
            response = client.post(url, fields | extra)
            answered.append((url, extra.get("form"), value[:5], response.status_code))

    client.force_login(w["coordinator"])
    paper = reverse("grants:paper-ballots", args=[rounds["voting"].slug])
    for text in [
        f"META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n{w['voting_project'].pk};1\n"
        f"VOTES\nvoter_id;vote\n{'v' * 200};{w['voting_project'].pk}\n",
        f"META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n{w['voting_project'].pk};1\n"
        f"VOTES\nvoter_id;vote\nv\x001;{w['voting_project'].pk}\n",
        HUGE,
    ]:
        upload = SimpleUploadedFile("ballots.pb", text.encode())
        response = client.post(paper, {"form": "import", "pb_file": upload}, follow=True)
        answered.append((paper, "import", text[:5], response.status_code))
        assert "Nothing was imported" in response.content.decode()

    assert [row for row in answered if row[-1] >= 500] == []


@pytest.mark.django_db
def test_every_grants_api_operation_answers_bad_values_with_a_4xx(client):
    w = _world()
    rounds = w["rounds"]
    headers = {"Authorization": f"Bearer {account_services.create_api_token(user=w['member'], name='t')}"}
    application = {
        "organisation_id": w["organisation"].pk,
        "title": "Chair yoga",
        "summary": "Weekly",
        "who_benefits": "Elders",
        "places": ["DEMO-L1"],
        "amount_requested": "1500",
        "priority_id": w["priority"].pk,
        "submit": True,
    }
    ballot = {"choices": {str(w["voting_project"].pk): 1}, "postcode": "B16 8AA", "is_old_enough": True}
    bad_applications = [
        {"title": HUGE},
        {"title": NUL},
        {"summary": HUGE},
        {"summary": NUL},
        {"who_benefits": NUL},
        {"outcomes": HUGE},
        {"budget_breakdown": NUL},
        {"places": [HUGE]},
        {"places": "DEMO-L1"},
        {"amount_requested": "0"},
        {"amount_requested": "-5"},
        {"amount_requested": "abc"},
        {"amount_requested": "1e400"},
        {"amount_requested": "99999999999999"},
        {"organisation_id": "abc"},
        {"organisation_id": 10**20},
        {"priority_id": 10**20},
        {"title": ["a list"]},
        {"submit": "perhaps"},
    ]
    bad_ballots = [
        {"choices": {"abc": 1}},
        {"choices": {str(w["voting_project"].pk): "x"}},
        {"choices": {str(w["voting_project"].pk): 10**9}},
        {"choices": {str(10**20): 1}},
        {"choices": []},
        {"postcode": HUGE},
        {"postcode": NUL},
        {"access_code": HUGE},
        {"access_code": NUL},
        {"is_old_enough": "perhaps"},
    ]
    before = _stored()
    answered = []
    for change in bad_applications:
        response = client.post(
            f"/api/rounds/{rounds['applications'].slug}/applications",
            application | change,
            content_type="application/json",
            headers=headers,
        )
        answered.append(("application", str(change)[:40], response.status_code))
    for change in bad_ballots:
        response = client.put(
            f"/api/rounds/{rounds['voting'].slug}/ballot",
            ballot | change,
            content_type="application/json",
            headers=headers,
        )
        answered.append(("ballot", str(change)[:40], response.status_code))
    for url in [
        f"/api/rounds/{rounds['voting'].slug}/ballot",
        f"/api/rounds/{rounds['applications'].slug}/applications",
    ]:
        for body in ['"just text"', "[1, 2]", "{", "null"]:
            method = client.put if url.endswith("ballot") else client.post
            response = method(url, body, content_type="application/json", headers=headers)
            answered.append((url, body, response.status_code))
    for url in [f"/api/rounds/{HUGE[:2000]}", f"/api/rounds/{rounds['voting'].slug}x/result"]:
        answered.append((url[:30], "get", client.get(url).status_code))

    assert [row for row in answered if not 400 <= row[-1] < 500] == []
    assert _stored() == before
