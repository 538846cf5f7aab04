from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "ostrom.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self):
        from ostrom.accounts.services import register_account_section, register_personal_data
        from ostrom.decisions.inputs import register_input_kind

        from . import decision_inputs, personal_data, presenters
        from .models import Conversation, Participant, Statement, Vote

        register_input_kind(decision_inputs.STATEMENT)
        register_personal_data(
            models=[Conversation, Participant, Statement, Vote],
            export=personal_data.export,
            erase=personal_data.erase,
        )
        register_account_section(
            template="conversations/_account_statements.html", context=presenters.own_statements_on_account
        )
