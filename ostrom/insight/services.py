"""Every write to insight: recording a story, quote, case study or case for action with the person's
consent, editing it, withdrawing consent, erasing it, and starting imports and bring-ins. Each write is
one transaction with its audit entry."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress, Upload
from ostrom.core.validation import raise_problems
from ostrom.decisions import services as decision_services

from . import tasks
from .models import CaseForAction, CostLine, Insight
from .money import Totals, money, totals_of
from .validation import check_case_fields, check_cost_lines, check_insight_fields

ONLY_COORDINATORS = gettext_lazy("Only a coordinator for this place can record insight there")
WITHDRAWN_CANNOT_CHANGE = gettext_lazy(
    "The person withdrew their consent, so this can no longer be changed. Erase it if they ask you to"
)
WITHDRAWN_CITATION = "The person who said this withdrew their consent, so it is no longer shown."
INPUT_KIND = "insight.insight"
SOURCES = ("conversations", "surveys", "events", "meetings")

_RECORDED_FIELDS = [
    "kind",
    "title",
    "text",
    "source",
    "place",
    "subgroup",
    "said_on",
    "speaker",
    "speaker_name",
    "speaker_group",
    "publication",
    "consent_wording",
]


class FiguresDoNotAddUp(ValidationError):
    """A total was sent that differs from the sum of the lines."""


def _ensure_records(user, place) -> None:
    permissions.ensure(permissions.can_record_insight(user, place=place), ONLY_COORDINATORS)


# What a coordinator says about an insight, as record_insight and update_insight take it.
_DETAILS = (
    "kind",
    "title",
    "text",
    "source",
    "said_on",
    "speaker_name",
    "speaker_group",
    "consent_to_use",
    "publication",
    "consent_wording",
)


def _details(arguments: dict) -> dict:
    """The insight's details from a service's keyword arguments (its `locals()` on entry)."""
    return {name: arguments[name] for name in _DETAILS}


def _clean(details: dict, *, speaker, kinds=None) -> dict:
    problems: dict = {}
    extra = {"kinds": kinds} if kinds else {}
    check_insight_fields(
        problems,
        kind=details["kind"],
        title=details.get("title", ""),
        text=details["text"],
        source=details["source"],
        said_on=details["said_on"],
        speaker_name=details.get("speaker_name", ""),
        speaker_group=details.get("speaker_group", ""),
        consent_to_use=details["consent_to_use"],
        publication=details["publication"],
        consent_wording=details["consent_wording"],
        has_speaker_account=speaker is not None,
        **extra,
    )
    raise_problems(problems)
    return {
        "kind": details["kind"],
        "title": details.get("title", "").strip(),
        "text": details["text"].strip(),
        "source": details["source"],
        "said_on": details["said_on"],
        "speaker_name": details.get("speaker_name", "").strip(),
        "speaker_group": details.get("speaker_group", ""),
        "consent_to_use": True,
        "publication": details["publication"],
        "consent_wording": details["consent_wording"].strip(),
    }


@transaction.atomic
def record_insight(
    *,
    coordinator,
    place,
    kind: str,
    text: str,
    source: str,
    said_on,
    consent_to_use: bool,
    publication: str,
    consent_wording: str,
    title: str = "",
    subgroup=None,
    speaker=None,
    speaker_name: str = "",
    speaker_group: str = "",
    is_demo: bool = False,
) -> Insight:
    """Keep what someone said, only with their consent to use it; publish it only as they agreed
    (not at all, without their name, or with it). The consent wording is kept with who recorded it."""
    arguments = locals()
    _ensure_records(coordinator, place)
    fields = _clean(_details(arguments), speaker=speaker)
    insight = Insight.objects.create(
        **fields,
        place=place,
        subgroup=subgroup,
        speaker=speaker,
        consent_recorded_at=timezone.now(),
        consent_recorded_by=coordinator,
        created_by=coordinator,
        is_demo=is_demo,
    )
    audit.record(actor=coordinator, action="insight.created", target=insight)
    return insight


@transaction.atomic
def record_story_from_return(
    *,
    teller,
    organisation,
    place,
    title: str,
    text: str,
    said_on,
    consent_wording: str,
    return_id: int,
) -> Insight:
    """A story an organisation told in its impact return, kept as insight because they ticked that
    the people in it agreed (the wording they agreed to is kept). Only someone who may submit the
    organisation's returns tells it; it is not published unless a coordinator records more consent.
    The same return's story is kept once (`brought_in_once`)."""
    permissions.ensure(
        permissions.can_submit_return(teller, organisation),
        gettext("Only the organisation's contacts tell its stories"),
    )
    fields = _clean(
        {
            "kind": Insight.Kind.STORY,
            "title": title[:200],
            "text": text,
            "source": Insight.Source.OTHER,
            "said_on": said_on,
            "consent_to_use": True,
            "publication": Insight.Publication.NOT_PUBLISHED,
            "consent_wording": consent_wording,
        },
        speaker=None,
    )
    insight = Insight.objects.create(
        **fields,
        origin_kind="impact.return",
        origin_id=return_id,
        place=place,
        consent_recorded_at=timezone.now(),
        consent_recorded_by=teller,
        created_by=teller,
    )
    audit.record(actor=teller, action="insight.created", target=insight, note="From an impact return")
    return insight


