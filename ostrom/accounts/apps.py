from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ostrom.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self):
        from ostrom.core.models import Progress, Upload
        from ostrom.core.retention import register_retention

        from . import services
        from .models import ApiToken, Consent, EqualityAnswer, Role, User

        # The account itself, its roles, consents, equality answers and tokens are exported and erased by
        # export_personal_data and erase_person directly; these cover what points at the person elsewhere.
        services.register_personal_data(
            models=[User, Role, Consent, EqualityAnswer, ApiToken, Progress, Upload],
            export=services.work_started_by,
            erase=services.erase_links_to,
        )
        # Two-step verification (django-otp's devices): the download says it is set up and when; erasure
        # deletes the app's secret and the backup codes.
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        services.register_personal_data(
            models=[TOTPDevice, StaticDevice, StaticToken],
            export=services.two_factor_for_export,
            erase=services.erase_two_factor,
        )
        from . import two_factor

        services.register_account_section(
            template="accounts/_two_factor_section.html", context=two_factor.account_section
        )
        register_retention(
            kind="unconfirmed_accounts",
            remove=lambda before: services.erase_unconfirmed_accounts(joined_before=before),
        )
