from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "ostrom.overview"
    label = "overview"
    verbose_name = "What needs doing"

    def ready(self):
        from ostrom.core.home import register_happening_now

        from .presenters import happening_now

        register_happening_now(happening_now)
