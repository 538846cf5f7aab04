"""Two contacts of a service answering the same referral at the same moment: one decision stands, the
other is told it was already decided (PostgreSQL's row lock; SQLite has none)."""

import pytest

from ostrom.referrals import services
from ostrom.referrals.models import ReferralTo
from tests.concurrency import at_once, needs_postgresql
from tests.referrals.factories import ReferralFactory, ServiceFactory, contact_of


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_stands():
    needs_postgresql()
    service = ServiceFactory()
    sent = ReferralFactory(services=[service]).sent_to.get()
    first, second = contact_of(service.organisation), contact_of(service.organisation)

    def decide(person, accept):
        try:
            services.decide_referral(
                actor=person, referral_to=sent, accept=accept, reason="" if accept else "Full"
            )
        except services.AlreadyDecided:
            return "refused"
        return "decided"

    outcomes = at_once([lambda: decide(first, True), lambda: decide(second, False)])
    assert sorted(outcomes) == ["decided", "refused"]
    decided = ReferralTo.objects.get(pk=sent.pk)
    assert decided.status in (ReferralTo.Status.ACCEPTED, ReferralTo.Status.DECLINED)
    assert decided.decided_by == (first if decided.status == ReferralTo.Status.ACCEPTED else second)
