from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "ostrom.panels"
    label = "panels"
    verbose_name = "Citizens' panels"

    def ready(self):
        from ostrom.accounts.services import register_personal_data
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.translations.registry import register_document_kind

        from . import decision_inputs, personal_data, translations

        register_input_kind(decision_inputs.RECOMMENDATION)
        register_document_kind(translations.ASSEMBLY)

        register_personal_data(
            models=personal_data.MODELS,
            export=personal_data.personal_data_of,
            erase=personal_data.erase_personal_data_of,
        )
