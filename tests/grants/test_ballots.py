import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ostrom.core import audit
from ostrom.grants.models import Ballot, BallotChoice, Round
from ostrom.grants.services import voting
from tests.concurrency import at_once, fast_passwords, needs_postgresql, raised
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, RoundFactory, VoterFactory


def _vote_ready(ballot_type="approval", **options):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    inside = LsoaFactory(parent=ladywood)
    PostcodeFactory(postcode="B16 8AA", lsoa=inside)
    PostcodeFactory(postcode="B90 1AA", lsoa=LsoaFactory())
    funding_round = RoundFactory(in_phase="voting", ballot_type=ballot_type, **options)
    funding_round.fund.places_served.add(ladywood)
    projects = [
        ApplicationFactory(funding_round=funding_round, title=title, status="shortlisted")
        for title in ["Cook and eat", "Walking football", "Baby massage"]
    ]
    return funding_round, projects


def _post(client, funding_round, choices, **extra):
    data = {f"project_{project.pk}": value for project, value in choices.items()}
    data |= {"postcode": "b16 8aa", "is_old_enough": "on"} | extra
    return client.post(reverse("grants:ballot", args=[funding_round.slug]), data)


@pytest.mark.django_db
def test_a_resident_votes_then_changes_their_vote_and_only_the_last_counts(client):
    funding_round, (cook, football, massage) = _vote_ready()
    voter = VoterFactory()
    client.force_login(voter)

    _post(client, funding_round, {cook: "on", football: "on"})
    page = client.get(reverse("grants:ballot", args=[funding_round.slug])).content.decode()
    _post(client, funding_round, {massage: "on"})

    ballot = Ballot.objects.get()
    assert [c.application for c in ballot.choices.all()] == [massage]
    assert "You have voted" in page
    entries = audit.entries_for(funding_round)
    assert [audit.action_of(e) for e in entries] == ["ballot.changed", "ballot.cast"]
    assert {e.actor for e in entries} == {voter}
    assert "Cook and eat" not in str(entries.first().changes)
    assert not audit.entries_for(ballot).exists()


@pytest.mark.django_db
def test_only_residents_of_the_funds_places_who_are_old_enough_can_vote(client):
    funding_round, (cook, *_) = _vote_ready()
    client.force_login(VoterFactory())

    outside = _post(client, funding_round, {cook: "on"}, postcode="B90 1AA").content.decode()
    young = _post(client, funding_round, {cook: "on"}, is_old_enough="").content.decode()

    assert "This vote is for people who live in Ladywood" in outside
    assert "You must be 16 or over to vote in this round" in young
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_points_ballots_cannot_give_more_points_than_the_voter_has(client):
    funding_round, (cook, football, _) = _vote_ready("cumulative", points_per_voter=10)
    client.force_login(VoterFactory())

    page = _post(client, funding_round, {cook: "7", football: "6"}).content.decode()
    assert "You have given 13 points: you have 10 points to share out" in page
    assert 'value="7"' in page

    _post(client, funding_round, {cook: "7", football: "3"})
    assert sorted(BallotChoice.objects.values_list("value", flat=True)) == [3, 7]


@pytest.mark.django_db
def test_ranked_ballots_need_each_rank_once(client):
    funding_round, (cook, football, massage) = _vote_ready("ranked")
    client.force_login(VoterFactory())

    page = _post(client, funding_round, {cook: "1", football: "1"}).content.decode()
    assert "Number your choices 1, 2, 3" in page
    _post(client, funding_round, {cook: "2", football: "1", massage: ""})
    assert {c.application.title: c.value for c in BallotChoice.objects.all()} == {
        "Walking football": 1,
        "Cook and eat": 2,
    }


@pytest.mark.django_db
def test_an_access_code_works_once(client):
    funding_round, (cook, *_) = _vote_ready(requires_access_code=True)
    codes = voting.issue_access_codes(coordinator=CoordinatorFactory(), funding_round=funding_round, count=2)
    first, second = VoterFactory(), VoterFactory()

    client.force_login(first)
    assert (
        "This code is not right"
        in _post(client, funding_round, {cook: "on"}, access_code="WRONG").content.decode()
    )
    _post(client, funding_round, {cook: "on"}, access_code=codes[0].lower())
    client.force_login(second)
    reused = _post(client, funding_round, {cook: "on"}, access_code=codes[0]).content.decode()

    assert "This code has already been used to vote" in reused
    assert Ballot.objects.get().voter == first


