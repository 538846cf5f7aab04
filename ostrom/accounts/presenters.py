"""Display shaping for account pages that a template would otherwise work out."""

from markupsafe import Markup

from ostrom.core.languages import own_name


def language_items(form) -> list[dict]:
    """The language switcher's radios: each language named in itself (marked with its language, so a screen
    reader pronounces it), then in English when that differs, the chosen one checked."""
    chosen = form["language"].value()
    items = []
    for code, name in form.fields["language"].choices:
        local, english = own_name(code, name)
        label = Markup('<span lang="{}">{}</span>').format(code, local)
        items.append(
            {"value": code, "html": label + (f" ({english})" if english else ""), "checked": code == chosen}
        )
    return items
