from django.contrib import admin

from .models import Application, Fund, Panel, PanelSeat, Priority, Round


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


class PanelSeatInline(admin.TabularInline):
    model = PanelSeat
    extra = 0
    raw_id_fields = ["member", "place"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["funding_round", "seat_count", "lived_experience_target"]
    inlines = [PanelSeatInline]
