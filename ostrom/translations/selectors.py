"""Reads of translations for other apps: a text in a given language, for work that needs one language
(themes are found in the site's language, so a statement written in Urdu is themed by its translation)."""

from django.contrib.contenttypes.models import ContentType

from .models import Translation


def text_in(instance, field: str, language: str) -> str | None:
    """The current translation of `instance.field` into `language`: None when there is none, or when the
    original has changed since it was made."""
    row = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        field=field,
        language=language,
    ).first()
    if row is None or not row.is_current_for(getattr(instance, field)):
        return None
    return row.text
