from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ostrom.core"
    label = "core"
    verbose_name = "Core"
