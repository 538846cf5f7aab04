"""Themes in the API: a place's themes and one theme (public fields publicly; an insight's text only when
the caller may read it), theme runs (start one as a coordinator; its progress), rename and merge."""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.places.models import Place

from . import theme_presenters, theming
from .models import Theme, ThemeRun

router = Router(tags=["themes"])


class ThemeOut(Schema):
    id: int
    label: str
    keywords: list[str]
    size: int = Field(description="How many comments it holds")
    place: str = Field(description="The place's code")
    url: str

    @staticmethod
    def resolve_place(theme):
        return theme.place.code

    @staticmethod
    def resolve_url(theme):
        return theme.get_absolute_url()


class ThemeCommentOut(Schema):
    id: int
    text: str
    said_on: date
    source: str


class ThemeDetailOut(ThemeOut):
    representative: list[ThemeCommentOut] = Field(
        description="The comments that say it best; only published ones unless you coordinate the place"
    )

    @staticmethod
    def resolve_representative(theme, context):
        return [
            ThemeCommentOut(
                id=row.insight.pk, text=row.text, said_on=row.insight.said_on, source=row.insight.source
            )
            for row in theme_presenters.representative_rows(theme, context["request"].user)
        ]


class ThemeRunIn(Schema):
    place: Text(20) = Field(description="The place's code: its insights and those of the places inside it")
    engine: Text(20) = Field("default", description="default (shared words) or embeddings (shared meaning)")
    themes: int | None = Field(None, description="How many themes (2 to 50); leave out to let Ostrom choose")
    seed: int = Field(0, description="The same seed and comments give the same themes")


class ThemeRunOut(Schema):
    id: int
    place: str
    engine: str
    requested_themes: int | None
    seed: int
    status: str = Field(description="queued, running, finished or failed")
    percent: int
    message: str
    insight_count: int
    embedded_count: int
    theme_count: int
    unthemed_count: int
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_place(run):
        return run.place.code

    @staticmethod
    def resolve_percent(run):
        return run.progress.percent if run.progress else 0

    @staticmethod
    def resolve_message(run):
        return run.progress.message if run.progress else ""


class ThemeLabelIn(Schema):
    label: Text(theming.LABEL_LENGTH)


class ThemeMergeIn(Schema):
    into: int = Field(description="The id of the theme to merge this one into")


def _theme(theme_id: int) -> Theme:
    if not 0 < theme_id <= LARGEST_ID:
        raise Http404
    return get_object_or_404(Theme.objects.current().select_related("place"), pk=theme_id)


def _whole_number(value, field: str):
    if value is not None and not (isinstance(value, int) and -LARGEST_ID <= value <= LARGEST_ID):
        raise HttpError(422, f"{field} is out of range")


@router.get("/themes", response=list[ThemeOut], auth=anyone, summary="A place's themes, largest first")
def list_themes(request, place: Text(20)):
    found = get_object_or_404(Place, code=place)
    return (
        Theme.objects.for_place(found)
        .current()
        .filter(size__gt=0)
        .select_related("place")
        .order_by("-size", "pk")
    )


@router.get("/themes/{theme_id}", response=ThemeDetailOut, auth=anyone, summary="One theme")
def get_theme(request, theme_id: int):
    theme = _theme(theme_id)
    return theme


@router.put("/themes/{theme_id}/label", response=ThemeOut, auth=signed_in, summary="Rename a theme")
def rename_theme(request, theme_id: int, payload: ThemeLabelIn):
    theme = _theme(theme_id)
    return theming.rename_theme(theme=theme, label=payload.label, renamed_by=request.user)


@router.post(
    "/themes/{theme_id}/merge", response=ThemeOut, auth=signed_in, summary="Merge a theme into another"
)
def merge_theme(request, theme_id: int, payload: ThemeMergeIn):
    theme = _theme(theme_id)
    permissions.ensure(
        permissions.can_run_themes(request.user, theme.place),
        gettext("Only the coordinators of this place can merge themes"),
    )
    _whole_number(payload.into, "into")
    into = Theme.objects.filter(pk=payload.into).first()
    if into is None:
        raise HttpError(422, "Select one of this place's themes")
    return theming.merge_themes(theme=theme, into=into, merged_by=request.user)


@router.post(
    "/theme-runs",
    response={201: ThemeRunOut},
    auth=signed_in,
    summary="Start finding themes in a place's insights (runs in the background)",
)
def start_run(request, payload: ThemeRunIn):
    place = get_object_or_404(Place, code=payload.place)
    _whole_number(payload.themes, "themes")
    _whole_number(payload.seed, "seed")
    try:
        run = theming.start_theme_run(
            place=place,
            engine=payload.engine,
            requested_themes=payload.themes,
            seed=payload.seed,
            started_by=request.user,
        )
    except theming.RunUnderWay as problem:
        raise HttpError(409, str(problem)) from None
    return Status(201, run)


@router.get("/theme-runs/{run_id}", response=ThemeRunOut, auth=signed_in, summary="A theme run's progress")
def get_run(request, run_id: int):
    if not 0 < run_id <= LARGEST_ID:
        raise Http404
    run = get_object_or_404(ThemeRun.objects.select_related("place", "progress"), pk=run_id)
    permissions.ensure(
        permissions.can_run_themes(request.user, run.place),
        gettext("Only the coordinators of this place can see its theme runs"),
    )
    return run
