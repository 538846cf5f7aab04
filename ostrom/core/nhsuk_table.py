"""The NHS.UK table component rendered in Python: the same HTML as the `table` macro of the pinned
`nhsuk-frontend-jinja` package, at a small part of its cost.

The macro spends about 0.3 ms on every cell (an include, several attribute macro calls, `trim` and
`indent` filters over nested strings), which was three quarters of the time of our heaviest pages.
This module follows the macro's template (`nhsuk/components/tables/template.jinja`) step by step, with
its quirks, so that it is a drop-in replacement: `tests/core/test_table_component.py` compares the two
on generated parameters against the installed package, so an upgrade of the package that changes the
component fails that test (docs/adr/0006-table-component-in-python.md). The caption and the scroll
wrapper are still rendered by the package's own macros, and a table inside a card or panel (rare) by the
original macro as a whole.

Jinja's rules are followed where they differ from Python's: a missing key, like a value that is a Jinja
Undefined, is "undefined" (`| default` applies only to it), `~` joins strings the way autoescaping does,
and text is escaped exactly where the template's `{{ … }}` would escape it.
"""

from collections.abc import Mapping

from django.utils.translation import gettext
from jinja2 import ChainableUndefined, Undefined, pass_environment
from jinja2.runtime import markup_join
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

# One stand-in for every undefined value. It is the environment's own kind of Undefined (chainable), so
# it can be handed to the package's heading and scroll macros as it is.
UNDEFINED = ChainableUndefined()

TEXT_ALIGNMENTS = ("left", "centre", "right")
CAPTION_SIZES = ["s", "m", "l", "xl"]


