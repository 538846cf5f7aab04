"""Showing content in the language a person reads: the translation where there is one, the original
where there is not, and the original for everyone who asks for it (one click, on any page).

The reading language is the one chosen on the language page (its cookie, then the account's choice),
else the first language the browser asks for that Ostrom offers, else the page language. It may be a
language only content is translated into: the pages stay in English and the translated texts are shown."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header
from markupsafe import Markup, escape

from ostrom.accounts.languages import content_only_languages, language_name, reading_languages
from ostrom.core.languages import text_direction

from .models import Translation
from .registry import Item

ORIGINAL_PARAMETER = "original"


def reading_language(request) -> str:
    offered = dict(reading_languages())
    content_only = content_only_languages()
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in content_only:
        return cookie
    if cookie in offered:
        return translation.get_language()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in content_only:
        return user.language
    if user is not None and user.is_authenticated and user.language in offered:
        return translation.get_language()
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in content_only:
                return candidate
        try:
            translation.get_supported_language_variant(code)
        except LookupError:
            continue
        return translation.get_language()
    return translation.get_language()


@dataclass(frozen=True)
class Shown:
    """One text as a reader sees it. In a template, `{{ shown }}` is the text marked with its language
    when that is not the page's (so a screen reader pronounces it and right-to-left text runs the right
    way); `shown.text` is the bare text and `shown.attributes` the lang and dir for an element of one's own."""

    text: str
    language: str
    page_language: str
    is_translation: bool = False
    original_language: str = ""

    @property
    def note(self) -> str:
        """ "Translated from Urdu" or "Written in Urdu" for a text not in the site's language; else ""."""
        if self.is_translation and self.original_language != settings.LANGUAGE_CODE:
            return gettext("Translated from %(language)s") % {
                "language": language_name(self.original_language)
            }
        if not self.is_translation and self.language != settings.LANGUAGE_CODE:
            return gettext("Written in %(language)s") % {"language": language_name(self.language)}
        return ""

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def attributes(self) -> Markup:
        if self.language == self.page_language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(self.language, self.direction)

    def __html__(self) -> str:
        if self.language == self.page_language:
            return str(escape(self.text))
        return Markup("<span{}>{}</span>").format(self.attributes, self.text)

    def __str__(self) -> str:
        return self.text


@dataclass
class Reading:
    """The translations one page needs, loaded in one query; `show(instance, field)` for each text."""

    language: str
    page_language: str
    show_original: bool = False
    path: str = ""
    query: dict = field(default_factory=dict)
    _found: dict = field(default_factory=dict)
    has_translations: bool = False

    def load(self, items: Iterable[Item]) -> "Reading":
        items = [item for item in items if item.original]
        wanted = [item for item in items if item.original_language != self.language]
        rows = Translation.objects.of([item.instance for item in wanted], self.language)
        for row in rows:
            self._found[(row.content_type_id, row.object_id, row.field)] = row
        self.has_translations = any(self._translation(item.instance, item.field) for item in wanted)
        return self

    def _translation(self, instance, field_name: str) -> Translation | None:
        content_type = ContentType.objects.get_for_model(instance)
        row = self._found.get((content_type.pk, instance.pk, field_name))
        if row is None or not row.is_current_for(getattr(instance, field_name)):
            return None
        return row

    def show(self, instance, field_name: str, *, language: str = "") -> Shown:
        """The text of `instance.field_name` for this reader; `language` is the original's when a resident
        wrote it in another language than the site's."""
        original = getattr(instance, field_name)
        original_language = language or settings.LANGUAGE_CODE
        if not self.show_original and original_language != self.language:
            row = self._translation(instance, field_name)
            if row is not None:
                return Shown(
                    row.text,
                    self.language,
                    self.page_language,
                    is_translation=True,
                    original_language=original_language,
                )
        return Shown(original, original_language, self.page_language, original_language=original_language)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def original_url(self) -> str:
        return self._url({**self.query, ORIGINAL_PARAMETER: "1"})

    @property
    def translated_url(self) -> str:
        return self._url({key: value for key, value in self.query.items() if key != ORIGINAL_PARAMETER})

    def _url(self, query: dict) -> str:
        return f"{self.path}?{urlencode(query)}" if query else self.path


def reading_in(language: str, items: Iterable[Item] = ()) -> Reading:
    """A reading in a language named outright (the API's `language` parameter), not the request's."""
    return Reading(language=language, page_language=translation.get_language()).load(items)


def reading_for(request, items: Iterable[Item] = ()) -> Reading:
    """The reading for this request, with the translations of `items` loaded."""
    reading = Reading(
        language=reading_language(request),
        page_language=translation.get_language(),
        show_original=request.GET.get(ORIGINAL_PARAMETER) == "1",
        path=request.path,
        query={key: request.GET[key] for key in request.GET},
    )
    return reading.load(items)
