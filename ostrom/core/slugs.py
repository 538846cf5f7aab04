"""Readable, unique URL slugs for records people share links to."""

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, *, fallback: str, reserved: tuple[str, ...] = ()
) -> str:
    """The slug of `text` (at most 45 characters), with -2, -3 … added until no `model` row has it and
    it is not one of the `reserved` words its URLs use for other pages (such as "new")."""
    base = slugify(text)[:45] or fallback
    slug, number = base, 2
    while slug in reserved or model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
