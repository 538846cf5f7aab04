"""The impact dashboard as the page shows it: the theory of change laid out as a drawing (boxes in six
columns with arrows) and as the same content in a nested list, and each indicator's measurements against
its baseline and target, with the trend in words."""

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from ostrom.core.jinja_env import format_date

from .models import Indicator, Measurement, Programme, Step
from .validation import MEASURED_STAGES, STAGE_ORDER, stage_index

BOX_WIDTH, BOX_HEIGHT, COLUMN_GAP, ROW_GAP, TOP = 170, 92, 46, 18, 40
LINE_CHARACTERS, LINES = 19, 4


@dataclass
class Box:
    step: Step
    x: int
    y: int
    lines: list[str]
    number: str  # "O2": the box's stage letter and place in it, shown in both the drawing and the list

    @property
    def text_x(self) -> int:
        return self.x + 10


@dataclass
class Arrow:
    path: str


@dataclass
class Stage:
    value: str
    label: str
    steps: list[dict] = field(default_factory=list)  # for the list: text, number, leads_to, indicators
    x: int = 0


@dataclass
class Diagram:
    stages: list[Stage]
    boxes: list[Box]
    arrows: list[Arrow]
    width: int
    height: int
    is_empty: bool


LETTERS = {
    "input": "I",
    "activity": "A",
    "output": "O",
    "short_term": "S",
    "medium_term": "M",
    "long_term": "L",
}


def _lines(text: str) -> list[str]:
    lines = textwrap.wrap(text, LINE_CHARACTERS) or [""]
    if len(lines) > LINES:
        lines = lines[:LINES]
        lines[-1] = lines[-1][: LINE_CHARACTERS - 1].rstrip() + "…"
    return lines


