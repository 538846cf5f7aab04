from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "ostrom.grants"
    label = "grants"
    verbose_name = "Participatory grant-making"
