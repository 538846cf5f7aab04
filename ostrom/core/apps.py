from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ostrom.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import background  # noqa: F401  (connects the task worker's heartbeat)
        from .retention import register_core_kinds

        register_core_kinds()
