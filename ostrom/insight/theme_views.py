"""Pages for themes: a place's themes, a theme beside the area's numbers, theme runs and their progress,
and the coordinators' edits (rename, merge, split, pin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors
from ostrom.core.presenters import pagination
from ostrom.places import presenters as place_presenters
from ostrom.places.models import Place

from . import theme_presenters, theming
from .models import Theme, ThemeRun
from .theme_forms import MergeThemeForm, PinForm, RenameThemeForm, ThemeRunForm

COMMENTS_PER_PAGE = 25


def _current_theme(theme_id: int) -> Theme:
    theme = get_object_or_404(
        Theme.objects.select_related("place", "merged_into"), pk=theme_id, retired_at=None
    )
    return theme


def theme_list(request, code):
    place = get_object_or_404(Place, code=code)
    themes = Theme.objects.for_place(place).current().filter(size__gt=0).order_by("-size", "pk")
    can_run = permissions.can_run_themes(request.user, place)
    return render(
        request,
        "insight/themes/theme_list.html",
        {
            "place": place,
            "rows": theme_presenters.theme_rows(themes),
            "can_run": can_run,
            "runs": ThemeRun.objects.for_place(place).select_related("progress")[:5] if can_run else [],
        },
    )


def theme_detail(request, theme_id):
    theme = _current_theme(theme_id)
    if theme.merged_into_id:
        while theme.merged_into_id:
            theme = theme.merged_into
        return redirect(theme)
    can_edit = permissions.can_run_themes(request.user, theme.place)
    page = Paginator(
        theme_presenters.visible_insights(theme, request.user).order_by("-said_on", "pk"), COMMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    pinned = theme_presenters.pinned_ids(theme)
    return render(
        request,
        "insight/themes/theme_detail.html",
        {
            "theme": theme,
            "size_text": theme_presenters.size_text(theme),
            "representative": theme_presenters.representative_rows(theme, request.user),
            "comments": [theme_presenters.comment_row(insight, pinned_ids=pinned) for insight in page],
            "page": page,
            "pagination": pagination(page, request),
            "who_raised": theme_presenters.who_raised(theme, request.user),
            "decisions": theme_presenters.citing_decisions(theme, request.user),
            "indicators": place_presenters.indicators(theme.place),
            "can_edit": can_edit,
            "rename_form": RenameThemeForm(initial={"label": theme.label}) if can_edit else None,
            "merge_form": MergeThemeForm(theme=theme) if can_edit else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_run_start(request, code):
    place = get_object_or_404(Place, code=code)
    permissions.ensure(
        permissions.can_run_themes(request.user, place),
        gettext("Only the coordinators of this place can find its themes"),
    )
    form = ThemeRunForm(request.POST or None)
    if form.is_valid():
        try:
            run = theming.start_theme_run(place=place, started_by=request.user, **form.cleaned_data)
        except theming.RunUnderWay as problem:
            form.add_error(None, str(problem))
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return redirect(run)
    return render(request, "insight/themes/run_form.html", {"form": form, "place": place})


def _run_for(request, run_id) -> ThemeRun:
    run = get_object_or_404(ThemeRun.objects.select_related("place", "progress"), pk=run_id)
    permissions.ensure(
        permissions.can_run_themes(request.user, run.place),
        gettext("Only the coordinators of this place can see its theme runs"),
    )
    return run


@login_required
def theme_run(request, run_id):
    run = _run_for(request, run_id)
    return render(request, "insight/themes/run_detail.html", {"run": run})


@login_required
def theme_run_progress(request, run_id):
    """The run's progress fragment, polled by htmx every few seconds until the run ends."""
    run = _run_for(request, run_id)
    return render(request, "insight/themes/_run_progress.html", {"run": run})


def _edit_page(request, theme, template, form, title):
    return render(request, template, {"theme": theme, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def theme_rename(request, theme_id):
    theme = _editable(request, theme_id)
    form = RenameThemeForm(request.POST or None, initial={"label": theme.label})
    if form.is_valid():
        try:
            theming.rename_theme(theme=theme, label=form.cleaned_data["label"], renamed_by=request.user)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Theme renamed. Later runs keep this name."))
            return redirect(theme)
    return _edit_page(request, theme, "insight/themes/rename.html", form, gettext("Rename the theme"))


@login_required
@require_http_methods(["GET", "POST"])
def theme_merge(request, theme_id):
    theme = _editable(request, theme_id)
    form = MergeThemeForm(request.POST or None, theme=theme)
    if form.is_valid():
        try:
            into = theming.merge_themes(theme=theme, into=form.cleaned_data["into"], merged_by=request.user)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("“%(theme)s” merged into “%(into)s”. Later runs keep them merged.")
                % {"theme": theme.label, "into": into.label},
            )
            return redirect(into)
    return _edit_page(
        request, theme, "insight/themes/merge.html", form, gettext("Merge this theme with another")
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_split(request, theme_id):
    theme = _editable(request, theme_id)
    problem_text = ""
    if request.method == "POST":
        try:
            progress = theming.start_split(theme=theme, requested_by=request.user)
        except ValidationError as problem:
            problem_text = " ".join(problem.messages)
        else:
            return redirect(progress)
    return render(request, "insight/themes/split.html", {"theme": theme, "problem": problem_text})


@login_required
@require_http_methods(["GET", "POST"])
def theme_pin(request, theme_id):
    theme = _editable(request, theme_id)
    insights = theme_presenters.visible_insights(theme, request.user).order_by("pk")
    form = PinForm(request.POST or None, theme=theme, insights=insights)
    if form.is_valid():
        try:
            theming.pin_insight(
                insight=form.cleaned_data["insight"], theme=form.cleaned_data["theme"], pinned_by=request.user
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Comment pinned. Later runs leave it in this theme."))
            return redirect(form.cleaned_data["theme"])
    return _edit_page(request, theme, "insight/themes/pin.html", form, gettext("Pin a comment to a theme"))


def _editable(request, theme_id) -> Theme:
    theme = _current_theme(theme_id)
    permissions.ensure(
        permissions.can_run_themes(request.user, theme.place),
        gettext("Only the coordinators of this place can change its themes"),
    )
    if theme.merged_into_id:
        raise Http404("This theme was merged into another")
    return theme