@pass_environment
def table(env, params=None):
    """The NHS.UK table for the macro's `params` (head, rows, caption, responsive, firstCellIsHeader …).

    Registered as the Jinja global `table`, so templates call `{{ table({...}) }}` as they called the
    macro. No parameters at all behaves like the macro's default of an empty mapping."""
    if _get(params, "card") or _get(params, "panel"):
        # A card or panel around the table is rare: the package's macro draws it, table and all.
        return env.get_template("nhsuk/components/tables/macro.jinja").module.table(params)

    variant = _get(params, "variant")
    classes = _get(params, "classes")
    caption = _caption(params)

    class_names = "nhsuk-table"
    if variant == "reverse" and (
        not classes
        or ("nhsuk-table--reverse" not in classes and "nhsuk-table-responsive--reverse" not in classes)
    ):
        class_names = markup_join((class_names, " nhsuk-table--", variant))
    if _get(params, "compact") and (not classes or "nhsuk-table--compact" not in classes):
        class_names = markup_join((class_names, " nhsuk-table--compact"))
    is_responsive = _get(params, "responsive")
    if is_responsive and (not classes or "nhsuk-table--responsive" not in classes):
        class_names = markup_join((class_names, " nhsuk-table--responsive"))
    if _get(params, "border") is False and not (classes and "nhsuk-table--no-border" in classes):
        class_names = markup_join((class_names, " nhsuk-table--no-border"))
    elif _get(params, "lastRowBorder") is False and not (
        classes and "nhsuk-table--no-last-row-border" in classes
    ):
        class_names = markup_join((class_names, " nhsuk-table--no-last-row-border"))

    head = _get(params, "head")
    head = head if len(head) else []
    rows = _get(params, "rows")
    rows = (row for row in rows if _is_iterable(row)) if len(rows) else []

    # As in the macro, the table counts as sorted on the server only if a column with a link comes at or
    # after the first sortable column, so the order of the head matters.
    is_sortable = is_sortable_on_server = False
    for item in head:
        is_sortable = True if _get(item, "sort") else is_sortable
        is_sortable_on_server = True if is_sortable and _get(item, "href") else is_sortable_on_server

    if is_sortable and (not classes or "nhsuk-table--sortable" not in classes):
        class_names = markup_join((class_names, " nhsuk-table--sortable"))
    if _get(params, "striped") and (not classes or "nhsuk-table--striped" not in classes):
        class_names = markup_join((class_names, " nhsuk-table--striped"))
    extra_classes = classes or _get(params, "tableClasses")
    if extra_classes:
        class_names = markup_join((class_names, " ", extra_classes))

    caption_id = _caption_id(params, caption)
    caption_hidden_text = _get(_get(params, "caption"), "visuallyHiddenText")
    if caption_hidden_text is UNDEFINED and "nhsuk-table--sortable" in class_names:
        caption_hidden_text = gettext("Column headers are sortable")

    sortable_in_browser = "nhsuk-table--sortable" in class_names and not is_sortable_on_server
    table_attributes = (
        _attribute("class", class_names)
        + _attribute("id", _get(params, "id"), optional=True)
        + _attribute("data-module", "nhsuk-table" if sortable_in_browser else False, optional=True)
        + _i18n_attribute("sort-announcement", _get(params, "sortAnnouncementText"))
        + _i18n_attribute("ascending", _get(params, "ascendingText"))
        + _i18n_attribute("descending", _get(params, "descendingText"))
        + _attribute("role", "table" if is_responsive else False, optional=True)
        + _attributes(env, _get(params, "attributes"))
    )

    # The whitespace between the pieces is the macro's, so that text inside cells (which the macro
    # indents line by line) and the layout of the page source come out the same.
    html = ["<table", table_attributes, ">\n"]
    caption_text, caption_html = _get(caption, "text"), _get(caption, "html")
    if caption_text or caption_html:
        heading = env.get_template("nhsuk/components/heading/macro.jinja").module.heading(
            {
                "id": caption_id,
                "text": caption_text,
                "html": caption_html,
                "visuallyHiddenText": markup_join(("(", caption_hidden_text, ")"))
                if caption_hidden_text
                else UNDEFINED,
                "caption": _heading_caption_params(_heading_caption(caption), caption),
                "size": _get(caption, "size"),
                "sizes": CAPTION_SIZES,
                "className": "nhsuk-table__caption",
                "classPrefix": "nhsuk-table__caption--",
                "classes": _get(caption, "classes"),
                "attributes": _get(caption, "attributes"),
                "element": "caption",
            }
        )
        html += ["\n  ", _indent(str(heading).strip(), 2), "\n"]
    html.append("\n")

    row_role = ' role="row"' if is_responsive else ""
    if len(head):
        html.append(
            '\n  <thead class="nhsuk-table__head"'
            + (' role="rowgroup"' if is_responsive else "")
            + f'>\n    <tr class="nhsuk-table__row"{row_role}>\n    '
        )
        for item in head:
            html.append("\n      ")
            if isinstance(item, str | Mapping):
                html += [_head_cell(env, item, params, is_sortable, is_sortable_on_server), "\n    "]
            html.append("\n    ")
        html.append("\n    </tr>\n  </thead>\n")
    html.append('\n  <tbody class="nhsuk-table__body">\n  ')
    first_cell_is_header = _get(params, "firstCellIsHeader")
    for row in rows:
        html.append(f'\n    <tr class="nhsuk-table__row"{row_role}>\n    ')
        for index, item in enumerate(row):
            html.append("\n      ")
            if isinstance(item, str | Mapping):
                is_row_header = index == 0 and bool(first_cell_is_header)
                html += [_body_cell(env, item, _index(head, index), params, is_row_header), "\n    "]
            html.append("\n    ")
        html.append("\n    </tr>\n  ")
    html.append("\n  </tbody>\n</table>")
    table_html = Markup("".join(html))

    if _get(params, "scroll"):
        scroll = env.get_template("nhsuk/components/scroll/macro.jinja").module.scroll
        table_html = scroll({"html": table_html, "labelledBy": caption_id, "variant": variant}).strip()
    return Markup(table_html.strip())


