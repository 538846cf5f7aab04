from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ostrom.conversations import mapping, services
from ostrom.conversations.models import Conversation, OpinionMapResult, Participant, Statement, Vote
from tests.factories import CoordinatorFactory, UserFactory

SEATTLE = Path(__file__).parents[1] / "data" / "polis" / "openData" / "15-per-hour-seattle"


def _conversation(**options):
    return services.open_conversation(
        coordinator=CoordinatorFactory(),
        question="What would make it easier to see a GP in Ladywood?",
        seed_statements=[
            "Appointments should be bookable by phone after 8am",
            "Practices need interpreters on site",
            "Pharmacists could see more minor illnesses",
        ],
        **options,
    )


@pytest.mark.django_db
def test_an_anonymous_resident_answers_statements_one_at_a_time_and_can_change_a_vote(client):
    conversation = _conversation()
    first, second, _ = conversation.statements.order_by("pk")
    url = reverse("conversations:vote", args=[conversation.slug])

    assert first.text in client.get(conversation.get_absolute_url()).content.decode()
    client.post(url, {"statement": first.pk, "value": "1"})
    page = client.get(conversation.get_absolute_url()).content.decode()
    client.post(url, {"statement": first.pk, "value": "-1"})

    participant = Participant.objects.get()
    # The cookie holds the participant's key, signed by the site.
    assert participant.user is None
    assert client.cookies["ostrom_participant"].value.startswith(participant.anonymous_key + ":")
    assert "Statement 2 of 3" in page and first.text not in page
    assert list(Vote.objects.values_list("statement_id", "value")) == [(first.pk, -1)]