REFERRAL_ORIGIN = "referrals.referral"
REFERRAL_TITLE = "In their words, at a social prescribing follow-up"


@transaction.atomic
def record_words_from_referral(
    *,
    link_worker,
    place,
    referral_id: int,
    text: str,
    said_on,
    publication: str,
    consent_wording: str,
    speaker_name: str = "",
) -> Insight:
    """What a person said at their social prescribing follow-up, kept as insight because they agreed
    (the wording is kept). Only a link worker for the place records it; it carries no name unless the
    person chose to be published with it, and nothing else from their referral (the link is kept only
    so the person's erasure can find it)."""
    permissions.ensure(
        permissions.can_refer(link_worker, place), gettext("Only the link workers for this place record this")
    )
    fields = _clean(
        {
            "kind": Insight.Kind.QUOTE,
            "title": REFERRAL_TITLE,
            "text": text,
            "source": Insight.Source.OTHER,
            "said_on": said_on,
            "speaker_name": speaker_name if publication == Insight.Publication.NAMED else "",
            "consent_to_use": True,
            "publication": publication,
            "consent_wording": consent_wording,
        },
        speaker=None,
    )
    insight = Insight.objects.create(
        **fields,
        origin_kind=REFERRAL_ORIGIN,
        origin_id=referral_id,
        place=place,
        consent_recorded_at=timezone.now(),
        consent_recorded_by=link_worker,
        created_by=link_worker,
    )
    audit.record(
        actor=link_worker,
        action="insight.created",
        target=insight,
        note="From a social prescribing follow-up",
    )
    return insight


def unlink_words_from_referral(*, actor, referral_id: int) -> int:
    """On the person's erasure: their words stay as insight they agreed to, but no longer lead back to
    their referral, and any name goes. Runs inside the caller's transaction; returns how many."""
    changed = 0
    for insight in Insight.objects.filter(origin_kind=REFERRAL_ORIGIN, origin_id=referral_id):
        insight.origin_kind, insight.origin_id, insight.speaker_name = "", None, ""
        if insight.publication == Insight.Publication.NAMED:
            insight.publication = Insight.Publication.ANONYMISED
        insight.save(update_fields=["origin_kind", "origin_id", "speaker_name", "publication", "updated_at"])
        audit.record(
            actor=actor, action="insight.unlinked", target=insight, note="The person's referral was erased"
        )
        changed += 1
    return changed


def _ensure_not_withdrawn(insight: Insight) -> None:
    if insight.consent_withdrawn_at is not None:
        raise ValidationError(WITHDRAWN_CANNOT_CHANGE)


@transaction.atomic
def update_insight(
    *,
    coordinator,
    insight: Insight,
    place,
    kind: str,
    text: str,
    source: str,
    said_on,
    consent_to_use: bool,
    publication: str,
    consent_wording: str,
    title: str = "",
    subgroup=None,
    speaker=None,
    speaker_name: str = "",
    speaker_group: str = "",
) -> Insight:
    """Change what was recorded. A change to how it may be published, or to the words agreed to, is a
    new record of consent: who recorded it and when are kept with it."""
    arguments = locals()
    _ensure_records(coordinator, insight.place)
    _ensure_records(coordinator, place)
    _ensure_not_withdrawn(insight)
    kinds = [Insight.Kind.CASE_FOR_ACTION] if insight.kind == Insight.Kind.CASE_FOR_ACTION else None
    fields = _clean(_details(arguments), speaker=speaker, kinds=kinds)
    before = {field: getattr(insight, field) for field in _RECORDED_FIELDS}
    for field, value in {**fields, "place": place, "subgroup": subgroup, "speaker": speaker}.items():
        setattr(insight, field, value)
    changes = audit.changed_fields(insight, before, _RECORDED_FIELDS)
    if "publication" in changes or "consent_wording" in changes:
        insight.consent_recorded_at, insight.consent_recorded_by = timezone.now(), coordinator
    insight.save()
    # Words people said are not copied into the audit log: only which fields changed.
    audit.record(
        actor=coordinator,
        action="insight.changed",
        target=insight,
        changes={
            field: change for field, change in changes.items() if field in ("kind", "source", "publication")
        },
        note="Changed: " + ", ".join(sorted(changes)) if changes else "",
    )
    return insight


