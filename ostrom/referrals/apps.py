from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ostrom.referrals"
    label = "referrals"
    verbose_name = "Social prescribing referrals"

    def ready(self):
        from ostrom.accounts.services import register_personal_data
        from ostrom.core.retention import register_retention

        from . import personal_data, services
        from .models import Referral, ReferralTo

        register_personal_data(
            models=[Referral, ReferralTo],
            export=personal_data.personal_data_of,
            erase=personal_data.erase_personal_data_of,
        )
        register_retention(
            kind="referral_identities",
            remove=lambda before: services.erase_identities_of_referrals_closed_before(
                closed_before=before.date()
            ),
        )
