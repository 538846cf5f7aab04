from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ostrom.network"
    label = "network"
    verbose_name = "The collective"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        from . import services

        from .models import Membership, SubgroupMembership

        register_personal_data(
            models=[Membership, SubgroupMembership],
            export=services.personal_data_of,
            erase=services.erase_personal_data_of,
        )
