from django.contrib import admin

from .models import Progress


@admin.register(Progress)
class ProgressAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "percent", "started_by", "created_at"]
    list_filter = ["status"]