def _head_cell(env, item, params, is_sortable: bool, is_sortable_on_server: bool) -> str:
    header = _text_or_mapping(item)
    sort = _get(header, "sort")
    sort = sort if isinstance(sort, str) else ("none" if sort == True else UNDEFINED)  # noqa: E712 (1 == True in Jinja too)
    sort_next = _get(header, "sortNext")
    sort_next = sort_next if isinstance(sort_next, str) else UNDEFINED
    is_responsive = _get(params, "responsive")
    attributes_html = (
        _attribute("data-sort", bool(sort and is_sortable), optional=True)
        + _attribute(
            "data-sort-next",
            sort_next if sort_next and is_sortable and not is_sortable_on_server else False,
            optional=True,
        )
        + _attribute("aria-sort", sort if sort and sort != "none" and is_sortable else False, optional=True)
        + _attributes(env, _get(header, "attributes"))
    )
    return _cell(
        element="th",
        text=_get(header, "text"),
        html=_get(header, "html"),
        visually_hidden_text=_get(header, "visuallyHiddenText"),
        cell_format=_get(header, "format"),
        href=_get(header, "href"),
        scope="col",
        role="columnheader" if is_responsive else UNDEFINED,
        colspan=_get(header, "colspan") if not is_responsive else UNDEFINED,
        rowspan=_get(header, "rowspan"),
        align=_get(header, "align"),
        width=_get(header, "width"),
        classes=_get(header, "classes"),
        attributes_html=attributes_html,
        column_header=UNDEFINED,
        is_responsive=is_responsive,
    )


def _body_cell(env, item, item_head, params, is_row_header: bool) -> str:
    header = _text_or_mapping(item_head)
    data = _text_or_mapping(item)
    is_responsive = _get(params, "responsive")
    data_format = _get(data, "format")
    header_format = _get(header, "format")
    align = _get(data, "align")
    if align is UNDEFINED:
        align = "right" if data_format == "string" and header_format == "numeric" else _get(header, "align")
    sort_value = _get(data, "sortValue")
    attributes_html = _attribute(
        "data-sort-value", sort_value if sort_value else False, optional=True
    ) + _attributes(env, _get(data, "attributes"))
    return _cell(
        element="th" if is_row_header else "td",
        text=_get(data, "text"),
        html=_get(data, "html"),
        visually_hidden_text=_get(data, "visuallyHiddenText"),
        cell_format=header_format if data_format is UNDEFINED else data_format,
        href=_get(data, "href"),
        scope="row" if is_row_header else UNDEFINED,
        role=("rowheader" if is_row_header else "cell") if is_responsive else UNDEFINED,
        colspan=_get(data, "colspan") if not is_responsive else UNDEFINED,
        rowspan=_get(data, "rowspan"),
        align=align,
        width=_get(data, "width"),
        classes=_get(data, "classes"),
        attributes_html=attributes_html,
        column_header=header,
        is_responsive=is_responsive,
    )


def _cell(
    *,
    element,
    text,
    html,
    visually_hidden_text,
    cell_format,
    href,
    scope,
    role,
    colspan,
    rowspan,
    align,
    width,
    classes,
    attributes_html: str,
    column_header,
    is_responsive,
) -> str:
    """The macro's `_tableCell`, already trimmed and indented as the table lays it out."""
    base_class = "nhsuk-table__header" if element == "th" else "nhsuk-table__cell"
    class_names = base_class
    if cell_format == "numeric" and (
        not classes or markup_join((base_class, "--", cell_format)) not in classes
    ):
        class_names = markup_join((class_names, " ", base_class, "--", cell_format))
    if (
        align
        and align in TEXT_ALIGNMENTS
        and (
            not classes
            or (
                "nhsuk-u-text-align-left" not in classes
                and "nhsuk-u-text-align-centre" not in classes
                and "nhsuk-u-text-align-right" not in classes
            )
        )
    ):
        class_names = markup_join((class_names, " nhsuk-u-text-align-", align))
    if width and (not classes or markup_join(("nhsuk-u-width-", width)) not in classes):
        class_names = markup_join((class_names, " nhsuk-u-width-", width))
    if classes:
        class_names = markup_join((class_names, " ", classes))

    opening = (
        f"<{element}"
        + _attribute("class", class_names)
        + _attribute("scope", scope, optional=True)
        + _attribute("role", role, optional=True)
        + _attribute("colspan", colspan, optional=True)
        + _attribute("rowspan", rowspan, optional=True)
        + attributes_html
        + ">\n"
    )
    value = _cell_value(text, html, visually_hidden_text)
    inner = _indent(f'<a class="nhsuk-link" href="{escape(href)}">{value}</a>' if href else value, 2)

    # The macro looks for the column's heading under a key its caller never sets, so "is this a head
    # cell?" is always false there; a body cell of a responsive table gets the stacked heading whenever
    # its column heading is a non-empty mapping (even one made up for a row longer than the head).
    if is_responsive and column_header:
        heading_value = _cell_value(
            _get(column_header, "text"),
            _get(column_header, "html"),
            _get(column_header, "visuallyHiddenText"),
        )
        body = (
            '\n  <span class="nhsuk-table__heading" aria-hidden="true">'
            + _indent(heading_value, 2)
            + " </span>"
            + (f"<span>{inner}</span>\n  " if html else f"{inner}\n  ")
            + "\n"
        )
    else:
        body = f"\n  {inner}\n"
    return _indent(f"{opening}{body}\n</{element}>".strip(), 6, first=True)


