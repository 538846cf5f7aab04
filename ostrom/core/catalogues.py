"""The translation catalogues in locale/: extracting every marked string, adding a language, updating them.

`make makemessages` runs this module (`python -m ostrom.core.catalogues [--add ur]`). It uses Babel's own
functions, the ones `pybabel extract/init/update` call, with one difference that is the reason it exists:
Babel drops any header it does not know when it rewrites a catalogue, and `X-Reviewed-By` (ostrom/core/
languages.py) decides whether a language is offered at all, so an update must keep it.

No Django here: settings import ostrom.core.languages, and this runs without a configured project."""

import argparse
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from ostrom.core.languages import reviewed_by

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCALE_DIR = BASE_DIR / "locale"
DOMAIN = "django"

# Django's translation functions, as its own makemessages looks for them (the arguments that are the
# message, its plural and its context), so a string marked in Python or a template is found either way.
KEYWORDS = parse_keywords(
    [
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext:1,2",
        "ngettext_lazy:1,2",
        "pgettext:1c,2",
        "pgettext_lazy:1c,2",
        "npgettext:1c,2,3",
        "npgettext_lazy:1c,2,3",
    ]
)
COMMENT_TAGS = ("Translators:",)
REVIEWED_BY = "X-Reviewed-By"
HEADER = {
    "project": "Ostrom",
    "version": "0.1",
    "copyright_holder": "Ostrom's contributors",
    "charset": "utf-8",
}


def extract_template(base_dir: Path = BASE_DIR) -> Catalog:
    """Every string marked for translation under ostrom/, as babel.cfg maps the files: the template
    (locale/django.pot) each language's catalogue is updated from."""
    with open(base_dir / "babel.cfg", encoding="utf-8") as mapping_file:
        method_map, options_map = parse_mapping_cfg(mapping_file, "babel.cfg")
    template = Catalog(**HEADER, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        base_dir,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        flags = {"python-format"} if _has_python_placeholder(message) else set()
        template.add(
            message, None, [(filename, lineno)], auto_comments=comments, context=context, flags=flags
        )
    return template


def _has_python_placeholder(message) -> bool:
    texts = message if isinstance(message, tuple | list) else (message,)
    return any(re.search(r"%(\([^)]+\))?[-#0 +]*\d*(\.\d+)?[sdifr%]", text or "") for text in texts)


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_paths(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def write_catalogue(catalogue: Catalog, path: Path, *, reviewed_by: str = "") -> None:
    """Write a .po file, with the X-Reviewed-By header Babel itself would leave out."""
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=110)
    text = buffer.getvalue().decode("utf-8")
    if reviewed_by:
        text = text.replace(
            '"MIME-Version: 1.0\\n"', f'"{REVIEWED_BY}: {reviewed_by}\\n"\n"MIME-Version: 1.0\\n"', 1
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def add_language(language: str, template: Catalog, locale_dir: Path = LOCALE_DIR) -> Path:
    """A new, empty catalogue for a language (a locale name such as ur, pa or pt_BR), as pybabel init."""
    path = po_path(language, locale_dir)
    if path.exists():
        raise FileExistsError(f"{path} exists already: make makemessages updates it.")
    catalogue = Catalog(locale=language, **HEADER, fuzzy=False)
    catalogue.update(template)
    write_catalogue(catalogue, path)
    return path


def update_catalogue(path: Path, template: Catalog) -> None:
    """Bring a language's catalogue up to date with the template, as pybabel update, keeping its reviewer.
    New strings arrive untranslated; a changed string is kept as a fuzzy guess (not used until reviewed)."""
    reviewer = reviewed_by(path)
    with open(path, "rb") as po_file:
        catalogue = read_po(po_file, locale=path.parent.parent.name)
    catalogue.update(template)
    write_catalogue(catalogue, path, reviewed_by=reviewer)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--add", metavar="LANGUAGE", help="start a catalogue for a language, such as ur or pt_BR"
    )
    options = parser.parse_args(argv)
    template = extract_template()
    with open(LOCALE_DIR / f"{DOMAIN}.pot", "wb") as pot_file:
        write_po(pot_file, template, width=110)
    print(f"{len(template)} strings in {LOCALE_DIR / f'{DOMAIN}.pot'}")
    if options.add:
        print(f"Started {add_language(options.add, template)}")
    for path in catalogue_paths():
        update_catalogue(path, template)
        print(f"Updated {path}")


if __name__ == "__main__":
    main()
