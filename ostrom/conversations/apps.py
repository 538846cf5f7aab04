from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "ostrom.conversations"
    label = "conversations"
    verbose_name = "Conversations"