def _blank_citations(insight: Insight, *, actor, reason: str) -> None:
    """A decision keeps the words of the input it cites; once the person withdraws consent (or the
    insight is erased) those words leave the public record too."""
    decision_services.withdraw_cited_input(
        actor=actor, kind=INPUT_KIND, object_id=insight.pk, title="Withdrawn insight", reason=reason
    )


@transaction.atomic
def withdraw_consent(*, coordinator, insight: Insight) -> Insight:
    """The person no longer agrees: unpublished at once everywhere (pages, API, search, exports,
    decisions citing it), kept only for the coordinators until someone erases it."""
    _ensure_records(coordinator, insight.place)
    _ensure_not_withdrawn(insight)
    insight.consent_withdrawn_at = timezone.now()
    insight.save(update_fields=["consent_withdrawn_at", "updated_at"])
    _blank_citations(insight, actor=coordinator, reason=WITHDRAWN_CITATION)
    audit.record(actor=coordinator, action="insight.consent_withdrawn", target=insight)
    return insight


@transaction.atomic
def erase_insight(*, coordinator, insight: Insight) -> None:
    """Delete it and its case for action; decisions citing it keep only a note that it was withdrawn."""
    _ensure_records(coordinator, insight.place)
    _blank_citations(insight, actor=coordinator, reason=WITHDRAWN_CITATION)
    audit.record(actor=coordinator, action="insight.erased", target=insight)
    insight.delete()


# Cases for action -------------------------------------------------------------------------------


def _check_total(lines: list[dict], stated_net_saving) -> Totals:
    totals = totals_of(lines)
    if stated_net_saving not in (None, ""):
        try:
            stated = Decimal(str(stated_net_saving).replace(",", "").replace("£", ""))
        except ArithmeticError:
            stated = None
        if stated is None or not stated.is_finite() or stated != totals.net_saving:
            raise FiguresDoNotAddUp(
                {
                    "stated_net_saving": gettext(
                        "The figures do not add up: the lines come to %(amount)s (%(net)s)"
                    )
                    % {"amount": money(totals.net_saving), "net": totals.net_in_words}
                }
            )
    return totals


def _case_problems(*, problem, who_is_affected, proposed_action, lines) -> tuple[dict, list[dict]]:
    problems: dict = {}
    check_case_fields(
        problems, problem=problem, who_is_affected=who_is_affected, proposed_action=proposed_action
    )
    clean = check_cost_lines(problems, lines)
    return problems, clean


@transaction.atomic
def record_case_for_action(
    *,
    coordinator,
    place,
    title: str,
    text: str,
    source: str,
    said_on,
    problem: str,
    who_is_affected: str,
    proposed_action: str,
    lines: Sequence[dict],
    consent_wording: str,
    publication: str = Insight.Publication.ANONYMISED,
    speaker_name: str = "",
    subgroup=None,
    stated_net_saving=None,
    is_demo: bool = False,
) -> Insight:
    """A case for action: the problem, who is affected, the proposed action, and its cost or saving to
    the NHS line by line (unit cost with its source times quantity). The total is always worked out
    here; a total sent with it must match, or nothing is kept."""
    _ensure_records(coordinator, place)
    problems: dict = {}
    check_insight_fields(
        problems,
        kind=Insight.Kind.CASE_FOR_ACTION,
        title=title,
        text=text,
        source=source,
        said_on=said_on,
        speaker_name=speaker_name,
        speaker_group="",
        consent_to_use=True,
        publication=publication,
        consent_wording=consent_wording,
        kinds=[Insight.Kind.CASE_FOR_ACTION],
    )
    if isinstance(title, str) and not title.strip() and "title" not in problems:
        problems["title"] = gettext("Enter a title for the case for action")
    case_problems, clean_lines = _case_problems(
        problem=problem, who_is_affected=who_is_affected, proposed_action=proposed_action, lines=list(lines)
    )
    raise_problems({**problems, **case_problems})
    _check_total(clean_lines, stated_net_saving)
    insight = Insight.objects.create(
        kind=Insight.Kind.CASE_FOR_ACTION,
        title=title.strip(),
        text=text.strip(),
        source=source,
        place=place,
        subgroup=subgroup,
        said_on=said_on,
        speaker_name=speaker_name.strip(),
        consent_to_use=True,
        publication=publication,
        consent_wording=consent_wording.strip(),
        consent_recorded_at=timezone.now(),
        consent_recorded_by=coordinator,
        created_by=coordinator,
        is_demo=is_demo,
    )
    case = CaseForAction.objects.create(
        insight=insight,
        problem=problem.strip(),
        who_is_affected=who_is_affected.strip(),
        proposed_action=proposed_action.strip(),
    )
    CostLine.objects.bulk_create([CostLine(case=case, **line) for line in clean_lines])
    audit.record(actor=coordinator, action="insight.created", target=insight, note="A case for action")
    return insight


