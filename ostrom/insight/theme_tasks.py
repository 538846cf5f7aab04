"""Background work for themes: a theme run over a place's insights, and splitting one theme in two.
Each task loads by id, calls its step in `theme_finding`, and reports on its progress record."""

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django_tasks import task

from ostrom.core.background import reporting_failure
from ostrom.core.models import Progress

from . import theme_finding
from .models import Theme, ThemeRun

RUN_FAILED = gettext_noop(
    "The themes could not be found: something went wrong on our side. Please try again."
)


def _mark_failed(run_id: int) -> None:
    ThemeRun.objects.filter(pk=run_id).update(status=ThemeRun.Status.FAILED, finished_at=timezone.now())


@task(takes_context=True)
def run_themes_task(context, *, progress_id: int, run_id: int) -> None:
    progress = Progress.objects.get(pk=progress_id)
    run = ThemeRun.objects.select_related("place").get(pk=run_id)
    ThemeRun.objects.filter(pk=run_id).update(task_id=str(context.task_result.id)[:64])
    try:
        with reporting_failure(progress, RUN_FAILED):
            progress.advance(2, gettext("Reading the comments"))
            try:
                theme_finding.run_themes(run=run, progress=progress)
            except theme_finding.TooFewInsights as problem:
                _mark_failed(run_id)
                progress.fail(str(problem))
                return
    except BaseException:
        _mark_failed(run_id)
        raise
    run.refresh_from_db()
    progress.finish(
        ngettext("%(num)d theme found", "%(num)d themes found", run.theme_count) % {"num": run.theme_count},
        result_url=run.get_absolute_url(),
    )


@task()
def split_theme_task(*, progress_id: int, theme_id: int, seed: int) -> None:
    progress = Progress.objects.select_related("started_by").get(pk=progress_id)
    theme = Theme.objects.select_related("place").get(pk=theme_id)
    with reporting_failure(
        progress, gettext("The theme could not be split: something went wrong on our side.")
    ):
        try:
            split_off = theme_finding.split_theme(theme=theme, seed=seed, progress=progress)
        except theme_finding.TooFewInsights as problem:
            progress.fail(str(problem))
            return
        progress.finish(
            gettext("Split into “%(theme)s” and “%(split_off)s”")
            % {"theme": theme.label, "split_off": split_off.label},
            result_url=theme.get_absolute_url(),
        )
