from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "ostrom.overview"
    label = "overview"
    verbose_name = "What needs doing"
