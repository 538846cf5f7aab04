"""Every write to translations: saving a document's translations into one language, and naming the
volunteers who may translate for a place. One transaction each; every change is in the audit log."""

from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.accounts.languages import reading_languages
from ostrom.accounts.models import Role, User
from ostrom.accounts.permissions import ensure
from ostrom.accounts.services import grant_role
from ostrom.core import audit

from .models import Translation
from .registry import DocumentKind, Item

LONGEST = 10_000  # characters of one translated paragraph


def items_to_translate(kind: DocumentKind, document, language: str) -> list[Item]:
    """The texts of `document` a translator into `language` works on: those not written in it already."""
    return [item for item in kind.items(document) if item.original and item.original_language != language]


def longest(item: Item) -> int:
    """The longest translation of an item: twice the original's limit (a translation may run longer than
    English), or LONGEST for a paragraph with no limit."""
    limit = item.instance._meta.get_field(item.field).max_length
    return limit * 2 if limit else LONGEST


def ensure_can_translate(*, actor: User, kind: DocumentKind, document) -> None:
    ensure(
        permissions.can_translate(actor, places=kind.places(document)),
        gettext("Only the coordinators of this place and the translators they have named can translate this"),
    )


@transaction.atomic
def save_translations(
    *, actor: User, kind: DocumentKind, document, language: str, texts: Mapping[str, str]
) -> int:
    """Save the translations of some of a document's texts into `language`, keyed by each item's key; an
    empty text removes that translation. Returns how many translations changed."""
    ensure_can_translate(actor=actor, kind=kind, document=document)
    if language not in dict(reading_languages()):
        raise ValidationError({"language": gettext("Choose one of the languages Ostrom offers")})
    items = {item.key: item for item in items_to_translate(kind, document, language)}
    problems = {}
    for key, text in texts.items():
        item = items.get(key)
        if item is None:
            problems[key] = gettext("There is no text to translate with this name in this document")
        elif "\x00" in text:
            problems[key] = gettext("The translation must not contain a NUL character")
        elif len(text.strip()) > longest(item):
            problems[key] = gettext("Keep the translation of %(text)s to %(longest)s characters or fewer") % {
                "text": item.label,
                "longest": f"{longest(item):,}",
            }
    if problems:
        raise ValidationError(problems)
    changed = 0
    for key, text in texts.items():
        changed += _save_one(actor=actor, item=items[key], language=language, text=text.strip())
    return changed


def _save_one(*, actor: User, item: Item, language: str, text: str) -> int:
    content_type = ContentType.objects.get_for_model(item.instance)
    existing = (
        Translation.objects.select_for_update()
        .filter(content_type=content_type, object_id=item.instance.pk, field=item.field, language=language)
        .first()
    )
    if not text:
        if existing is None:
            return 0
        audit.record(
            actor=actor,
            action="translation.deleted",
            target=existing,
            changes={"text": (existing.text, None)},
        )
        existing.delete()
        return 1
    if existing is not None and existing.text == text and existing.is_current_for(item.original):
        return 0
    old = existing.text if existing else None
    translation, _ = Translation.objects.update_or_create(
        content_type=content_type,
        object_id=item.instance.pk,
        field=item.field,
        language=language,
        defaults={
            "text": text,
            "source_text": item.original,
            "translated_by": actor,
            "translated_at": timezone.now(),
        },
    )
    audit.record(
        actor=actor,
        action="translation.updated" if existing else "translation.created",
        target=translation,
        changes={"text": (old, text)},
    )
    return 1


@transaction.atomic
def name_translator(*, actor: User, email: str, place) -> Role:
    """Name a person with an account as a volunteer translator for a place (and the places inside it)."""
    ensure(
        permissions.can_name_translators(actor, place),
        gettext("Only the coordinators of this place can name translators"),
    )
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise ValidationError(
            {"email": gettext("There is no account with this email address. Ask them to register first")}
        )
    return grant_role(user=person, kind=Role.Kind.TRANSLATOR, granted_by=actor, place=place)


@transaction.atomic
def stop_translator(*, actor: User, role: Role) -> None:
    ensure(
        role.kind == Role.Kind.TRANSLATOR and permissions.can_name_translators(actor, role.place),
        gettext("Only the coordinators of this place can stop a translator"),
    )
    audit.record(actor=actor, action="role.deleted", target=role.user, changes={"role": (str(role), None)})
    role.delete()
