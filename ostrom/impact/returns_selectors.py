"""Reads about returns that other apps and pages use: a grant's returns, what Ostrom already knows for
a return's period (so nobody types it twice), an organisation's own figures over time, and the
anonymised returns for the open-data package."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from ostrom.events.models import Participant
from ostrom.grants.models import Grant
from ostrom.network.models import Organisation

from .models import Programme, Return, ReturnAnswer, ReturnQuestion
from .returns import answer_total

# The answers shown as figures over time: numbers, and people by group as everyone reached.
NUMBER_ANSWERS = (
    ReturnQuestion.Kind.COUNT,
    ReturnQuestion.Kind.REFERRALS,
    ReturnQuestion.Kind.PEOPLE_BY_GROUP,
)


@dataclass(frozen=True)
class GrantReturnRow:
    the_return: Return
    people_reached: int | None


def grant_returns(grant: Grant) -> list[GrantReturnRow]:
    """A grant's progress and final returns with the people each reached (once submitted)."""
    rows = []
    for the_return in grant.returns.select_related("template", "organisation").prefetch_related(
        "answers__question"
    ):
        counts = [a.value for a in the_return.answers.all() if a.question.kind == ReturnQuestion.Kind.COUNT]
        rows.append(GrantReturnRow(the_return, counts[0] if counts and the_return.submitted_at else None))
    return rows


@dataclass(frozen=True)
class Prefill:
    value: object
    source: str  # where it came from, said on the page beside the field


def prefills(the_return: Return) -> dict[int, Prefill]:
    """What Ostrom already knows for the return's questions, by question id: people checked in at
    Open Space events hosted by the organisation's people in the period (for a count of people), and
    the social prescriptions the organisation reported last time (a hint for this time)."""
    organisation = the_return.organisation
    known: dict[int, Prefill] = {}
    members = organisation.memberships.values("user_id")
    checked_in = Participant.objects.checked_in().filter(
        event__host__in=members,
        event__starts_at__date__gte=the_return.period_start,
        event__starts_at__date__lte=the_return.period_end,
    )
    people, events = checked_in.count(), checked_in.values("event").distinct().count()
    previous = (
        Return.objects.submitted()
        .filter(organisation=organisation, period_end__lt=the_return.period_start)
        .order_by("-period_end")
        .first()
    )
    for question in the_return.template.questions.all():
        if question.kind == ReturnQuestion.Kind.COUNT and people:
            known[question.pk] = Prefill(
                people,
                ngettext(
                    "%(people)s people checked in at %(events)s Open Space event hosted by %(organisation)s "
                    "in this period",
                    "%(people)s people checked in at %(events)s Open Space events hosted by %(organisation)s "
                    "in this period",
                    events,
                )
                % {"people": people, "events": events, "organisation": organisation.name},
            )
        if question.kind == ReturnQuestion.Kind.REFERRALS and previous is not None:
            last = ReturnAnswer.objects.filter(
                answered_return=previous, question__kind=ReturnQuestion.Kind.REFERRALS
            ).first()
            if last is not None:
                known[question.pk] = Prefill(
                    last.value,
                    gettext("What you told us last time (the period to %(date)s)")
                    % {"date": date_format(previous.period_end, "j F Y")},
                )
    return known


@dataclass(frozen=True)
class FigureRow:
    the_return: Return
    values: dict[int, int | None]  # question id -> the number given


def organisation_figures(organisation: Organisation):
    """The organisation's submitted returns, oldest first, with each number it gave (people by
    group counted as everyone), by template: [(template, questions, rows)]."""
    returns = (
        Return.objects.submitted()
        .filter(organisation=organisation)
        .select_related("template__programme")
        .prefetch_related("answers__question")
        .order_by("template", "period_end")
    )
    by_template: dict = {}
    for the_return in returns:
        by_template.setdefault(the_return.template, []).append(the_return)
    result = []
    for template, items in by_template.items():
        questions = [q for q in template.questions.all() if q.kind in NUMBER_ANSWERS]
        rows = []
        for the_return in items:
            given = {a.question_id: answer_total(a.question.kind, a.value) for a in the_return.answers.all()}
            rows.append(FigureRow(the_return, {q.pk: given.get(q.pk) for q in questions}))
        result.append((template, questions, rows))
    return result


def programme_returns(programme: Programme):
    """Every return of the programme's templates, with how many of each status."""
    returns = (
        Return.objects.filter(template__programme=programme)
        .select_related("organisation", "template", "grant")
        .order_by("-period_end", "organisation__name")
    )
    due = Q(submitted_at__isnull=True)
    counts = returns.aggregate(submitted=Count("pk", filter=~due), due=Count("pk", filter=due))
    return returns, counts
