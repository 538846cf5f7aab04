"""The decision panel: its targets and seats, paid time, declared interests, scores and the shortlist."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext

from ostrom.accounts import permissions
from ostrom.accounts.models import Role
from ostrom.accounts.permissions import NotAllowed
from ostrom.accounts.services import grant_role
from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems
from ostrom.places.models import Place

from ..models import Application, Assessment, ConflictOfInterest, Panel, PanelSeat, Round
from ..selectors import is_conflicted, seat_of
from .rules import NOT_ON_PANEL, ONLY_COORDINATORS, PhaseClosed, check_amount, check_whole_number


class Conflicted(Exception):
    """A member with a declared interest cannot score or see the discussion of that application."""


@transaction.atomic
def set_up_panel(
    *,
    coordinator,
    funding_round: Round,
    seat_count: int,
    lived_experience_target: int,
    localities_target: int,
    ethnic_groups_target: int,
    hourly_rate: Decimal,
) -> Panel:
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    problems = {}
    check_whole_number(problems, "seat_count", seat_count, smallest=1, largest=50)
    check_whole_number(problems, "lived_experience_target", lived_experience_target, smallest=0, largest=100)
    check_whole_number(problems, "localities_target", localities_target, smallest=0, largest=20)
    check_whole_number(problems, "ethnic_groups_target", ethnic_groups_target, smallest=0, largest=5)
    check_amount(problems, "hourly_rate", hourly_rate, largest=Decimal("9999.99"))
    raise_problems(problems)
    panel, created = Panel.objects.update_or_create(
        funding_round=funding_round,
        defaults={
            "seat_count": seat_count,
            "lived_experience_target": lived_experience_target,
            "localities_target": localities_target,
            "ethnic_groups_target": ethnic_groups_target,
            "hourly_rate": hourly_rate,
        },
    )
    audit.record(actor=coordinator, action="panel.created" if created else "panel.changed", target=panel)
    return panel


@transaction.atomic
def add_panel_member(
    *, coordinator, panel: Panel, member, has_lived_experience: bool, place: Place
) -> PanelSeat:
    permissions.ensure(permissions.can_run_round(coordinator, panel.funding_round), str(ONLY_COORDINATORS))
    if panel.seats.count() >= panel.seat_count:
        raise ValidationError(
            {
                "member": ngettext(
                    "The panel's only seat is taken", "All %(n)d seats are taken", panel.seat_count
                )
                % {"n": panel.seat_count}
            }
        )
    try:
        with transaction.atomic():
            seat = PanelSeat.objects.create(
                panel=panel, member=member, has_lived_experience=has_lived_experience, place=place
            )
    except IntegrityError:
        raise ValidationError({"member": gettext("This person already has a seat on the panel")}) from None
    grant_role(user=member, kind=Role.Kind.PANEL_MEMBER, granted_by=coordinator)
    audit.record(actor=coordinator, action="panel_seat.created", target=seat)
    return seat


@transaction.atomic
def record_panel_time(
    *, coordinator, seat: PanelSeat, paid_hours: Decimal, training_completed_on
) -> PanelSeat:
    permissions.ensure(
        permissions.can_run_round(coordinator, seat.panel.funding_round), str(ONLY_COORDINATORS)
    )
    if not isinstance(paid_hours, Decimal | int) or not 0 <= paid_hours <= Decimal("9999.99"):
        raise ValidationError({"paid_hours": gettext("Hours must be a number from 0 to 9,999")})
    before = {"paid_hours": seat.paid_hours, "training_completed_on": seat.training_completed_on}
    seat.paid_hours, seat.training_completed_on = paid_hours, training_completed_on
    seat.save(update_fields=["paid_hours", "training_completed_on"])
    audit.record(
        actor=coordinator,
        action="panel_seat.changed",
        target=seat,
        changes=audit.changed_fields(seat, before, ["paid_hours", "training_completed_on"]),
    )
    return seat


@transaction.atomic
def declare_conflict(*, member, application: Application, reason: str) -> ConflictOfInterest:
    seat = seat_of(member, application.funding_round)
    if seat is None:
        raise NotAllowed(str(NOT_ON_PANEL))
    problems = {}
    check_text(
        problems,
        "reason",
        reason,
        max_length=300,
        required=gettext("Say what your interest is, for example 'I volunteer there'"),
    )
    raise_problems(problems)
    conflict, created = ConflictOfInterest.objects.get_or_create(
        seat=seat, application=application, defaults={"reason": reason}
    )
    # A score given before the interest was declared no longer counts.
    Assessment.objects.filter(seat=seat, application=application).delete()
    if created:
        audit.record(actor=member, action="conflict.declared", target=application, note=reason)
    return conflict


@transaction.atomic
def assess_application(*, member, application: Application, score: int, comment: str) -> Assessment:
    funding_round = application.funding_round
    if funding_round.phase != Round.Phase.ASSESSMENT:
        raise PhaseClosed(gettext("Applications can only be scored while the panel is assessing them"))
    seat = seat_of(member, funding_round)
    if seat is None:
        raise NotAllowed(str(NOT_ON_PANEL))
    if is_conflicted(seat, application):
        raise Conflicted(gettext("You declared an interest in this application, so you cannot score it"))
    if application.status not in {
        Application.Status.SUBMITTED,
        Application.Status.SHORTLISTED,
        Application.Status.NOT_SHORTLISTED,
    }:
        raise ValidationError(gettext("Only sent applications are scored"))
    problems = {}
    check_whole_number(problems, "score", score, smallest=1, largest=5)
    check_text(problems, "comment", comment, max_length=2000, required=gettext("Say why you gave this score"))
    raise_problems(problems)
    assessment, created = Assessment.objects.update_or_create(
        seat=seat, application=application, defaults={"score": score, "comment": comment}
    )
    audit.record(
        actor=member, action="assessment.created" if created else "assessment.changed", target=application
    )
    return assessment


@transaction.atomic
def shortlist(*, coordinator, funding_round: Round, chosen: Sequence[Application]) -> None:
    """Put the chosen applications on the public ballot; the other sent ones are told they were not chosen."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    if funding_round.phase != Round.Phase.ASSESSMENT:
        raise PhaseClosed(
            gettext("The shortlist is settled while the panel is assessing, before the vote opens")
        )
    chosen_ids = {application.pk for application in chosen}
    for application in funding_round.applications.submitted().select_for_update():
        status = (
            Application.Status.SHORTLISTED
            if application.pk in chosen_ids
            else Application.Status.NOT_SHORTLISTED
        )
        if application.status != status:
            before = application.status
            application.status = status
            application.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=coordinator,
                action="application.shortlisted"
                if status == "shortlisted"
                else "application.not_shortlisted",
                target=application,
                changes={"status": (before, status)},
            )
