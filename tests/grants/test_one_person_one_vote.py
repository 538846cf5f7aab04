"""One person, one vote: confirmed email addresses, access codes posted to households, a report of
many accounts made from one place, and rate limits."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts import services as account_services
from ostrom.grants.models import AccessCode, Ballot, Round
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory, VoterFactory


def _vote_ready(**options):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting", **options)
    funding_round.fund.places_served.add(ladywood)
    project = ApplicationFactory(funding_round=funding_round, title="Cook and eat", status="shortlisted")
    return funding_round, project


def _vote(client, funding_round, project, **extra):
    return client.post(
        reverse("grants:ballot", args=[funding_round.slug]),
        {f"project_{project.pk}": "on", "postcode": "B16 8AA", "is_old_enough": "on"} | extra,
    )


@pytest.mark.django_db
def test_five_new_unconfirmed_accounts_cast_no_votes(client):
    funding_round, project = _vote_ready()
    pages = []
    for _ in range(5):
        client.force_login(UserFactory(email_confirmed_at=None))
        pages.append(_vote(client, funding_round, project).content.decode())
    shown = client.get(reverse("grants:ballot", args=[funding_round.slug])).content.decode()

    assert Ballot.objects.count() == 0
    assert all("Confirm your email address before you vote – we sent you a link" in page for page in pages)
    assert f'href="{reverse("accounts:my-account")}">Go to your account</a>' in shown
    assert "Send my vote" not in shown


@pytest.mark.django_db
def test_the_api_refuses_a_ballot_from_an_unconfirmed_account(client):
    funding_round, project = _vote_ready()
    token = account_services.create_api_token(user=UserFactory(email_confirmed_at=None), name="test")

    response = client.put(
        f"/api/rounds/{funding_round.slug}/ballot",
        {"choices": {project.pk: 1}, "postcode": "B16 8AA", "is_old_enough": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Confirm your email address before you vote – we sent you a link"
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_accounts_made_from_one_address_in_a_day_are_flagged_without_the_address(client):
    funding_round, project = _vote_ready()
    start = timezone.now() - timedelta(hours=30)
    for number in range(5):
        voter = VoterFactory(signup_address_hash="a1" * 32, date_joined=start + timedelta(minutes=7 * number))
        client.force_login(voter)
        _vote(client, funding_round, project)
    for _ in range(2):  # two accounts from a shared address: ordinary
        client.force_login(VoterFactory(signup_address_hash="b2" * 32, date_joined=start))
        _vote(client, funding_round, project)
    client.force_login(VoterFactory(signup_address_hash="a1" * 32, date_joined=start + timedelta(days=5)))
    _vote(client, funding_round, project)

    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    round_page = client.get(funding_round.get_absolute_url()).content.decode()
    report = client.get(reverse("grants:suspicious-voting", args=[funding_round.slug])).content.decode()

    assert Ballot.objects.count() == 8
    assert reverse("grants:suspicious-voting", args=[funding_round.slug]) in round_page
    assert "1 group" in report and "Group 1" in report and "Group 2" not in report
    assert "Accounts that voted 5 Accounts created" in " ".join(re.sub(r"<[^>]+>", " ", report).split())
    assert "a1a1" not in report and "b2b2" not in report


@pytest.mark.django_db
def test_a_coordinator_switches_codes_on_issues_them_and_each_works_once(client):
    funding_round, project = _vote_ready()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    edit = reverse("grants:round-edit", args=[funding_round.fund.slug, funding_round.slug])
    form = client.get(edit).content.decode()
    assert "Voters need a code posted to their household" in form
    fields = {
        field: timezone.localtime(getattr(funding_round, field)).strftime("%Y-%m-%d %H:%M")
        if field.endswith("_at")
        else getattr(funding_round, field)
        for field in [
            "name", "budget", "largest_grant", "slim_limit", "priority_count", "priorities_open_at",
            "applications_open_at", "applications_close_at", "voting_opens_at", "voting_closes_at",
            "ballot_type", "points_per_voter", "rule", "minimum_voting_age",
        ]
    }  # fmt: skip
    client.post(edit, fields | {"requires_access_code": "on"})
    funding_round.refresh_from_db()
    assert funding_round.requires_access_code

    codes_url = reverse("grants:access-codes", args=[funding_round.slug])
    pdf = client.post(codes_url, {"count": "6", "file_format": "pdf"})
    sheet = client.post(codes_url, {"count": "2", "file_format": "csv"})
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode())))

    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert sheet["Content-Type"].startswith("text/csv") and len(rows) == 2
    assert rows[0]["round"] == funding_round.name and rows[0]["vote_at"].endswith(
        f"/rounds/{funding_round.slug}/vote/"
    )
    stored = set(AccessCode.objects.values_list("code_hash", flat=True))
    assert AccessCode.objects.count() == 8 and rows[0]["code"] not in stored

    first, second = VoterFactory(), VoterFactory()
    client.force_login(first)
    without = _vote(client, funding_round, project).content.decode()
    _vote(client, funding_round, project, access_code=rows[0]["code"])
    client.force_login(second)
    reused = _vote(client, funding_round, project, access_code=rows[0]["code"]).content.decode()

    assert "Enter the code from the letter we sent you" in without
    assert "This code has already been used to vote" in reused
    assert list(Ballot.objects.values_list("voter", flat=True)) == [first.pk]
    client.force_login(coordinator)
    page = client.get(funding_round.get_absolute_url()).content.decode()
    assert "8 access codes have been issued; 1 used to vote." in page


@pytest.mark.django_db
def test_the_api_refuses_a_ballot_without_a_valid_code_when_the_round_needs_one(client):
    funding_round, project = _vote_ready(requires_access_code=True)
    headers = {"Authorization": f"Bearer {account_services.create_api_token(user=VoterFactory(), name='t')}"}
    url = f"/api/rounds/{funding_round.slug}/ballot"
    ballot = {"choices": {project.pk: 1}, "postcode": "B16 8AA", "is_old_enough": True}

    missing = client.put(url, ballot, content_type="application/json", headers=headers)
    wrong = client.put(
        url, ballot | {"access_code": "ABCD-EFGH-JKLM"}, content_type="application/json", headers=headers
    )

    assert missing.status_code == 422 and wrong.status_code == 422
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_ballots_and_applications_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot": "3/h", "application": "1/h"}
    funding_round, project = _vote_ready()
    client.force_login(VoterFactory())

    answers = [_vote(client, funding_round, project).status_code for _ in range(2)]
    client.logout()  # the API call below is another person's, by their token
    token = account_services.create_api_token(user=VoterFactory(), name="test")
    through_api = [
        client.put(
            f"/api/rounds/{funding_round.slug}/ballot",
            {"choices": {project.pk: 1}, "postcode": "B16 8AA", "is_old_enough": True},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        ).status_code
        for _ in range(2)
    ]
    client.force_login(VoterFactory())
    applying = RoundFactory(in_phase="applications")
    apply_url = reverse("grants:application-create", args=[applying.slug])
    applications = [client.post(apply_url, {"title": "x"}).status_code for _ in range(2)]

    # The page and the API share one count per network address.
    assert answers == [302, 302] and through_api == [200, 429]
    assert applications[-1] == 429
    assert Ballot.objects.count() == 2
    assert Round.objects.count() == 2
