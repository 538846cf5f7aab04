from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ostrom.network"
    label = "network"
    verbose_name = "The collective"

    def ready(self):
        from ostrom.accounts.services import register_personal_data
        from ostrom.decisions.inputs import register_input_kind

        from . import decision_inputs, services
        from .models import Attendance, Meeting, Membership, Organisation, SubgroupMembership

        register_input_kind(decision_inputs.MEETING_MINUTES)
        register_personal_data(
            models=[Membership, SubgroupMembership, Attendance, Meeting, Organisation],
            export=services.personal_data_of,
            erase=services.erase_personal_data_of,
        )
