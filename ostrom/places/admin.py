from django.contrib import admin

from .models import AreaStatistic, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "code"]


@admin.register(AreaStatistic)
class AreaStatisticAdmin(admin.ModelAdmin):
    list_display = ["place", "measure", "category", "value", "year", "source"]
    list_filter = ["measure", "year", "is_demo"]
    search_fields = ["place__name", "place__code"]
