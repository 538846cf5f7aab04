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
        register_retention(
            kind="unconfirmed_accounts",
            remove=lambda before: services.erase_unconfirmed_accounts(joined_before=before),
        )
