"""The opinion map tells its groups apart by shape as well as colour, for readers who cannot tell the
colours apart: each group's marks on the map are drawn in the shape the key beside it names."""

import re

import pytest
from django.urls import reverse

from ostrom.conversations.models import OpinionMapResult
from ostrom.conversations.presenters import GROUP_STYLES, UNGROUPED
from tests.conversations.factories import ConversationFactory


def _drawn_shape(tag: str, attributes: str) -> str:
    """What a mark looks like, from its SVG geometry alone."""
    if tag == "circle":
        return "circle"
    corners = [
        tuple(map(float, pair.split(","))) for pair in re.search(r'points="([^"]*)"', attributes)[1].split()
    ]
    if len(corners) == 3:
        return "triangle"
    if len(corners) == 12:
        return "cross"
    if len(corners) == 4:
        return "square" if len({x for x, _ in corners}) == 2 else "diamond"
    return f"a shape with {len(corners)} corners"


@pytest.mark.django_db
def test_each_of_five_groups_is_drawn_in_its_own_shape_on_the_map(client):
    conversation = ConversationFactory()
    groups, positions = {}, {}
    for group in range(5):
        for person in range(3):
            participant = str(100 + 10 * group + person)
            groups[participant] = group
            positions[participant] = [float(group), float(person)]
    positions["999"] = [2.5, 1.5]  # placed, but not in a group yet
    OpinionMapResult.objects.create(
        conversation=conversation,
        participant_count=16,
        vote_count=80,
        groups=groups,
        positions=positions,
        representative={},
        consensus={"agree": [], "disagree": []},
        group_votes={},
        warm_start={},
    )

    page = client.get(reverse("conversations:results", args=[conversation.slug])).content.decode()

    start = page.index('<svg viewBox="0 0 400 300"')
    svg = page[start : page.index("</svg>", start)]
    marks = re.findall(r'<(circle|polygon)([^>]*fill="(#[0-9a-f]{6})"[^>]*)/>', svg)
    shapes_by_colour: dict[str, list[str]] = {}
    for tag, attributes, colour in marks:
        shapes_by_colour.setdefault(colour, []).append(_drawn_shape(tag, attributes))
    expected = {colour: [shape] * 3 for colour, shape in GROUP_STYLES} | {UNGROUPED: ["circle"]}
    assert shapes_by_colour == expected
    assert "style=" not in svg  # the Content-Security-Policy allows no inline style
    # The map's description and the key name the fifth group's shape as the marks are drawn.
    words = " ".join(page.split())
    assert "Group E: 3 people, drawn as crosses." in words
    assert re.search(r"ostrom-group-mark--cross\" aria-hidden=\"true\">✚</span> Crosses", words)
