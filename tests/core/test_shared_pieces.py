"""Shared pieces: every table is the NHS.UK table component (`table`, drawn as the pinned macro draws it:
ostrom/core/nhsuk_table.py), and every tag colour has one name."""

import html
import re
from pathlib import Path
from types import SimpleNamespace

from django.template.loader import render_to_string

from ostrom.grants.models import Application
from ostrom.network.models import Organisation
from ostrom.panels.models import Response

OSTROM = Path(__file__).resolve().parents[2] / "ostrom"


def test_no_page_writes_a_table_by_hand():
    by_hand = [
        str(path.relative_to(OSTROM))
        for path in OSTROM.glob("*/jinja2/**/*.html")
        if "<table" in path.read_text()
    ]
    assert by_hand == []


def _breakdown(**overrides):
    row = SimpleNamespace(
        label="Asian <British>",
        cell=SimpleNamespace(text="15", share_text="60%"),
        population_share_text="20%",
        bar_percent=60,
        population_bar_percent=20,
    )
    fields = {
        "too_few_text": "",
        "title": "Ethnic group",
        "total_text": "25",
        "place_name": "Lozells",
        "rows": [row],
    }
    return SimpleNamespace(**(fields | overrides))


def _text(page: str) -> str:
    """The words of a page, without markup, as one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_breakdown_table_shows_its_figures_beside_the_bars_drawn_from_them():
    page = render_to_string("core/_breakdown.html", {"breakdown": _breakdown()})

    assert "<British>" not in page  # text is escaped
    text = _text(page)
    assert "Ethnic group (about 25 people, compared with Lozells's population)" in text
    assert "Group People (rounded to 5) Share Share of population Chart" in text
    assert "Asian <British> People (rounded to 5) 15 Share 60% Share of population 20%" in text
    assert '<rect class="ostrom-bar" x="0" y="0" width="60%" height="16"></rect>' in page
    assert (
        '<rect class="ostrom-bar ostrom-bar--population" x="0" y="18" width="20%" height="16"></rect>' in page
    )
    assert "nhsuk-table--responsive" in page


def test_a_breakdown_with_no_place_has_no_population_column_or_bar():
    page = render_to_string("core/_breakdown.html", {"breakdown": _breakdown(place_name=None)})

    assert "Ethnic group (about 25 people)" in _text(page)
    assert "Share of population" not in page and "ostrom-bar--population" not in page


def test_every_tag_colour_has_one_name():
    assert Application(status="draft").tag_colour == "grey"
    assert Organisation(status="member").tag_colour == "green"
    assert Response(outcome="not_accepted").tag_colour == "red"
