import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from ostrom.accounts import services
from ostrom.accounts.consent import EQUALITY_MONITORING
from ostrom.accounts.models import Consent, EqualityAnswer, User
from ostrom.core import audit
from ostrom.network.models import Attendance
from tests.factories import PASSWORD, EqualityAnswerFactory, MeetingFactory, PostcodeFactory, UserFactory


@pytest.mark.django_db
def test_signing_up_creates_a_resident_who_is_signed_in(client):
    response = client.post(
        reverse("accounts:sign-up"),
        {"full_name": "Amina Begum", "email": "Amina@Example.org", "password": "green-lozells-park-2026"},
    )

    assert response.status_code == 302
    user = User.objects.get(email="amina@example.org")
    assert [role.kind for role in user.roles.all()] == ["resident"]
    assert client.get(reverse("accounts:my-account")).status_code == 200


@pytest.mark.django_db
def test_a_sign_up_error_keeps_what_was_typed(client):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("accounts:sign-up"),
        {"full_name": "Grace Campbell", "email": "taken@example.org", "password": "green-lozells-park-2026"},
    )
    page = response.content.decode()

    assert "An account with this email address already exists" in page
    assert 'value="Grace Campbell"' in page and 'value="taken@example.org"' in page
    assert "<title>Error: " in page


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="delroy@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "delroy@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    form_page = client.get(f"/{path}", follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"},
    )

    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret-9")


@pytest.mark.django_db
def test_equality_answers_are_kept_only_with_consent(client):
    user = UserFactory()
    client.force_login(user)
    lsoa_postcode = PostcodeFactory(postcode="B19 1AA")

    refused = client.post(
        reverse("accounts:equality-answers"), {"ethnic_group": "black_caribbean", "postcode": "b191aa"}
    )
    assert "Tick the box to agree" in refused.content.decode()
    assert not EqualityAnswer.objects.filter(user=user).exists()

    client.post(
        reverse("accounts:equality-answers"),
        {
            "consent": "on",
            "ethnic_group": "black_caribbean",
            "age_band": "prefer_not_to_say",
            "postcode": "b191aa",
        },
    )
    answer = EqualityAnswer.objects.get(user=user)
    assert answer.lsoa == lsoa_postcode.lsoa and answer.consent.wording == EQUALITY_MONITORING.text

    client.post(reverse("accounts:withdraw-equality-consent"))
    assert not EqualityAnswer.objects.filter(user=user).exists()
    assert Consent.objects.get(user=user).withdrawn_at is not None


@pytest.mark.django_db
def test_a_resident_cannot_see_another_persons_equality_answers(client):
    other = EqualityAnswerFactory(ethnic_group="white_roma", postcode="B7 4AA").user
    me = UserFactory()
    client.force_login(me)

    pages = [
        client.get(url).content.decode()
        for url in (
            reverse("accounts:my-account"),
            reverse("accounts:equality-answers"),
            "/api/me/",
            reverse("network:subgroup-list"),
        )
    ]
    export = services.export_personal_data(user=me)

    for page in pages:
        assert not re.search(r'value="white_roma"\s+selected', page)
        assert "B7 4AA" not in page and other.email not in page
    assert export["equality_answers"] is None


@pytest.mark.django_db
def test_download_holds_everything_about_me(client):
    answer = EqualityAnswerFactory(ethnic_group="asian_bangladeshi")
    client.force_login(answer.user)
    data = json.loads(client.get(reverse("accounts:download-my-data")).content)

    assert data["account"]["email"] == answer.user.email
    assert data["equality_answers"]["ethnic_group"].endswith("Bangladeshi")
    assert data["consents"][0]["wording_version"] == EQUALITY_MONITORING.version


@pytest.mark.django_db
def test_erasure_removes_personal_data_but_keeps_counts_and_the_audit_trail(client):
    answer = EqualityAnswerFactory()
    person = answer.user
    meeting = MeetingFactory()
    Attendance.objects.create(meeting=meeting, user=person)
    services.give_consent(user=person, wording=EQUALITY_MONITORING)
    entries_before = audit.entries().count()
    client.force_login(person)

    client.post(reverse("accounts:erase-my-data"), {"confirm": "on"})

    person.refresh_from_db()
    assert person.full_name == "Erased person" and "erased" in person.email and not person.is_active
    assert not person.has_usable_password()
    assert not EqualityAnswer.objects.filter(user=person).exists()
    assert meeting.attendances.count() == 1
    assert audit.entries().count() == entries_before + 1
    assert not audit.entries().filter(actor_email__contains="@example.org", actor=person).exists()
    signing_in = client.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
    assert "Enter the email address and password you signed up with" in signing_in.content.decode()
