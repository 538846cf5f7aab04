from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "ostrom.insight"
    label = "insight"
    verbose_name = "Insight: stories, evidence and themes"
