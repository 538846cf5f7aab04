from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "ostrom.grants"
    label = "grants"
    verbose_name = "Participatory grant-making"

    def ready(self):
        from ostrom.accounts.services import register_personal_data
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.translations.registry import register_document_kind

        from . import decision_inputs, personal_data, translations

        register_input_kind(decision_inputs.ROUND_RESULT)
        register_document_kind(translations.ROUND)
        register_personal_data(
            models=personal_data.MODELS,
            export=personal_data.personal_data_of,
            erase=personal_data.erase_personal_data_of,
        )
