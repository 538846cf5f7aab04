"""Our Python table (ostrom/core/nhsuk_table.py) draws the same HTML as the NHS.UK table macro of the
installed nhsuk-frontend-jinja package, so swapping one for the other changes nothing a person sees
(docs/adr/0006-table-component-in-python.md). Both are rendered through the project's own Jinja
environment and compared here; an upgrade of the package that changes the component fails these tests."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import engines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import ChainableUndefined
from markupsafe import Markup

from ostrom.core import nhsuk_table
from ostrom.core.presenters import bar_cell, breakdown_table, chart_heading

MACRO = '{% from "nhsuk/components/tables/macro.jinja" import table %}{{ table(params) }}'
OURS = "{{ table(params) }}"  # the global from ostrom.core.jinja_env


def _environment():
    return engines["jinja2"].env


def _render(source: str, params) -> str:
    return _environment().from_string(source).render(params=params)


def _normalised(html: str) -> str:
    """The HTML with every run of whitespace made one space, and none just before the end of a tag.

    Whitespace does not change what is shown here: a run of spaces and newlines is drawn as one space,
    whitespace at the start and end of a table cell and between rows and cells is not drawn at all, and
    whitespace between a tag's attributes only separates them. The macro's attribute macro leaves
    newlines and indentation between attributes, and the macro leaves blank lines around the table; ours
    does not. Only the HTML whitespace characters are collapsed: others (a no-break space, a Unicode line
    separator) are drawn, so they must match exactly."""
    collapsed = re.sub(r"[ \t\n\r\f]+", " ", html)
    return re.sub(r" (/?>)", r"\1", collapsed).strip()


def assert_same_table(params):
    """Our table and the macro's give the same HTML for these parameters (or fail the same way)."""
    try:
        expected = _render(MACRO, params)
    except Exception as problem:  # the macro refuses some parameters (a head of None …); so must we
        with pytest.raises(type(problem)):
            _render(OURS, params)
        return
    assert _normalised(_render(OURS, params)) == _normalised(expected)


