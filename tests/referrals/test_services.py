"""The rules of a referral: who may make and handle it, what is kept about the person and with whose
consent, and how the service's decision, attendance and the follow-up are recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ostrom.accounts.permissions import NotAllowed
from ostrom.assets.models import Service
from ostrom.core import audit
from ostrom.insight.models import Insight
from ostrom.places.models import Place
from ostrom.referrals import services
from ostrom.referrals.models import Referral, ReferralTo, ReferralWellbeing
from ostrom.surveys import swemwbs
from tests.factories import LsoaFactory, PlaceFactory, PostcodeFactory, UserFactory
from tests.referrals.factories import ReferralFactory, ServiceFactory, contact_of, link_worker_for

pytestmark = pytest.mark.django_db

WORDING = "I agree that my name and phone number are shared with the services I am referred to."
ITEMS = [3, 3, 2, 3, 4, 3, 3]
TODAY = timezone.localdate


@pytest.fixture
def ladywood():
    return PlaceFactory(code="E-LW", name="Ladywood", kind=Place.Kind.LOCALITY)


@pytest.fixture
def link_worker(ladywood):
    return link_worker_for(ladywood)


@pytest.fixture
def service():
    return ServiceFactory(name="Ladywood walking group")


def refer(actor, place, **overrides):
    arguments = {
        "actor": actor,
        "place": place,
        "identity": Referral.Identity.REFERENCE_ONLY,
        "needs": ["loneliness", "activity"],
        "services": [ServiceFactory()],
        "follow_up_on": TODAY() + timedelta(days=42),
    }
    return services.make_referral(**(arguments | overrides))


def problems_of(excinfo) -> dict:
    return excinfo.value.message_dict


# Making a referral --------------------------------------------------------------------------------


def test_a_link_worker_refers_a_person_by_reference_only_and_no_name_or_contact_is_kept(
    link_worker, ladywood
):
    referral = refer(link_worker, ladywood, person_name="Ann Example", person_contact="0121 000 0000")

    referral.refresh_from_db()
    assert referral.reference.startswith("SP-") and len(referral.reference) == 9
    assert (referral.person_name, referral.person_contact, referral.consent_recorded_at) == ("", "", None)
    assert sorted(referral.needs.values_list("need", flat=True)) == ["activity", "loneliness"]
    assert referral.sent_to.get().status == ReferralTo.Status.SENT
    assert audit.action_of(audit.entries_for(referral).get()) == "referral.created"


def test_a_named_referral_needs_the_persons_consent_and_keeps_the_wording_with_the_time(
    link_worker, ladywood
):
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, identity="named", person_name="Ann Example", consent_given=False)
    assert "consent_given" in problems_of(refused)
    with pytest.raises(ValidationError) as no_wording:
        refer(link_worker, ladywood, identity="named", person_name="Ann Example", consent_given=True)
    assert problems_of(no_wording)["consent_wording"] == ["Enter the words the person agreed to"]
    with pytest.raises(ValidationError) as no_name:
        refer(link_worker, ladywood, identity="named", consent_given=True, consent_wording=WORDING)
    assert "person_name" in problems_of(no_name)

    referral = refer(
        link_worker,
        ladywood,
        identity="named",
        person_name="Ann Example",
        person_contact="0121 000 0000",
        consent_given=True,
        consent_wording=WORDING,
    )
    assert referral.person_name == "Ann Example"
    assert referral.consent_wording == WORDING
    assert referral.consent_recorded_at is not None


def test_equality_answers_and_postcode_are_kept_only_with_consent_and_the_postcode_itself_never(
    link_worker, ladywood
):
    lsoa = LsoaFactory(parent=ladywood)
    PostcodeFactory(postcode="B16 8QG", lsoa=lsoa)
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, ethnic_group="asian_pakistani", consent_given=False)
    assert "consent_given" in problems_of(refused)
    with pytest.raises(ValidationError):
        refer(link_worker, ladywood, postcode="B16 8QG", consent_given=False)

    referral = refer(
        link_worker,
        ladywood,
        ethnic_group="asian_pakistani",
        age_band="25-34",
        postcode="b168qg",
        consent_given=True,
        consent_wording="I agree to my answers being kept to check the service reaches everyone.",
    )
    referral.refresh_from_db()
    assert (referral.ethnic_group, referral.age_band, referral.lsoa) == ("asian_pakistani", "25-34", lsoa)
    assert "B16" not in str(Referral.objects.filter(pk=referral.pk).values().get())


def test_an_unknown_postcode_or_an_unknown_answer_is_named_on_its_field(link_worker, ladywood):
    with pytest.raises(ValidationError) as refused:
        refer(
            link_worker,
            ladywood,
            postcode="ZZ9 9ZZ",
            ethnic_group="martian",
            consent_given=True,
            consent_wording=WORDING,
        )
    assert set(problems_of(refused)) >= {"postcode", "ethnic_group"}


def test_a_referral_needs_at_least_one_need_and_one_service_and_a_follow_up_date(link_worker, ladywood):
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, needs=[], services=[], follow_up_on=TODAY() - timedelta(days=1))
    assert set(problems_of(refused)) == {"needs", "services", "follow_up_on"}
    with pytest.raises(ValidationError) as unknown:
        refer(link_worker, ladywood, needs=["flying"])
    assert "needs" in problems_of(unknown)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("status", [Service.Status.DEFUNCT, Service.Status.INACTIVE])
def test_only_a_public_running_service_can_be_referred_to(link_worker, ladywood, status):
    closed = ServiceFactory(name="Closed café", status=status)
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, services=[closed])
    assert "Closed café" in problems_of(refused)["services"][0]


def test_only_a_link_worker_for_the_place_may_refer(ladywood):
    perry_barr = PlaceFactory(kind=Place.Kind.LOCALITY)
    for outsider in (UserFactory(), link_worker_for(perry_barr)):
        with pytest.raises(NotAllowed):
            refer(outsider, ladywood)
    assert not Referral.objects.exists()


def test_wellbeing_at_referral_is_stored_as_given_with_none_where_not_answered(link_worker, ladywood):
    referral = refer(link_worker, ladywood, wellbeing_items=[3, None, 2, 3, 4, 3, 3])
    stored = referral.wellbeing.get(stage=ReferralWellbeing.Stage.AT_REFERRAL)
    assert stored.items == [3, None, 2, 3, 4, 3, 3]
    assert swemwbs.metric_score(stored.items) is None
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, wellbeing_items=[6, 3, 3, 3, 3, 3, 3])
    assert "wellbeing_items" in problems_of(refused)


def test_a_referral_can_be_sent_to_one_more_service_once(link_worker, ladywood):
    referral = refer(link_worker, ladywood)
    another = ServiceFactory()
    services.add_service_to_referral(actor=link_worker, referral=referral, service=another)
    with pytest.raises(ValidationError):
        services.add_service_to_referral(actor=link_worker, referral=referral, service=another)
    assert referral.sent_to.count() == 2


# The receiving service ----------------------------------------------------------------------------


def test_the_service_accepts_a_referral_once_and_a_second_decision_is_refused(service):
    referral = ReferralFactory(services=[service])
    contact = contact_of(service.organisation)
    sent = referral.sent_to.get()

    services.decide_referral(actor=contact, referral_to=sent, accept=True)
    with pytest.raises(services.AlreadyDecided):
        services.decide_referral(actor=contact, referral_to=sent, accept=False, reason="Full")

    sent.refresh_from_db()
    assert sent.status == ReferralTo.Status.ACCEPTED
    assert sent.decided_by == contact


def test_declining_needs_a_reason(service):
    referral = ReferralFactory(services=[service])
    contact = contact_of(service.organisation)
    sent = referral.sent_to.get()
    with pytest.raises(ValidationError) as refused:
        services.decide_referral(actor=contact, referral_to=sent, accept=False, reason="  ")
    assert "reason" in problems_of(refused)
    services.decide_referral(actor=contact, referral_to=sent, accept=False, reason="The group is full")
    sent.refresh_from_db()
    assert (sent.status, sent.decline_reason) == (ReferralTo.Status.DECLINED, "The group is full")


def test_only_the_organisation_that_runs_the_service_decides_and_records_attendance(service, ladywood):
    referral = ReferralFactory(place=ladywood, services=[service])
    sent = referral.sent_to.get()
    other_contact = contact_of(ServiceFactory().organisation)
    for outsider in (other_contact, link_worker_for(ladywood), UserFactory()):
        with pytest.raises(NotAllowed):
            services.decide_referral(actor=outsider, referral_to=sent, accept=True)
        with pytest.raises(NotAllowed):
            services.record_attendance(actor=outsider, referral_to=sent, attended=False)


def test_attendance_is_recorded_after_acceptance_with_the_first_date_and_sessions(service):
    referral = ReferralFactory(services=[service])
    contact = contact_of(service.organisation)
    sent = referral.sent_to.get()
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=contact, referral_to=sent, attended=True, first_attended_on=TODAY(), sessions=1
        )
    services.decide_referral(actor=contact, referral_to=sent, accept=True)
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            actor=contact,
            referral_to=sent,
            attended=True,
            first_attended_on=TODAY() + timedelta(days=1),
            sessions=0,
        )
    assert set(problems_of(refused)) == {"first_attended_on", "sessions"}

    services.record_attendance(
        actor=contact, referral_to=sent, attended=True, first_attended_on=TODAY(), sessions=3
    )
    sent.refresh_from_db()
    assert (sent.status, sent.first_attended_on, sent.sessions_attended) == (
        ReferralTo.Status.ATTENDED,
        TODAY(),
        3,
    )

    services.record_attendance(actor=contact, referral_to=sent, attended=False)
    sent.refresh_from_db()
    assert (sent.status, sent.first_attended_on, sent.sessions_attended) == (
        ReferralTo.Status.DID_NOT_ATTEND,
        None,
        0,
    )


# Follow-up and closing -----------------------------------------------------------------------------


def test_a_follow_up_keeps_the_answers_once_and_the_change_comes_from_the_one_scoring_function(
    link_worker, ladywood
):
    referral = refer(link_worker, ladywood, wellbeing_items=ITEMS)
    services.record_follow_up(
        actor=link_worker, referral=referral, wellbeing_items=[4, 4, 3, 4, 4, 4, 4], taken_on=TODAY()
    )
    referral.refresh_from_db()
    assert referral.followed_up_on == TODAY()
    follow_up = referral.wellbeing.get(stage=ReferralWellbeing.Stage.FOLLOW_UP)
    assert follow_up.items == [4, 4, 3, 4, 4, 4, 4]
    with pytest.raises(ValidationError):
        services.record_follow_up(
            actor=link_worker, referral=referral, wellbeing_items=ITEMS, taken_on=TODAY()
        )
    with pytest.raises(ValidationError) as empty:
        services.record_follow_up(
            actor=link_worker,
            referral=refer(link_worker, ladywood),
            wellbeing_items=[None] * 7,
            taken_on=TODAY(),
        )
    assert "wellbeing_items" in problems_of(empty)


def test_own_words_become_insight_only_with_consent_and_without_a_name_unless_chosen(link_worker, ladywood):
    referral = refer(link_worker, ladywood)
    with pytest.raises(ValidationError) as refused:
        services.record_follow_up(
            actor=link_worker,
            referral=referral,
            wellbeing_items=ITEMS,
            taken_on=TODAY(),
            own_words="The walks got me out",
        )
    assert "own_words_consent" in problems_of(refused)
    assert not Insight.objects.exists()
    with pytest.raises(ValidationError) as named:
        services.record_follow_up(
            actor=link_worker,
            referral=referral,
            wellbeing_items=ITEMS,
            taken_on=TODAY(),
            own_words="The walks got me out",
            own_words_consent=True,
            consent_wording="You may use my words without my name.",
            publication="named",
        )
    assert "publication" in problems_of(named)

    services.record_follow_up(
        actor=link_worker,
        referral=referral,
        wellbeing_items=ITEMS,
        taken_on=TODAY(),
        own_words="The walks got me out of the house",
        own_words_consent=True,
        consent_wording="You may use my words without my name.",
        publication="anonymised",
    )
    insight = Insight.objects.get()
    assert insight.text == "The walks got me out of the house"
    assert (insight.place, insight.speaker_name, insight.publication) == (ladywood, "", "anonymised")
    assert insight.consent_wording == "You may use my words without my name."


def test_a_named_person_may_choose_to_be_published_with_their_name(link_worker, ladywood):
    referral = refer(
        link_worker,
        ladywood,
        identity="named",
        person_name="Ann Example",
        consent_given=True,
        consent_wording=WORDING,
    )
    services.record_follow_up(
        actor=link_worker,
        referral=referral,
        wellbeing_items=ITEMS,
        taken_on=TODAY(),
        own_words="I have friends now",
        own_words_consent=True,
        consent_wording="Use my words with my name.",
        publication="named",
    )
    assert Insight.objects.get().speaker_name == "Ann Example"


def test_a_closed_referral_takes_no_more_decisions_or_follow_ups(link_worker, ladywood, service):
    referral = refer(link_worker, ladywood, services=[service])
    services.close_referral(actor=link_worker, referral=referral)
    assert referral.closed_on == TODAY()
    with pytest.raises(ValidationError):
        services.close_referral(actor=link_worker, referral=referral)
    with pytest.raises(ValidationError):
        services.decide_referral(
            actor=contact_of(service.organisation), referral_to=referral.sent_to.get(), accept=True
        )
    with pytest.raises(ValidationError):
        services.record_follow_up(
            actor=link_worker, referral=referral, wellbeing_items=ITEMS, taken_on=TODAY()
        )
    with pytest.raises(NotAllowed):
        services.close_referral(actor=link_worker_for(PlaceFactory()), referral=referral)


def test_audit_entries_never_hold_the_persons_health_data(link_worker, ladywood, service):
    referral = refer(
        link_worker,
        ladywood,
        services=[service],
        identity="named",
        person_name="Ann Example",
        consent_given=True,
        consent_wording=WORDING,
        notes="Recently bereaved",
        wellbeing_items=ITEMS,
    )
    contact = contact_of(service.organisation)
    sent = services.decide_referral(actor=contact, referral_to=referral.sent_to.get(), accept=True)
    services.record_attendance(
        actor=contact, referral_to=sent, attended=True, first_attended_on=TODAY(), sessions=2
    )
    services.record_follow_up(actor=link_worker, referral=referral, wellbeing_items=ITEMS, taken_on=TODAY())
    written = " ".join(str(entry.changes) + str(entry.additional_data) for entry in audit.entries())
    for secret in ("Ann Example", "bereaved", "loneliness", "activity", "[3, 3"):
        assert secret not in written


# Download and erasure on request ---------------------------------------------------------------------


def test_the_team_downloads_everything_held_about_the_person_and_it_is_audited(link_worker, ladywood):
    referral = refer(
        link_worker,
        ladywood,
        identity="named",
        person_name="Ann Example",
        person_contact="ann@example.org",
        consent_given=True,
        consent_wording=WORDING,
        notes="Prefers mornings",
        wellbeing_items=ITEMS,
    )
    data = services.export_referral(actor=link_worker, referral=referral)
    assert (data["name"], data["contact"], data["notes"]) == (
        "Ann Example",
        "ann@example.org",
        "Prefers mornings",
    )
    assert data["wellbeing"][0]["answers"] == ITEMS
    assert sorted(data["needs"]) == ["Being more active", "Loneliness or isolation"]
    assert "referral.exported" in [audit.action_of(entry) for entry in audit.entries_for(referral)]
    with pytest.raises(NotAllowed):
        services.export_referral(
            actor=contact_of(referral.sent_to.get().service.organisation), referral=referral
        )


def test_erasure_removes_what_identifies_the_person_but_keeps_the_counts(link_worker, ladywood, service):
    lsoa = LsoaFactory(parent=ladywood)
    PostcodeFactory(postcode="B16 8QG", lsoa=lsoa)
    referral = refer(
        link_worker,
        ladywood,
        services=[service],
        identity="named",
        person_name="Ann Example",
        person_contact="ann@example.org",
        consent_given=True,
        consent_wording=WORDING,
        ethnic_group="black_caribbean",
        age_band="65-74",
        postcode="B16 8QG",
        notes="Prefers mornings",
        wellbeing_items=ITEMS,
    )
    services.record_follow_up(
        actor=link_worker,
        referral=referral,
        wellbeing_items=ITEMS,
        taken_on=TODAY(),
        own_words="I feel better",
        own_words_consent=True,
        consent_wording="Use my words with my name.",
        publication="named",
    )

    services.erase_referral(actor=link_worker, referral=referral)

    referral.refresh_from_db()
    assert (referral.person_name, referral.person_contact, referral.notes, referral.consent_wording) == (
        "",
        "",
        "",
        "",
    )
    assert (referral.ethnic_group, referral.age_band, referral.lsoa) == ("", "", None)
    assert referral.erased_on == TODAY() and referral.closed_on == TODAY()
    assert not referral.wellbeing.exists()
    assert referral.needs.count() == 2 and referral.sent_to.get().service == service
    words = Insight.objects.get()
    assert (words.origin_id, words.speaker_name, words.publication) == (None, "", "anonymised")
    assert "referral.erased" in [audit.action_of(entry) for entry in audit.entries_for(referral)]
    with pytest.raises(ValidationError):
        services.erase_referral(actor=link_worker, referral=referral)


def test_a_referral_first_made_on_paper_keeps_its_date_and_the_follow_up_is_counted_from_it(
    link_worker, ladywood
):
    made_on = TODAY() - timedelta(days=60)
    referral = refer(link_worker, ladywood, referred_on=made_on, follow_up_on=made_on + timedelta(days=42))
    assert (referral.referred_on, referral.follow_up_on) == (made_on, made_on + timedelta(days=42))
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, referred_on=TODAY() + timedelta(days=1))
    assert "referred_on" in problems_of(refused)
    with pytest.raises(ValidationError) as too_late:
        refer(link_worker, ladywood, follow_up_on=TODAY() + timedelta(days=400))
    assert "follow_up_on" in problems_of(too_late)


def test_the_primary_care_network_must_serve_the_area(link_worker, ladywood):
    from ostrom.decisions.models import Body

    ours = Body.objects.create(name="Ladywood PCN", slug="ladywood-pcn", kind=Body.Kind.PCN)
    ours.places.add(PlaceFactory(kind=Place.Kind.WARD, parent=ladywood))
    theirs = Body.objects.create(name="Perry Barr PCN", slug="perry-barr-pcn", kind=Body.Kind.PCN)
    theirs.places.add(PlaceFactory(kind=Place.Kind.LOCALITY))
    assert refer(link_worker, ladywood, pcn=ours).pcn == ours
    with pytest.raises(ValidationError) as refused:
        refer(link_worker, ladywood, pcn=theirs)
    assert "pcn" in problems_of(refused)
