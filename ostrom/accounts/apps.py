from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ostrom.accounts"
    label = "accounts"
    verbose_name = "People"
