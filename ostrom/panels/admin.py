from django.contrib import admin

from .models import Assembly, Lottery


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    # Volunteers' answers are special-category data: they are not shown in the admin.
    list_display = ["question", "place", "panel_size", "status"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(Lottery)
class LotteryAdmin(admin.ModelAdmin):
    list_display = ["assembly", "algorithm", "seed", "drawn_at", "is_current"]
    readonly_fields = [
        "assembly",
        "algorithm",
        "seed",
        "drawn_at",
        "is_current",
        "min_probability",
        "check_progress",
        "checked_at",
        "check_matches",
        "check_explanation",
        "check_lowest_chance",
        "check_highest_chance",
    ]
    exclude = ["pool", "probabilities", "distribution", "selected", "quotas"]
