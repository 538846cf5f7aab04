"""Who may run a conversation: the coordinators of its place moderate, import, export in full and see
the group make-up; a coordinator scoped to another place may not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ostrom.accounts.permissions import NotAllowed
from ostrom.conversations import services
from ostrom.conversations.models import Conversation, Statement
from tests.conversations.factories import ConversationFactory, StatementFactory, partner, place_coordinator
from tests.factories import PlaceFactory, UserFactory


@pytest.fixture
def ladywood():
    return PlaceFactory(name="Ladywood")


@pytest.fixture
def perry_barr():
    return PlaceFactory(name="Perry Barr")


def _waiting(place):
    conversation = ConversationFactory(place=place)
    return StatementFactory(
        conversation=conversation, status=Statement.Status.WAITING, text="Evening clinics please"
    )


def _moderate(client, statement):
    return client.post(
        reverse("conversations:moderate", args=[statement.pk]), {f"s{statement.pk}-decision": "accept"}
    )


@pytest.mark.django_db
def test_a_place_coordinator_moderates_their_places_conversation_but_not_another_places(
    client, ladywood, perry_barr
):
    own, other = _waiting(ladywood), _waiting(perry_barr)
    client.force_login(place_coordinator(ladywood))

    assert client.get(reverse("conversations:moderation", args=[own.conversation.slug])).status_code == 200
    assert _moderate(client, own).status_code == 302
    assert client.get(reverse("conversations:moderation", args=[other.conversation.slug])).status_code == 403
    assert _moderate(client, other).status_code == 403
    full = reverse("conversations:polis-full-export", args=[other.conversation.slug, "comments"])
    assert client.get(full).status_code == 403
    upload = {"comments": SimpleUploadedFile("c.csv", b"x"), "votes": SimpleUploadedFile("v.csv", b"x")}
    assert (
        client.post(reverse("conversations:polis-import", args=[other.conversation.slug]), upload).status_code
        == 403
    )

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == Statement.Status.ACCEPTED and other.status == Statement.Status.WAITING


@pytest.mark.django_db
def test_the_moderator_links_show_only_to_the_conversations_moderators(client, ladywood, perry_barr):
    own, other = _waiting(ladywood), _waiting(perry_barr)
    client.force_login(place_coordinator(ladywood))

    assert "Moderate statements" in client.get(own.conversation.get_absolute_url()).content.decode()
    assert "Moderate statements" not in client.get(other.conversation.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_place_coordinator_opens_conversations_only_for_their_place(client, ladywood, perry_barr):
    coordinator = place_coordinator(ladywood)
    client.force_login(coordinator)
    form = {
        "question": "",
        "moderation": "review_first",
        "seed_statements": "Practices need interpreters on site",
    }

    refused = client.post(
        reverse("conversations:conversation-create"),
        {**form, "question": "Perry Barr GPs", "place": perry_barr.pk},
    )
    opened = client.post(
        reverse("conversations:conversation-create"),
        {**form, "question": "Ladywood GPs", "place": ladywood.pk},
    )

    assert refused.status_code == 400
    assert "You can only open a conversation for a place you coordinate" in refused.content.decode()
    assert opened.status_code == 302 and list(Conversation.objects.values_list("question", flat=True)) == [
        "Ladywood GPs"
    ]
    with pytest.raises(NotAllowed):
        services.open_conversation(
            coordinator=coordinator, question="Anywhere", seed_statements=["Hello there all"]
        )


@pytest.mark.django_db
def test_a_resident_cannot_start_or_moderate_a_conversation(client, ladywood):
    statement = _waiting(ladywood)
    client.force_login(UserFactory())

    assert client.get(reverse("conversations:conversation-create")).status_code == 403
    assert _moderate(client, statement).status_code == 403
    with pytest.raises(NotAllowed):
        services.moderate_statement(moderator=UserFactory(), statement=statement, decision="accept")


@pytest.mark.django_db
def test_who_took_part_shows_only_to_those_who_may_see_the_places_reach_and_is_linked_for_them(
    client, ladywood, perry_barr
):
    import numpy as np

    from ostrom.conversations import mapping
    from tests.conversations.test_conversations import _vote_in_three_groups

    conversation = ConversationFactory(place=ladywood)
    _vote_in_three_groups(conversation, np.random.default_rng(7))
    mapping.redraw_map(conversation=conversation)
    reach = reverse("conversations:reach", args=[conversation.slug])
    pages = [conversation.get_absolute_url(), reverse("conversations:results", args=[conversation.slug])]

    for person in (place_coordinator(perry_barr), UserFactory()):
        client.force_login(person)
        assert client.get(reach).status_code == 403
        assert all(f'href="{reach}"' not in client.get(page).content.decode() for page in pages)
    for person in (place_coordinator(ladywood), partner()):
        client.force_login(person)
        who_took_part = client.get(reach).content.decode()
        assert all(f'href="{reach}"' in client.get(page).content.decode() for page in pages)
        assert "Everyone who took part with an account" in who_took_part
        assert "Group C" in who_took_part and "Age band" in who_took_part and "Ethnic group" in who_took_part