def diagram(programme: Programme) -> Diagram:
    steps = list(programme.steps.prefetch_related("leads_to", "indicators").order_by("position", "pk"))
    by_stage: dict[str, list[Step]] = {stage: [] for stage in STAGE_ORDER}
    for step in steps:
        by_stage[step.stage].append(step)
    boxes: dict[int, Box] = {}
    stages = []
    for column, (value, label) in enumerate(Step.Stage.choices):
        x = column * (BOX_WIDTH + COLUMN_GAP)
        stage = Stage(value=value, label=label, x=x + BOX_WIDTH // 2)
        for row, step in enumerate(by_stage[value]):
            boxes[step.pk] = Box(
                step=step,
                x=x,
                y=TOP + row * (BOX_HEIGHT + ROW_GAP),
                lines=_lines(step.text),
                number=f"{LETTERS[value]}{row + 1}",
            )
        stages.append(stage)
    for stage in stages:
        for step in by_stage[stage.value]:
            stage.steps.append(
                {
                    "step": step,
                    "number": boxes[step.pk].number,
                    "leads_to": [
                        f"{boxes[target.pk].number}: {target.text}"
                        for target in sorted(
                            step.leads_to.all(), key=lambda t: (stage_index(t.stage), t.position, t.pk)
                        )
                    ],
                    "indicators": [indicator.name for indicator in step.indicators.all()],
                    "can_have_indicators": step.stage in MEASURED_STAGES,
                }
            )
    arrows = []
    for step in steps:
        source = boxes[step.pk]
        for target in step.leads_to.all():
            end = boxes.get(target.pk)
            if end is None:
                continue
            x1, y1 = source.x + BOX_WIDTH, source.y + BOX_HEIGHT // 2
            x2, y2 = end.x - 4, end.y + BOX_HEIGHT // 2
            if end.x - source.x > BOX_WIDTH + COLUMN_GAP:
                # Past a column of boxes: along the gap between two rows, which lines up in every column,
                # so the arrow never crosses a box.
                lane = end.y - ROW_GAP // 2
                before, after = x1 + COLUMN_GAP // 3, end.x - COLUMN_GAP // 2
                path = f"M{x1},{y1} H{before} V{lane} H{after} V{y2} H{x2}"
            else:
                middle = (x1 + x2) // 2
                path = f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"
            arrows.append(Arrow(path=path))
    deepest = max((len(items) for items in by_stage.values()), default=0)
    return Diagram(
        stages=stages,
        boxes=list(boxes.values()),
        arrows=arrows,
        width=len(STAGE_ORDER) * BOX_WIDTH + (len(STAGE_ORDER) - 1) * COLUMN_GAP,
        height=TOP + max(deepest, 1) * (BOX_HEIGHT + ROW_GAP),
        is_empty=not steps,
    )


# --- Indicators ---------------------------------------------------------------------------------


def _change(value: Decimal) -> str:
    return f"{int(value):,}" if value == value.to_integral() else f"{value:,.2f}".rstrip("0")


def _figure(value: Decimal, unit: str) -> str:
    text = _change(value)
    if unit == "£":
        return f"£{int(value):,}" if value == value.to_integral() else f"£{value:,.2f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def trend(indicator: Indicator, measurements: list[Measurement]) -> str:
    """The trend in words: "Up 23 since the baseline; 71% of the way to the target"."""
    if not measurements:
        return gettext("No measurements yet.")
    latest = measurements[-1]
    said = [
        gettext("Latest: %(figure)s on %(date)s")
        % {"figure": _figure(latest.value, indicator.unit), "date": format_date(latest.measured_on)}
    ]
    if indicator.baseline is not None:
        difference = latest.value - indicator.baseline
        if difference > 0:
            said.append(gettext("up %(change)s since the baseline") % {"change": _change(difference)})
        elif difference < 0:
            said.append(gettext("down %(change)s since the baseline") % {"change": _change(-difference)})
        else:
            said.append(gettext("the same as the baseline"))
        if indicator.target is not None and indicator.target != indicator.baseline:
            share = difference / (indicator.target - indicator.baseline)
            if share >= 1:
                said.append(gettext("the target is reached"))
            elif share <= 0:
                said.append(gettext("no nearer the target"))
            else:
                said.append(gettext("%(share)s of the way to the target") % {"share": f"{share:.0%}"})
    return "; ".join(said) + "."


@dataclass
class IndicatorTable:
    indicator: Indicator
    caption: str
    details: str  # range, source and frequency
    trend: str
    rows: list[dict]  # label, value text, source text, bar percent
    is_computed: bool


def _bar(value: Decimal, scale: Decimal) -> int:
    if scale <= 0 or value <= 0:
        return 0
    return min(100, int(round(value / scale * 100)))


def indicator_table(indicator: Indicator) -> IndicatorTable:
    measurements = list(indicator.measurements.all())
    values = [m.value for m in measurements] + [
        value for value in (indicator.baseline, indicator.target) if value is not None
    ]
    scale = max(values, default=Decimal(0))
    rows = []
    if indicator.baseline is not None:
        rows.append(
            {
                "label": gettext("Baseline, %(date)s") % {"date": format_date(indicator.baseline_on)}
                if indicator.baseline_on
                else gettext("Baseline"),
                "value": _figure(indicator.baseline, indicator.unit),
                "source": "",
                "bar": _bar(indicator.baseline, scale),
            }
        )
    for measurement in measurements:
        rows.append(
            {
                "label": format_date(measurement.measured_on),
                "value": _figure(measurement.value, indicator.unit),
                "source": measurement.get_source_display()
                + (f": {measurement.note}" if measurement.note else ""),
                "bar": _bar(measurement.value, scale),
            }
        )
    if indicator.target is not None:
        rows.append(
            {
                "label": gettext("Target, %(date)s") % {"date": format_date(indicator.target_on)}
                if indicator.target_on
                else gettext("Target"),
                "value": _figure(indicator.target, indicator.unit),
                "source": "",
                "bar": _bar(indicator.target, scale),
            }
        )
    top = (
        gettext("no upper limit") if indicator.maximum is None else _figure(indicator.maximum, indicator.unit)
    )
    details = [
        gettext("Measured %(frequency)s in %(unit)s, from %(minimum)s to %(maximum)s.")
        % {
            "frequency": indicator.get_frequency_display().lower(),
            "unit": indicator.unit,
            "minimum": _figure(indicator.minimum, indicator.unit),
            "maximum": top,
        }
    ]
    if indicator.computed_from:
        details.append(gettext("Worked out by Ostrom from its own records."))
    if indicator.source:
        details.append(gettext("Source: %(source)s.") % {"source": indicator.source})
    return IndicatorTable(
        indicator=indicator,
        caption=f"{indicator.name} ({indicator.unit})",
        details=" ".join(details),
        trend=trend(indicator, measurements),
        rows=rows,
        is_computed=bool(indicator.computed_from),
    )


def indicator_tables(programme: Programme) -> list[IndicatorTable]:
    indicators = (
        Indicator.objects.filter(step__programme=programme)
        .select_related("step")
        .prefetch_related("measurements")
        .order_by("step__position", "step__pk", "position", "pk")
    )
    ordered = sorted(
        indicators, key=lambda i: (stage_index(i.step.stage), i.step.position, i.step.pk, i.position, i.pk)
    )
    return [indicator_table(indicator) for indicator in ordered]
