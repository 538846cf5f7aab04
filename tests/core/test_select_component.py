"""Our Python select (ostrom/core/nhsuk_select.py) draws the same HTML as the NHS.UK select macro of the
installed nhsuk-frontend-jinja package, so swapping one for the other changes nothing a person sees. Both
are rendered through the project's own Jinja environment and compared, as the table is
(tests/core/test_table_component.py); an upgrade of the package that changes the component fails here."""

from pathlib import Path

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from ostrom.core import nhsuk_select

from .test_table_component import (
    UNDEFINED,
    _environment,
    _normalised,
    _render,
    attributes,
    class_names,
    markup,
    scalars,
    text_values,
    words,
)

MACRO = '{% from "nhsuk/components/select/macro.jinja" import select %}{{ select(params) }}'
OURS = "{{ select(params) }}"  # the global from ostrom.core.jinja_env


def assert_same_select(params):
    """Our select and the macro's give the same HTML for these parameters (or fail the same way)."""
    try:
        expected = _render(MACRO, params)
    except Exception as problem:  # the macro refuses some parameters (items that are not a list …)
        with pytest.raises(type(problem)):
            _render(OURS, params)
        return
    assert _normalised(_render(OURS, params)) == _normalised(expected)


flags = st.sampled_from([True, False, None, 0, 1, "", "yes", UNDEFINED])
values = st.one_of(st.sampled_from(["a", "b", "", "1", 1, 0, None, Markup("<a>")]), words)
items = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "value": values,
                "text": st.one_of(values, text_values),
                "selected": flags,
                "disabled": flags,
                "attributes": attributes,
                "divider": st.sampled_from([True, False, None]),
            },
        ),
        words,
        scalars,
    ),
    max_size=5,
)
text_parts = st.one_of(
    text_values,
    st.fixed_dictionaries(
        {},
        optional={
            "text": text_values,
            "html": st.one_of(markup, scalars),
            "id": st.sampled_from(["part-id", "", None]),
            "classes": class_names,
            "attributes": attributes,
            "visuallyHiddenText": text_values,
        },
    ),
)
labels = st.one_of(
    text_parts,
    st.fixed_dictionaries(
        {},
        optional={
            "text": text_values,
            "html": st.one_of(markup, scalars),
            "for": st.sampled_from(["other", "", None]),
            "classes": st.sampled_from(["nhsuk-label--s", "", None]),
            "size": st.sampled_from(["s", "m", "xl", "", None]),
            "isPageHeading": flags,
            "heading": st.sampled_from([True, "Heading", None]),
            "caption": st.sampled_from(["Caption", None]),
        },
    ),
)
form_groups = st.fixed_dictionaries(
    {},
    optional={
        "classes": class_names,
        "attributes": attributes,
        "beforeInput": st.sampled_from([{"text": "£"}, {"text": ""}, None]),
        "afterInput": st.sampled_from([{"html": Markup("<b>per week</b>")}, {}, None]),
    },
)
select_params = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["place", "a<b", "", None, UNDEFINED]),
        "name": st.sampled_from(["place", 'x"y', "", None, 5]),
        "items": st.one_of(items, st.sampled_from([UNDEFINED, None, "ab"])),
        "value": values,
        "label": labels,
        "hint": text_parts,
        "errorMessage": st.one_of(text_parts, st.sampled_from([True, False, 1])),
        "classes": class_names,
        "describedBy": st.sampled_from(["other-hint", "", None, 3]),
        "disabled": flags,
        "attributes": attributes,
        "formGroup": form_groups,
        "inputWrapper": st.sampled_from([{}, {"classes": "x"}, None]),
    },
)


def test_pages_draw_selects_with_the_python_select_not_the_macro():
    """The macro costs about 0.1 ms an option: a template that imports it again would quietly be slow."""
    assert _environment().globals["select"] is nhsuk_select.select
    templates = Path(__file__).resolve().parents[2] / "ostrom"
    importing = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "components/select/macro.jinja" in path.read_text()
    ]
    assert importing == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=select_params)
def test_any_select_comes_out_as_the_nhsuk_macro_draws_it(params):
    assert_same_select(params)


def test_the_selects_our_forms_draw_come_out_the_same():
    """Our fields' shape: a bound choice field with the person's choice kept, a hint and an error."""

    class Search(forms.Form):
        place = forms.ChoiceField(
            choices=[("", "Anywhere"), ("E1", "Ladywood"), ("E2", 'Perry "Barr" & <Aston>')]
        )

    for data in ({}, {"place": "E2"}, {"place": "nowhere"}):
        form = Search(data or None)
        form.is_valid()
        field = form["place"]
        items = [
            {"value": value, "text": text, "selected": str(value) == str(field.value())}
            for value, text in field.field.choices
        ]
        error = form.errors.get("place")
        assert_same_select(
            {
                "label": {"text": "Where"},
                "hint": {"text": "A ward or locality"},
                "id": field.auto_id,
                "name": field.html_name,
                "items": items,
                "errorMessage": {"text": error[0]} if error else None,
            }
        )


def test_the_comparison_catches_a_select_that_differs(monkeypatch):
    """If ours drew an option differently, the comparison would say so."""
    params = {"id": "day", "name": "day", "label": "Open on", "items": [{"value": "mo", "text": "Monday"}]}
    assert_same_select(params)
    monkeypatch.setattr(nhsuk_select, "_shown", lambda value: "" if value is UNDEFINED else f"{value}!")
    with pytest.raises(AssertionError):
        assert_same_select(params)
