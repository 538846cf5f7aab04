"""Two-step verification at sign-in: staff must set up an authenticator app when STAFF_TWO_FACTOR is on,
anyone may turn it on, codes and backup codes are checked and throttled, and an admin can reset it.

Codes are worked out from the app's secret as a phone would, with django-otp's TOTP."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostrom.accounts import services, two_factor
from ostrom.core import audit
from tests.factories import PASSWORD, AdminFactory, CoordinatorFactory, UserFactory

MY_ACCOUNT = reverse("accounts:my-account")
SETUP = reverse("accounts:two-factor-setup")
CODE = reverse("accounts:two-factor-code")


@pytest.fixture(autouse=True)
def staff_two_factor(settings):
    cache.clear()  # rate limits
    settings.STAFF_TWO_FACTOR = True
    # Passwords are typed here, but their hashing is not under test: the fastest hasher will do.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in(client, user, *, follow=False):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, follow=follow
    )


def set_up_app(client, user) -> list[str]:
    """Sign in and set up an authenticator app through the pages; returns the backup codes shown."""
    sign_in(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(SETUP, {"code": code_for(device)}).content.decode()
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)


def audit_actions(user) -> list[str]:
    return [audit.action_of(entry) for entry in audit.entries_for(user)]


@pytest.mark.django_db
def test_a_coordinator_must_set_up_an_app_before_any_other_page(client):
    coordinator = CoordinatorFactory()

    signed_in = sign_in(client, coordinator)

    assert signed_in.status_code == 302 and signed_in["Location"].startswith(SETUP)
    elsewhere = client.get(MY_ACCOUNT)
    assert elsewhere.status_code == 302 and elsewhere["Location"].startswith(SETUP)
    assert client.get(reverse("accounts:sign-out")).status_code == 200
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/funds")
    assert api.status_code == 403 and "two-step verification" in api.json()["detail"]
    setup = client.get(SETUP)
    page = setup.content.decode()
    assert setup.status_code == 200 and setup["Cache-Control"].startswith("max-age=0")
    assert '<svg role="img"' in page and "<title>QR code to scan with your authenticator app</title>" in page
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    secret = re.search(r'<code id="two-factor-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(secret.replace(" ", "")) == 32 and all(len(group) == 4 for group in secret.split())

    refused = client.post(SETUP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "Enter the 6-digit code your authenticator app shows now" in refused.content.decode()
    done = client.post(SETUP, {"code": code_for(device)})

    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(MY_ACCOUNT).status_code == 200  # the session is verified by the first code
    assert "two_factor.turned_on" in audit_actions(coordinator)


@pytest.mark.django_db
def test_signing_in_takes_the_password_then_the_code_and_refuses_a_wrong_code(client):
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    client.post(reverse("accounts:sign-out"))
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)

    after_password = sign_in(client, coordinator)
    assert after_password["Location"].startswith(CODE)
    assert client.get(MY_ACCOUNT)["Location"].startswith(CODE)
    wrong = "123456" if code_for(device, 1) != "123456" else "654321"
    refused = client.post(CODE, {"code": wrong})
    assert "Enter the 6-digit code your authenticator app shows now" in refused.content.decode()
    assert AccessAttempt.objects.filter(username=coordinator.email).get().failures_since_start == 1

    # django-otp makes the next try wait after a wrong code (1 s, then 2, 4 …): move the wrong one back.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())
    too_soon = client.post(CODE, {"code": code_for(device, 1)})
    assert "You have entered too many wrong codes. Wait" in too_soon.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=10)
    )
    accepted = client.post(CODE, {"code": code_for(device, 1), "next": MY_ACCOUNT})

    assert accepted.status_code == 302 and accepted["Location"] == MY_ACCOUNT
    assert client.get(MY_ACCOUNT).status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client):
    coordinator = CoordinatorFactory()
    codes = set_up_app(client, coordinator)
    client.post(reverse("accounts:sign-out"))

    sign_in(client, coordinator)
    used = client.post(CODE, {"code": codes[0].upper()}, follow=True)
    assert "You used a backup code: it will not work again. You have 9 left." in used.content.decode()
    client.post(reverse("accounts:sign-out"))
    sign_in(client, coordinator)
    again = client.post(CODE, {"code": codes[0]})

    assert again.status_code == 200 and "Enter the 6-digit code" in again.content.decode()
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9


@pytest.mark.django_db
def test_five_wrong_codes_pause_signing_in(client):
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, coordinator)

    answers = [client.post(CODE, {"code": f"00000{n}"}) for n in range(5)]

    assert answers[-1].status_code == 429
    assert "Signing in is paused" in answers[-1].content.decode()
    assert client.get(MY_ACCOUNT)["Location"].startswith(reverse("accounts:login"))  # signed out
    assert sign_in(client, coordinator).status_code == 429


@pytest.mark.django_db
def test_anyone_may_turn_it_on_and_off_but_staff_cannot_turn_it_off(client):
    resident = UserFactory()
    sign_in(client, resident)
    assert client.get(MY_ACCOUNT).status_code == 200  # not required of residents
    set_up_app(client, resident)
    assert "Authenticator app" in client.get(MY_ACCOUNT).content.decode()

    client.post(reverse("accounts:two-factor-turn-off"))

    assert not TOTPDevice.objects.filter(user=resident).exists()
    assert not StaticDevice.objects.filter(user=resident).exists()
    assert {"two_factor.turned_on", "two_factor.turned_off"} <= set(audit_actions(resident))
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    assert client.post(reverse("accounts:two-factor-turn-off")).status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


@pytest.mark.django_db
def test_someone_who_turned_it_on_enters_a_code_even_with_the_setting_off(client, settings):
    settings.STAFF_TWO_FACTOR = False
    resident = UserFactory()
    set_up_app(client, resident)
    client.post(reverse("accounts:sign-out"))

    assert sign_in(client, resident)["Location"].startswith(CODE)
    assert client.get(MY_ACCOUNT)["Location"].startswith(CODE)


@pytest.mark.django_db
def test_an_admin_resets_two_factor_for_someone_who_lost_their_phone(client):
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    assert client.get(reverse("accounts:two-factor-reset")).status_code == 403  # not an admin
    admin = AdminFactory()
    set_up_app(client, admin)

    reset = client.post(
        reverse("accounts:two-factor-reset"),
        {"email": coordinator.email.upper(), "confirm": "on"},
        follow=True,
    )

    assert f"Two-step verification is reset for {coordinator.email}" in reset.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    entry = next(e for e in audit.entries_for(coordinator) if audit.action_of(e) == "two_factor.reset")
    assert entry.actor == admin
    client.post(reverse("accounts:sign-out"))
    assert sign_in(client, coordinator)["Location"].startswith(SETUP)  # sets up a new phone


@pytest.mark.django_db
def test_api_tokens_are_made_only_in_a_verified_session_and_used_without_a_code(client):
    resident = UserFactory()
    sign_in(client, resident)
    page = client.get(reverse("accounts:api-tokens")).content.decode()
    assert "A token can only be created after you sign in with two-step verification" in page
    client.post(reverse("accounts:api-tokens"), {"name": "Dashboard"})
    assert not resident.api_tokens.exists()

    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    created = client.post(reverse("accounts:api-tokens"), {"name": "ICB dashboard"}).content.decode()
    token = re.search(r'<code id="new-token">([^<]+)</code>', created).group(1)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, coordinator)  # password only: the session is not verified

    with_token = client.get("/api/funds", HTTP_AUTHORIZATION=f"Bearer {token}")
    with_a_bad_token = client.get("/api/funds", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert with_token.status_code == 200
    assert with_a_bad_token.status_code == 200  # public, as anyone: not as the unverified session
    assert client.get("/api/funds").status_code == 403


@pytest.mark.django_db
def test_the_download_says_two_step_verification_is_on_and_erasure_deletes_it(client):
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    device = TOTPDevice.objects.get(user=coordinator)

    data = services.export_personal_data(user=coordinator)

    assert data["two_step_verification"]["backup_codes_left"] == 10
    assert data["two_step_verification"]["authenticator_app_set_up_at"]
    text = str(data)
    assert device.key not in text and two_factor.secret_in_groups(device).split()[0] not in text
    services.erase_person(user=coordinator, requested_by=coordinator)
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticToken.objects.filter(device__user=coordinator).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["x" * 10_000, "12\x003456", ["123456", "654321"], " 1 2 3 4 5 6 ", "１２３４５６"]
)
def test_the_code_pages_answer_odd_input_plainly(client, value):
    """The input sweep reaches the setup page; the code page needs a sign-in waiting for a code."""
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    client.post(reverse("accounts:sign-out"))
    sign_in(client, coordinator)

    on_code_page = client.post(CODE, {"code": value})
    cache.clear()
    on_setup_page = client.post(SETUP, {"code": value})

    assert on_code_page.status_code == 200 and "There is a problem" in on_code_page.content.decode()
    assert on_setup_page.status_code == 302 and on_setup_page["Location"].startswith(CODE)
    assert client.get(MY_ACCOUNT)["Location"].startswith(CODE)  # still not signed in


@pytest.mark.django_db
def test_the_django_admin_can_reset_two_factor_too_and_needs_a_verified_session(client):
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    admin = AdminFactory(is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get("/admin/")["Location"].startswith(SETUP)
    set_up_app(client, admin)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [coordinator.pk]},
    )

    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert "two_factor.reset" in audit_actions(coordinator)
