"""What the translation pages show: the work there is, how far each language has got, and each text beside
its translation."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.accounts.languages import reading_languages
from ostrom.core.languages import text_direction

from .models import Translation
from .registry import DocumentKind, Item, document_kinds
from .services import items_to_translate


def existing_translations(items: list[Item], language: str) -> dict[str, Translation]:
    """Item key -> its translation into `language`, in one query."""
    rows = Translation.objects.of([item.instance for item in items], language).select_related("translated_by")
    found = {(row.content_type_id, row.object_id, row.field): row for row in rows}
    existing = {}
    for item in items:
        content_type = ContentType.objects.get_for_model(item.instance)
        row = found.get((content_type.pk, item.instance.pk, item.field))
        if row is not None:
            existing[item.key] = row
    return existing


@dataclass(frozen=True)
class Progress:
    code: str
    name: str
    done: int
    out_of_date: int
    total: int

    @property
    def summary(self) -> str:
        if self.out_of_date:
            return gettext("%(done)s of %(total)s translated, %(out_of_date)s out of date") % {
                "done": self.done,
                "total": self.total,
                "out_of_date": self.out_of_date,
            }
        return gettext("%(done)s of %(total)s translated") % {"done": self.done, "total": self.total}


def language_progress(kind: DocumentKind, document) -> list[Progress]:
    """For each language content may be read in, how many of the document's texts are translated into it
    (and still match their original)."""
    rows = []
    for code, name in reading_languages():
        items = items_to_translate(kind, document, code)
        if not items:
            continue
        existing = existing_translations(items, code)
        current = {key for key, row in existing.items() if row.is_current_for(_item(items, key).original)}
        rows.append(Progress(code, name, len(current), len(existing) - len(current), len(items)))
    return rows


def _item(items: list[Item], key: str) -> Item:
    return next(item for item in items if item.key == key)


@dataclass(frozen=True)
class WorkRow:
    kind: DocumentKind
    document: object
    progress: list[Progress]


def work_for(user) -> list[WorkRow]:
    """The documents live now that this person may translate, with each language's progress."""
    rows = []
    for kind in document_kinds():
        for document in kind.current():
            if permissions.can_translate(user, places=kind.places(document)):
                rows.append(WorkRow(kind, document, language_progress(kind, document)))
    return rows


@dataclass(frozen=True)
class TextRow:
    item: Item
    field: object  # the bound form field
    translation: Translation | None
    direction: str

    @property
    def is_out_of_date(self) -> bool:
        return self.translation is not None and not self.translation.is_current_for(self.item.original)

    @property
    def original_direction(self) -> str:
        return text_direction(self.item.original_language)


def text_rows(form, items: list[Item], existing: dict[str, Translation], language: str) -> list[TextRow]:
    direction = text_direction(language)
    return [TextRow(item, form[item.key], existing.get(item.key), direction) for item in items]
