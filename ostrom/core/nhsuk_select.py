"""The NHS.UK select component rendered in Python: the same HTML as the `select` macro of the pinned
`nhsuk-frontend-jinja` package, at a small part of its cost (docs/adr/0006-table-component-in-python.md,
which the table set out first).

The macro calls its attribute macro and two `default` filters for every option; a search form of four
selects spent more time drawing its options than the page spent reading its results. This module follows
the macro's template (`nhsuk/components/select/template.jinja`) step by step; the label, hint and error
message are still drawn by the package's own macros, once each, and a select with something before or
after it (`formGroup.beforeInput`, `formGroup.afterInput`, `inputWrapper`) by the original macro as a
whole. `tests/core/test_select_component.py` compares the two on generated parameters against the
installed package, so an upgrade that changes the component fails that test.
"""

from jinja2 import pass_environment
from jinja2.runtime import markup_join
from markupsafe import Markup, escape

from .nhsuk_table import UNDEFINED, _attributes, _get, _indent, _text_or_mapping


@pass_environment
def select(env, params=None):
    """The NHS.UK select for the macro's `params` (label, hint, errorMessage, id, name, items, value …).

    Registered as the Jinja global `select`, so templates call `{{ select({...}) }}` as they called the
    macro."""
    form_group = _get(params, "formGroup")
    input_wrapper = _get(params, "inputWrapper")
    if (
        type(params) is not dict
        or _has_content(_get(form_group, "beforeInput"))
        or _has_content(_get(form_group, "afterInput"))
        or _get(input_wrapper, "classes")
        or _get(input_wrapper, "attributes")
    ):
        return _macro(env, "select", "select")(params if params is not None else {})

    label = _text_or_mapping(_get(params, "label"))
    hint = _text_or_mapping(_get(params, "hint"))
    error_message = _text_or_mapping(_get(params, "errorMessage"))

    class_names = "nhsuk-select"
    class_names_form_group = "nhsuk-form-group"
    if _get(error_message, "text") or _get(error_message, "html") or _get(params, "errorMessage") == True:  # noqa: E712 – Jinja's `== true`
        class_names = markup_join((class_names, " nhsuk-select--error"))
        class_names_form_group = markup_join((class_names_form_group, " nhsuk-form-group--error"))
    if classes := _get(params, "classes"):
        class_names = markup_join((class_names, " ", classes))
    if group_classes := _get(form_group, "classes"):
        class_names_form_group = markup_join((class_names_form_group, " ", group_classes))

    described_by = _get(params, "describedBy") or ""
    element_id = _get(params, "id") or _get(params, "name")

    html = [
        f'<div class="{escape(class_names_form_group)}"{_attributes(env, _get(form_group, "attributes"))}>'
    ]
    label_for = _get(label, "for")
    html.append(
        _trim_indent(
            _macro(env, "label", "label")(
                {
                    "html": _get(label, "html"),
                    "text": _get(label, "text"),
                    "visuallyHiddenText": _get(label, "visuallyHiddenText"),
                    "caption": _get(label, "caption"),
                    "id": _get(label, "id"),
                    "for": element_id if label_for is UNDEFINED else label_for,
                    "size": _get(label, "size"),
                    "heading": _get(label, "heading"),
                    "isPageHeading": _get(label, "isPageHeading"),
                    "classes": _get(label, "classes"),
                    "attributes": _get(label, "attributes"),
                }
            )
        )
    )
    # The hint and the error message each get an id (their own, or the select's with a suffix) that the
    # select names in aria-describedby. The template writes the error message's classes as
    # `classes:errorMessage.classes`, a key named by an undefined variable, so they never reach it: kept.
    for part, suffix, component, name, keys in (
        (hint, "-hint", "hint", "hint", ("html", "text", "classes", "attributes")),
        (
            error_message,
            "-error",
            "error-message",
            "errorMessage",
            ("html", "text", "visuallyHiddenText", "attributes"),
        ),
    ):
        if _get(part, "text") or _get(part, "html"):
            part_id = _get(part, "id")
            part_id = markup_join((element_id, suffix)) if part_id is UNDEFINED else part_id
            described_by = markup_join((described_by, " ", part_id)).strip()
            shown = {key: _get(part, key) for key in keys} | {"id": part_id}
            html.append(_trim_indent(_macro(env, component, name)(shown)))
    html.append(_select_element(env, params, class_names, element_id, described_by))
    html.append("</div>")
    return Markup("\n".join(html))


def _select_element(env, params, class_names, element_id, described_by) -> str:
    html = f'<select class="{escape(class_names)}" id="{_shown(element_id)}" name="{_shown(_get(params, "name"))}"'
    if _get(params, "disabled"):
        html += " disabled"
    if described_by:
        html += f' aria-describedby="{escape(described_by)}"'
    html += _attributes(env, _get(params, "attributes")) + ">"
    value = _get(params, "value")
    for item in params.get("items", UNDEFINED):
        if _get(item, "divider"):
            html += "\n<hr>"
        elif item:
            item_value = _get(item, "value")
            effective_value = _get(item, "text") if item_value is UNDEFINED else item_value
            selected = _get(item, "selected") or (
                (effective_value == value and _get(item, "selected") != False)  # noqa: E712 – Jinja's `!= false`
                if value
                else False
            )
            html += "\n<option"
            if item_value is not UNDEFINED:
                html += f' value="{_shown(item_value)}"'
            if selected:
                html += " selected"
            if _get(item, "disabled"):
                html += " disabled"
            html += f"{_attributes(env, _get(item, 'attributes'))}>{_shown(_get(item, 'text'))}</option>"
    return html + "\n</select>"


def _shown(value) -> str:
    """`{{ value }}`: nothing for an undefined value, else the value as text, escaped unless it is Markup."""
    return "" if value is UNDEFINED else escape(value)


def _trim_indent(html) -> str:
    """`| trim | indent(2)`, as the template writes each part: indent also turns every kind of line break
    str.splitlines knows into a newline, which matters for text with such breaks."""
    return _indent(html.strip(), 2)


def _has_content(part) -> bool:
    return bool(part) and bool(_get(part, "text") or _get(part, "html"))


def _macro(env, component: str, name: str):
    return getattr(env.get_template(f"nhsuk/components/{component}/macro.jinja").module, name)
