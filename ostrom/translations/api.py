from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from ostrom.accounts.api_auth import signed_in
from ostrom.accounts.languages import reading_languages

from . import presenters, services
from .registry import document_kind

router = Router(tags=["translations"])


class TextOut(Schema):
    key: str = Field(description="Names the text within its document; send it back to translate it")
    label: str = Field(description="What the text is: “Question 3”, “Project: Walking football”")
    original: str
    original_language: str
    translation: str | None = Field(description="None when the text is not translated into this language")
    translated_at: datetime | None
    out_of_date: bool = Field(description="The original has changed since: readers see the original")


class DocumentTranslationOut(Schema):
    kind: str
    document_id: int
    title: str
    language: str
    texts: list[TextOut]


class TranslationsIn(Schema):
    texts: dict[str, str] = Field(
        description="Text key → its translation; an empty string removes that translation. Texts left out are unchanged"
    )


def _load(request, kind_key: str, document_id: int, language: str):
    kind = document_kind(kind_key)
    if kind is None:
        raise Http404("There is no such kind of document")
    document = get_object_or_404(kind.model, pk=document_id)
    services.ensure_can_translate(actor=request.user, kind=kind, document=document)
    if language not in dict(reading_languages()):
        raise Http404("Ostrom does not offer this language")
    return kind, document


def _out(kind, document, language: str) -> dict:
    items = services.items_to_translate(kind, document, language)
    existing = presenters.existing_translations(items, language)
    texts = []
    for item in items:
        found = existing.get(item.key)
        texts.append(
            {
                "key": item.key,
                "label": str(item.label),
                "original": item.original,
                "original_language": item.original_language,
                "translation": found.text if found else None,
                "translated_at": found.translated_at if found else None,
                "out_of_date": found is not None and not found.is_current_for(item.original),
            }
        )
    return {
        "kind": kind.key,
        "document_id": document.pk,
        "title": str(document),
        "language": language,
        "texts": texts,
    }


@router.get(
    "/translations/{kind}/{document_id}/{language}",
    response=DocumentTranslationOut,
    auth=signed_in,
    summary="A document's texts and their translations into one language (coordinators and translators)",
)
def get_translations(request, kind: str, document_id: int, language: str):
    kind, document = _load(request, kind, document_id, language)
    return _out(kind, document, language)


@router.put(
    "/translations/{kind}/{document_id}/{language}",
    response=DocumentTranslationOut,
    auth=signed_in,
    summary="Save translations of some of a document's texts into one language",
)
def put_translations(request, kind: str, document_id: int, language: str, payload: TranslationsIn):
    kind, document = _load(request, kind, document_id, language)
    services.save_translations(
        actor=request.user, kind=kind, document=document, language=language, texts=payload.texts
    )
    return _out(kind, document, language)
