from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ostrom.referrals"
    label = "referrals"
    verbose_name = "Social prescribing referrals"

    def ready(self):
        from ostrom.accounts.services import register_personal_data

        from . import personal_data
        from .models import Referral, ReferralTo

        register_personal_data(
            models=[Referral, ReferralTo],
            export=personal_data.personal_data_of,
            erase=personal_data.erase_personal_data_of,
        )
