from django.contrib import admin

from .models import Body, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    """Bodies are added here or by a coordinator through `decisions.services.create_body`; their
    decisions are recorded on the site, where every change is audited."""

    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
