"""The rules a theory of change and its measurements follow, checked the same way by the forms, the API
and the spreadsheet import (each problem a plain sentence, so an import can name the row it is on)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from ostrom.core.validation import check_text

from .models import Indicator, Step

STAGE_ORDER = [value for value, _label in Step.Stage.choices]
MEASURED_STAGES = {Step.Stage.OUTPUT, Step.Stage.SHORT_TERM, Step.Stage.MEDIUM_TERM, Step.Stage.LONG_TERM}
LARGEST_VALUE = Decimal("999999999999.99")  # what a DecimalField(14, 2) holds


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def arrow_problem(source: Step, target: Step) -> str | None:
    """Why an arrow from `source` to `target` may not be drawn, or None: an arrow stays inside one
    programme and only goes forward, to a later stage (inputs feed activities, never the reverse)."""
    if source.programme_id != target.programme_id:
        return gettext("“%(step)s” belongs to another programme") % {"step": target.text}
    if stage_index(target.stage) <= stage_index(source.stage):
        return gettext(
            "An arrow can only go forward: “%(step)s” (%(stage)s) does not come after %(source_stage)s"
        ) % {
            "step": target.text,
            "stage": target.get_stage_display().lower(),
            "source_stage": source.get_stage_display().lower(),
        }
    return None


def indicator_step_problem(step: Step) -> str | None:
    if step.stage not in MEASURED_STAGES:
        return gettext("Only outputs and outcomes have indicators: “%(step)s” is one of the %(stage)s") % {
            "step": step.text,
            "stage": step.get_stage_display().lower(),
        }
    return None


def as_value(raw) -> Decimal | None:
    """A number as a measurement stores it (2 decimal places), or None if it is not one."""
    if isinstance(raw, bool):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value.copy_abs() > LARGEST_VALUE:  # copy_abs: 1E1000000 cannot overflow
        return None
    return value.quantize(Decimal("0.01"))


def _figure(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def measurement_problems(indicator: Indicator, *, value, unit: str | None) -> dict[str, str]:
    """What is wrong with a measurement of `indicator`: {field: message}. `unit` None means the person
    was shown the indicator's unit and did not type one (the form); an import or the API must say it."""
    problems: dict[str, str] = {}
    number = as_value(value)
    if number is None:
        problems["value"] = gettext("Enter the value as a number, like 42 or 7.5")
    elif number < indicator.minimum or (indicator.maximum is not None and number > indicator.maximum):
        if indicator.maximum is None:
            problems["value"] = gettext("Value must be %(minimum)s %(unit)s or more") % {
                "minimum": _figure(indicator.minimum),
                "unit": indicator.unit,
            }
        else:
            problems["value"] = gettext("Value must be between %(minimum)s and %(maximum)s %(unit)s") % {
                "minimum": _figure(indicator.minimum),
                "maximum": _figure(indicator.maximum),
                "unit": indicator.unit,
            }
    if unit is not None:
        check_text(problems, "unit", unit, max_length=40, required=gettext("Enter the unit"))
        if "unit" not in problems and unit.strip().lower() != indicator.unit.strip().lower():
            problems["unit"] = gettext("The unit must be %(unit)s (the indicator's unit), not %(typed)s") % {
                "unit": indicator.unit,
                "typed": unit.strip(),
            }
    return problems


def indicator_problems(
    *,
    name,
    unit,
    minimum,
    maximum,
    baseline,
    baseline_on,
    target,
    target_on,
    source,
    frequency,
) -> dict[str, str]:
    """What is wrong with an indicator's fields: {field: message}."""
    problems: dict[str, str] = {}
    check_text(problems, "name", name, max_length=200, required=gettext("Enter what the indicator measures"))
    check_text(problems, "unit", unit, max_length=40, required=gettext("Enter the unit, like people or %"))
    check_text(problems, "source", source, max_length=300)
    if frequency not in Indicator.Frequency.values:
        problems["frequency"] = gettext("Select how often it is measured")
    for field, value in (
        ("minimum", minimum),
        ("maximum", maximum),
        ("baseline", baseline),
        ("target", target),
    ):
        if value is not None and (not isinstance(value, Decimal) or value.copy_abs() > LARGEST_VALUE):
            problems[field] = gettext("Enter a number, like 42 or 7.5")
    if "minimum" not in problems and minimum is None:
        problems["minimum"] = gettext("Enter the smallest value a measurement can take, like 0")
    if not problems.keys() & {"minimum", "maximum"} and maximum is not None and maximum < minimum:
        problems["maximum"] = gettext("The largest value must be at least the smallest")
    in_range = not problems.keys() & {"minimum", "maximum"}
    for field, value in (("baseline", baseline), ("target", target)):
        outside = value is not None and (value < minimum or (maximum is not None and value > maximum))
        if field not in problems and in_range and outside:
            problems[field] = (
                gettext("The baseline must be inside the indicator's range")
                if field == "baseline"
                else gettext("The target must be inside the indicator's range")
            )
    for field, value, on_field, on in (
        ("baseline", baseline, "baseline_on", baseline_on),
        ("target", target, "target_on", target_on),
    ):
        if on is not None and not isinstance(on, date):
            problems[on_field] = gettext("Enter a date, like 2026-11-23")
        elif value is not None and on is None:
            problems[on_field] = (
                gettext("Enter the date of the baseline")
                if field == "baseline"
                else gettext("Enter the date of the target")
            )
    if (
        isinstance(baseline_on, date)
        and isinstance(target_on, date)
        and not problems.keys() & {"baseline_on", "target_on"}
        and target_on <= baseline_on
    ):
        problems["target_on"] = gettext("The target date must be after the baseline date")
    return problems
