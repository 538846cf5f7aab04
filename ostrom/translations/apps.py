from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "ostrom.translations"
    label = "translations"
    verbose_name = "Translations"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        from . import personal_data
        from .models import Translation

        register_personal_data(models=[Translation], export=personal_data.export, erase=personal_data.erase)
