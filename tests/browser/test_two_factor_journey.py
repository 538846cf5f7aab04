"""A coordinator's two-step verification, end to end in Chromium with STAFF_TWO_FACTOR on: they set up an
authenticator app from the QR page (the test plays the phone, working codes out from the secret written
on the page with django-otp's TOTP), sign out, sign in with password and code, are refused a wrong code,
and use a backup code, which works once. axe checks every page on the way."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.factories import PASSWORD, CoordinatorFactory


@pytest.fixture
def coordinator(transactional_db, settings):
    settings.STAFF_TWO_FACTOR = True  # the live server runs in this process, with these settings
    return CoordinatorFactory(email="cam@example.org")


class Phone:
    """An authenticator app holding the secret typed in from the setup page."""

    def __init__(self, secret: str):
        self.totp = TOTP(b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)))

    def code(self, steps_ahead: int = 0) -> str:
        self.totp.time = time.time() + 30 * steps_ahead
        return f"{self.totp.token():06d}"


def _sign_out(person):
    person.visit("/sign-out/")
    person.click_and_check("Sign out")


def _enter_code(person, code: str):
    person.page.get_by_label("Code").fill(code)
    person.click_and_check("Continue")


def test_a_coordinator_sets_up_an_app_and_signs_in_with_a_code_or_a_backup_code(visitor, coordinator):
    cam = visitor()
    cam.sign_in(coordinator.email, PASSWORD)
    page = cam.page
    assert page.get_by_role("heading", name="Set up two-step verification").is_visible()
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    phone = Phone(page.locator("#two-factor-secret").inner_text())

    page.get_by_label("Code from your app").fill(phone.code())
    cam.click_and_check("Turn on two-step verification")
    assert page.get_by_role("heading", name="Two-step verification is on").is_visible()
    backup_codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(backup_codes) == 10
    cam.click_and_check("I have kept my backup codes")  # a link drawn as a button
    _sign_out(cam)

    cam.sign_in(coordinator.email, PASSWORD)
    assert page.get_by_role("heading", name="Enter your code").is_visible()
    _enter_code(cam, phone.code(steps_ahead=1))  # the next code: the one used to set up is spent
    assert page.url.endswith("/what-needs-doing/")
    _sign_out(cam)

    cam.sign_in(coordinator.email, PASSWORD)
    valid = {phone.code(steps) for steps in range(-1, 3)}
    _enter_code(cam, next(code for code in ("123456", "654321", "111111", "222222") if code not in valid))
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_text("Enter the 6-digit code your authenticator app shows now").first.is_visible()
    _enter_code(cam, backup_codes[0])
    assert page.url.endswith("/what-needs-doing/")
    assert page.get_by_text("You used a backup code: it will not work again. You have 9 left.").is_visible()
    _sign_out(cam)

    cam.sign_in(coordinator.email, PASSWORD)
    _enter_code(cam, backup_codes[0])
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_role("heading", name="Enter your code").is_visible()
