"""The opinion map for people: groups with their statements, consensus, a drawable map and its table."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.accounts.selectors import DIMENSIONS, answers_of, breakdown_people
from ostrom.opinion import Settings
from ostrom.places.selectors import population_of

from .models import Conversation, OpinionMapResult, Statement, Vote

STATUS_TAG_COLOUR = {
    Statement.Status.WAITING: "yellow",
    Statement.Status.ACCEPTED: "green",
    Statement.Status.REJECTED: "red",
    Statement.Status.MERGED: "grey",
}

# NHS.UK colours that stay distinct for most colour-blind readers, with a shape per group as well.
# The key beside the map colours each shape with core/ostrom.css (.ostrom-group-mark--<shape>): keep both.
GROUP_STYLES = [
    ("#005eb8", "circle"),
    ("#ed8b00", "square"),
    ("#007f3b", "triangle"),
    ("#ae2573", "diamond"),
    ("#330072", "cross"),
]
UNGROUPED = "#768692"
# How the key and the map's description name each shape ("drawn as crosses"; "cross" + "s" is not a word).
SHAPE_PLURALS = {
    "circle": gettext_lazy("circles"),
    "square": gettext_lazy("squares"),
    "triangle": gettext_lazy("triangles"),
    "diamond": gettext_lazy("diamonds"),
    "cross": gettext_lazy("crosses"),
}


@dataclass(frozen=True)
class OwnStatement:
    """A statement as its author sees it: what became of it, and why."""

    text: str
    conversation: Conversation
    status: str
    tag_colour: str
    explanation: str


def own_statements(statements) -> list[OwnStatement]:
    """The author's statements (a Statement queryset), newest first, each with its status and the reason
    the moderator gave, as the moderation form promises."""
    return [
        OwnStatement(
            statement.text,
            statement.conversation,
            statement.get_status_display(),
            STATUS_TAG_COLOUR[statement.status],
            _what_happened(statement),
        )
        for statement in statements.select_related("conversation", "merged_into").order_by(
            "-created_at", "-pk"
        )
    ]


def own_statements_on_account(user) -> dict | None:
    """The account page's section (accounts.services.register_account_section), or None if they wrote none."""
    statements = own_statements(Statement.objects.filter(author__user=user))
    return {"statements": statements} if statements else None


def _what_happened(statement: Statement) -> str:
    if statement.status == Statement.Status.WAITING:
        return gettext("A coordinator reads it before it is shown.")
    if statement.status == Statement.Status.ACCEPTED:
        return gettext("Everyone taking part can answer it.")
    if statement.status == Statement.Status.MERGED:
        return gettext(
            "It repeats “%(statement)s”, so it joined that statement and its answers count there."
        ) % {"statement": statement.merged_into.text}
    return gettext("The reason: %(reason)s") % {"reason": statement.reason_not_shown}


@dataclass(frozen=True)
class StatementLine:
    text: str
    agree_share: float
    others_agree_share: float
    side: str

    @property
    def summary(self) -> str:
        shares = {"share": f"{self.agree_share:.0%}", "others": f"{self.others_agree_share:.0%}"}
        if self.side == "agree":
            return gettext("%(share)s of this group agreed, against %(others)s of everyone else") % shares
        return gettext("%(share)s of this group disagreed, against %(others)s of everyone else") % shares


@dataclass(frozen=True)
class ConsensusLine:
    """A statement most people in every opinion group agreed (or disagreed) with, and the real shares."""

    text: str
    side: str
    count: int
    answered: int
    lowest_group_share: float

    @property
    def summary(self) -> str:
        share = self.count / self.answered if self.answered else 0.0
        values = {"share": f"{share:.0%}", "count": self.answered, "lowest": f"{self.lowest_group_share:.0%}"}
        if self.side == "agree":
            return (
                ngettext(
                    "%(share)s of the %(count)d person who answered agreed; at least %(lowest)s in each group",
                    "%(share)s of the %(count)d people who answered agreed; at least %(lowest)s in each group",
                    self.answered,
                )
                % values
            )
        return (
            ngettext(
                "%(share)s of the %(count)d person who answered disagreed; at least %(lowest)s in each group",
                "%(share)s of the %(count)d people who answered disagreed; at least %(lowest)s in each group",
                self.answered,
            )
            % values
        )


@dataclass(frozen=True)
class GroupView:
    number: int
    name: str
    size: int
    colour: str
    shape: str
    statements: list[StatementLine]

    @property
    def shape_plural(self) -> str:
        return SHAPE_PLURALS[self.shape]


