"""What translations hold about a person: that they made them. The translated words are the
organisation's content and stay; erasure forgets who made them."""

from .models import Translation


def export(user) -> dict:
    return {
        "translations_made": [
            {
                "language": translation.language,
                "text": translation.text,
                "translated_at": translation.translated_at.isoformat(),
            }
            for translation in Translation.objects.filter(translated_by=user).order_by("translated_at")
        ]
    }


def erase(user) -> None:
    Translation.objects.filter(translated_by=user).update(translated_by=None)
