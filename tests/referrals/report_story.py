"""The hand-counted story behind the report tests and the report's browser journey."""

from datetime import timedelta

from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.assets.models import Service, TaxonomyTerm
from ostrom.assets.taxonomy import install_wellbeing_taxonomy
from ostrom.places.models import Place
from ostrom.referrals.models import Referral, ReferralNeed, ReferralTo, ReferralWellbeing
from tests.factories import AreaStatisticFactory, LsoaFactory, OrganisationFactory, PlaceFactory, UserFactory

BEFORE = [2] * 7
AFTER = [3] * 7


def consented(**fields):
    return {"consent_recorded_at": timezone.now(), "consent_wording": "Yes, for the report", **fields}


def _statistic(place, measure, category, value):
    AreaStatisticFactory(place=place, measure=measure, category=category, value=value)


def build_story() -> dict:
    """25 people referred in Ladywood in the last 12 months (see test_reports.py), and others that must not count."""
    install_wellbeing_taxonomy()
    today = timezone.localdate()
    ics = PlaceFactory(code="E-ICS", name="Birmingham and Solihull", kind=Place.Kind.ICS)
    ladywood = PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind=Place.Kind.LOCALITY, parent=ics)
    ward = PlaceFactory(code="E-SOHO", name="Soho", kind=Place.Kind.WARD, parent=ladywood)
    perry_barr = PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind=Place.Kind.LOCALITY, parent=ics)
    deprived = LsoaFactory(code="E01000001", parent=ward)
    middling = LsoaFactory(code="E01000002", parent=ladywood)
    for lsoa, decile in ((deprived, 2), (middling, 5)):
        _statistic(lsoa, "imd_decile", "", decile)
        _statistic(lsoa, "population_total", "", 1000)
    _statistic(deprived, "population_ethnic_group", "asian_pakistani", 600)
    _statistic(deprived, "population_ethnic_group", "white_british", 400)
    _statistic(middling, "population_ethnic_group", "black_african", 500)
    _statistic(middling, "population_ethnic_group", "asian_indian", 500)
    _statistic(deprived, "population_age_band", "65-74", 300)
    _statistic(deprived, "population_age_band", "25-34", 700)

    organisation = OrganisationFactory(name="Ladywood Friends")
    terms = {term.code: term for term in TaxonomyTerm.objects.wellbeing()}
    lunch_club = Service.objects.create(organisation=organisation, name="Friday lunch club")
    lunch_club.categories.set([terms["meeting-people"]])
    pantry = Service.objects.create(organisation=organisation, name="Pantry and money advice")
    pantry.categories.set([terms["food"], terms["money-advice"]])

    worker = UserFactory(full_name="Lin Link")
    Role.objects.create(user=worker, kind=Role.Kind.LINK_WORKER, place=ladywood)

    def refer(n, *, place=ladywood, days_ago=30, **fields):
        return Referral.objects.create(
            place=place, made_by=worker, referred_on=today - timedelta(days=days_ago), **fields
        )

    referrals = []
    for n in range(25):
        fields = {}
        if n < 10:
            fields = consented(ethnic_group="asian_pakistani", age_band="65-74", lsoa=deprived)
        elif n < 15:
            fields = consented(ethnic_group="asian_indian", age_band="25-34", lsoa=middling)
        elif n < 20:
            fields = consented(ethnic_group="black_african", age_band="25-34", lsoa=middling)
        referrals.append(refer(n, place=ward if n % 2 else ladywood, days_ago=40 + n, **fields))
    for n, referral in enumerate(referrals):
        if n < 15:
            ReferralNeed.objects.create(referral=referral, need="loneliness")
        if 10 <= n < 20:
            ReferralNeed.objects.create(referral=referral, need="money")
        if n < 15:  # went to the lunch club, n + 1 days after referral
            ReferralTo.objects.create(
                referral=referral,
                service=lunch_club,
                status="attended",
                first_attended_on=referral.referred_on + timedelta(days=n + 1),
                sessions_attended=3,
            )
        elif n < 20:  # declined by the lunch club, accepted by the pantry, not gone yet
            ReferralTo.objects.create(referral=referral, service=lunch_club, status="declined")
            ReferralTo.objects.create(referral=referral, service=pantry, status="accepted")
        else:  # waiting for the pantry
            ReferralTo.objects.create(referral=referral, service=pantry, status="sent")
        if n < 10:  # wellbeing at referral and at follow-up: 5 improve, 5 stay the same
            ReferralWellbeing.objects.create(
                referral=referral, stage="at_referral", items=BEFORE, taken_on=referral.referred_on
            )
            ReferralWellbeing.objects.create(
                referral=referral, stage="follow_up", items=AFTER if n < 5 else BEFORE, taken_on=today
            )
        elif n < 15:  # at referral only: not a pair
            ReferralWellbeing.objects.create(
                referral=referral, stage="at_referral", items=BEFORE, taken_on=referral.referred_on
            )

    # Not counted: Ladywood referrals before the period, and Perry Barr's.
    for n in range(3):
        old = refer(n, days_ago=400)
        ReferralTo.objects.create(
            referral=old, service=lunch_club, status="attended", first_attended_on=today
        )
    for n in range(5):
        elsewhere = refer(n, place=perry_barr)
        ReferralNeed.objects.create(referral=elsewhere, need="loneliness")
        ReferralTo.objects.create(referral=elsewhere, service=pantry, status="sent")
    return {
        "ladywood": ladywood,
        "perry_barr": perry_barr,
        "ward": ward,
        "worker": worker,
        "referrals": referrals,
        "lunch_club": lunch_club,
        "pantry": pantry,
    }