@dataclass(frozen=True)
class ReachGroup:
    title: str
    breakdowns: list


def reach(conversation: Conversation) -> list[ReachGroup]:
    """Who took part with an account, and who is in each opinion group, against the conversation's place
    (consented equality answers only, small counts hidden). Anonymous participants have no answers."""
    people = [
        (
            gettext("Everyone who took part with an account"),
            list(conversation.participants.values_list("pk", flat=True)),
        )
    ]
    result = OpinionMapResult.objects.filter(conversation=conversation).first()
    if result is not None:
        for group in opinion_map_view(result)["groups"]:
            participant_ids = [
                int(pid) for pid, number in result.groups.items() if int(number) == group.number
            ]
            people.append((group.name, participant_ids))
    # Every group is inside the first set: the population and everyone's answers are read once.
    places = [conversation.place]
    everyone = get_user_model().objects.filter(conversation_participations__conversation=conversation)
    population = {dimension: population_of(places, dimension) for dimension in DIMENSIONS}
    answers = {dimension: answers_of(everyone, by=dimension) for dimension in DIMENSIONS}
    groups = []
    for title, participant_ids in people:
        users = get_user_model().objects.filter(conversation_participations__in=participant_ids)
        breakdowns = [
            breakdown_people(
                users,
                by=dimension,
                places=places,
                population=population[dimension],
                answers=answers[dimension],
            )
            for dimension in DIMENSIONS
        ]
        groups.append(ReachGroup(title, breakdowns))
    return groups


# The corners of each group's mark around its point, in map units (the map is 400 by 300); a circle is
# drawn as an SVG circle of radius 3. Every shape of GROUP_STYLES but the circle needs an outline here.
MARK_OUTLINES = {
    "square": ((-3, -3), (3, -3), (3, 3), (-3, 3)),
    "triangle": ((0, -4), (-4, 3), (4, 3)),
    "diamond": ((0, -4), (4, 0), (0, 4), (-4, 0)),
    # A plus sign, as the key's ✚: two bars 3 wide and 8 long, traced as one outline so that where
    # they cross is not painted twice (which would show darker through the marks' transparency).
    "cross": (
        (-1.5, -4),
        (1.5, -4),
        (1.5, -1.5),
        (4, -1.5),
        (4, 1.5),
        (1.5, 1.5),
        (1.5, 4),
        (-1.5, 4),
        (-1.5, 1.5),
        (-4, 1.5),
        (-4, -1.5),
        (-1.5, -1.5),
    ),
}


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    colour: str
    shape: str
    is_you: bool = False

    @property
    def outline(self) -> str:
        """The mark's corners as the points of an SVG polygon; "" for a circle."""
        if self.shape == "circle":
            return ""
        return " ".join(f"{self.x + dx:g},{self.y + dy:g}" for dx, dy in MARK_OUTLINES[self.shape])


@dataclass(frozen=True)
class YouAreHere:
    """Where the person looking at the map is: their group, or why they are not placed yet."""

    text: str
    is_on_map: bool


ANSWER_LABEL = {
    Vote.AGREE: gettext_lazy("Agree"),
    Vote.DISAGREE: gettext_lazy("Disagree"),
    Vote.PASS: gettext_lazy("Pass or unsure"),
}


@dataclass(frozen=True)
class OwnAnswer:
    statement: Statement
    answer: str


def own_answers(participant) -> list[OwnAnswer]:
    """The participant's answers to statements still shown, in the order the statements were added."""
    if participant is None:
        return []
    votes = (
        participant.votes.filter(statement__in=participant.conversation.statements.shown())
        .select_related("statement")
        .order_by("statement__created_at", "statement__pk")
    )
    return [OwnAnswer(vote.statement, ANSWER_LABEL[vote.value]) for vote in votes]


def statement_text(statement: Statement):
    """A statement as written: what a page shows when it has no reading (ostrom.translations.reading)."""
    return statement.text


def opinion_map_view(result: OpinionMapResult, *, participant=None, show=statement_text) -> dict:
    """Groups, points, consensus and the table for the results page; with `participant`, where they are.
    `show(statement)` gives a statement in the reader's language."""
    # Only shown statements: one rejected after the map was drawn disappears from it at once.
    statements = {s.pk: show(s) for s in Statement.objects.filter(conversation=result.conversation).shown()}
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
        groups.append(
            GroupView(
                number,
                gettext("Group %(letter)s") % {"letter": chr(ord("A") + index)},
                sizes.get(number, 0),
                colour,
                shape,
                lines,
            )
        )
    style = {group.number: (group.colour, group.shape) for group in groups}
    you = str(participant.pk) if participant is not None else None
    points = _points(result, style, you=you)
    return {
        "groups": groups,
        "points": points,
        "agreed": _consensus(result, statements, "agree"),
        "disagreed": _consensus(result, statements, "disagree"),
        "by_statement": _by_statement(result, groups, statements),
        "you": _you_are_here(result, groups, you, len(statements)) if participant is not None else None,
    }


