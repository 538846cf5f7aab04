from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "ostrom.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self):
        from ostrom.accounts.services import register_account_section, register_personal_data
        from ostrom.core.retention import register_retention
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.translations.registry import register_document_kind

        from . import decision_inputs, personal_data, presenters, services, translations
        from .models import Conversation, Participant, Statement, Vote

        register_input_kind(decision_inputs.STATEMENT)
        register_document_kind(translations.CONVERSATION)
        register_personal_data(
            models=[Conversation, Participant, Statement, Vote],
            export=personal_data.export,
            erase=personal_data.erase,
        )
        register_retention(
            kind="participant_browser_keys",
            remove=lambda before: services.forget_browsers_of_closed_conversations(closed_before=before),
        )
        register_account_section(
            template="conversations/_account_statements.html", context=presenters.own_statements_on_account
        )
