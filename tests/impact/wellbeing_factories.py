"""Wellbeing test helpers: a programme, and community panel surveys with a SWEMWBS question."""

from datetime import timedelta

from django.utils import timezone

from ostrom.impact.models import Programme
from ostrom.surveys.models import Answer, Question, Response, Section, Survey
from tests.factories import PlaceFactory


def programme_in(place=None, slug="social-prescribing") -> Programme:
    place = place or PlaceFactory(name="Ladywood")
    return Programme.objects.create(
        name="Social prescribing", slug=slug, kind=Programme.Kind.PROGRAMME, place=place
    )


def swemwbs_survey(*, place, title="Panel survey", audience=Survey.Audience.PANEL, days_ago=200) -> Survey:
    opened = timezone.now() - timedelta(days=days_ago)
    survey = Survey.objects.create(
        title=title,
        slug=f"survey-{Survey.objects.count() + 1}-{days_ago}",
        place=place,
        audience=audience,
        status=Survey.Status.CLOSED,
        opens_at=opened,
        closes_at=opened + timedelta(days=21),
        sent_at=opened,
    )
    section = Section.objects.create(survey=survey, title="How you have been feeling", order=1)
    Question.objects.create(section=section, order=1, kind=Question.Kind.SWEMWBS, text="Wellbeing")
    return survey


def answer(survey: Survey, person, items, *, submitted=True) -> Response:
    """The person's response with these SWEMWBS answers (submitted, unless told otherwise)."""
    response, _ = Response.objects.update_or_create(
        survey=survey,
        user=person,
        defaults={"submitted_at": survey.opens_at + timedelta(days=2) if submitted else None},
    )
    question = Question.objects.get(section__survey=survey, kind=Question.Kind.SWEMWBS)
    Answer.objects.update_or_create(response=response, question=question, defaults={"value": list(items)})
    return response


def answers(raw: int) -> list[int]:
    """Seven answers from 1 to 5 adding up to `raw` (7–35)."""
    base, extra = divmod(raw - 7, 7)
    return [1 + base + (1 if item < extra else 0) for item in range(7)]
