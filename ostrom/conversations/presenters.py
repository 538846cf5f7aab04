"""The opinion map for people: groups with their statements, consensus, a drawable map and its table."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from ostrom.accounts.selectors import DIMENSIONS, breakdown_people

from .models import OpinionMapResult, Statement

# NHS.UK colours that stay distinct for most colour-blind readers, with a shape per group as well.
GROUP_STYLES = [
    ("#005eb8", "circle"),
    ("#ed8b00", "square"),
    ("#007f3b", "triangle"),
    ("#ae2573", "diamond"),
    ("#330072", "cross"),
]
UNGROUPED = "#768692"


@dataclass(frozen=True)
class StatementLine:
    text: str
    agree_share: float
    others_agree_share: float
    side: str

    @property
    def summary(self) -> str:
        verb = "agreed" if self.side == "agree" else "disagreed"
        return f"{self.agree_share:.0%} of this group {verb}, against {self.others_agree_share:.0%} of everyone else"


@dataclass(frozen=True)
class GroupView:
    number: int
    name: str
    size: int
    colour: str
    shape: str
    statements: list[StatementLine]
    breakdowns: list


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    colour: str
    shape: str


def opinion_map_view(result: OpinionMapResult, *, with_breakdowns: bool) -> dict:
    # Only shown statements: one rejected after the map was drawn disappears from it at once.
    statements = {s.pk: s.text for s in Statement.objects.filter(conversation=result.conversation).shown()}
    group_numbers = sorted(int(g) for g in result.representative) or sorted(
        {int(g) for g in result.groups.values()}
    )
    sizes = {number: 0 for number in group_numbers}
    for group in result.groups.values():
        sizes[int(group)] = sizes.get(int(group), 0) + 1
    groups = []
    for index, number in enumerate(group_numbers):
        colour, shape = GROUP_STYLES[index % len(GROUP_STYLES)]
        lines = []
        for item in result.representative.get(str(number), []):
            side = item["repful_for"]
            mine = _share(result, number, item["statement"], side, only=True)
            others = _share(result, number, item["statement"], side, only=False)
            lines.append(StatementLine(statements.get(item["statement"], ""), mine, others, side))
        breakdowns = []
        if with_breakdowns:
            participant_ids = [int(pid) for pid, group in result.groups.items() if int(group) == number]
            users = get_user_model().objects.filter(conversation_participations__in=participant_ids)
            breakdowns = [
                breakdown_people(users, by=dimension, places=[result.conversation.place])
                for dimension in DIMENSIONS
            ]
        groups.append(
            GroupView(
                number,
                f"Group {chr(ord('A') + index)}",
                sizes.get(number, 0),
                colour,
                shape,
                lines,
                breakdowns,
            )
        )
    style = {group.number: (group.colour, group.shape) for group in groups}
    points = _points(result, style)
    consensus = [
        (statements.get(item["statement"], ""), item["share"], side)
        for side in ("agree", "disagree")
        for item in result.consensus.get(side, [])
    ]
    return {
        "groups": groups,
        "points": points,
        "consensus": consensus,
        "by_statement": _by_statement(result, groups, statements),
    }


def _share(result: OpinionMapResult, group: int, statement: int, side: str, *, only: bool) -> float:
    """Share of a group (or of all other groups) who agreed, or disagreed, among those who saw it."""
    index = 0 if side == "agree" else 1
    rows = [counts[str(statement)] for g, counts in result.group_votes.items() if (int(g) == group) == only]
    seen = sum(row[2] for row in rows)
    return sum(row[index] for row in rows) / seen if seen else 0.0


def _points(result: OpinionMapResult, style) -> list[Point]:
    positions = list(result.positions.items())
    if not positions:
        return []
    xs = [xy[0] for _, xy in positions]
    ys = [xy[1] for _, xy in positions]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    points = []
    for pid, (x, y) in positions:
        group = result.groups.get(pid)
        colour, shape = (
            style.get(int(group), (UNGROUPED, "circle")) if group is not None else (UNGROUPED, "circle")
        )
        points.append(
            Point(
                round(20 + 360 * (x - min(xs)) / span_x, 1),
                round(20 + 260 * (y - min(ys)) / span_y, 1),
                colour,
                shape,
            )
        )
    return points


def _by_statement(
    result: OpinionMapResult, groups: list[GroupView], statements: dict
) -> list[tuple[str, list[str]]]:
    rows = []
    for statement_id, text in statements.items():
        cells = []
        for group in groups:
            agree, disagree, seen = result.group_votes.get(str(group.number), {}).get(
                str(statement_id), [0, 0, 0]
            )
            cells.append(f"{agree / seen:.0%} agree, {disagree / seen:.0%} disagree" if seen else "Not seen")
        if any(cell != "Not seen" for cell in cells):
            rows.append((text, cells))
    return rows
