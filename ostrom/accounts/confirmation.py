"""Links that confirm a person's email address, made with Django's password-reset token machinery.

The token's hash includes when the address was confirmed and the address itself, so a link works
once, and stops working if the address changes. Links expire after `PASSWORD_RESET_TIMEOUT`."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "ostrom.accounts.confirmation.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        confirmed_at = "" if user.email_confirmed_at is None else user.email_confirmed_at.isoformat()
        return f"{user.pk}{user.email}{confirmed_at}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


def confirmation_path(user) -> str:
    return reverse(
        "accounts:confirm-email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
