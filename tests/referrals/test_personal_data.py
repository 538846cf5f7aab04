"""A link worker's or a service contact's own download and erasure include what they did in social
prescribing; erasing them keeps the referred people's referrals, which no longer point at them."""

import pytest

from ostrom.accounts import services as account_services
from ostrom.referrals import services
from ostrom.referrals.models import Referral, ReferralTo
from tests.referrals.factories import ReferralFactory, contact_of, link_worker_for

pytestmark = pytest.mark.django_db


def test_the_download_lists_referrals_made_and_decisions_and_erasure_keeps_the_referrals():
    referral = ReferralFactory()
    link_worker = link_worker_for(referral.place)
    Referral.objects.filter(pk=referral.pk).update(made_by=link_worker)
    sent = referral.sent_to.get()
    contact = contact_of(sent.service.organisation)
    services.decide_referral(actor=contact, referral_to=sent, accept=True)

    made = account_services.export_personal_data(user=link_worker)
    decided = account_services.export_personal_data(user=contact)
    assert made["referrals_made"][0]["reference"] == referral.reference
    assert decided["referral_decisions"][0]["decision"] == "Accepted"

    account_services.erase_person(user=link_worker, requested_by=link_worker)
    account_services.erase_person(user=contact, requested_by=contact)
    assert Referral.objects.get(pk=referral.pk).made_by is None
    assert ReferralTo.objects.get(pk=sent.pk).decided_by is None
    assert ReferralTo.objects.get(pk=sent.pk).status == ReferralTo.Status.ACCEPTED
