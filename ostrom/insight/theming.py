"""Themes: starting theme runs and splits (always as tasks), and the coordinators' edits – rename,
merge, pin – that every later run keeps. Every edit is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import fail_stopped_work, start_task
from ostrom.core.models import Progress
from ostrom.core.validation import check_text, raise_problems

from . import theme_finding
from .models import Insight, Theme, ThemeAssignment, ThemeRun
from .theme_tasks import run_themes_task, split_theme_task

MOST_THEMES = 50
LARGEST_SEED = 2_147_483_647
LABEL_LENGTH = 200


class RunUnderWay(Exception):
    """A theme run for this place has not finished yet; the message is fit for the page."""


def check_run_settings(*, engine, requested_themes, seed) -> dict:
    """The problems with a run's settings, by field (shared by the form and the API)."""
    problems = {}
    if engine not in ThemeRun.Engine.values:
        problems["engine"] = gettext("Select how to find themes")
    if requested_themes is not None and (
        not isinstance(requested_themes, int) or not 2 <= requested_themes <= MOST_THEMES
    ):
        problems["requested_themes"] = gettext(
            "Number of themes must be between 2 and %(most)s, or left blank"
        ) % {"most": MOST_THEMES}
    if not isinstance(seed, int) or not 0 <= seed <= LARGEST_SEED:
        problems["seed"] = gettext("Seed must be a whole number from 0 to %(largest)s") % {
            "largest": f"{LARGEST_SEED:,}"
        }
    return problems


def fail_run_whose_work_stopped(sender, *, progress: Progress, **kwargs) -> None:
    """`core.background.work_stopped`: a run whose worker stopped is failed, so the place can be themed again."""
    ThemeRun.objects.filter(progress=progress).unfinished().update(
        status=ThemeRun.Status.FAILED, finished_at=timezone.now()
    )


@transaction.atomic
def start_theme_run(*, place, engine: str, requested_themes: int | None, seed: int, started_by) -> ThemeRun:
    """Queue a run over every insight with consent in the place (and the places inside it). The engine
    runs in the task, never here."""
    permissions.ensure(
        permissions.can_run_themes(started_by, place),
        gettext("Only the coordinators of this place can find its themes"),
    )
    raise_problems(check_run_settings(engine=engine, requested_themes=requested_themes, seed=seed))
    # A run whose worker stopped is not under way, even if no worker has recorded that yet.
    fail_stopped_work()
    # Lock the place's runs so two coordinators pressing the button at once start one run, not two.
    if ThemeRun.objects.select_for_update().for_place(place).unfinished().exists():
        raise RunUnderWay(
            gettext("Themes for %(place)s are already being found. Wait for that run to finish.")
            % {"place": place.name}
        )
    run = ThemeRun.objects.create(place=place, engine=engine, requested_themes=requested_themes, seed=seed)
    run.progress = start_task(
        run_themes_task,
        title=gettext("Finding themes in %(place)s") % {"place": place.name},
        started_by=started_by,
        retry_url=reverse("insight:theme-list", args=[place.code]),
        run_id=run.pk,
    )
    run.save(update_fields=["progress"])
    audit.record(
        actor=started_by,
        action="theme_run.created",
        target=run,
        note=f"{run.get_engine_display()}; {requested_themes or 'any number of'} themes; seed {seed}",
    )
    return run


@transaction.atomic
def rename_theme(*, theme: Theme, label: str, renamed_by) -> Theme:
    """A renamed theme keeps its name through every later run."""
    permissions.ensure(
        permissions.can_run_themes(renamed_by, theme.place),
        gettext("Only the coordinators of this place can rename themes"),
    )
    problems = {}
    check_text(
        problems, "label", label, max_length=LABEL_LENGTH, required=gettext("Enter a name for the theme")
    )
    raise_problems(problems)
    label = label.strip()
    before = theme.label
    theme.label, theme.label_edited = label, True
    theme.save(update_fields=["label", "label_edited"])
    audit.record(actor=renamed_by, action="theme.renamed", target=theme, changes={"label": (before, label)})
    return theme


