import pytest
from django.urls import reverse

from ostrom.grants.models import Priority
from tests.factories import UserFactory
from tests.grants.factories import PriorityFactory, RoundFactory


@pytest.mark.django_db
def test_residents_suggest_and_choose_priorities_and_the_most_supported_become_criteria(client):
    funding_round = RoundFactory(priority_count=2)
    food, damp, walks = (
        PriorityFactory(funding_round=funding_round, title=t)
        for t in ["Healthy food", "Damp homes", "Walking groups"]
    )
    voters = [UserFactory() for _ in range(3)]
    for voter, choices in zip(voters, [[food, damp], [food], [walks, food]], strict=True):
        client.force_login(voter)
        client.post(
            reverse("grants:priorities", args=[funding_round.slug]),
            {"form": "choose", "choose-priorities": [p.pk for p in choices]},
        )

    # Votes: food 3, damp 1, walks 1 (the factory adds no vote for the proposer);
    # damp and walks tie, and the earlier proposal wins.
    assert [p.title for p in funding_round.criteria()] == ["Healthy food", "Damp homes"]


@pytest.mark.django_db
def test_changing_your_choices_replaces_them(client):
    funding_round = RoundFactory()
    first, second = PriorityFactory(funding_round=funding_round), PriorityFactory(funding_round=funding_round)
    client.force_login(UserFactory())
    url = reverse("grants:priorities", args=[funding_round.slug])

    client.post(url, {"form": "choose", "choose-priorities": [first.pk]})
    client.post(url, {"form": "choose", "choose-priorities": [second.pk]})

    assert first.votes.count() == 0 and second.votes.count() == 1


@pytest.mark.django_db
def test_a_suggested_priority_counts_its_proposer_and_duplicates_are_refused(client):
    funding_round = RoundFactory()
    client.force_login(UserFactory())
    url = reverse("grants:priorities", args=[funding_round.slug])

    client.post(url, {"form": "propose", "propose-title": "Support for carers"})
    page = client.post(url, {"form": "propose", "propose-title": "Support for carers"}).content.decode()

    assert Priority.objects.get().votes.count() == 1
    assert "Someone has already suggested this priority" in page


@pytest.mark.django_db
def test_priorities_close_when_applications_open(client):
    funding_round = RoundFactory(in_phase="applications")
    priority = PriorityFactory(funding_round=funding_round)
    client.force_login(UserFactory())
    client.post(
        reverse("grants:priorities", args=[funding_round.slug]),
        {"form": "choose", "choose-priorities": [priority.pk]},
    )
    assert priority.votes.count() == 0
