"""What a conversation gives a decision to cite: a shown statement, with how people voted on it and
whether the opinion map found it common ground."""

from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Participant, Statement, Vote
from .presenters import common_ground_side


def _statements():
    return (
        Statement.objects.shown()
        .select_related("conversation", "conversation__map")
        .annotate(
            agreed=Count("votes", filter=Q(votes__value=Vote.AGREE)),
            disagreed=Count("votes", filter=Q(votes__value=Vote.DISAGREE)),
            voted=Count("votes"),
        )
    )


def _common_ground(statement: Statement) -> str:
    """The results page's own rule for common ground (most people in every opinion group)."""
    result = getattr(statement.conversation, "map", None)
    side = common_ground_side(result, statement.pk) if result is not None else None
    if side is None:
        return ""
    if side == "agree":
        return " " + gettext("Most people in every opinion group agreed with it.")
    return " " + gettext("Most people in every opinion group disagreed with it.")


def _item(statement: Statement) -> InputItem:
    conversation = statement.conversation
    figures = (
        ngettext(
            "Of %(voted)s person who voted on it, %(agreed)s agreed and %(disagreed)s disagreed.",
            "Of %(voted)s people who voted on it, %(agreed)s agreed and %(disagreed)s disagreed.",
            statement.voted,
        )
        % {"voted": statement.voted, "agreed": statement.agreed, "disagreed": statement.disagreed}
        if statement.voted
        else gettext("Nobody has voted on it yet.")
    )
    return InputItem(
        object_id=statement.pk,
        title=f"“{statement.text}” – {conversation.question}",
        quote=f"“{statement.text}” {figures}{_common_ground(statement)}",
        url=f"{conversation.get_absolute_url()}#statement-{statement.pk}",
        source=gettext("A statement in the conversation “%(question)s”")
        % {"question": conversation.question},
    )


def candidates(places: Sequence[Place]):
    inside = Q()
    for place in places:
        inside |= Q(conversation__place__in=Place.objects.within(place))
    found = _statements().filter(inside) if places else _statements()
    return [_item(statement) for statement in found.order_by("-conversation__opens_at", "-agreed", "pk")]


def item(object_id: int) -> InputItem | None:
    statement = _statements().filter(pk=object_id).first()
    return _item(statement) if statement else None


def participation(object_ids: Sequence[int]) -> Participation:
    """Everyone who voted in the conversations the statements come from: people signed in by account,
    anonymous visitors as a number."""
    conversations = Statement.objects.filter(pk__in=object_ids).values("conversation")
    participants = Participant.objects.filter(conversation__in=conversations, votes__isnull=False).distinct()
    user_ids = frozenset(participants.exclude(user=None).values_list("user_id", flat=True))
    return Participation(user_ids=user_ids, anonymous=participants.filter(user=None).count())


STATEMENT = InputKind(
    key="conversations.statement",
    label=gettext_lazy("Statement from a conversation"),
    candidates=candidates,
    item=item,
    participation=participation,
)
