from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.accounts.languages import reading_language_of
from ostrom.core.windows import WindowOut

from . import results, services, swemwbs
from .models import Survey

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    slug: str
    title: str
    introduction: str
    place: str = Field(description="The place's code")
    audience: str = Field(description="panel, subgroup or open_link")
    window: WindowOut

    @staticmethod
    def resolve_place(survey):
        return survey.place.code

    @staticmethod
    def resolve_window(survey):
        return WindowOut(**survey.window.as_dict())


class OptionOut(Schema):
    id: int
    label: str
    skip_to_section: int | None = Field(None, description="Choosing this answer skips to this section's id")


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    hint: str
    required: bool
    min_value: int | None
    max_value: int | None
    min_label: str
    max_label: str
    options: list[OptionOut]
    items: list[str] = Field(description="SWEMWBS only: the 7 statements, each answered 1 to 5")


class SectionOut(Schema):
    id: int
    title: str
    questions: list[QuestionOut]


class SurveyDetailOut(Schema):
    slug: str
    title: str
    introduction: str
    place: str
    audience: str
    window: WindowOut
    sections: list[SectionOut]


class ResponseOut(Schema):
    started_at: datetime
    submitted_at: datetime | None
    answers: dict[str, Any] = Field(description="Question id → your answer")
    next_section: int | None = Field(description="The first section on your route not yet saved, if any")


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(
        description="Question id → answer: an option id (one answer), a list of option ids (any answers), a "
        "whole number (scale, number), text, a date as YYYY-MM-DD, or a list of 7 numbers 1 to 5 (SWEMWBS)"
    )
    submit: bool = Field(False, description="Send the response once saved (every required question answered)")


class RowOut(Schema):
    label: str
    count: int
    share: float


class QuestionResultOut(Schema):
    id: int
    text: str
    kind: str
    answered: int
    rows: list[RowOut]
    mean: float | None
    median: float | None
    computable: int = Field(description="SWEMWBS: responses with all 7 statements answered")
    summary: str


class ResultsOut(Schema):
    submitted: int
    shown: bool = Field(
        description=f"Figures are given once {results.MINIMUM_RESPONSES} people have answered"
    )
    questions: list[QuestionResultOut]


def _sent(slug: str) -> Survey:
    return get_object_or_404(Survey.objects.sent().select_related("place"), slug=slug)


def _detail(survey: Survey) -> dict:
    sections = survey.sections.prefetch_related("questions__options")
    return {
        "slug": survey.slug,
        "title": survey.title,
        "introduction": survey.introduction,
        "place": survey.place.code,
        "audience": survey.audience,
        "window": survey.window.as_dict(),
        "sections": [
            {
                "id": section.pk,
                "title": section.title,
                "questions": [
                    {
                        "id": q.pk,
                        "kind": q.kind,
                        "text": q.text,
                        "hint": q.hint,
                        "required": q.required,
                        "min_value": q.min_value,
                        "max_value": q.max_value,
                        "min_label": q.min_label,
                        "max_label": q.max_label,
                        "options": [
                            {"id": o.pk, "label": o.label, "skip_to_section": o.skip_to_id}
                            for o in q.options.all()
                        ],
                        "items": list(swemwbs.ITEMS) if q.kind == "swemwbs" else [],
                    }
                    for q in section.questions.all()
                ],
            }
            for section in sections
        ],
    }


def _response_out(response, survey) -> dict:
    path = services.route_of(response, survey)
    waiting = [s.pk for s in path if s.pk not in response.saved_sections]
    return {
        "started_at": response.started_at,
        "submitted_at": response.submitted_at,
        "answers": {str(q): v for q, v in response.answers.values_list("question_id", "value")},
        "next_section": waiting[0] if waiting else None,
    }


@router.get("/surveys", response=list[SurveyOut], auth=anyone, summary="Surveys that have been sent")
def list_surveys(request):
    return Survey.objects.sent().select_related("place")


@router.get(
    "/surveys/{slug:slug}", response=SurveyDetailOut, auth=anyone, summary="One survey with its questions"
)
def get_survey(request, slug: str):
    return _detail(_sent(slug))


@router.get(
    "/surveys/{slug:slug}/response", response=ResponseOut, auth=signed_in, summary="Your response so far"
)
def my_response(request, slug: str):
    survey = _sent(slug)
    response = survey.responses.filter(user=request.auth).first()
    if response is None:
        raise Http404("You have not started this survey")
    return _response_out(response, survey)


@router.put(
    "/surveys/{slug:slug}/response",
    response=ResponseOut,
    auth=signed_in,
    summary="Save answers as you go (and send them with submit); answering again updates your one response",
)
def put_response(request, slug: str, payload: ResponseIn):
    survey = _sent(slug)
    questions = {str(pk) for pk in survey.sections.values_list("questions__pk", flat=True) if pk}
    unknown = sorted(key for key in payload.answers if key not in questions)
    if unknown:
        raise ValidationError(
            {
                "answers": gettext("Not a question of this survey: %(ids)s")
                % {"ids": ", ".join(unknown[:5])[:200]}
            }
        )
    try:
        response = services.response_for(
            survey=survey, user=request.auth, language=reading_language_of(request.auth)
        )
        services.save_answers(
            response=response, raw={f"q{key}": value for key, value in payload.answers.items()}
        )
        if payload.submit:
            services.submit_response(response=response)
    except services.SurveyClosed as problem:
        raise HttpError(409, str(problem)) from None
    response.refresh_from_db()
    return _response_out(response, survey)


@router.get(
    "/surveys/{slug:slug}/results",
    response=ResultsOut,
    auth=signed_in,
    summary="Aggregate results (no written answers, nothing about any one person)",
)
def get_results(request, slug: str):
    survey = _sent(slug)
    permissions.ensure(
        permissions.can_see_survey_results(request.auth, survey),
        gettext("Only the coordinators of the survey's place and partners see its results"),
    )
    shown = results.survey_results(survey)
    return {
        "submitted": shown["submitted"],
        "shown": shown["shown"],
        "questions": [
            {
                "id": r.question.pk,
                "text": r.question.text,
                "kind": r.question.kind,
                "answered": r.answered,
                "rows": [{"label": row.label, "count": row.count, "share": row.share} for row in r.rows],
                "mean": r.mean,
                "median": r.median,
                "computable": r.computable,
                "summary": r.summary,
            }
            for _, section_results in shown["sections"]
            for r in section_results
        ],
    }
