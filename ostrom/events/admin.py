from django.contrib import admin

from .models import Action, Event, Topic


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "starts_at", "venue_name", "report_published_at"]
    search_fields = ["title", "venue_name"]
    list_filter = ["place"]
    exclude = ["check_in_token"]  # shown to the event's coordinators on "Run the day", nowhere else


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "proposer_name", "leaning", "space", "slot"]
    search_fields = ["title"]
    list_filter = ["leaning"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["text", "event", "kind", "owner", "status", "done_on"]
    search_fields = ["text", "owner"]
    list_filter = ["kind", "status"]
