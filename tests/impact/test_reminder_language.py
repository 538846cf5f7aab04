"""A reminder that a return is due goes to each of the organisation's contacts in the language they chose:
one email per language, so contacts who read the same language share one."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ostrom.core.pseudo_locale import pseudo_translate
from ostrom.impact import reminding, returns
from ostrom.impact.models import Return
from ostrom.network.models import Membership
from tests.factories import CoordinatorFactory, OrganisationFactory, PlaceFactory, UserFactory
from tests.impact.test_returns import _programme

pytestmark = pytest.mark.django_db

FILL_IN = "You can save it and come back to it before you submit."


@pytest.fixture
def due_return():
    """A quarterly return for Flourish, due in 3 days."""
    place = PlaceFactory()
    coordinator = CoordinatorFactory()
    template = returns.create_template(
        coordinator=coordinator,
        programme=_programme(place),
        name="Quarterly return",
        questions=[{"kind": "story", "wording": "One story"}],
    )
    (the_return,) = returns.issue_returns(
        coordinator=coordinator,
        template=template,
        organisations=[OrganisationFactory(places_served=[place])],
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 14),
    )
    Return.objects.filter(pk=the_return.pk).update(due_on=timezone.localdate() + timedelta(days=3))
    return the_return


def _contact(the_return, language):
    person = UserFactory(language=language)
    Membership.objects.create(user=person, organisation=the_return.organisation, is_contact=True)
    return person


def _sent_to(person):
    return next(message for message in mail.outbox if person.email in message.to)


def test_each_contact_is_reminded_in_the_language_they_chose(pseudo_locales, due_return):
    pseudo_readers = [_contact(due_return, "en-xa"), _contact(due_return, "en-xa")]
    english_readers = [_contact(due_return, ""), _contact(due_return, "ur")]  # Urdu has no wording yet

    assert reminding.send_reminders(site_url="https://ostrom.example.org") == 1

    assert len(mail.outbox) == 2
    pseudo = _sent_to(pseudo_readers[0])
    assert sorted(pseudo.to) == sorted(person.email for person in pseudo_readers)
    assert pseudo.subject.startswith("[") and "Flourish" in pseudo.subject
    assert pseudo_translate("Hello,") in pseudo.body and pseudo_translate(FILL_IN) in pseudo.body
    assert "https://ostrom.example.org" + due_return.get_absolute_url() in pseudo.body
    english = _sent_to(english_readers[0])
    assert sorted(english.to) == sorted(person.email for person in english_readers)
    assert english.subject.startswith("Your return for Flourish is due on ")
    assert english.body.startswith("Hello,\n\n") and FILL_IN in english.body and "[" not in english.body
    assert f"{due_return.organisation.name}'s quarterly return is due on " in english.body


def test_without_contacts_the_organisation_s_address_is_reminded_in_english(pseudo_locales, due_return):
    organisation = due_return.organisation

    reminding.send_reminders(site_url="https://ostrom.example.org")

    assert [message.to for message in mail.outbox] == [[organisation.contact_email]]
    assert mail.outbox[0].subject.startswith("Your return for Flourish is due on ")
