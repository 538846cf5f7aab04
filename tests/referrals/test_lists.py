"""The team's list filters and the inbox agree with the permission rules: a link worker's list holds
exactly the referrals `can_refer` lets them handle, a contact's inbox exactly what `can_handle_referral`
lets them decide."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts import permissions
from ostrom.places.models import Place
from ostrom.referrals import selectors
from ostrom.referrals.models import Referral, ReferralTo
from tests.factories import PlaceFactory
from tests.referrals.factories import ReferralFactory, ServiceFactory, contact_of, link_worker_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_lists_hold_exactly_what_the_rules_allow():
    ics = PlaceFactory(kind=Place.Kind.ICS)
    ladywood = PlaceFactory(kind=Place.Kind.LOCALITY, parent=ics)
    ward = PlaceFactory(kind=Place.Kind.WARD, parent=ladywood)
    perry_barr = PlaceFactory(kind=Place.Kind.LOCALITY, parent=ics)
    service, other = ServiceFactory(), ServiceFactory()
    referrals = [
        ReferralFactory(place=ladywood, services=[service]),
        ReferralFactory(place=ward, services=[other]),
        ReferralFactory(place=perry_barr, services=[service, other]),
    ]
    people = [link_worker_for(ladywood), link_worker_for(perry_barr), link_worker_for(ics)]
    for person in people:
        listed = set(selectors.team_referrals(person))
        assert listed == {r for r in referrals if permissions.can_refer(person, r.place)}
    contact = contact_of(service.organisation)
    inbox = set(selectors.inbox(contact))
    assert inbox == {
        sent for sent in ReferralTo.objects.all() if permissions.can_handle_referral(contact, sent)
    }
    assert {sent.service for sent in inbox} == {service}


def test_the_team_filters_waiting_follow_up_due_and_closed(client):
    ladywood = PlaceFactory(kind=Place.Kind.LOCALITY)
    waiting = ReferralFactory(place=ladywood)
    due = ReferralFactory(place=ladywood, follow_up_on=TODAY())
    ReferralTo.objects.filter(referral=due).update(status=ReferralTo.Status.ACCEPTED)
    closed = ReferralFactory(place=ladywood)
    Referral.objects.filter(pk=closed.pk).update(closed_on=TODAY() - timedelta(days=1))
    client.force_login(link_worker_for(ladywood))

    def shown(show):
        page = client.get(reverse("referrals:list"), {"show": show}).content.decode()
        return {r.reference for r in (waiting, due, closed) if r.reference in page}

    assert shown("") == {waiting.reference, due.reference}
    assert shown("waiting") == {waiting.reference}
    assert shown("follow_up_due") == {due.reference}
    assert shown("closed") == {closed.reference}


@pytest.mark.parametrize("bad", ["x" * 10_000, "a\x00b", "abc"])
def test_the_attendance_form_answers_bad_input_plainly(client, bad):
    service = ServiceFactory()
    referral = ReferralFactory(services=[service])
    sent = referral.sent_to.get()
    ReferralTo.objects.filter(pk=sent.pk).update(status=ReferralTo.Status.ACCEPTED)
    client.force_login(contact_of(service.organisation))
    url = reverse("referrals:attendance", args=[sent.pk])
    for field in ("attended", "first_attended_on", "sessions"):
        data = {"attended": "yes", "first_attended_on": TODAY().isoformat(), "sessions": "1", field: bad}
        assert client.post(url, data).status_code == 400
    sent.refresh_from_db()
    assert sent.status == ReferralTo.Status.ACCEPTED
