"""Indicators computed from Ostrom's own records, and keeping their measurements up to date.

Each computation is named (an indicator's `computed_from`) and gives the value at a date for a
programme's place (and the places inside it), or None when there is nothing fit to show (a wellbeing
mean from fewer than 5 responses, a count of people under 5). `refresh_programme` stores one computed
measurement per indicator per period of its frequency: run again, it updates them and never adds a
second one. It runs in a task (`tasks.refresh_computed_measurements`) or the `refresh_indicators`
command, never inside a request."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.decisions import inputs
from ostrom.events.models import Action
from ostrom.grants.models import Payment
from ostrom.network.models import Organisation
from ostrom.panels.models import Response as PanelResponse
from ostrom.places.models import Place
from ostrom.surveys import swemwbs
from ostrom.surveys.models import Answer, Question

from .models import Indicator, Measurement, Programme

FEWEST_PEOPLE = 5  # no count of people, and no mean of their answers, from fewer than this
LONGEST_HISTORY = 60  # periods worked out at most, so a monthly indicator from long ago stays quick


@dataclass(frozen=True)
class Computation:
    key: str
    label: str
    unit: str
    value_at: Callable[[Indicator, date], Decimal | None]
    # False: the records do not say when each piece happened, so only the current period is worked out.
    is_dated: bool = True
    needs_survey: bool = False


def _places(programme: Programme):
    return Place.objects.within(programme.place)


def _end_of(on: date):
    return timezone.make_aware(
        timezone.datetime.combine(on + timedelta(days=1), timezone.datetime.min.time())
    )


def member_organisations(indicator: Indicator, on: date) -> Decimal:
    programme = indicator.step.programme
    members = Organisation.objects.filter(
        status=Organisation.Status.MEMBER, joined_on__lte=on, places_served__in=_places(programme)
    )
    return Decimal(members.distinct().count())


def people_reached(indicator: Indicator, on: date) -> Decimal | None:
    """Everyone who took part in anything in the place (panels, votes, conversations, events, surveys,
    meetings …), each account holder once, plus those who took part without an account: the same
    participation the decisions' reach counts."""
    places = [indicator.step.programme.place]
    user_ids: set[int] = set()
    anonymous = 0
    for kind in inputs.input_kinds():
        object_ids = [item.object_id for item in kind.candidates(places)]
        if object_ids:
            taking_part = kind.participation(object_ids)
            user_ids |= taking_part.user_ids
            anonymous += taking_part.anonymous
    count = len(user_ids) + anonymous
    return Decimal(count) if count >= FEWEST_PEOPLE else None


def grants_paid(indicator: Indicator, on: date) -> Decimal:
    programme = indicator.step.programme
    payments = Payment.objects.filter(paid_on__lte=on)
    if programme.fund_id:
        payments = payments.filter(grant__application__funding_round__fund=programme.fund_id)
    else:
        funds_here = Q(grant__application__funding_round__fund__places_served__in=_places(programme))
        payments = payments.filter(pk__in=Payment.objects.filter(funds_here).values("pk"))
    return payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def recommendations_accepted(indicator: Indicator, on: date) -> Decimal:
    responses = PanelResponse.objects.filter(
        outcome__in=[PanelResponse.Outcome.ACCEPTED, PanelResponse.Outcome.ACCEPTED_IN_PART],
        responded_at__lt=_end_of(on),
        recommendation__assembly__place__in=_places(indicator.step.programme),
    )
    return Decimal(responses.count())


def actions_done(indicator: Indicator, on: date) -> Decimal:
    done = Action.objects.filter(
        status=Action.Status.DONE, done_on__lte=on, event__place__in=_places(indicator.step.programme)
    )
    return Decimal(done.count())


def survey_swemwbs(indicator: Indicator, on: date) -> Decimal | None:
    """The mean SWEMWBS metric score (7 to 35) of the survey's submitted responses, scored with the one
    scoring function; None from fewer than 5 responses with all seven statements answered."""
    if indicator.survey_id is None:
        return None
    answers = Answer.objects.filter(
        response__survey=indicator.survey_id,
        question__kind=Question.Kind.SWEMWBS,
        response__submitted_at__lt=_end_of(on),
    ).values_list("value", flat=True)
    scores = [
        score
        for items in answers
        if isinstance(items, list) and (score := swemwbs.metric_score(items)) is not None
    ]
    if len(scores) < FEWEST_PEOPLE:
        return None
    return (Decimal(str(sum(scores))) / len(scores)).quantize(Decimal("0.01"))


