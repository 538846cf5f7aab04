from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "ostrom.overview"
    label = "overview"
    verbose_name = "What needs doing"

    def ready(self):
        from ostrom.core.home import register_happening_now, register_you_said_we_did

        from .presenters import happening_now, latest_said_and_done

        register_happening_now(happening_now)
        register_you_said_we_did(latest_said_and_done)
