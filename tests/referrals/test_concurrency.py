"""Two contacts of a service answering the same referral at the same moment: one decision stands, the
other is told it was already decided (PostgreSQL's row lock; SQLite has none)."""

import threading

import pytest
from django.db import connection

from ostrom.referrals import services
from ostrom.referrals.models import ReferralTo
from tests.referrals.factories import ReferralFactory, ServiceFactory, contact_of


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_stands():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks; PostgreSQL's select_for_update is what is tested here")
    service = ServiceFactory()
    sent = ReferralFactory(services=[service]).sent_to.get()
    first, second = contact_of(service.organisation), contact_of(service.organisation)
    outcomes = []
    start = threading.Barrier(2)

    def decide(person, accept):
        start.wait()
        try:
            services.decide_referral(
                actor=person, referral_to=sent, accept=accept, reason="" if accept else "Full"
            )
            outcomes.append("decided")
        except services.AlreadyDecided:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, True)),
        threading.Thread(target=decide, args=(second, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["decided", "refused"]
    decided = ReferralTo.objects.get(pk=sent.pk)
    assert decided.status in (ReferralTo.Status.ACCEPTED, ReferralTo.Status.DECLINED)
    assert decided.decided_by == (first if decided.status == ReferralTo.Status.ACCEPTED else second)
