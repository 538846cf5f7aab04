import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils.crypto import salted_hmac

from ostrom.accounts import services
from ostrom.accounts.models import User
from ostrom.core import audit
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def _link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/confirm-email/" in line)
    return "/" + line.split("://", 1)[1].split("/", 1)[1]


def _sign_up(client, django_capture_on_commit_callbacks, email="amina@example.org", address="203.0.113.9"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("accounts:sign-up"),
            {"full_name": "Amina Begum", "email": email, "password": "green-lozells-park-2026"},
            REMOTE_ADDR=address,
        )


@pytest.mark.django_db
def test_signing_up_emails_a_link_that_confirms_the_address_once(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email="amina@example.org")
    assert not user.has_confirmed_email
    assert "Email address confirmed" in (page := client.get(reverse("accounts:my-account")).content.decode())
    assert "Not yet" in page and "Send the link again" in page
    assert mail.outbox[0].to == ["amina@example.org"]
    link = _link_in(mail.outbox[0])

    followed = client.get(link, follow=True)

    user.refresh_from_db()
    assert user.has_confirmed_email
    assert "Your email address is confirmed" in followed.content.decode()
    assert "Send the link again" not in followed.content.decode()
    assert [audit.action_of(entry) for entry in audit.entries_for(user)].count("email.confirmed") == 1
    again = client.get(link)
    assert again.status_code == 400 and "This link does not work" in again.content.decode()


@pytest.mark.django_db
def test_a_made_up_or_anothers_link_confirms_nothing(client, django_capture_on_commit_callbacks):
    _sign_up(client, django_capture_on_commit_callbacks)
    link = _link_in(mail.outbox[0])
    other = UserFactory(email_confirmed_at=None)
    uid_of_other = services.confirmation_path(other).split("/")[-3]
    parts = link.split("/")

    forged = client.get("/".join([*parts[:-3], uid_of_other, parts[-2], ""]))
    nonsense = client.get(reverse("accounts:confirm-email", args=["abc", "1-2"]))

    assert forged.status_code == 400 and nonsense.status_code == 400
    other.refresh_from_db()
    assert not other.has_confirmed_email
    assert not User.objects.get(email="amina@example.org").has_confirmed_email


@pytest.mark.django_db
def test_sign_up_keeps_a_keyed_hash_of_the_address_never_the_address(
    client, django_capture_on_commit_callbacks
):
    _sign_up(client, django_capture_on_commit_callbacks, address="198.51.100.23")
    user = User.objects.get(email="amina@example.org")

    expected = salted_hmac("ostrom.signup-address", "198.51.100.23", algorithm="sha256").hexdigest()
    assert user.signup_address_hash == expected
    assert "198.51.100.23" not in str(User.objects.filter(pk=user.pk).values().get())

    services.erase_person(user=user, requested_by=user)
    user.refresh_from_db()
    assert user.signup_address_hash == ""


@pytest.mark.django_db
def test_the_link_can_be_sent_again_but_not_endlessly(client, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "confirm-email": "2/h"}
    person = UserFactory(email="delroy@example.org", email_confirmed_at=None)
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("accounts:send-confirmation"), follow=True)
        client.post(reverse("accounts:send-confirmation"))
        refused = client.post(reverse("accounts:send-confirmation"))

    assert "We have sent the link again to delroy@example.org" in first.content.decode()
    assert len(mail.outbox) == 2
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    client.get(_link_in(mail.outbox[1]))
    person.refresh_from_db()
    assert person.has_confirmed_email


@pytest.mark.django_db
def test_people_made_by_the_test_factories_and_the_demo_are_confirmed():
    assert UserFactory().has_confirmed_email
