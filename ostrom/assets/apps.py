from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "ostrom.assets"
    label = "assets"
    verbose_name = "Community assets directory (Open Referral UK)"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        from . import personal_data
        from .models import Contact, OrukImport, Service, ServiceChange

        register_personal_data(
            models=[ServiceChange, OrukImport, Contact, Service],
            export=personal_data.export,
            erase=personal_data.erase,
        )
