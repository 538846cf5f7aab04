from django.contrib import admin

from .models import Meeting, Organisation, Subgroup


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "joined_on"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "contact_email"]


@admin.register(Subgroup)
class SubgroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "subgroup", "starts_at"]
    list_filter = ["subgroup"]