@pytest.mark.django_db
def test_paper_ballots_count_only_after_a_second_person_confirms(client):
    funding_round, (cook, football, _) = _vote_ready()
    entering, checking = CoordinatorFactory(), CoordinatorFactory()
    client.force_login(entering)
    url = reverse("grants:paper-ballots", args=[funding_round.slug])
    client.post(
        url, {"form": "enter", "paper_reference": "P-0001", f"project_{cook.pk}": "on", "postcode": "B16 8AA"}
    )
    paper = Ballot.objects.get()
    assert not Ballot.objects.counted().exists()

    client.post(url, {"form": "confirm", "ballot": paper.pk})
    assert not Ballot.objects.counted().exists()  # the person who entered it cannot confirm it
    twice = client.post(
        url,
        {"form": "enter", "paper_reference": "P-0001", f"project_{football.pk}": "on", "postcode": "B16 8AA"},
    ).content.decode()
    assert "Paper ballot P-0001 has already been entered" in twice

    client.force_login(checking)
    client.post(url, {"form": "confirm", "ballot": paper.pk})
    assert list(Ballot.objects.counted()) == [paper]


@pytest.mark.django_db
def test_votes_are_refused_when_voting_is_closed(client):
    funding_round, (cook, *_) = _vote_ready()
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at) / 1000
    )
    client.force_login(VoterFactory())
    assert "Voting closed at" in _post(client, funding_round, {cook: "on"}).content.decode()


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_voters_are_each_counted_once():
    needs_postgresql()
    funding_round, (cook, football, massage) = _vote_ready()
    voters = [VoterFactory() for _ in range(50)]

    def vote(voter, choice):
        return lambda: voting.cast_ballot(
            funding_round=funding_round,
            voter=voter,
            choices={choice.pk: 1},
            postcode="B16 8AA",
            is_old_enough=True,
        )

    # Everyone votes at once, and ten of them send a second, different vote at the same moment.
    calls = [vote(voter, cook) for voter in voters] + [vote(voter, massage) for voter in voters[:10]]
    assert raised(at_once(calls)) == []

    assert Ballot.objects.filter(funding_round=funding_round).count() == 50
    assert BallotChoice.objects.filter(ballot__funding_round=funding_round).count() == 50
    for voter in voters[:10]:
        assert Ballot.objects.get(voter=voter).choices.count() == 1


def _pb(projects, votes):
    lines = ["META", "key;value", "budget;60000", "vote_type;approval", "PROJECTS", "project_id;cost"]
    lines += [f"{p.pk};{p.amount_requested}" for p in projects]
    lines += ["VOTES", "voter_id;vote"] + [
        f"{voter};{','.join(str(p.pk) for p in chosen)}" for voter, chosen in votes
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.django_db
def test_ballots_import_from_a_pabulib_file_and_count_once_confirmed(client):
    funding_round, (cook, football, massage) = _vote_ready()
    entering, checking = CoordinatorFactory(), CoordinatorFactory()
    client.force_login(entering)
    url = reverse("grants:paper-ballots", args=[funding_round.slug])
    text = _pb([cook, football, massage], [("v1", [cook]), ("v2", [cook, massage])])

    client.post(url, {"form": "import", "pb_file": SimpleUploadedFile("paper.pb", text.encode())})
    assert Ballot.objects.count() == 2 and not Ballot.objects.counted().exists()

    own = client.post(url, {"form": "confirm-all"}, follow=True).content.decode()
    assert "0 paper ballots confirmed" in own and not Ballot.objects.counted().exists()

    client.force_login(checking)
    confirmed = client.post(url, {"form": "confirm-all"}, follow=True).content.decode()
    assert "2 paper ballots confirmed" in confirmed
    assert Ballot.objects.counted().count() == 2
    assert set(Ballot.objects.values_list("confirmed_by", flat=True)) == {checking.pk}


@pytest.mark.django_db
def test_a_bad_pabulib_file_imports_nothing_and_says_where(client):
    funding_round, (cook, football, massage) = _vote_ready()
    client.force_login(CoordinatorFactory())
    url = reverse("grants:paper-ballots", args=[funding_round.slug])
    unknown = (
        _pb([cook], [("v1", [cook])]).replace(f"{cook.pk};", "999999;").replace(f";{cook.pk}\n", ";999999\n")
    )
    broken = _pb([cook], [("v1", [cook])]).replace("budget;60000", "budget;lots")

    first = client.post(
        url, {"form": "import", "pb_file": SimpleUploadedFile("a.pb", unknown.encode())}, follow=True
    )
    second = client.post(
        url, {"form": "import", "pb_file": SimpleUploadedFile("b.pb", broken.encode())}, follow=True
    )

    assert "These projects are not on this round&#39;s ballot: 999999" in first.content.decode()
    assert "Nothing was imported. Line 3" in second.content.decode()
    assert not Ballot.objects.exists()
