from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "ostrom.events"
    label = "events"
    verbose_name = "Open Space events"
