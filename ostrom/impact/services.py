"""Theories of change and their indicators: setting up a programme, its steps and arrows, its indicators,
recording a measurement, and starting an import or a refresh of the computed indicators. Only the
coordinators of the programme's place change anything (`permissions.can_run_programme`); every change
is audited."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress, Upload
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import check_text, raise_problems

from . import measuring, tasks
from .models import Indicator, Measurement, Programme, Step
from .validation import (
    arrow_problem,
    as_value,
    indicator_problems,
    indicator_step_problem,
    measurement_problems,
)

# The words the impact URLs use after /impact/ for pages that are not a programme.
RESERVED_SLUGS = ("new", "returns")

ONLY_RUNNERS = gettext_lazy("Only the coordinators of the programme's place can change its theory of change")


def _ensure_runs(runner, programme: Programme) -> None:
    permissions.ensure(permissions.can_run_programme(runner, programme), ONLY_RUNNERS)


def _check_programme(problems: dict, *, name, kind, description, starts_on, ends_on, fund) -> None:
    check_text(problems, "name", name, max_length=200, required=gettext("Enter the programme's name"))
    check_text(problems, "description", description, max_length=5000)
    if kind not in Programme.Kind.values:
        problems["kind"] = gettext("Select what kind of programme it is")
    elif fund is not None and kind != Programme.Kind.FUND:
        problems["fund"] = gettext("Only a fund's programme can be linked to a fund")
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = gettext("The end date must be on or after the start date")


@transaction.atomic
def create_programme(
    *,
    runner,
    place,
    name: str,
    kind: str,
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    fund=None,
    organisation=None,
) -> Programme:
    permissions.ensure(
        permissions.can_start_programme(runner, place),
        gettext("Only coordinators of %(place)s can set up a programme there") % {"place": place.name},
    )
    problems: dict = {}
    _check_programme(
        problems,
        name=name,
        kind=kind,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        fund=fund,
    )
    if fund is not None and Programme.objects.filter(fund=fund).exists():
        problems["fund"] = gettext("That fund already has a programme")
    raise_problems(problems)
    programme = Programme.objects.create(
        name=name.strip(),
        slug=unique_slug(Programme, name, fallback="programme", reserved=RESERVED_SLUGS),
        kind=kind,
        description=description,
        place=place,
        fund=fund,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit.record(actor=runner, action="programme.created", target=programme)
    return programme


@transaction.atomic
def edit_programme(
    *,
    runner,
    programme: Programme,
    name: str,
    kind: str,
    description: str,
    starts_on: date | None,
    ends_on: date | None,
) -> Programme:
    _ensure_runs(runner, programme)
    problems: dict = {}
    _check_programme(
        problems,
        name=name,
        kind=kind,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        fund=programme.fund,
    )
    raise_problems(problems)
    new = {
        "name": name.strip(),
        "kind": kind,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    changes = {
        field: (getattr(programme, field), value)
        for field, value in new.items()
        if getattr(programme, field) != value
    }
    for field, value in new.items():
        setattr(programme, field, value)
    programme.save()
    audit.record(
        actor=runner,
        action="programme.edited",
        target=programme,
        changes={field: (str(old), str(value)) for field, (old, value) in changes.items()},
    )
    return programme


# --- Steps and arrows -----------------------------------------------------------------------------


def _check_step(problems: dict, *, stage, text) -> None:
    if stage not in Step.Stage.values:
        problems["stage"] = gettext("Select the stage")
    check_text(problems, "text", text, max_length=300, required=gettext("Enter what this step is"))


@transaction.atomic
def add_step(*, runner, programme: Programme, stage: str, text: str) -> Step:
    """A new box at the end of its stage."""
    _ensure_runs(runner, programme)
    problems: dict = {}
    _check_step(problems, stage=stage, text=text)
    raise_problems(problems)
    last = programme.steps.filter(stage=stage).aggregate(last=Max("position"))["last"]
    step = Step.objects.create(
        programme=programme, stage=stage, text=text.strip(), position=0 if last is None else last + 1
    )
    audit.record(
        actor=runner, action="step.created", target=step, note=f"{step.get_stage_display()}: {step.text}"
    )
    return step


@transaction.atomic
def edit_step(*, runner, step: Step, text: str, leads_to: Sequence[Step]) -> Step:
    """Change a box's words and the arrows leaving it. Every arrow goes forward, to a later stage of the
    same programme; one that does not is refused and nothing changes."""
    _ensure_runs(runner, step.programme)
    problems: dict = {}
    check_text(problems, "text", text, max_length=300, required=gettext("Enter what this step is"))
    backwards = [problem for target in leads_to if (problem := arrow_problem(step, target))]
    if backwards:
        problems["leads_to"] = backwards[0]
    raise_problems(problems)
    old_text, old_targets = step.text, sorted(step.leads_to.values_list("pk", flat=True))
    step.text = text.strip()
    step.save(update_fields=["text"])
    step.leads_to.set(leads_to)
    changes = {}
    if old_text != step.text:
        changes["text"] = (old_text, step.text)
    new_targets = sorted(target.pk for target in leads_to)
    if old_targets != new_targets:
        changes["leads_to"] = (str(old_targets), str(new_targets))
    audit.record(actor=runner, action="step.edited", target=step, changes=changes)
    return step


@transaction.atomic
def draw_arrow(*, runner, source: Step, target: Step) -> None:
    """One arrow from `source` to a later step; refused if it would go backwards or sideways."""
    _ensure_runs(runner, source.programme)
    problem = arrow_problem(source, target)
    if problem:
        raise ValidationError({"leads_to": problem})
    source.leads_to.add(target)
    audit.record(actor=runner, action="step.edited", target=source, note=f"Arrow to step {target.pk}")


@transaction.atomic
def remove_step(*, runner, step: Step) -> None:
    """Take a box out, with its arrows and its indicators (and their measurements)."""
    programme = step.programme
    _ensure_runs(runner, programme)
    measured = Measurement.objects.filter(indicator__step=step).count()
    audit.record(
        actor=runner,
        action="programme.step_removed",
        target=programme,
        note=f"{step.get_stage_display()}: {step.text} (with {step.indicators.count()} indicators and "
        f"{measured} measurements)",
    )
    step.delete()


@transaction.atomic
def move_step(*, runner, step: Step, direction: str) -> None:
    """Swap a box with the one above ("up") or below ("down") it in its stage."""
    _ensure_runs(runner, step.programme)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": gettext("Select up or down")})
    siblings = list(step.programme.steps.filter(stage=step.stage).order_by("position", "pk"))
    index = siblings.index(step)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    audit.record(actor=runner, action="step.moved", target=step, note=f"Moved {direction}")


# --- Indicators ---------------------------------------------------------------------------------


def _check_indicator(problems: dict, step: Step, fields: dict) -> None:
    problem = indicator_step_problem(step)
    if problem:
        problems["step"] = problem
    computed_from, survey = fields.get("computed_from", ""), fields.get("survey")
    problems.update(
        indicator_problems(
            **{key: value for key, value in fields.items() if key not in ("computed_from", "survey")}
        )
    )
    if computed_from:
        computation = measuring.computation(computed_from)
        if computation is None:
            problems["computed_from"] = gettext("Select one of the figures Ostrom can work out")
        elif computation.needs_survey and survey is None:
            problems["survey"] = gettext("Select the survey whose wellbeing answers are averaged")
        elif "unit" not in problems and fields["unit"].strip().lower() != computation.unit:
            problems["unit"] = gettext("The unit of “%(figure)s” is %(unit)s") % {
                "figure": computation.label,
                "unit": computation.unit,
            }


INDICATOR_FIELDS = (
    "name",
    "unit",
    "minimum",
    "maximum",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
    "source",
    "frequency",
    "computed_from",
    "survey",
)


@transaction.atomic
def add_indicator(
    *,
    runner,
    step: Step,
    name: str,
    unit: str,
    minimum: Decimal = Decimal(0),
    maximum: Decimal | None = None,
    baseline: Decimal | None = None,
    baseline_on: date | None = None,
    target: Decimal | None = None,
    target_on: date | None = None,
    source: str = "",
    frequency: str = Indicator.Frequency.QUARTERLY,
    computed_from: str = "",
    survey=None,
) -> Indicator:
    """An indicator on an output or outcome (never on an input or activity)."""
    _ensure_runs(runner, step.programme)
    fields = {key: value for key, value in locals().items() if key in INDICATOR_FIELDS}
    problems: dict = {}
    _check_indicator(problems, step, fields)
    raise_problems(problems)
    last = step.indicators.aggregate(last=Max("position"))["last"]
    fields["name"], fields["unit"] = name.strip(), unit.strip()
    indicator = Indicator.objects.create(step=step, position=0 if last is None else last + 1, **fields)
    audit.record(actor=runner, action="indicator.created", target=indicator, note=indicator.name)
    return indicator


@transaction.atomic
def edit_indicator(*, runner, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator's fields (any of INDICATOR_FIELDS); the rest stay as they are."""
    _ensure_runs(runner, indicator.step.programme)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {sorted(unknown)}")
    merged = {key: getattr(indicator, key) for key in INDICATOR_FIELDS} | fields
    problems: dict = {}
    _check_indicator(problems, indicator.step, merged)
    raise_problems(problems)
    merged["name"], merged["unit"] = merged["name"].strip(), merged["unit"].strip()
    changes = {
        key: (str(getattr(indicator, key)), str(value))
        for key, value in merged.items()
        if getattr(indicator, key) != value
    }
    for key, value in merged.items():
        setattr(indicator, key, value)
    indicator.save()
    audit.record(actor=runner, action="indicator.edited", target=indicator, changes=changes)
    return indicator


