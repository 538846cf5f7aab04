"""What can be translated, registered by the app that holds it from its AppConfig.ready().

A document is what a coordinator translates in one go and a resident reads on one page: a round's ballot
(its priorities and projects), a conversation (its question and statements), a survey (its sections,
questions and options), a panel's letter. Its items are the texts in it, each a field of some row, in the
order a reader meets them. Each item has a language: the site's, unless a resident wrote it in another
(a statement in Urdu is translated into English like any other text)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete


@dataclass(frozen=True)
class Item:
    instance: models.Model
    field: str
    label: str  # what the text is, for the translator: "Question 3", "Project: Walking football"
    language: str = ""  # the language it was written in; "" for the site's own (LANGUAGE_CODE)
    long: bool = False  # a paragraph (a text area) rather than a line

    @property
    def original(self) -> str:
        return getattr(self.instance, self.field)

    @property
    def original_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE

    @property
    def key(self) -> str:
        """A name for the item unique within its document (a form field's name)."""
        return f"{self.instance._meta.label_lower.replace('.', '-')}-{self.instance.pk}-{self.field}"


@dataclass(frozen=True)
class DocumentKind:
    key: str  # "surveys.survey"
    label: str  # "Survey"
    model: type[models.Model]
    # The texts in one document, in reading order; empty texts are left out by the app.
    items: Callable[[models.Model], Sequence[Item]]
    # The places it serves: its coordinators, and translators named there, may translate it.
    places: Callable[[models.Model], Sequence]
    # Where a reader sees it, and where the coordinator manages it.
    reader_url: Callable[[models.Model], str]
    # What there is to translate now, for the list of work: the documents that are live or about to be.
    current: Callable[[], Iterable[models.Model]]
    # Every model whose rows hold items, so their translations go when they are deleted.
    item_models: Sequence[type[models.Model]] = ()


_kinds: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> None:
    if kind.key in _kinds and _kinds[kind.key] is not kind:
        raise ValueError(f"Document kind {kind.key!r} is registered twice")
    _kinds[kind.key] = kind
    for model in {kind.model, *kind.item_models}:
        post_delete.connect(
            _forget_translations, sender=model, dispatch_uid=f"translations-{model._meta.label}"
        )


def document_kinds() -> list[DocumentKind]:
    return sorted(_kinds.values(), key=lambda kind: str(kind.label))


def document_kind(key: str) -> DocumentKind | None:
    return _kinds.get(key)


def _forget_translations(sender, instance, **kwargs) -> None:
    from django.contrib.contenttypes.models import ContentType

    from .models import Translation

    Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()
