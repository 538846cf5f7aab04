"""Conversations' factories: each builds a valid object with no arguments."""

import factory
from factory.django import DjangoModelFactory

from ostrom.accounts.models import Role
from ostrom.conversations.models import Conversation, Participant, Statement, Vote
from tests.factories import UserFactory


class ConversationFactory(DjangoModelFactory):
    class Meta:
        model = Conversation

    question = factory.Sequence(lambda n: f"What would make it easier to see a GP? ({n})")
    slug = factory.Sequence(lambda n: f"gp-access-{n}")


class StatementFactory(DjangoModelFactory):
    """A shown statement."""

    class Meta:
        model = Statement

    conversation = factory.SubFactory(ConversationFactory)
    text = factory.Sequence(lambda n: f"Practices should answer the phone faster ({n})")
    status = Statement.Status.ACCEPTED


class ParticipantFactory(DjangoModelFactory):
    """An anonymous participant, known by a cookie key."""

    class Meta:
        model = Participant

    conversation = factory.SubFactory(ConversationFactory)
    anonymous_key = factory.Sequence(lambda n: f"participant-key-{n}")


class VoteFactory(DjangoModelFactory):
    class Meta:
        model = Vote

    statement = factory.SubFactory(StatementFactory)
    participant = factory.LazyAttribute(
        lambda vote: ParticipantFactory(conversation=vote.statement.conversation)
    )
    value = Vote.AGREE


def place_coordinator(place):
    """A coordinator whose role covers only `place` (and the places inside it)."""
    user = UserFactory()
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, place=place)
    return user


def partner():
    """A partner: sees who took part everywhere, runs nothing."""
    user = UserFactory()
    Role.objects.create(user=user, kind=Role.Kind.PARTNER)
    return user