def _you_are_here(
    result: OpinionMapResult, groups: list["GroupView"], you: str, statement_count: int
) -> YouAreHere:
    if you in result.groups:
        group = next(g for g in groups if g.number == int(result.groups[you]))
        return YouAreHere(
            gettext("You are in %(group)s, drawn as %(shapes)s. Your mark on the map is circled in black.")
            % {"group": group.name, "shapes": group.shape_plural},
            is_on_map=True,
        )
    if you in result.positions:
        return YouAreHere(
            gettext(
                "You are on the map, circled in black, but not in a group yet: answer a few more statements."
            ),
            is_on_map=True,
        )
    needed = min(Settings.minimum_votes, statement_count)
    return YouAreHere(
        ngettext(
            "You are not on the map yet. It places people who have answered at least %(count)d statement, "
            "and is redrawn a few moments after new answers.",
            "You are not on the map yet. It places people who have answered at least %(count)d statements, "
            "and is redrawn a few moments after new answers.",
            needed,
        )
        % {"count": needed},
        is_on_map=False,
    )


def common_ground_side(result: OpinionMapResult, statement_id: int) -> str | None:
    """ "agree" or "disagree" if the results page shows the statement as common ground, else None."""
    for side in ("agree", "disagree"):
        if _consensus(result, {statement_id: statement_id}, side):
            return side
    return None


def _consensus(result: OpinionMapResult, statements: dict, side: str) -> list[ConsensusLine]:
    """The engine's consensus statements (Polis's rule: a significant majority of everyone who answered)
    that more than half of those who answered in every opinion group also agreed (or disagreed) with.
    A majority of everyone can hide a group that mostly said the opposite; that is not consensus."""
    index = 0 if side == "agree" else 1
    lines = []
    for item in result.consensus.get(side, []):
        if item["statement"] not in statements:
            continue
        rows = [counts.get(str(item["statement"])) for counts in result.group_votes.values()]
        shares = [row[index] / row[2] for row in rows if row and row[2]]
        if not shares or len(shares) < len(rows) or min(shares) <= 0.5:
            continue
        lines.append(
            ConsensusLine(statements[item["statement"]], side, item["count"], item["seen"], min(shares))
        )
    return lines


def _share(result: OpinionMapResult, group: int, statement: int, side: str, *, only: bool) -> float:
    """Share of a group (or of all other groups) who agreed, or disagreed, among those who saw it."""
    index = 0 if side == "agree" else 1
    rows = [counts[str(statement)] for g, counts in result.group_votes.items() if (int(g) == group) == only]
    seen = sum(row[2] for row in rows)
    return sum(row[index] for row in rows) / seen if seen else 0.0


def _points(result: OpinionMapResult, style, *, you: str | None = None) -> list[Point]:
    positions = list(result.positions.items())
    if not positions:
        return []
    xs = [xy[0] for _, xy in positions]
    ys = [xy[1] for _, xy in positions]
    left, top = min(xs), min(ys)
    span_x, span_y = (max(xs) - left) or 1.0, (max(ys) - top) or 1.0
    points = []
    for pid, (x, y) in positions:
        group = result.groups.get(pid)
        colour, shape = (
            style.get(int(group), (UNGROUPED, "circle")) if group is not None else (UNGROUPED, "circle")
        )
        points.append(
            Point(
                round(20 + 360 * (x - left) / span_x, 1),
                round(20 + 260 * (y - top) / span_y, 1),
                colour,
                shape,
                is_you=pid == you,
            )
        )
    # The person's own mark last, so it is drawn on top of the others.
    return sorted(points, key=lambda point: point.is_you)


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
            cells.append(
                gettext("%(agree)s agree, %(disagree)s disagree")
                % {"agree": f"{agree / seen:.0%}", "disagree": f"{disagree / seen:.0%}"}
                if seen
                else None
            )
        if any(cell is not None for cell in cells):
            cells = [gettext("Not seen") if cell is None else cell for cell in cells]
            rows.append((text, cells))
    return rows
