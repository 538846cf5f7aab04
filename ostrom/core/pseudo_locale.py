"""Pseudo-locales: every string marked for translation, "translated" into accented English in brackets.

en-xa reads "[Ŝîĝñ îñ]" left to right; ar-xb is the same text in a right-to-left language (Django takes a
language's direction from its base code, and ar is right to left). A page shown in either makes any string
that did not go through translation stand out, and ar-xb shows the layout mirrored. Django's own English
messages (month and day names, form errors such as "This field is required.") are pseudo-translated too, so
a date or a built-in message left in English means the page formatted it outside translation. Placeholders (%(name)s,
%s, {name}) and HTML tags and entities are kept as they are, so a pseudo-translated string still formats.

No Django here: `manage.py pseudo_locales` and the tests call `build_pseudo_locales`."""

import importlib.util
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ostrom.core.catalogues import DOMAIN, HEADER, extract_template, write_catalogue

# Locale folder names, as Django looks them up (to_locale: en-xa -> en_XA).
PSEUDO_LOCALE_NAMES = {"en-xa": "en_XA", "ar-xb": "ar_XB"}

# Django's English catalogues whose messages reach our pages: its own (dates, form and validation errors)
# and those of the contrib apps we use. Found without importing Django, which this module must not do.
DJANGO_CATALOGUES = (
    "conf/locale",
    "contrib/auth/locale",
    "contrib/humanize/locale",
)

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕŝţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŜŢÛṼŴẊÝŽ",
)
# What must come through untouched: printf placeholders (%(name)s, %s, %d, %%), str.format fields
# ({name}, {0}), HTML tags and character entities.
_KEEP = re.compile(
    r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}"
    r"|<[^<>]+>"
    r"|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"
)


def pseudo_translate(text: str) -> str:
    """'See what was decided' -> '[Ŝéé ŵĥàţ ŵàŝ ðéçîðéð]', keeping placeholders, tags and entities."""
    if not text:
        return text
    parts = []
    position = 0
    for kept in _KEEP.finditer(text):
        parts.append(text[position : kept.start()].translate(_ACCENTED))
        parts.append(kept.group())
        position = kept.end()
    parts.append(text[position:].translate(_ACCENTED))
    return "[" + "".join(parts) + "]"


def django_messages() -> list[Message]:
    """Every message of Django's English catalogues in DJANGO_CATALOGUES, with its context (pgettext:
    "abbrev. month", "alt. month") and plural."""
    django_dir = Path(importlib.util.find_spec("django").submodule_search_locations[0])
    messages = []
    for catalogue_dir in DJANGO_CATALOGUES:
        with open(django_dir / catalogue_dir / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po_file:
            messages.extend(message for message in read_po(po_file) if message.id)
    return messages


def pseudo_catalogue(template: Catalog, locale_name: str) -> Catalog:
    """A catalogue in which every message of the template, and of Django's own English catalogues, is
    pseudo-translated (plurals too). Both pseudo-locales keep English's two plural forms, so the
    template's singular and plural line up."""
    catalogue = Catalog(locale="en", **HEADER, fuzzy=False)
    catalogue.language_team = f"{locale_name} (pseudo-locale)"
    ours = [message for message in template if message.id]
    marked = {(message.id, message.context) for message in ours}
    theirs = [message for message in django_messages() if (message.id, message.context) not in marked]
    for message in [*ours, *theirs]:
        if message.pluralizable:
            translation = tuple(pseudo_translate(text) for text in message.id)
        else:
            translation = pseudo_translate(message.id)
        catalogue.add(
            message.id, translation, message.locations, flags=message.flags, context=message.context
        )
    return catalogue


def build_pseudo_locales(output_dir: Path, template: Catalog | None = None) -> list[Path]:
    """Write <output_dir>/<en_XA|ar_XB>/LC_MESSAGES/django.po and .mo from a fresh extraction of every
    marked string; return the .mo paths. Add output_dir to LOCALE_PATHS to use them."""
    template = template or extract_template()
    written = []
    for locale_name in PSEUDO_LOCALE_NAMES.values():
        catalogue = pseudo_catalogue(template, locale_name)
        po_path = output_dir / locale_name / "LC_MESSAGES" / f"{DOMAIN}.po"
        write_catalogue(catalogue, po_path)
        mo_path = po_path.with_suffix(".mo")
        with open(mo_path, "wb") as mo_file:
            write_mo(mo_file, catalogue)
        written.append(mo_path)
    return written
