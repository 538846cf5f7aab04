"""Reads across apps: who took part in the input behind decisions, each person once."""

from collections import defaultdict
from collections.abc import Iterable

from . import inputs
from .models import InputLink


def participation_behind(links: Iterable[InputLink]) -> inputs.Participation:
    """Everyone who took part in the linked input: account holders counted once however many pieces of
    input they took part in (a voter who also sat on the panel is one person); people who took part
    without an account only as a number, never guessed to be anyone."""
    ids_by_kind: dict[str, set[int]] = defaultdict(set)
    for link in links:
        ids_by_kind[link.kind].add(link.object_id)
    user_ids: set[int] = set()
    anonymous = 0
    for key, object_ids in ids_by_kind.items():
        kind = inputs.input_kind(key)
        if kind is None:
            continue
        taking_part = kind.participation(sorted(object_ids))
        user_ids |= taking_part.user_ids
        anonymous += taking_part.anonymous
    return inputs.Participation(user_ids=frozenset(user_ids), anonymous=anonymous)
