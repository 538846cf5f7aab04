"""Every write to a social prescribing referral: making it, the receiving service's decision and the
person's attendance, the follow-up with their wellbeing and their own words, closing it, and the
person's download and erasure on request. One transaction each, with its audit entry; audit entries
never hold health data (needs, wellbeing, notes, equality answers) in their changes."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.assets.models import Service
from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems
from ostrom.decisions.models import Body
from ostrom.insight import services as insight_services
from ostrom.insight.models import Insight
from ostrom.places.models import Place, Postcode

from . import validation
from .models import Referral, ReferralNeed, ReferralTo, ReferralWellbeing

ONLY_LINK_WORKERS = gettext_lazy("Only the link workers for this place can do this")
ONLY_THE_SERVICE = gettext_lazy("Only the organisation that runs this service can do this")
CLOSED = gettext_lazy("This referral is closed")
ERASED = gettext_lazy(
    "The person's details were erased at their request, so this referral can no longer change"
)


class AlreadyDecided(ValidationError):
    """The service has already accepted or declined this referral; the first decision stands."""

    def __init__(self, status_label: str):
        super().__init__(
            gettext("This referral has already been %(status)s: the first decision stands")
            % {"status": status_label.lower()}
        )


def _ensure_team(actor, referral: Referral) -> None:
    permissions.ensure(permissions.can_refer(actor, referral.place), ONLY_LINK_WORKERS)


def _ensure_open(referral: Referral) -> None:
    if referral.erased_on is not None:
        raise ValidationError(ERASED)
    if referral.closed_on is not None:
        raise ValidationError(CLOSED)


def _open_services(services: Iterable, problems: dict) -> list[Service]:
    """The chosen services, each public and running now; a problem on "services" otherwise."""
    chosen = list(services or [])
    if not chosen:
        problems["services"] = validation.SERVICE_NEEDED
        return []
    ids = {service.pk for service in chosen}
    found = list(Service.objects.public().active().filter(pk__in=ids).select_related("organisation"))
    if len(found) != len(ids):
        closed = sorted(service.name for service in chosen if service.pk not in {s.pk for s in found})
        problems["services"] = validation.SERVICE_NOT_OPEN.format(names=", ".join(closed))
    return found


def _lsoa_of(postcode: str, problems: dict) -> Place | None:
    """The small area the postcode lies in. The postcode itself is never kept."""
    if "postcode" in problems or not postcode.strip():
        return None
    found = Postcode.objects.filter(postcode=Postcode.normalise(postcode)).select_related("lsoa").first()
    if found is None:
        problems["postcode"] = validation.UNKNOWN_POSTCODE
        return None
    return found.lsoa


def _serves(pcn: Body, place: Place) -> bool:
    """A primary care network whose places lie in the area, or cover it."""
    around = [ancestor.pk for ancestor in place.ancestors(include_self=True)]
    inside = Place.objects.within(place).values("pk")
    return pcn.kind == Body.Kind.PCN and (
        pcn.places.filter(pk__in=around).exists() or pcn.places.filter(pk__in=inside).exists()
    )


@transaction.atomic
def make_referral(
    *,
    actor,
    place: Place,
    identity: str,
    needs: Sequence[str],
    services: Iterable[Service],
    follow_up_on: date,
    pcn: Body | None = None,
    person_name: str = "",
    person_contact: str = "",
    consent_given: bool = False,
    consent_wording: str = "",
    ethnic_group: str = "",
    age_band: str = "",
    postcode: str = "",
    wellbeing_items: Sequence | None = None,
    notes: str = "",
    referred_on: date | None = None,
    is_demo: bool = False,
) -> Referral:
    """Refer a person to one or more services. By name only with their consent (the words they agreed
    to are kept with the time); otherwise by reference number only, and no name or contact is kept.
    Their ethnic group, age band and small area (from the postcode, which is not kept) only with
    their consent too. `referred_on` (today unless given) is for a referral first made on paper."""
    permissions.ensure(permissions.can_refer(actor, place), ONLY_LINK_WORKERS)
    problems: dict = {}
    referred_on = timezone.localdate() if referred_on is None else referred_on
    validation.check_referred_on(problems, referred_on)
    validation.check_identity(
        problems,
        identity=identity,
        person_name=person_name,
        person_contact=person_contact,
        consent_given=consent_given,
    )
    validation.check_consent(
        problems,
        consent_given=consent_given,
        consent_wording=consent_wording,
        ethnic_group=ethnic_group,
        age_band=age_band,
        postcode=postcode,
    )
    needs = validation.check_needs(problems, needs)
    chosen = _open_services(services, problems)
    validation.check_follow_up_on(problems, follow_up_on, referred_on=referred_on)
    items = validation.check_items(problems, wellbeing_items, field="wellbeing_items", required=False)
    check_text(problems, "notes", notes, max_length=validation.NOTES_LIMIT)
    if pcn is not None and not _serves(pcn, place):
        problems["pcn"] = gettext("Select a primary care network in this area")
    lsoa = _lsoa_of(postcode, problems)
    raise_problems(problems)

    named = identity == Referral.Identity.NAMED
    referral = Referral(
        place=place,
        pcn=pcn,
        made_by=actor,
        identity=identity,
        person_name=person_name.strip() if named else "",
        person_contact=person_contact.strip() if named else "",
        consent_wording=consent_wording.strip() if consent_given else "",
        consent_recorded_at=timezone.now() if consent_given else None,
        ethnic_group=ethnic_group if consent_given else "",
        age_band=age_band if consent_given else "",
        lsoa=lsoa if consent_given else None,
        notes=notes.strip(),
        referred_on=referred_on,
        follow_up_on=follow_up_on,
        is_demo=is_demo,
    )
    # The reference is random; a clash with an existing one is retried rather than checked first.
    for _ in range(5):
        try:
            with transaction.atomic():
                referral.save()
            break
        except IntegrityError:
            referral.reference = Referral._meta.get_field("reference").default()
    else:
        raise RuntimeError("Could not find a free referral reference")
    ReferralNeed.objects.bulk_create([ReferralNeed(referral=referral, need=need) for need in needs])
    ReferralTo.objects.bulk_create([ReferralTo(referral=referral, service=service) for service in chosen])
    if items is not None:
        ReferralWellbeing.objects.create(
            referral=referral,
            stage=ReferralWellbeing.Stage.AT_REFERRAL,
            items=items,
            taken_on=referral.referred_on,
        )
    audit.record(actor=actor, action="referral.created", target=referral)
    return referral


@transaction.atomic
def add_service_to_referral(*, actor, referral: Referral, service: Service) -> ReferralTo:
    """Send an open referral to one more service (public and running now), once."""
    _ensure_team(actor, referral)
    _ensure_open(referral)
    problems: dict = {}
    chosen = _open_services([service], problems)
    raise_problems(problems)
    sent, created = ReferralTo.objects.get_or_create(referral=referral, service=chosen[0])
    if not created:
        raise ValidationError(
            {
                "service": gettext("This referral has already been sent to %(service)s")
                % {"service": service.name}
            }
        )
    audit.record(actor=actor, action="referral.sent_to_service", target=referral, note=service.name)
    return sent


@transaction.atomic
def decide_referral(*, actor, referral_to: ReferralTo, accept: bool, reason: str = "") -> ReferralTo:
    """The receiving service accepts the referral, or declines it with a reason the link worker sees.
    Decided once: the row is locked, so two people deciding at the same moment cannot both win."""
    permissions.ensure(permissions.can_handle_referral(actor, referral_to), ONLY_THE_SERVICE)
    problems: dict = {}
    if accept not in (True, False):
        problems["accept"] = gettext("Select whether the service can take this referral")
    check_text(
        problems,
        "reason",
        reason,
        max_length=validation.REASON_LIMIT,
        required=None if accept is not False else validation.DECLINE_REASON_NEEDED,
    )
    raise_problems(problems)
    locked = ReferralTo.objects.select_for_update().select_related("referral").get(pk=referral_to.pk)
    _ensure_open(locked.referral)
    if locked.status != ReferralTo.Status.SENT:
        raise AlreadyDecided(locked.get_status_display())
    locked.status = ReferralTo.Status.ACCEPTED if accept else ReferralTo.Status.DECLINED
    locked.decline_reason = "" if accept else reason.strip()
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="referral.accepted" if accept else "referral.declined",
        target=locked,
        changes={"status": (ReferralTo.Status.SENT, locked.status)},
    )
    return locked


@transaction.atomic
def record_attendance(
    *,
    actor,
    referral_to: ReferralTo,
    attended: bool,
    first_attended_on: date | None = None,
    sessions: int = 0,
) -> ReferralTo:
    """Whether the person came to an accepted referral: the date they first came and how many
    sessions, or that they did not come. Recorded again, it replaces what was there."""
    permissions.ensure(permissions.can_handle_referral(actor, referral_to), ONLY_THE_SERVICE)
    locked = ReferralTo.objects.select_for_update().select_related("referral").get(pk=referral_to.pk)
    _ensure_open(locked.referral)
    if locked.status in (ReferralTo.Status.SENT, ReferralTo.Status.DECLINED):
        raise ValidationError(gettext("Accept the referral before recording whether the person came"))
    problems: dict = {}
    if attended not in (True, False):
        problems["attended"] = gettext("Select whether the person came")
    elif attended:
        validation.check_past_date(
            problems,
            "first_attended_on",
            first_attended_on,
            not_before=locked.referral.referred_on,
            what="they first came",
        )
    validation.check_sessions(problems, sessions, attended=attended is True)
    raise_problems(problems)
    before = locked.status
    locked.status = ReferralTo.Status.ATTENDED if attended else ReferralTo.Status.DID_NOT_ATTEND
    locked.first_attended_on = first_attended_on if attended else None
    locked.sessions_attended = sessions if attended else 0
    locked.save(update_fields=["status", "first_attended_on", "sessions_attended"])
    audit.record(
        actor=actor,
        action="referral.attendance_recorded",
        target=locked,
        changes={"status": (before, locked.status)},
    )
    return locked


@transaction.atomic
def record_follow_up(
    *,
    actor,
    referral: Referral,
    wellbeing_items: Sequence,
    taken_on: date,
    own_words: str = "",
    own_words_consent: bool = False,
    consent_wording: str = "",
    publication: str = Insight.Publication.NOT_PUBLISHED,
) -> ReferralWellbeing:
    """The person's wellbeing at follow-up (the 7 answers as given, None where not answered), and their
    own words as insight only with their consent, published only as they chose (with their name only
    if they were referred by name and chose that)."""
    _ensure_team(actor, referral)
    _ensure_open(referral)
    problems: dict = {}
    items = validation.check_items(problems, wellbeing_items, field="wellbeing_items", required=True)
    validation.check_past_date(
        problems, "taken_on", taken_on, not_before=referral.referred_on, what="of the follow-up"
    )
    check_text(problems, "own_words", own_words, max_length=validation.WORDS_LIMIT)
    has_words = isinstance(own_words, str) and bool(own_words.strip())
    if has_words and own_words_consent is not True:
        problems["own_words_consent"] = validation.WORDS_CONSENT_NEEDED
    if publication == Insight.Publication.NAMED and not referral.person_name:
        problems["publication"] = gettext("Only a person referred by name can be published with their name")
    raise_problems(problems)
    try:
        with transaction.atomic():
            wellbeing = ReferralWellbeing.objects.create(
                referral=referral, stage=ReferralWellbeing.Stage.FOLLOW_UP, items=items, taken_on=taken_on
            )
    except IntegrityError:
        raise ValidationError(gettext("A follow-up has already been recorded for this referral")) from None
    if has_words:
        insight_services.record_words_from_referral(
            link_worker=actor,
            place=referral.place,
            referral_id=referral.pk,
            text=own_words,
            said_on=taken_on,
            publication=publication,
            consent_wording=consent_wording,
            speaker_name=referral.person_name,
        )
    referral.followed_up_on = taken_on
    referral.save(update_fields=["followed_up_on"])
    audit.record(actor=actor, action="referral.followed_up", target=referral)
    return wellbeing


@transaction.atomic
def close_referral(*, actor, referral: Referral) -> Referral:
    """Nothing more to do for this person: the referral leaves the team's open list."""
    _ensure_team(actor, referral)
    _ensure_open(referral)
    referral.closed_on = timezone.localdate()
    referral.save(update_fields=["closed_on"])
    audit.record(actor=actor, action="referral.closed", target=referral)
    return referral


