from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "ostrom.impact"
    label = "impact"
    verbose_name = "Impact: theory of change, indicators, returns and wellbeing"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        from . import returns_personal_data

        # Slim returns: who submitted a return, and the stories in them.
        register_personal_data(
            models=returns_personal_data.MODELS,
            export=returns_personal_data.personal_data_of,
            erase=returns_personal_data.erase_personal_data_of,
        )
