"""What a survey gives a decision to cite: the result of one question of a sent survey with enough
responses ("SWEMWBS mean metric score 21.4 from 250 responses")."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Question, Response, Survey
from .results import MINIMUM_RESPONSES, question_result, submitted_answers


def _questions():
    return Question.objects.filter(
        section__survey__status__in=[Survey.Status.SENT, Survey.Status.CLOSED]
    ).select_related("section__survey")


def _item(question: Question) -> InputItem | None:
    survey = question.section.survey
    if survey.responses.submitted().count() < MINIMUM_RESPONSES:
        return None
    result = question_result(question, submitted_answers(survey).get(question.pk, []))
    return InputItem(
        object_id=question.pk,
        title=f"{question.text} – {survey.title}",
        quote=result.summary,
        url=f"{survey.get_absolute_url()}results/#question-{question.pk}",
        source=gettext("The survey “%(survey)s”") % {"survey": survey.title},
    )


def candidates(places: Sequence[Place]):
    inside = Q()
    for place in places:
        inside |= Q(section__survey__place__in=Place.objects.within(place))
    found = _questions().filter(inside) if places else _questions()
    items = (_item(q) for q in found.order_by("-section__survey__sent_at", "section__order", "order", "pk"))
    return [item for item in items if item is not None]


def item(object_id: int) -> InputItem | None:
    question = _questions().filter(pk=object_id).first()
    return _item(question) if question else None


def participation(object_ids: Sequence[int]) -> Participation:
    """Everyone who submitted a response to the surveys the questions come from: account holders by
    id, open-link respondents without an account as a number."""
    surveys = Question.objects.filter(pk__in=object_ids).values("section__survey")
    submitted = Response.objects.submitted().filter(survey__in=surveys)
    return Participation(
        user_ids=frozenset(submitted.exclude(user=None).values_list("user_id", flat=True)),
        anonymous=submitted.filter(user=None).count(),
    )


RESULT = InputKind(
    key="surveys.result",
    label=gettext_lazy("Survey result"),
    candidates=candidates,
    item=item,
    participation=participation,
)
