"""Which languages Ostrom offers: English always, any other language only once a person has reviewed its
translation, and the two pseudo-locales when a developer asks for them.

A catalogue (locale/<ll>/LC_MESSAGES/django.po) counts as reviewed when its header has a non-empty
`X-Reviewed-By:` field, the name of the person who read the translation through and the date they did. A
machine translation or a half-finished one is not shown to residents: an unreviewed language is not offered.

Settings read this module to build LANGUAGES, so it imports no Django and reads only the catalogues' headers."""

from pathlib import Path

from babel import Locale, UnknownLocaleError

ENGLISH = ("en-gb", "English")
# Every string accented and bracketed ([Ŝîĝñ îñ]), left to right and right to left: a page in one of them
# shows at a glance any text that did not go through translation (ostrom/core/pseudo_locale.py).
PSEUDO_LANGUAGES = [("en-xa", "Pseudo-English (accented)"), ("ar-xb", "Pseudo-English (right to left)")]
_FIXED_NAMES = dict([ENGLISH, *PSEUDO_LANGUAGES])


def reviewed_by(po_path: Path) -> str:
    """The X-Reviewed-By field of a catalogue's header ("" when there is none or it is empty)."""
    return read_header(po_path).get("x-reviewed-by", "")


def read_header(po_path: Path) -> dict[str, str]:
    """The header fields of a .po file (the msgstr of its first, empty msgid), names in lower case. Only the
    start of the file is read: the header ends at the first blank line."""
    quoted = []
    in_header_msgstr = False
    with open(po_path, encoding="utf-8") as po_file:
        for line in po_file:
            line = line.strip()
            if not in_header_msgstr:
                if line.startswith("msgstr "):
                    in_header_msgstr = True
                    line = line[len("msgstr ") :]
                elif line.startswith("#") or line.startswith('msgid ""') or not line:
                    continue
                else:
                    break
            if not line.startswith('"'):
                break
            quoted.append(line[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\"))
    fields = {}
    for field in "".join(quoted).splitlines():
        name, separator, value = field.partition(":")
        if separator:
            fields[name.strip().lower()] = value.strip()
    return fields


def language_code(locale_name: str) -> str:
    """Django's language code for a catalogue's folder name: ur -> ur, pt_BR -> pt-br (as to_language)."""
    return locale_name.replace("_", "-").lower()


def offered_languages(locale_dir: Path, *, pseudo_locales: bool = False) -> list[tuple[str, str]]:
    """LANGUAGES: English first (Django falls back to the first match of a language's family, so an
    Accept-Language of en-US gets English, never a pseudo-locale), then each reviewed language by its
    English name, then the pseudo-locales if asked for."""
    languages = [ENGLISH]
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
        code = language_code(po_path.parent.parent.name)
        if code not in _FIXED_NAMES and reviewed_by(po_path):
            languages.append((code, english_name(code)))
    return languages + (PSEUDO_LANGUAGES if pseudo_locales else [])


def english_name(code: str) -> str:
    try:
        return Locale.parse(code, sep="-").get_display_name("en")
    except (UnknownLocaleError, ValueError):
        return code


def own_name(code: str, name: str) -> tuple[str, str]:
    """How the language switcher names a language: in itself, and in English when that differs ("" when
    not), so a person finds their language even on a page in one they cannot read: ("اردو", "Urdu")."""
    if code in _FIXED_NAMES:
        return _FIXED_NAMES[code], ""
    try:
        local = Locale.parse(code, sep="-").get_display_name()
    except (UnknownLocaleError, ValueError):
        return name, ""
    local = local[:1].upper() + local[1:]
    return local, "" if local == name else name


def content_languages(codes: list[str], offered: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """CONTENT_LANGUAGES: the languages coordinators may translate what residents read into (a round's
    projects, statements, survey questions, letters), each by its English name, leaving out any already
    offered for the pages. A person may choose one of them before its page catalogue is reviewed: the
    pages then stay in English and the translated content is shown in their language."""
    offered_codes = {code for code, _ in offered}
    chosen = [language_code(code.strip()) for code in codes if code.strip()]
    return [(code, english_name(code)) for code in dict.fromkeys(chosen) if code not in offered_codes]


def text_direction(code: str) -> str:
    """ "rtl" for a language written right to left (Urdu, Arabic, the ar-xb pseudo-locale), else "ltr"."""
    if code == "ar-xb":
        return "rtl"
    try:
        order = Locale.parse(code, sep="-").character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