@pytest.mark.django_db
def test_htmx_gets_the_next_statement_as_a_fragment(client):
    conversation = _conversation()
    first, second, _ = conversation.statements.order_by("pk")
    client.get(conversation.get_absolute_url())
    response = client.post(
        reverse("conversations:vote", args=[conversation.slug]),
        {"statement": first.pk, "value": "0"},
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert '<div id="statement-card"' in fragment
    assert second.text in fragment and "<html" not in fragment


@pytest.mark.django_db
def test_a_signed_in_persons_votes_follow_them_and_anonymous_needs_permission(client):
    conversation = _conversation(allows_anonymous=False)
    statement = conversation.statements.first()
    url = reverse("conversations:vote", args=[conversation.slug])

    refused = client.post(url, {"statement": statement.pk, "value": "1"})
    assert refused.status_code == 302 and "/sign-in/" in refused.url and not Vote.objects.exists()

    person = UserFactory()
    client.force_login(person)
    client.post(url, {"statement": statement.pk, "value": "1"})
    assert Participant.objects.get().user == person


@pytest.mark.django_db
def test_a_new_statement_waits_for_a_coordinator_who_accepts_rejects_or_merges(client):
    conversation = _conversation()
    original = conversation.statements.first()
    client.get(conversation.get_absolute_url())
    client.post(
        reverse("conversations:add-statement", args=[conversation.slug]),
        {"text": "Evening GP clinics twice a week"},
    )
    client.post(
        reverse("conversations:add-statement", args=[conversation.slug]),
        {"text": "Appointments should be bookable by phone after 8am!!"},
    )
    new, duplicate = Statement.objects.waiting().order_by("pk")
    # Others do not see it while it waits; its author does, under "Your statements".
    assert "Evening GP clinics" not in Client().get(conversation.get_absolute_url()).content.decode()
    assert "Your statements" in client.get(conversation.get_absolute_url()).content.decode()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    client.post(reverse("conversations:moderate", args=[new.pk]), {f"s{new.pk}-decision": "accept"})
    client.post(
        reverse("conversations:moderate", args=[duplicate.pk]),
        {f"s{duplicate.pk}-decision": "merge", f"s{duplicate.pk}-merge_into": original.pk},
    )

    new.refresh_from_db()
    duplicate.refresh_from_db()
    assert new.status == "accepted" and duplicate.status == "merged" and duplicate.merged_into == original
    with pytest.raises(Exception, match="Say why"):
        services.moderate_statement(moderator=coordinator, statement=new, decision="reject")


@pytest.mark.django_db
def test_votes_queue_one_debounced_redraw_of_the_map(client, settings):
    settings.OPINION_MAP_DEBOUNCE_SECONDS = 20
    conversation = _conversation()
    url = reverse("conversations:vote", args=[conversation.slug])
    client.get(conversation.get_absolute_url())
    for statement in conversation.statements.all():
        client.post(url, {"statement": statement.pk, "value": "1"})
    conversation.refresh_from_db()
    assert conversation.map_task_queued
    assert DBTaskResult.objects.count() <= 1


def _vote_in_three_groups(conversation, rng):
    """120 participants in three camps, on 12 statements; the last two statements everyone agrees with."""
    statements = [
        Statement.objects.create(conversation=conversation, text=f"Statement {n}", status="accepted")
        for n in range(12)
    ]
    camps = np.array(
        [
            [1, 1, 1, -1, -1, -1, 1, -1, 1, -1],
            [-1, -1, -1, 1, 1, 1, 1, -1, -1, 1],
            [1, -1, 0, 1, -1, 1, -1, 1, 1, 1],
        ]
    )
    votes = []
    for person in range(120):
        participant = Participant.objects.create(conversation=conversation, anonymous_key=f"key-{person}")
        opinions = list(camps[person % 3]) + [1, 1]
        for statement, opinion in zip(statements, opinions, strict=True):
            if rng.random() < 0.85:
                value = opinion if rng.random() < 0.9 else -opinion
                votes.append(Vote(participant=participant, statement=statement, value=value))
    Vote.objects.bulk_create(votes)
    return statements


@pytest.mark.django_db
def test_the_map_finds_the_groups_and_the_results_page_shows_them(client):
    conversation = _conversation()
    statements = _vote_in_three_groups(conversation, np.random.default_rng(7))

    result = mapping.redraw_map(conversation=conversation)
    page = client.get(reverse("conversations:results", args=[conversation.slug])).content.decode()

    assert len(set(result.groups.values())) == 3
    assert (
        "form 3 opinion groups" in page and '<svg viewBox="0 0 400 300"' in page and "Opinion groups" in page
    )
    assert (
        statements[10].text
        in page.split("Where most people in every group agreed")[1].split("what sets them apart")[0]
    )
    assert "Group C: what sets them apart" in page


@pytest.mark.django_db
def test_recomputing_after_a_few_new_votes_keeps_people_in_their_groups():
    conversation = _conversation()
    statements = _vote_in_three_groups(conversation, np.random.default_rng(11))
    before = mapping.redraw_map(conversation=conversation).groups
    newcomer = Participant.objects.create(conversation=conversation, anonymous_key="late")
    for statement in statements[:5]:
        Vote.objects.create(participant=newcomer, statement=statement, value=1)

    after = mapping.redraw_map(conversation=conversation).groups

    kept = sum(1 for pid, group in before.items() if after.get(pid) == group)
    assert kept / len(before) >= 0.99


@pytest.mark.django_db
def test_a_polis_export_imports_and_finds_the_same_number_of_groups_as_polis(client):
    conversation = Conversation.objects.create(question="15 per hour", slug="seattle")
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.post(
        reverse("conversations:polis-import", args=[conversation.slug]),
        {
            "comments": SimpleUploadedFile("comments.csv", (SEATTLE / "comments.csv").read_bytes()),
            "votes": SimpleUploadedFile("votes.csv", (SEATTLE / "votes.csv").read_bytes()),
        },
    )

    result = mapping.redraw_map(conversation=conversation)
    polis_groups = {
        line.split(",")[1]
        for line in (SEATTLE / "participants-votes.csv").read_text().splitlines()[1:]
        if line.split(",")[1]
    }

    assert Participant.objects.filter(conversation=conversation).count() == 339
    assert len(set(result.groups.values())) == len(polis_groups) == 2
    exported = client.get(
        reverse("conversations:polis-export", args=[conversation.slug, "votes"])
    ).content.decode()
    assert exported.splitlines()[0] == "timestamp,datetime,comment-id,voter-id,vote"
    # The public file holds the votes on shown statements; comments taken out in Polis stay out.
    shown_votes = Vote.objects.filter(statement__in=conversation.statements.shown())
    assert len(exported.splitlines()) - 1 == shown_votes.count() < Vote.objects.count()


@pytest.mark.django_db
def test_a_polis_file_with_a_bad_row_imports_nothing(client):
    conversation = Conversation.objects.create(question="Bad file", slug="bad")
    client.force_login(CoordinatorFactory())
    comments = b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,1,0,0,1,Hello there\n"
    votes = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,5,1\n2,x,7,5,2\n"
    page = client.post(
        reverse("conversations:polis-import", args=[conversation.slug]),
        {"comments": SimpleUploadedFile("c.csv", comments), "votes": SimpleUploadedFile("v.csv", votes)},
    ).content.decode()

    assert "votes.csv row 3: comment 7 is not in the comments file" in page
    assert "votes.csv row 3: vote must be -1, 0 or 1" in page
    assert not Statement.objects.filter(conversation=conversation).exists()
    assert not OpinionMapResult.objects.exists()


@pytest.mark.django_db
def test_the_api_lists_statements_takes_votes_and_serves_the_map(client):
    from ostrom.accounts import services as account_services

    conversation = _conversation()
    statement = conversation.statements.first()
    headers = {"Authorization": f"Bearer {account_services.create_api_token(user=UserFactory(), name='x')}"}
    base = f"/api/conversations/{conversation.slug}"

    assert len(client.get(f"{base}/statements").json()) == 3
    client.put(
        f"{base}/votes",
        {"statement_id": statement.pk, "value": 1},
        content_type="application/json",
        headers=headers,
    )
    client.put(
        f"{base}/votes",
        {"statement_id": statement.pk, "value": 0},
        content_type="application/json",
        headers=headers,
    )

    assert [v["value"] for v in client.get(f"{base}/votes", headers=headers).json()] == [0]
    assert client.get(f"{base}/map").status_code == 404
    _vote_in_three_groups(conversation, np.random.default_rng(3))
    mapping.redraw_map(conversation=conversation)
    assert len(set(client.get(f"{base}/map").json()["groups"].values())) == 3
