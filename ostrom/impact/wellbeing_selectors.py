"""Reads for a programme's wellbeing: its SWEMWBS pairs, their summary, and the surveys it may use."""

from collections import defaultdict

from django.conf import settings

from ostrom.surveys.models import Question, Survey

from . import wellbeing
from .models import Programme, WellbeingScore


def pairs_of(programme: Programme) -> list[wellbeing.Pair]:
    """Every participant with a baseline and a follow-up score (from a survey or a return) is one pair;
    someone with only one of the two is not a pair yet."""
    items_by_participant: dict[str, dict[str, list]] = defaultdict(dict)
    for participant, stage, items in WellbeingScore.objects.filter(programme=programme).values_list(
        "participant", "stage", "items"
    ):
        items_by_participant[participant][stage] = items
    return [
        wellbeing.Pair(
            baseline=stages[WellbeingScore.Stage.BASELINE], follow_up=stages[WellbeingScore.Stage.FOLLOW_UP]
        )
        for participant, stages in sorted(items_by_participant.items())
        if len(stages) == 2
    ]


def summary_of(programme: Programme) -> wellbeing.Summary:
    return wellbeing.summarise(
        pairs_of(programme),
        meaningful_change=settings.SWEMWBS_MEANINGFUL_CHANGE,
        minimum=settings.SUPPRESSION_THRESHOLD,
    )


def wellbeing_surveys_for(programme: Programme):
    """The community panel surveys a programme may take its pairs from: sent, about its place, with a
    SWEMWBS question (panel members answer with an account, so the same person can be found twice)."""
    return (
        Survey.objects.sent()
        .in_place(programme.place)
        .filter(audience=Survey.Audience.PANEL, sections__questions__kind=Question.Kind.SWEMWBS)
        .distinct()
        .order_by("-opens_at", "-pk")
    )


def swemwbs_question_of(survey: Survey) -> Question | None:
    """The survey's SWEMWBS question (its first, if a survey has more than one)."""
    return (
        Question.objects.filter(section__survey=survey, kind=Question.Kind.SWEMWBS)
        .order_by("section__order", "section__pk", "order", "pk")
        .first()
    )
