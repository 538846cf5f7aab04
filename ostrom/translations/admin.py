from django.contrib import admin

from .models import Translation


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "field", "language", "translated_by", "translated_at"]
    list_filter = ["language", "content_type"]
    search_fields = ["text", "source_text"]
    readonly_fields = [
        "content_type",
        "object_id",
        "field",
        "language",
        "source_text",
        "translated_by",
        "translated_at",
    ]

    def has_add_permission(self, request):
        return False
