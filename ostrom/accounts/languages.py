"""The languages a person may choose to read in: the page languages (settings.LANGUAGES), then the
languages only content is translated into (settings.CONTENT_LANGUAGES); and the language to write to
a person in (emails). Read at call time, so a test's change to either setting is seen."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from ostrom.core.languages import own_name


def reading_languages() -> list[tuple[str, str]]:
    offered = dict(settings.LANGUAGES)
    return [
        *settings.LANGUAGES,
        *((code, name) for code, name in settings.CONTENT_LANGUAGES if code not in offered),
    ]


def labelled_languages() -> list[tuple[str, str]]:
    """The reading languages for a select, each named in itself and then in English: "اردو (Urdu)"."""
    labelled = []
    for code, name in reading_languages():
        local, english = own_name(code, name)
        labelled.append(
            (code, gettext("%(language)s (%(english_name)s)") % {"language": local, "english_name": english})
            if english
            else (code, local)
        )
    return labelled


def content_only_languages() -> dict[str, str]:
    """Code -> English name of each language content may be read in whose pages are not translated."""
    offered = dict(settings.LANGUAGES)
    return {code: name for code, name in settings.CONTENT_LANGUAGES if code not in offered}


def language_name(code: str) -> str:
    return dict(reading_languages()).get(code, code)


def language_of(user, *, otherwise: str = "") -> str:
    """The language to write to a person in (an email's wording): the page language they chose, else
    `otherwise` if that is one (the page they are reading as the message is written), else the site's. A
    language only content is translated into (Urdu before its catalogue is reviewed) has no wording to
    write in: its readers get the wording in English, as they get the pages."""
    offered = dict(settings.LANGUAGES)
    return next((code for code in (user.language, otherwise) if code in offered), settings.LANGUAGE_CODE)


def in_language_of(user, *, otherwise: str = "") -> translation.override:
    """`with in_language_of(person):` around building a message, so every gettext in it is in their language."""
    return translation.override(language_of(user, otherwise=otherwise))


def print_language(request) -> str:
    """The language a coordinator chose to print a letter or report in (`language` in the query or the
    form): any language people may read in, else the page's."""
    code = request.POST.get("language") or request.GET.get("language", "")
    return code if code in dict(reading_languages()) else translation.get_language()


def print_choice(request) -> dict:
    """What the print-language select (accounts/_print_language.html) needs."""
    return {"print_language": print_language(request), "print_languages": labelled_languages()}


def in_language(code: str) -> translation.override:
    """`with in_language("ur"):` around writing something in a language chosen for it (a printed letter):
    the wording in that language if its pages are translated, else in the site's."""
    return translation.override(code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


def reading_language_of(user) -> str:
    """The language a person reads content in (what coordinators translate, such as a survey's title): the
    one they chose, a content-only language included, else the one their messages are written in."""
    return user.language if user.language in dict(reading_languages()) else language_of(user)
