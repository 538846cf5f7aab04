"""Two-step verification with an authenticator app (django-otp's TOTP devices) and one-time backup
codes (its static devices): the reads and the display shaping. Every write is in `services.py`.

A person has two-step verification on when they have a confirmed authenticator app. The app is set up
with an unconfirmed device, shown as a QR code and as its secret written out in groups, and confirmed by
the first code the app shows.

Wrong codes count towards the sign-in pause as wrong passwords do (django-axes), so the pause page says
which of the two paused signing in (`signing_in_pause`)."""

from base64 import b32encode
from dataclasses import dataclass

import segno
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import permissions

BACKUP_CODE_COUNT = 10


def authenticator(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def is_on(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret as an app asks for it to be typed (base32), in groups of four: "ABCD EFGH …"."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, description: str = ""):
    """The device's otpauth:// address as an inline SVG image (no script, no request to another host),
    named for screen readers; the secret in groups is the alternative for anyone who cannot scan it."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        dark="#000",
        light="#fff",
        title=description or gettext("QR code to scan with your authenticator app"),
        svgclass="ostrom-qr-code",
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308 (segno's own markup)


def account_section(user) -> dict:
    """The "Two-step verification" section of the account page."""
    app = authenticator(user)
    return {
        "is_on": app is not None,
        "set_up_on": date_format(timezone.localtime(app.created_at), "j F Y")
        if app and app.created_at
        else "",
        "backup_codes_left": backup_codes_left(user),
        "may_turn_off": permissions.can_turn_off_two_factor(user),
        "may_reset_others": permissions.can_reset_two_factor(user),
    }


@dataclass(frozen=True)
class SigningInPause:
    """What paused signing in to an account from a network, for the page that says so
    (accounts/locked_out.html): wrong passwords, wrong codes, or both."""

    wrong_passwords: bool
    wrong_codes: bool

    @property
    def reason(self) -> str:
        if self.wrong_passwords and self.wrong_codes:
            return gettext("You have entered a wrong password or code too many times")
        if self.wrong_codes:
            return gettext("You have entered a wrong code too many times")
        return gettext("You have entered the wrong password too many times")


def signing_in_pause(request, credentials: dict | None) -> SigningInPause:
    """Which wrong entries paused signing in with these credentials from this network address.

    django-axes keeps the failed attempts that count towards the pause (one row per email address,
    network address and browser, until the cool-off ends or a right password clears them), each with the
    form fields of every failure in `post_data`: the sign-in form sends a `password` (its value masked),
    the code page a `code`. So a pause reached on the code page is about codes, and so is the next
    sign-in refused by it, which also adds a password: then the page names both."""
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
    )
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    fields = {
        line.split("=", 1)[0]
        for post_data in attempts.values_list("post_data", flat=True)
        for line in post_data.splitlines()
    }
    wrong_codes = "code" in fields
    return SigningInPause(wrong_passwords="password" in fields or not wrong_codes, wrong_codes=wrong_codes)