def note_viewed(*, viewer, referral: Referral, by: str = "") -> None:
    """Every read of a person's referral goes in the audit log: who, when and which referral."""
    audit.record(actor=viewer, action="referral.viewed", target=referral, note=by)


@transaction.atomic
def export_referral(*, actor, referral: Referral) -> dict:
    """Everything held about the person in this referral, for them (they usually have no account)."""
    _ensure_team(actor, referral)
    audit.record(actor=actor, action="referral.exported", target=referral)
    return referral_data(referral)


def referral_data(referral: Referral) -> dict:
    words = Insight.objects.filter(origin_kind=insight_services.REFERRAL_ORIGIN, origin_id=referral.pk)
    return {
        "reference": referral.reference,
        "place": referral.place.name,
        "referred_on": referral.referred_on.isoformat(),
        "identity": referral.get_identity_display(),
        "name": referral.person_name,
        "contact": referral.person_contact,
        "consent_wording": referral.consent_wording,
        "consent_recorded_at": referral.consent_recorded_at.isoformat()
        if referral.consent_recorded_at
        else None,
        "ethnic_group": referral.get_ethnic_group_display() if referral.ethnic_group else "",
        "age_band": referral.get_age_band_display() if referral.age_band else "",
        "area_lived_in": referral.lsoa.name if referral.lsoa_id else "",
        "needs": [need.get_need_display() for need in referral.needs.all()],
        "services": [
            {
                "service": sent.service.name,
                "organisation": sent.service.organisation.name,
                "status": sent.get_status_display(),
                "decline_reason": sent.decline_reason,
                "first_attended_on": sent.first_attended_on.isoformat() if sent.first_attended_on else None,
                "sessions_attended": sent.sessions_attended,
            }
            for sent in referral.sent_to.select_related("service__organisation")
        ],
        "wellbeing": [
            {"stage": row.get_stage_display(), "taken_on": row.taken_on.isoformat(), "answers": row.items}
            for row in referral.wellbeing.order_by("taken_on")
        ],
        "own_words": [
            {"text": insight.text, "publication": insight.get_publication_display()} for insight in words
        ],
        "notes": referral.notes,
        "follow_up_on": referral.follow_up_on.isoformat() if referral.follow_up_on else None,
        "followed_up_on": referral.followed_up_on.isoformat() if referral.followed_up_on else None,
        "closed_on": referral.closed_on.isoformat() if referral.closed_on else None,
    }