# Generated parameters. Values mix what the templates pass (text, Markup, numbers, booleans) with what the
# macro must cope with: None, empty strings, Jinja Undefined values (as a missing variable gives inside a
# dict literal), characters that need escaping, and line breaks that the macro's indent filter rewrites.
UNDEFINED = ChainableUndefined(name="missing")
words = st.text(alphabet="ab <>&\"' \n\t\xa0\u2028\x85", max_size=8)
markup = st.one_of(
    st.sampled_from(
        [Markup("<b>bold</b>"), Markup("a &amp; b"), Markup(' <a href="/x">link</a> '), Markup("")]
    ),
    words.map(lambda text: Markup("<em>{}</em>").format(text)),
)
scalars = st.sampled_from([None, True, False, 0, 1, 2.5, "", UNDEFINED])
text_values = st.one_of(words, markup, scalars)
class_names = st.one_of(
    st.lists(
        st.sampled_from(
            [
                "app-x",
                'a"b<&',
                "nhsuk-table--compact",
                "nhsuk-table--responsive",
                "nhsuk-table--sortable",
                "nhsuk-table--striped",
                "nhsuk-table--reverse",
                "nhsuk-table--no-border",
                "nhsuk-table__cell--numeric",
                "nhsuk-table__header--numeric",
                "nhsuk-u-text-align-left",
                "nhsuk-u-width-one-half",
            ]
        ),
        max_size=2,
    ).map(" ".join),
    st.just(Markup("app-<safe>")),
    st.sampled_from(["", None, UNDEFINED]),
)
attribute_values = st.one_of(
    words,
    st.sampled_from([Markup('say "hi"'), Markup("a>b"), True, False, None, 0, 7, UNDEFINED]),
)
attribute_options = st.fixed_dictionaries(
    {},
    optional={
        "value": st.one_of(attribute_values, st.lists(st.sampled_from(["x", "<y>", 3]), max_size=2)),
        "type": st.sampled_from(["string", "array"]),
        "optional": st.sampled_from([True, False, None]),
    },
)
attributes = st.one_of(
    st.sampled_from(['data-y="2"', Markup('data-z="<3"'), "", None, UNDEFINED]),
    st.dictionaries(
        st.sampled_from(["data-a", "data-b", "aria-label", "hidden"]),
        st.one_of(attribute_values, attribute_options),
        max_size=2,
    ),
)
spans = st.sampled_from([1, 2, True, False, None, 0, "3", UNDEFINED])
cell_keys = {
    "text": text_values,
    "html": st.one_of(markup, scalars),
    "visuallyHiddenText": text_values,
    "format": st.sampled_from(["numeric", "string", Markup("numeric"), "", UNDEFINED]),
    "href": st.one_of(st.sampled_from(["/a?b=1&c=2", 'x"y', ""]), words),
    "colspan": spans,
    "rowspan": spans,
    "align": st.sampled_from(["left", "centre", "right", "middle", "", None, UNDEFINED]),
    "width": st.sampled_from(["one-half", "one-third", 5, "", None]),
    "classes": class_names,
    "attributes": attributes,
    "sortValue": st.sampled_from(["10", 3, 0, "", Markup("<1>"), None]),
    "sort": st.sampled_from([True, False, "ascending", "descending", "none", "", 1, None]),
    "sortNext": st.sampled_from(["ascending", "descending", Markup('a"b'), "", 5]),
}
cells = st.fixed_dictionaries({}, optional=cell_keys)
# A list in the head has a `sort` method, which the macro counts as a sortable column: kept, as a quirk.
head_items = st.one_of(cells, words, markup, scalars, st.just(["list"]))
row_items = st.one_of(cells, cells, words, markup, scalars)
rows = st.lists(
    st.one_of(st.lists(row_items, max_size=5), st.sampled_from(["ab", None, 3, UNDEFINED, ()])),
    max_size=3,
)
flags = st.sampled_from([True, False, None, 0, 1, "", "yes", UNDEFINED])
heading_captions = st.one_of(
    text_values,
    st.fixed_dictionaries(
        {},
        optional={
            "text": text_values,
            "html": markup,
            "id": st.sampled_from(["pre-id", ""]),
            "placement": st.sampled_from(["start", "end", "before", "after", "", None]),
            "size": st.sampled_from(["s", "m", "xl", "xxl", ""]),
            "classes": class_names,
        },
    ),
)
captions = st.one_of(
    text_values,
    st.text(alphabet="Ab c", min_size=40, max_size=50),  # long enough for the scroll id to be cut short
    st.fixed_dictionaries(
        {},
        optional={
            "text": text_values,
            "html": markup,
            "id": st.sampled_from(["cap-id", "", None]),
            "size": st.sampled_from(["s", "m", "l", "xl", "xxl", "", None]),
            "classes": class_names,
            "caption": heading_captions,
            "visuallyHiddenText": text_values,
            "attributes": attributes,
        },
    ),
)
table_params = st.fixed_dictionaries(
    {},
    optional={
        "head": st.one_of(st.lists(head_items, max_size=5), st.sampled_from(["ab", UNDEFINED, ()])),
        "rows": rows,
        "caption": captions,
        "captionSize": st.sampled_from(["s", "m", "xxl", "", UNDEFINED]),
        "captionClasses": class_names,
        "variant": st.sampled_from(["reverse", Markup("reverse"), "other", "", UNDEFINED]),
        "classes": class_names,
        "tableClasses": class_names,
        "compact": flags,
        "responsive": flags,
        "firstCellIsHeader": flags,
        "striped": flags,
        "border": st.sampled_from([False, True, None, 0]),
        "lastRowBorder": st.sampled_from([False, True, None, 0]),
        "scroll": flags,
        "id": st.sampled_from(["people", "a<b", "", None, UNDEFINED]),
        "sortAnnouncementText": text_values,
        "ascendingText": text_values,
        "descendingText": text_values,
        "attributes": attributes,
    },
)


def test_pages_draw_tables_with_the_python_table_not_the_macro():
    """The macro costs about 0.3 ms a cell: a template that imports it again would quietly be slow."""
    assert _environment().globals["table"] is nhsuk_table.table
    templates = Path(__file__).resolve().parents[2] / "ostrom"
    importing = [
        str(path.relative_to(templates))
        for path in templates.glob("*/jinja2/**/*.html")
        if "nhsuk/components/tables/macro.jinja" in path.read_text()
    ]
    assert importing == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=table_params)
def test_any_table_comes_out_as_the_nhsuk_macro_draws_it(params):
    assert_same_table(params)


@settings(max_examples=20, deadline=None)
@given(
    params=table_params,
    wrapper=st.sampled_from(
        [
            {"card": {"heading": "Money"}},
            {"panel": True, "heading": "Money"},
            {"card": {"heading": Markup("<i>M</i>")}},
        ]
    ),
)
def test_a_table_in_a_card_or_panel_is_the_macros_own(params, wrapper):
    assert_same_table(params | wrapper)


