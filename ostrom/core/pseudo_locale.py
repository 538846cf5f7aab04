"""Pseudo-locales: every string marked for translation, "translated" into accented English in brackets.

en-xa reads "[Ŝîĝñ îñ]" left to right; ar-xb is the same text in a right-to-left language (Django takes a
language's direction from its base code, and ar is right to left). A page shown in either makes any string
that did not go through translation stand out, and ar-xb shows the layout mirrored. Placeholders (%(name)s,
%s, {name}) and HTML tags and entities are kept as they are, so a pseudo-translated string still formats.

No Django here: `manage.py pseudo_locales` and the tests call `build_pseudo_locales`."""

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from ostrom.core.catalogues import DOMAIN, HEADER, extract_template, write_catalogue

# Locale folder names, as Django looks them up (to_locale: en-xa -> en_XA).
PSEUDO_LOCALE_NAMES = {"en-xa": "en_XA", "ar-xb": "ar_XB"}

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


def pseudo_catalogue(template: Catalog, locale_name: str) -> Catalog:
    """A catalogue in which every message of the template is pseudo-translated (plurals too). Both
    pseudo-locales keep English's two plural forms, so the template's singular and plural line up."""
    catalogue = Catalog(locale="en", **HEADER, fuzzy=False)
    catalogue.language_team = f"{locale_name} (pseudo-locale)"
    for message in template:
        if not message.id:
            continue
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
