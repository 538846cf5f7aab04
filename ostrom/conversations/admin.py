from django.contrib import admin

from .models import Conversation, Statement


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["question", "opens_at", "closes_at", "moderation"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["text", "conversation", "status", "is_seed"]
    list_filter = ["conversation", "status"]
