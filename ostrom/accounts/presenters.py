"""Display shaping for account pages that a template would otherwise work out."""

from django.utils.translation import gettext as _
from markupsafe import Markup

from ostrom.core.languages import own_name

from .languages import content_only_languages


def language_items(form) -> list[dict]:
    """The language switcher's radios: each language named in itself (marked with its language, so a screen
    reader pronounces it), then in English when that differs, the chosen one checked."""
    chosen = form["language"].value()
    content_only = content_only_languages()
    items = []
    for code, name in form.fields["language"].choices:
        local, english = own_name(code, name)
        label = Markup('<span lang="{}">{}</span>').format(code, local)
        item = {
            "value": code,
            "html": label + (f" ({english})" if english else ""),
            "checked": code == chosen,
        }
        if code in content_only:
            item["hint"] = {
                "text": _(
                    "The pages are in English. What coordinators have translated is shown in %(language)s."
                )
                % {"language": name}
            }
        items.append(item)
    return items