@transaction.atomic
def merge_themes(*, theme: Theme, into: Theme, merged_by) -> Theme:
    """Merge `theme` into `into`: its insights move there, and a later run that finds it again lands its
    insights in `into` too. Returns `into`."""
    permissions.ensure(
        permissions.can_run_themes(merged_by, theme.place),
        gettext("Only the coordinators of this place can merge themes"),
    )
    current = Theme.objects.for_place(theme.place).current()
    if into.pk == theme.pk:
        raise ValidationError({"into": gettext("Select a different theme to merge with")})
    if not current.filter(pk=theme.pk).exists() or not current.filter(pk=into.pk).exists():
        raise ValidationError({"into": gettext("Select one of this place's themes")})
    members = sorted(ThemeAssignment.objects.filter(theme=theme).values_list("insight_id", flat=True))
    theme.merged_into, theme.members_when_merged = into, members
    theme.save(update_fields=["merged_into", "members_when_merged"])
    ThemeAssignment.objects.filter(theme=theme).update(theme=into)
    # Themes already merged into this one follow it.
    Theme.objects.filter(merged_into=theme).update(merged_into=into)
    into.representative = (into.representative + theme.representative)[: theme_finding.MOST_REPRESENTATIVE]
    into.save(update_fields=["representative"])
    theme_finding.update_sizes(theme.place)
    into.refresh_from_db()
    audit.record(
        actor=merged_by,
        action="theme.merged",
        target=into,
        changes={"merged": ("", theme.label)},
        note=f"“{theme.label}” (theme {theme.pk}) merged into “{into.label}”",
    )
    audit.record(actor=merged_by, action="theme.merged_away", target=theme, note=f"Into theme {into.pk}")
    return into


@transaction.atomic
def pin_insight(*, insight: Insight, theme: Theme, pinned_by) -> ThemeAssignment:
    """Put an insight in a theme and keep it there through every later run."""
    permissions.ensure(
        permissions.can_run_themes(pinned_by, theme.place),
        gettext("Only the coordinators of this place can pin comments"),
    )
    if not Theme.objects.for_place(theme.place).current().filter(pk=theme.pk).exists():
        raise ValidationError({"theme": gettext("Select one of this place's themes")})
    if not theme_finding.consented_insights(theme.place).filter(pk=insight.pk).exists():
        raise ValidationError(
            {"insight": gettext("Select a comment from this place that has consent to use")}
        )
    before = ThemeAssignment.objects.filter(place=theme.place, insight=insight).first()
    assignment, _ = ThemeAssignment.objects.update_or_create(
        place=theme.place, insight=insight, defaults={"theme": theme, "pinned": True}
    )
    theme_finding.update_sizes(theme.place)
    audit.record(
        actor=pinned_by,
        action="theme.pinned",
        target=theme,
        changes={"insight": ("" if before is None else f"theme {before.theme_id}", f"insight {insight.pk}")},
    )
    return assignment


@transaction.atomic
def start_split(*, theme: Theme, requested_by, seed: int = 0) -> Progress:
    """Queue splitting a theme in two (the engine on its comments, asked for two themes)."""
    permissions.ensure(
        permissions.can_run_themes(requested_by, theme.place),
        gettext("Only the coordinators of this place can split themes"),
    )
    if not Theme.objects.for_place(theme.place).current().filter(pk=theme.pk).exists():
        raise ValidationError({"theme": gettext("This theme was merged or retired: it cannot be split")})
    if theme.size < theme_finding.FEWEST_TO_SPLIT:
        raise ValidationError(
            {
                "theme": gettext("A theme needs at least %(fewest)s comments to be split")
                % {"fewest": theme_finding.FEWEST_TO_SPLIT}
            }
        )
    progress = start_task(
        split_theme_task,
        title=gettext("Splitting the theme “%(theme)s”") % {"theme": theme.label},
        started_by=requested_by,
        theme_id=theme.pk,
        seed=seed,
    )
    audit.record(actor=requested_by, action="theme.split_requested", target=theme)
    return progress
