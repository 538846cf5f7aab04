from django.contrib import admin

from .models import Application, Fund, Priority, Round


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "funder_name", "amount"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "fund", "budget", "applications_close_at", "voting_closes_at"]
    list_filter = ["fund", "ballot_type", "rule"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "funding_round", "is_accepted"]
    list_filter = ["funding_round", "is_accepted"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "funding_round", "amount_requested", "status"]
    list_filter = ["funding_round", "status"]
    search_fields = ["title", "organisation__name"]
