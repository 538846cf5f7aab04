"""The kinds of community input a decision can cite, each plugged in by the app that holds it.

Each app registers its kinds from its AppConfig.ready() (like the personal-data registry): a citizens'
panel recommendation with the body's response, a grant round's result, an opinion map's consensus,
a subgroup meeting's minutes … A later app adds its kinds in its own files, without touching this app.
A kind says how to list what could be linked, how to describe one item for the public record, and who
took part in it (for reach: people with accounts, counted once across everything; anonymous
participants only as a number).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class InputItem:
    """One piece of input, as a decision shows it."""

    object_id: int
    title: str  # "Recommendation 3: Evening GP appointments (Ladywood citizens' panel)"
    quote: str  # what communities said, in their words or the panel's
    url: str
    source: str = ""  # where it comes from: "Citizens' panel: How can we shorten waiting lists …?"


@dataclass(frozen=True)
class Participation:
    """Who took part in some input: account holders by id, and how many took part without an account."""

    user_ids: frozenset[int] = frozenset()
    anonymous: int = 0


@dataclass(frozen=True)
class InputKind:
    key: str  # "panels.recommendation"
    label: str  # "Citizens' panel recommendation"
    # What could be linked from the given places (and the places inside them): newest first.
    candidates: Callable[[Sequence], Iterable[InputItem]]
    # One item by id, or None if it no longer exists or may not be cited.
    item: Callable[[int], InputItem | None]
    # Who took part in the given items.
    participation: Callable[[Sequence[int]], Participation] = field(
        default=lambda object_ids: Participation()
    )


_kinds: dict[str, InputKind] = {}


def register_input_kind(kind: InputKind) -> None:
    if kind.key in _kinds and _kinds[kind.key] is not kind:
        raise ValueError(f"Input kind {kind.key!r} is registered twice")
    _kinds[kind.key] = kind


def input_kinds() -> list[InputKind]:
    return sorted(_kinds.values(), key=lambda kind: str(kind.label))


def input_kind(key: str) -> InputKind | None:
    return _kinds.get(key)
