from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "ostrom.impact"
    label = "impact"
    verbose_name = "Impact: theory of change, indicators, returns and wellbeing"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        # Theory of change, indicators and measurements.
        from . import toc_personal_data

        register_personal_data(
            models=toc_personal_data.MODELS,
            export=toc_personal_data.personal_data_of,
            erase=toc_personal_data.erase_personal_data_of,
        )

        # Wellbeing scores.
        from . import wellbeing_personal_data
        from .models import WellbeingScore

        register_personal_data(
            models=[WellbeingScore],
            export=wellbeing_personal_data.export,
            erase=wellbeing_personal_data.erase,
        )

        from . import returns_personal_data

        # Slim returns: who submitted a return, and the stories in them.
        register_personal_data(
            models=returns_personal_data.MODELS,
            export=returns_personal_data.personal_data_of,
            erase=returns_personal_data.erase_personal_data_of,
        )