# --- Measurements -------------------------------------------------------------------------------


@transaction.atomic
def record_measurement(
    *, runner, indicator: Indicator, measured_on: date, value, unit: str | None = None, note: str = ""
) -> Measurement:
    """A measurement typed in. Outside the indicator's range, or in another unit, it is refused."""
    _ensure_runs(runner, indicator.step.programme)
    problems = measurement_problems(indicator, value=value, unit=unit)
    if indicator.computed_from:
        problems["indicator"] = gettext(
            "“%(indicator)s” is worked out by Ostrom, so it cannot be typed in"
        ) % {"indicator": indicator.name}
    check_text(problems, "note", note, max_length=300)
    if not isinstance(measured_on, date):
        problems["measured_on"] = gettext("Enter the date it was measured, like 2026-11-23")
    raise_problems(problems)
    value = as_value(value)
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                indicator=indicator,
                measured_on=measured_on,
                value=value,
                source=Measurement.Source.TYPED,
                note=note,
                recorded_by=runner,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "measured_on": gettext(
                    "There is already a measurement typed in for that date. Choose another date"
                )
            }
        ) from None
    audit.record(
        actor=runner, action="measurement.created", target=measurement, note=f"{indicator.name}: {value}"
    )
    return measurement


def start_measurement_import(*, runner, programme: Programme, content: bytes, filename: str) -> Progress:
    """Queue an import of measurements from a CSV or XLSX file (`importing.import_measurements`): every
    row is checked first, and one bad row means nothing is kept."""
    _ensure_runs(runner, programme)
    with transaction.atomic():
        progress = start_task(
            tasks.import_measurements_task,
            title=(gettext("Importing measurements for %(programme)s") % {"programme": programme.name})[:200],
            retry_url=reverse("impact:measurement-import", args=[programme.slug]),
            started_by=runner,
            programme_id=programme.pk,
        )
        Upload.objects.create(progress=progress, filename=filename[:200], content=content)
    return progress


def start_refresh(*, runner, programme: Programme) -> Progress:
    """Queue working out the programme's computed indicators again from Ostrom's records."""
    _ensure_runs(runner, programme)
    with transaction.atomic():
        progress = start_task(
            tasks.refresh_computed_measurements,
            title=(gettext("Working out %(programme)s's indicators") % {"programme": programme.name})[:200],
            started_by=runner,
            programme_id=programme.pk,
        )
        audit.record(actor=runner, action="programme.refresh_started", target=programme)
    return progress
