"""Returns in the API: your organisations' returns (list, read, save a draft, submit with answers),
and for coordinators their programmes' returns. The same services and rules as the pages: a return
is filled in only by its organisation's contacts (permissions.can_submit_return)."""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Path, Router, Schema

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import signed_in
from ostrom.core.validation import LARGEST_ID

from . import returns
from .models import Programme, Return

router = Router(tags=["returns"])

Id = Annotated[int, Path(ge=1, le=LARGEST_ID)]
SEE_RETURN = gettext_lazy("Only the organisation's contacts and the programme's coordinators see this return")


class ReturnQuestionOut(Schema):
    id: int
    kind: str
    wording: str
    help_text: str
    indicator: int | None

    @staticmethod
    def resolve_indicator(question):
        return question.indicator_id


class ReturnOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    programme: str
    template: str
    grant: str | None
    period_start: date
    period_end: date
    due_on: date
    is_final: bool
    status: str
    submitted_at: datetime | None
    story_consent: bool
    questions: list[ReturnQuestionOut]
    answers: dict[str, Any]

    @staticmethod
    def resolve_organisation(the_return):
        return the_return.organisation.name

    @staticmethod
    def resolve_programme(the_return):
        return the_return.template.programme.slug

    @staticmethod
    def resolve_template(the_return):
        return the_return.template.name

    @staticmethod
    def resolve_grant(the_return):
        return the_return.grant.identifier if the_return.grant_id else None

    @staticmethod
    def resolve_status(the_return):
        return the_return.status[0]

    @staticmethod
    def resolve_questions(the_return):
        return list(the_return.template.questions.all())

    @staticmethod
    def resolve_answers(the_return):
        return {str(answer.question_id): answer.value for answer in the_return.answers.all()}


class AnswersIn(Schema):
    answers: dict[str, Any]
    story_consent: bool = False


def _returns():
    return Return.objects.select_related("organisation", "template__programme", "grant").prefetch_related(
        "template__questions", "answers"
    )


def _may_see(user, the_return: Return) -> bool:
    return permissions.can_submit_return(user, the_return.organisation) or permissions.can_run_programme(
        user, the_return.template.programme
    )


def _find(request, return_id: int) -> Return:
    the_return = get_object_or_404(_returns(), pk=return_id)
    permissions.ensure(_may_see(request.auth, the_return), SEE_RETURN)
    return the_return


@router.get("/returns", response=list[ReturnOut], auth=signed_in, summary="Your organisations' returns")
def list_returns(request):
    """The returns of the organisations you are a contact for, and of the programmes you run."""
    user = request.auth
    runs = [p.pk for p in Programme.objects.select_related("place") if permissions.can_run_programme(user, p)]
    mine = Q(organisation__memberships__user=user, organisation__memberships__is_contact=True)
    return list(
        _returns().filter(mine | Q(template__programme__in=runs)).distinct().order_by("due_on", "pk")[:500]
    )


@router.get("/returns/{return_id}", response=ReturnOut, auth=signed_in)
def get_return(request, return_id: Id):
    return _find(request, return_id)


@router.put(
    "/returns/{return_id}/draft",
    response=ReturnOut,
    auth=signed_in,
    summary="Save a return's answers as a draft (the organisation's contacts)",
)
def save_draft(request, return_id: Id, payload: AnswersIn):
    the_return = _find(request, return_id)
    returns.save_draft(
        person=request.auth,
        the_return=the_return,
        answers=payload.answers,
        story_consent=payload.story_consent,
    )
    return _returns().get(pk=the_return.pk)


@router.post(
    "/returns/{return_id}/submission",
    response=ReturnOut,
    auth=signed_in,
    summary="Submit a return with its answers, once (the organisation's contacts)",
)
def submit_return(request, return_id: Id, payload: AnswersIn):
    """Answers by question id: a number for a count or social prescriptions; {group: number} for
    people by group (groups: asian, black, mixed, white, other, not_known); the text of a story;
    for SWEMWBS a list of {participant, stage: baseline|follow_up, items: 7 answers 1–5 or null}."""
    the_return = _find(request, return_id)
    returns.submit_return(
        person=request.auth,
        the_return=the_return,
        answers=payload.answers,
        story_consent=payload.story_consent,
    )
    return _returns().get(pk=the_return.pk)
