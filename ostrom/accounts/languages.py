"""The languages a person may choose to read in: the page languages (settings.LANGUAGES), then the
languages only content is translated into (settings.CONTENT_LANGUAGES). Read at call time, so a test's
change to either setting is seen."""

from django.conf import settings


def reading_languages() -> list[tuple[str, str]]:
    offered = dict(settings.LANGUAGES)
    return [
        *settings.LANGUAGES,
        *((code, name) for code, name in settings.CONTENT_LANGUAGES if code not in offered),
    ]


def content_only_languages() -> dict[str, str]:
    """Code -> English name of each language content may be read in whose pages are not translated."""
    offered = dict(settings.LANGUAGES)
    return {code: name for code, name in settings.CONTENT_LANGUAGES if code not in offered}


def language_name(code: str) -> str:
    return dict(reading_languages()).get(code, code)
