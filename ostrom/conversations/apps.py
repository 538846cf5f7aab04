from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "ostrom.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self):
        from ostrom.accounts.services import register_personal_data
        from ostrom.decisions.inputs import register_input_kind

        from . import decision_inputs, personal_data
        from .models import Conversation, Participant, Statement, Vote

        register_input_kind(decision_inputs.STATEMENT)
        register_personal_data(
            models=[Conversation, Participant, Statement, Vote],
            export=personal_data.export,
            erase=personal_data.erase,
        )