def _cell_value(text, html, visually_hidden_text) -> str:
    """The macro's `_tableValue`, trimmed: the html as it is, or the text escaped, then any visually
    hidden text (after a space when there is something before it)."""
    value = ""
    if html or text:
        if visually_hidden_text:
            visually_hidden_text = markup_join((" ", visually_hidden_text))
        value = str(Markup(html)) if html else str(escape(text))
    if visually_hidden_text:
        value += f'<span class="nhsuk-u-visually-hidden">{escape(visually_hidden_text)}</span>'
    return value.strip()


def _caption(params):
    """The caption as a mapping: the macro also takes it as a string, with captionSize and captionClasses."""
    caption = _get(params, "caption")
    if isinstance(caption, Mapping):
        return caption
    return {
        "text": caption if isinstance(caption, str) else UNDEFINED,
        "html": caption if _is_escaped(caption) else UNDEFINED,
        "size": _get(params, "captionSize"),
        "classes": _get(params, "captionClasses"),
    }


def _heading_caption(caption):
    heading_caption = _get(caption, "caption")
    if isinstance(heading_caption, Mapping):
        return heading_caption
    return {
        "text": heading_caption if isinstance(heading_caption, str) else UNDEFINED,
        "html": heading_caption if _is_escaped(heading_caption) else UNDEFINED,
    }


def _heading_caption_params(heading_caption, caption) -> dict:
    placement = _get(heading_caption, "placement")
    size = _get(heading_caption, "size")
    return {
        "id": _get(heading_caption, "id"),
        "text": _get(heading_caption, "text"),
        "html": _get(heading_caption, "html"),
        "placement": placement if not placement or placement in ("start", "end") else UNDEFINED,
        "size": _get(caption, "size") if size is UNDEFINED else size,
        "classes": _get(heading_caption, "classes"),
        "attributes": _get(heading_caption, "attributes"),
    }


def _caption_id(params, caption):
    """The caption's id: its own, else (only when the table scrolls) one the scroll region points at."""
    caption_id = _get(caption, "id")
    if caption_id is not UNDEFINED:
        return caption_id
    is_scrolling, table_id, text = _get(params, "scroll"), _get(params, "id"), _get(caption, "text")
    if is_scrolling and table_id:
        return markup_join((table_id, "-caption"))
    if is_scrolling and text:
        # `replace(" ", "-") | lower | truncate(40, true, "")`: Jinja's truncate leaves up to 45
        # characters alone (its default leeway of 5) and cuts longer text to 40.
        slug = _soft_str(text).replace(" ", "-").lower()
        if len(slug) > 40 + 5:
            slug = slug[:40]
        return markup_join(("table-", slug, "-caption"))
    return UNDEFINED


def _attributes(env, attributes) -> str:
    """The package's `nhsukAttributes` macro: a string (or Markup) goes in as it is, a mapping gives one
    attribute per key, with values either plain or {"value", "type", "optional"} mappings.

    The macro's output always starts with whitespace from its own template, so a string such as
    'data-x="1"' is kept apart from the attribute before it; the space here does the same."""
    if isinstance(attributes, str):
        return f" {attributes}"
    if _is_escaped(attributes) and isinstance(_get(attributes, "val"), str):
        return f" {Markup(attributes)}"
    if not isinstance(attributes, Mapping):
        return ""
    html = ""
    for name, item in attributes.items():
        if isinstance(item, Mapping):
            value, kind, optional = _get(item, "value"), _get(item, "type"), _get(item, "optional")
        else:
            value, kind, optional = _defined(item), "string", False
        html += _attribute(name, value, optional=optional, kind=kind, env=env)
    return html