COMPUTATIONS = {
    computation.key: computation
    for computation in [
        Computation(
            "member_organisations",
            gettext_lazy("Member organisations of the collective"),
            "organisations",
            member_organisations,
        ),
        Computation(
            "people_reached", gettext_lazy("People who took part"), "people", people_reached, is_dated=False
        ),
        Computation("grants_paid", gettext_lazy("Grants paid"), "£", grants_paid),
        Computation(
            "recommendations_accepted",
            gettext_lazy("Panel recommendations accepted"),
            "recommendations",
            recommendations_accepted,
        ),
        Computation("actions_done", gettext_lazy("Open Space actions done"), "actions", actions_done),
        Computation(
            "survey_swemwbs",
            gettext_lazy("Mean wellbeing score (SWEMWBS) of a survey"),
            "score",
            survey_swemwbs,
            needs_survey=True,
        ),
    ]
}


def computation(key: str) -> Computation | None:
    return COMPUTATIONS.get(key)


def choices() -> list[tuple[str, str]]:
    return [
        (item.key, gettext("%(label)s (%(unit)s)") % {"label": item.label, "unit": item.unit})
        for item in COMPUTATIONS.values()
    ]


# --- Periods ------------------------------------------------------------------------------------

MONTHS_IN = {Indicator.Frequency.MONTHLY: 1, Indicator.Frequency.QUARTERLY: 3, Indicator.Frequency.YEARLY: 12}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def periods(indicator: Indicator, today: date) -> list[tuple[date, date]]:
    """(first day, last day) of each period of the indicator's frequency, from the one holding its
    baseline (or the programme's start, or today) to the one holding today. Quarters and years are
    calendar quarters and years."""
    months = MONTHS_IN[indicator.frequency]
    programme = indicator.step.programme
    start = indicator.baseline_on or programme.starts_on or today
    start = min(start, today)
    first = date(start.year, ((start.month - 1) // months) * months + 1, 1)
    found = []
    while first <= today:
        following = _add_months(first, months)
        found.append((first, following - timedelta(days=1)))
        first = following
    return found[-LONGEST_HISTORY:]


def refresh_indicator(indicator: Indicator, today: date) -> int:
    """Store the indicator's computed value for each period, on the period's last day (today for the
    period still running). Returns how many periods have a value."""
    item = computation(indicator.computed_from)
    if item is None:
        return 0
    spans = periods(indicator, today)
    if not item.is_dated:
        spans = spans[-1:]
    stored = 0
    for first, last in spans:
        on = min(last, today)
        value = item.value_at(indicator, on)
        existing = Measurement.objects.filter(
            indicator=indicator, source=Measurement.Source.COMPUTED, measured_on__range=(first, last)
        ).order_by("-measured_on")
        if value is None:
            existing.delete()
            continue
        kept = existing.first()
        if kept is None:
            Measurement.objects.create(
                indicator=indicator, measured_on=on, value=value, source=Measurement.Source.COMPUTED
            )
        else:
            existing.exclude(pk=kept.pk).delete()
            if kept.value != value or kept.measured_on != on:
                kept.value, kept.measured_on = value, on
                kept.save(update_fields=["value", "measured_on"])
        stored += 1
    return stored


def refresh_programme(programme: Programme, *, progress: Progress | None = None, actor=None) -> int:
    """Work out every computed indicator of the programme again; returns how many measurements it holds."""
    indicators = list(
        Indicator.objects.filter(step__programme=programme)
        .exclude(computed_from="")
        .select_related("step__programme__place")
    )
    today = timezone.localdate()
    total = 0
    for index, indicator in enumerate(indicators):
        if progress:
            progress.advance(
                int(90 * index / max(len(indicators), 1)),
                gettext("Working out %(indicator)s") % {"indicator": indicator.name},
            )
        with transaction.atomic():
            total += refresh_indicator(indicator, today)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="programme.indicators_refreshed",
            target=programme,
            note=f"{len(indicators)} computed indicators, {total} measurements",
        )
    return total
