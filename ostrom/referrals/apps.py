from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ostrom.referrals"
    label = "referrals"
    verbose_name = "Social prescribing referrals"