def _attribute(name, value, *, optional=False, kind="string", env=None) -> str:
    """One attribute as `nhsukAttributes` writes it: left out when optional and empty or False, the name
    alone when optional and True, values escaped unless already Markup, in single quotes if they hold
    a double quote. JSON arrays (`"type": "array"`) need `env` for Jinja's JSON settings."""
    if optional is True and (value is UNDEFINED or value is None or value is False):
        return ""  # the common case of an optional attribute left out, decided without the rest
    if value is UNDEFINED or value is None:
        shown, escaped = None, ""
    elif _is_escaped(value):
        # The macro reads `.val` (a Nunjucks SafeString's text); Markup has none, so this is undefined.
        shown, escaped = _get(value, "val"), value
    elif kind == "array" and _is_iterable(value):
        # This branch of the macro sets no value, and its variable starts each round undefined.
        shown = UNDEFINED
        escaped = htmlsafe_json_dumps(
            value, dumps=env.policies["json.dumps_function"], **env.policies["json.dumps_kwargs"]
        )
    else:
        shown, escaped = value, escape(value)
    if optional is True and shown is True:
        return f" {escape(name)}"
    if (optional is True and shown is not None and shown is not False) or optional is not True:
        written = str(shown).lower() if shown is True or shown is False else escaped
        if '"' in escaped:
            return f" {escape(name)}='{written}'"
        return f' {escape(name)}="{written}"'
    return ""


def _i18n_attribute(key: str, message) -> str:
    return f' data-i18n.{key}="{escape(message)}"' if message else ""


def _text_or_mapping(item):
    """A head or row item as the mapping the macro reads: a string becomes its text (and its html if
    it is Markup); anything else that is not a mapping has neither."""
    if isinstance(item, Mapping):
        return item
    return {
        "text": item if isinstance(item, str) else UNDEFINED,
        "html": item if _is_escaped(item) else UNDEFINED,
    }


def _get(value, name: str):
    """Jinja's `value.name`: an attribute, else an item, else undefined.

    A plain dict only needs the item: none of the names the template reads is a dict method."""
    if type(value) is dict:
        found = value.get(name, UNDEFINED)
    elif isinstance(value, Undefined):
        return UNDEFINED
    else:
        try:
            found = getattr(value, name)
        except AttributeError:
            try:
                found = value[name]
            except (TypeError, LookupError, AttributeError):
                return UNDEFINED
    return UNDEFINED if isinstance(found, Undefined) else found


def _index(sequence, index: int):
    """Jinja's `sequence[index]`: undefined when there is no such item (a row longer than the head)."""
    try:
        return _defined(sequence[index])
    except (AttributeError, TypeError, LookupError):
        return UNDEFINED


def _defined(value):
    return UNDEFINED if isinstance(value, Undefined) else value


def _is_escaped(value) -> bool:
    """Jinja's `value is defined and value is escaped` (an Undefined has __html__ too)."""
    return hasattr(value, "__html__") and not isinstance(value, Undefined)


def _is_iterable(value) -> bool:
    try:
        iter(value)
    except TypeError:
        return False
    return True


def _soft_str(value):
    return value if isinstance(value, str) else str(value)


def _indent(text, width: int, first: bool = False):
    """Jinja's `indent` filter (blank lines left alone): it also turns every other kind of line break
    that str.splitlines knows into a newline, which matters for text inside cells.

    Plain strings throughout: adding a str to Markup would escape the str."""
    indention = " " * width
    lines = (str(text) + "\n").splitlines()
    indented = lines.pop(0)
    if lines:
        indented += "\n" + "\n".join(indention + line if line else line for line in lines)
    if first:
        indented = indention + indented
    return indented
