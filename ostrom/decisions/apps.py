from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ostrom.decisions"
    label = "decisions"
    verbose_name = "Decisions and accountability"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        from . import personal_data

        register_personal_data(
            models=personal_data.MODELS,
            export=personal_data.personal_data_of,
            erase=personal_data.erase_personal_data_of,
        )
