"""The demo's community assets and referrals: about 120 assets in the demo wards run by member and
listed organisations, ten stale and three changes waiting; three link workers and 400 referrals over the
past year with realistic outcomes and wellbeing pairs; loading again changes nothing."""

import random
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from ostrom.accounts.models import Role, User
from ostrom.assets.models import Location, Service, ServiceChange
from ostrom.demo import assets as assets_demo
from ostrom.demo import collective, places
from ostrom.demo import referrals as referrals_demo
from ostrom.network.models import Organisation
from ostrom.places.models import Place
from ostrom.referrals import reports
from ostrom.referrals.models import Referral, ReferralNeed, ReferralTo, ReferralWellbeing


def _counts():
    return (
        Service.objects.count(),
        Location.objects.count(),
        Organisation.objects.count(),
        ServiceChange.objects.count(),
        Referral.objects.count(),
        ReferralTo.objects.count(),
        ReferralWellbeing.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_directory_and_referrals_load_once_and_look_real():
    geography = places.load(random.Random(2026))
    collective.load(random.Random(2026), geography)
    services = assets_demo.load(geography)
    assert referrals_demo.load(geography, services) == 400

    # The directory.
    demo = Service.objects.filter(is_demo=True)
    assert 110 <= demo.count() <= 130
    assert demo.stale().count() == 10
    assert demo.free().count() > demo.count() * 0.6
    assert ServiceChange.objects.filter(status="waiting").count() == 3
    members = demo.filter(organisation__status=Organisation.Status.MEMBER)
    listed = demo.filter(organisation__status=Organisation.Status.LISTED)
    assert members.count() >= 30 and listed.count() >= 60
    # Member organisations run their own entries: the collective's organisations, never copies.
    assert Organisation.objects.filter(name="Caribbean Elders Lunch Club").count() == 1
    hub = demo.filter(name__startswith="Wellbeing Hub")
    assert hub.count() >= 10 and hub.values("service_at_locations__location").distinct().count() == 1
    for location in Location.objects.filter(is_demo=True):
        assert location.place is not None and location.place.kind == Place.Kind.LSOA
        assert 52.45 < location.latitude < 52.55 and -1.97 < location.longitude < -1.85
    assert not demo.annotate(n=Count("categories")).filter(n=0).exists()
    assert not demo.annotate(n=Count("schedules")).filter(n=0).exists()
    languages = set(demo.values_list("languages__name", flat=True))
    assert {"English", "Urdu", "Punjabi", "Bengali", "Arabic", "Somali", "Polish"} <= languages
    assert not Location.objects.filter(is_demo=True).annotate(n=Count("accessibility")).filter(n=0).exists()

    # Three link workers who sign in with the demo password.
    for email in referrals_demo.link_worker_emails():
        user = User.objects.get(email=email)
        assert user.check_password(collective.DEMO_PASSWORD)
        assert user.roles.filter(kind=Role.Kind.LINK_WORKER, place__kind=Place.Kind.LOCALITY).exists()

    # 400 referrals over the past year, needs weighted, 1–2 services each, realistic outcomes.
    referrals = Referral.objects.filter(is_demo=True)
    today = timezone.localdate()
    assert referrals.count() == 400
    assert all(
        today - timedelta(days=365) < day <= today for day in referrals.values_list("referred_on", flat=True)
    )
    needs = dict(ReferralNeed.objects.values_list("need").annotate(n=Count("id")))
    assert max(needs, key=needs.get) in ("loneliness", "mental_wellbeing")
    sent = referrals.annotate(n=Count("sent_to")).values_list("n", flat=True)
    assert set(sent) <= {1, 2}
    accepted = (
        referrals.filter(sent_to__status__in=["accepted", "attended", "did_not_attend"]).distinct().count()
    )
    attended = referrals.filter(sent_to__status="attended").distinct().count()
    assert 0.65 <= accepted / 400 <= 0.8
    assert 0.5 <= attended / 400 <= 0.62
    declined = ReferralTo.objects.filter(status="declined")
    assert declined.exists() and not declined.filter(decline_reason="").exists()
    assert ReferralTo.objects.filter(status="sent").exists()
    named = referrals.filter(identity="named")
    assert 0 < named.count() < 150 and all(
        name.endswith("(demo)") for name in named.values_list("person_name", flat=True)
    )
    assert referrals.filter(consent_recorded_at__isnull=False).count() > 300
    at_referral = ReferralWellbeing.objects.filter(stage="at_referral").count()
    follow_ups = ReferralWellbeing.objects.filter(stage="follow_up").count()
    assert at_referral > 300 and 0.35 * attended <= follow_ups <= 0.6 * attended
    report = reports.report_for(geography["place"], reports.last_12_months())
    assert 0.5 < report.wellbeing.mean_change < 3
    assert report.breakdowns and not report.too_few_text

    # Loading again changes nothing.
    before = _counts()
    services = assets_demo.load(geography)
    assert referrals_demo.load(geography, services) == 0
    assert _counts() == before