@transaction.atomic
def erase_referral(*, actor, referral: Referral) -> Referral:
    """The person asked: their name, contact, consent, equality answers, small area, notes and wellbeing
    answers go, and their words (kept as insight they agreed to) no longer lead back here. What a report
    counts stays, with nothing that points at them: the place, the date, the needs and each service's
    decision and attendance. The referral is closed."""
    _ensure_team(actor, referral)
    if referral.erased_on is not None:
        raise ValidationError(gettext("The person's details have already been erased"))
    _erase_identity(actor=actor, referral=referral)
    audit.record(actor=actor, action="referral.erased", target=referral)
    return referral


def erase_identities_of_referrals_closed_before(*, closed_before) -> int:
    """The retention schedule: once a referral has been closed for as long as the schedule says, the
    person's details go exactly as when they ask (`erase_referral`); the anonymous counts stay. Runs
    inside `core.retention.apply_retention`'s transaction, which keeps the one audit entry."""
    count = 0
    for referral in Referral.objects.filter(erased_on__isnull=True, closed_on__lt=closed_before):
        _erase_identity(actor=None, referral=referral)
        count += 1
    return count


def _erase_identity(*, actor, referral: Referral) -> None:
    referral.identity = Referral.Identity.REFERENCE_ONLY
    referral.person_name = referral.person_contact = referral.consent_wording = ""
    referral.consent_recorded_at = None
    referral.ethnic_group = referral.age_band = ""
    referral.lsoa = None
    referral.notes = ""
    referral.erased_on = timezone.localdate()
    referral.closed_on = referral.closed_on or referral.erased_on
    referral.save()
    referral.wellbeing.all().delete()
    insight_services.unlink_words_from_referral(actor=actor, referral_id=referral.pk)
