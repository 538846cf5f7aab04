from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "ostrom.impact"
    label = "impact"
    verbose_name = "Impact: theory of change, indicators, returns and wellbeing"
