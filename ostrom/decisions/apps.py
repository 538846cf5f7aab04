from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ostrom.decisions"
    label = "decisions"
    verbose_name = "Decisions and accountability"