def test_the_tables_our_templates_draw_come_out_the_same():
    breakdown_row = SimpleNamespace(
        label="Asian <British>",
        cell=SimpleNamespace(text="15", share_text="60%"),
        population_share_text="20%",
        bar_percent=60,
        population_bar_percent=20,
    )
    breakdown = SimpleNamespace(
        title="Ethnic group", total_text="25", place_name="Lozells", rows=[breakdown_row] * 3
    )
    shapes = [
        # core/_breakdown.html: a caption in html, bars drawn in the last column
        breakdown_table(breakdown),
        breakdown_table(SimpleNamespace(**(vars(breakdown) | {"place_name": None}))),
        # places/_indicators.html: population tables, then other figures (a number as the text)
        {
            "caption": "Age (1,200 people)",
            "captionSize": "s",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": [
                {"text": "Group"},
                {"text": "People", "format": "numeric"},
                {"text": "Share", "format": "numeric"},
                chart_heading("Chart of the shares"),
            ],
            "rows": [[{"text": "0 to 15"}, {"text": "300"}, {"text": "25%"}, bar_cell(25)]] * 4,
        },
        {
            "caption": "Other figures for Lozells & Aston",
            "captionSize": "s",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": [
                {"text": "Measure"},
                {"text": "Value", "format": "numeric"},
                {"text": "Year"},
                {"text": "Source"},
            ],
            "rows": [
                [
                    {"text": "Income deprivation"},
                    {"text": 12.5, "format": "numeric"},
                    {"text": "2021"},
                    {"text": "ONS"},
                ]
            ],
        },
        # grants/_money_table.html: money and shares beside a bar
        {
            "caption": "Where the money went",
            "captionSize": "m",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": [
                {"text": "Project"},
                {"text": "Money", "format": "numeric"},
                {"text": "Share", "format": "numeric"},
                chart_heading("Chart of the shares (the same figures as the columns)"),
            ],
            "rows": [[{"text": "Lunch club"}, {"text": "£2,500"}, {"text": "40%"}, bar_cell(40, None)]],
        },
        # a list of records with links, as the grant and referral lists draw them
        {
            "head": [{"text": "Application"}, {"text": "Amount", "format": "numeric"}, {"text": "Status"}],
            "rows": [
                [
                    {"html": Markup('<a class="nhsuk-link" href="/grants/1/">Lunch club</a>')},
                    {"text": "£2,500", "format": "numeric"},
                    {"text": "Shortlisted"},
                ]
            ],
        },
    ]
    for params in shapes:
        assert_same_table(params)


@pytest.mark.parametrize("length", [40, 45, 46, 60])
def test_a_scrolling_table_names_its_caption_as_the_macro_does(length):
    """The scroll region points at the caption by an id made from its words, cut short as the macro
    cuts it (Jinja's truncate leaves up to 45 characters alone)."""
    caption = ("Money Spent By Place " * 4)[:length]
    assert_same_table({"caption": caption, "scroll": True, "head": ["Place"], "rows": [["Aston"]]})
    assert 'aria-labelledby="table-money-spent-by-place-' in _render(
        OURS, {"caption": caption, "scroll": True}
    )


def test_the_comparison_catches_a_table_that_differs():
    """The property test is not vacuous: what the comparison would let through is only whitespace."""
    params = {
        "caption": "Votes",
        "responsive": True,
        "head": [{"text": "Project"}, {"text": "Votes", "format": "numeric"}],
        "rows": [[{"text": "Fish & chips", "visuallyHiddenText": "project"}, {"text": "12"}]],
    }
    drawn = _normalised(_render(OURS, params))
    assert drawn == _normalised(_render(MACRO, params))
    assert _normalised(drawn.replace("> <", ">\n\n   <")) == drawn

    different = [
        drawn.replace("Fish &amp; chips", "Fish & chips"),  # text not escaped
        drawn.replace("> project<", ">project<"),  # the space before the hidden text lost
        drawn.replace(' role="cell"', ""),  # a responsive role left out
        drawn.replace("nhsuk-table__cell--numeric", "nhsuk-table__cell"),  # a class left out
        drawn.replace("Votes </span>", "Votes</span>"),  # the stacked heading run into the figure
    ]
    for html in different:
        assert html != drawn
        assert _normalised(html) != drawn