@transaction.atomic
def update_case_for_action(
    *,
    coordinator,
    insight: Insight,
    problem: str,
    who_is_affected: str,
    proposed_action: str,
    lines: Sequence[dict],
    stated_net_saving=None,
) -> CaseForAction:
    """Change the case and replace its lines; the total is worked out again."""
    _ensure_records(coordinator, insight.place)
    _ensure_not_withdrawn(insight)
    problems, clean_lines = _case_problems(
        problem=problem, who_is_affected=who_is_affected, proposed_action=proposed_action, lines=list(lines)
    )
    raise_problems(problems)
    before = totals_of(insight.case.lines.all())
    after = _check_total(clean_lines, stated_net_saving)
    case = insight.case
    case.problem, case.who_is_affected, case.proposed_action = (
        problem.strip(),
        who_is_affected.strip(),
        proposed_action.strip(),
    )
    case.save()
    case.lines.all().delete()
    CostLine.objects.bulk_create([CostLine(case=case, **line) for line in clean_lines])
    audit.record(
        actor=coordinator,
        action="case_for_action.changed",
        target=insight,
        changes={"net_saving": (before.net_saving, after.net_saving)},
    )
    return case


# Imports and bringing in ------------------------------------------------------------------------


def start_insight_import(*, coordinator, content: bytes, filename: str) -> Progress:
    """Queue an import of insight from a CSV or XLSX file (`importing.import_insight`): every row is
    checked first, and one bad row means nothing is kept."""
    permissions.ensure(permissions.can_record_any_insight(coordinator), ONLY_COORDINATORS)
    with transaction.atomic():
        progress = start_task(
            tasks.import_insight_task,
            title=(gettext("Importing insight from %(file)s") % {"file": filename})[:200],
            retry_url=reverse("insight:import"),
            started_by=coordinator,
        )
        Upload.objects.create(progress=progress, filename=filename[:200], content=content)
    return progress


def start_bring_in(*, coordinator, place, sources: Sequence[str]) -> Progress:
    """Queue bringing in the free text already in Ostrom for a place (`bringing_in.bring_in`)."""
    _ensure_records(coordinator, place)
    unknown = [source for source in sources if source not in SOURCES]
    if unknown or not sources:
        raise ValidationError({"sources": gettext("Select at least one kind of text to bring in")})
    with transaction.atomic():
        return start_task(
            tasks.bring_in_task,
            title=(gettext("Bringing in comments for %(place)s") % {"place": place.name})[:200],
            started_by=coordinator,
            place_id=place.pk,
            sources=list(sources),
        )


# Personal data ----------------------------------------------------------------------------------


def personal_data_of(user) -> dict:
    said = Insight.objects.filter(speaker=user).select_related("place")
    return {
        "insight_you_gave": [
            {
                "kind": insight.get_kind_display(),
                "text": insight.text,
                "place": insight.place.name,
                "said_on": insight.said_on.isoformat(),
                "published": insight.get_publication_display() if insight.is_published else "Not published",
                "consent_wording": insight.consent_wording,
                "consent_withdrawn_at": insight.consent_withdrawn_at.isoformat()
                if insight.consent_withdrawn_at
                else "",
            }
            for insight in said
        ],
        "insight_you_recorded": Insight.objects.filter(created_by=user).count(),
        "consent_you_recorded": Insight.objects.filter(consent_recorded_by=user).count(),
    }


def erase_personal_data_of(user) -> None:
    """Runs inside `accounts.services.erase_person`'s transaction: what the person said is theirs, so it
    goes (and decisions citing it keep only a note); what they recorded about others stays, unlinked."""
    for insight in Insight.objects.filter(speaker=user):
        _blank_citations(insight, actor=None, reason=WITHDRAWN_CITATION)
        insight.delete()
    Insight.objects.filter(created_by=user).update(created_by=None)
    Insight.objects.filter(consent_recorded_by=user).update(consent_recorded_by=None)
