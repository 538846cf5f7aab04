from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "ostrom.panels"
    label = "panels"
    verbose_name = "Citizens' panels"
