from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "ostrom.assets"
    label = "assets"
    verbose_name = "Community assets directory (Open Referral UK)"
