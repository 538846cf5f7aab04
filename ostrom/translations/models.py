"""Translations of what residents read, written by coordinators and the volunteers they name.

One row per text, field and language: the projects on a round's ballot, a conversation's statements, a
survey's questions, a panel's letter. The original stays in its own table, untouched; a translation keeps
the original it was made from, so a page can tell when the original has changed since."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class TranslationQuerySet(models.QuerySet):
    def of(self, objects, language: str):
        """The translations into `language` of any field of `objects` (model instances of any kind)."""
        by_type: dict[int, set[int]] = {}
        for instance in objects:
            content_type = ContentType.objects.get_for_model(instance)
            by_type.setdefault(content_type.pk, set()).add(instance.pk)
        if not by_type:
            return self.none()
        which = models.Q()
        for content_type_id, ids in by_type.items():
            which |= models.Q(content_type_id=content_type_id, object_id__in=ids)
        return self.filter(which, language=language)


class Translation(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    language = models.CharField(max_length=15)
    text = models.TextField()
    # The original as it was when translated: when it has changed since, the translation is out of date.
    source_text = models.TextField()
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    translated_at = models.DateTimeField(default=timezone.now)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_translation_per_language"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="translation_not_empty"),
        ]

    def __str__(self):
        return f"{self.field} of {self.content_type.model} {self.object_id} in {self.language}"

    def is_current_for(self, original: str) -> bool:
        """Made from the original as it is now. A translation of an original that has changed since may say
        something else: it is not shown, and the translation page marks it out of date."""
        return self.source_text == original
