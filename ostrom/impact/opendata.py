"""A programme's open data for evaluators: its indicators, their measurements and its organisations'
submitted returns, as CSV and JSON with a data dictionary, zipped as a Frictionless Data Package
(https://specs.frictionlessdata.io/data-package/): `datapackage.json` names each file with a Table
Schema – every field's name, type and description – and the licence and sources.

What goes in is only what may be public (the one rule for this package, used by the page, the API and
the download alike):
- no person: no names, email addresses or accounts, no one's wellbeing answers, no participant codes,
  no notes typed beside a measurement (free text could name someone), not who recorded or submitted what;
- organisations by name only (as the 360Giving grants file names them), never their contacts;
- counts of people in returns (people reached by group, social prescriptions received) with counts
  from 1 to 4 withheld, and the next smallest too where only one would be (core.suppression.suppress),
  so a withheld count cannot be worked out from the others;
- a return's story only once it is published insight: the published wording, not the return's own.
SWEMWBS answers from returns are not in the package; the programme's wellbeing summary is shown to its
coordinators and partners (impact/wellbeing_selectors.py), not published here."""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.core import suppression
from ostrom.core.spreadsheets import csv_text
from ostrom.insight.models import Insight

from .models import Indicator, Measurement, Programme, Return, ReturnAnswer, ReturnQuestion

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# A return's story becomes insight as an Insight whose origin is the return (insight's "brought in" key).
STORY_ORIGIN = "impact.return"
PEOPLE_COUNTS = {ReturnQuestion.Kind.PEOPLE_BY_GROUP, ReturnQuestion.Kind.REFERRALS}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, date, boolean
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: list[dict]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, other table, its field)

    def schema(self, *, with_foreign_keys: bool = True) -> dict:
        schema = {
            "fields": [
                {"name": f.name, "type": f.type, "description": str(f.description)} for f in self.fields
            ],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if with_foreign_keys and self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": field, "reference": {"resource": other, "fields": other_field}}
                for field, other, other_field in self.foreign_keys
            ]
        return schema


INDICATOR_FIELDS = (
    Field(
        "indicator_id",
        "integer",
        gettext_lazy("The indicator's number in this package (measurements refer to it)"),
    ),
    Field(
        "stage",
        "string",
        gettext_lazy("The theory of change stage it measures: Outputs, Short-term outcomes …"),
    ),
    Field(
        "measures",
        "string",
        gettext_lazy("The output or outcome in the theory of change that the indicator measures"),
    ),
    Field("name", "string", gettext_lazy("What is measured")),
    Field("unit", "string", gettext_lazy("What is counted: people, organisations, %, £ …")),
    Field("minimum", "number", gettext_lazy("The smallest value a measurement may take")),
    Field(
        "maximum", "number", gettext_lazy("The largest value a measurement may take (empty: no upper limit)")
    ),
    Field("baseline", "number", gettext_lazy("The value at the start (empty: not set)")),
    Field("baseline_on", "date", gettext_lazy("When the baseline was measured")),
    Field("target", "number", gettext_lazy("The value aimed for (empty: not set)")),
    Field("target_on", "date", gettext_lazy("When the target should be reached")),
    Field("source", "string", gettext_lazy("Where the figure comes from")),
    Field("frequency", "string", gettext_lazy("How often it is measured: Monthly, Quarterly or Yearly")),
    Field(
        "is_computed",
        "boolean",
        gettext_lazy(
            "true: computed from Ostrom's own records and kept up to date; false: typed in, imported or from returns"
        ),
    ),
)
MEASUREMENT_FIELDS = (
    Field("indicator_id", "integer", gettext_lazy("The indicator measured (indicators.indicator_id)")),
    Field("measured_on", "date", gettext_lazy("The date the value describes")),
    Field("value", "number", gettext_lazy("The value, in the indicator's unit")),
    Field(
        "source", "string", gettext_lazy("How the value was recorded: typed, imported, computed or returns")
    ),
)
RETURN_FIELDS = (
    Field("return_id", "integer", gettext_lazy("The return's number in this package (answers refer to it)")),
    Field("template", "string", gettext_lazy("The return form it answers")),
    Field(
        "organisation",
        "string",
        gettext_lazy("The organisation that sent it (its name only, never its contacts)"),
    ),
    Field("period_start", "date", gettext_lazy("The first day of the period the return covers")),
    Field("period_end", "date", gettext_lazy("The last day of the period the return covers")),
    Field("submitted_on", "date", gettext_lazy("When it was sent")),
    Field("is_final", "boolean", gettext_lazy("true for a final return (the end of a grant or programme)")),
)
ANSWER_FIELDS = (
    Field("return_id", "integer", gettext_lazy("The return answered (returns.return_id)")),
    Field("question", "string", gettext_lazy("The question as asked")),
    Field(
        "question_kind",
        "string",
        gettext_lazy(
            "count (an activity count), people_by_group (people reached, one row per group), referrals "
            "(social prescriptions received) or story"
        ),
    ),
    Field("group", "string", gettext_lazy("people_by_group only: the group the count is of")),
    Field("value", "number", gettext_lazy("The number given (empty for a story, or when withheld)")),
    Field(
        "is_withheld",
        "boolean",
        gettext_lazy(
            "true when a count of people was from 1 to 4, or was hidden so that such a count cannot be "
            "worked out from the others and the total"
        ),
    ),
    Field("story", "string", gettext_lazy("story only: the story as published (with the teller's consent)")),
)


def tables_of(programme: Programme) -> list[Table]:
    indicators = list(
        Indicator.objects.filter(step__programme=programme)
        .select_related("step")
        .order_by("step__position", "step__pk", "position", "pk")
    )
    submitted = list(
        Return.objects.submitted()
        .filter(template__programme=programme)
        .select_related("template", "organisation")
        .order_by("period_start", "pk")
    )
    return [
        Table(
            "indicators",
            gettext("Indicators"),
            gettext("How %(programme)s's outputs and outcomes are measured: unit, range, baseline and target")
            % {"programme": programme.name},
            INDICATOR_FIELDS,
            [_indicator_row(indicator) for indicator in indicators],
            primary_key=("indicator_id",),
        ),
        Table(
            "measurements",
            gettext("Measurements"),
            gettext("Every measurement of the indicators, in date order"),
            MEASUREMENT_FIELDS,
            [
                {
                    "indicator_id": measurement.indicator_id,
                    "measured_on": measurement.measured_on,
                    "value": measurement.value,
                    "source": measurement.source,
                }
                for measurement in Measurement.objects.filter(indicator__in=indicators).order_by(
                    "indicator__step__position", "indicator__position", "indicator_id", "measured_on", "pk"
                )
            ],
            foreign_keys=(("indicator_id", "indicators", "indicator_id"),),
        ),
        Table(
            "returns",
            gettext("Returns"),
            gettext("The returns organisations have sent, without who sent them"),
            RETURN_FIELDS,
            [
                {
                    "return_id": sent.pk,
                    "template": sent.template.name,
                    "organisation": sent.organisation.name,
                    "period_start": sent.period_start,
                    "period_end": sent.period_end,
                    "submitted_on": timezone.localdate(sent.submitted_at),
                    "is_final": sent.is_final,
                }
                for sent in submitted
            ],
            primary_key=("return_id",),
        ),
        Table(
            "return_answers",
            gettext("Answers in returns"),
            gettext(
                "The answers in the returns, with small counts of people withheld; stories only once published"
            ),
            ANSWER_FIELDS,
            _answer_rows(submitted),
            foreign_keys=(("return_id", "returns", "return_id"),),
        ),
    ]


def _indicator_row(indicator: Indicator) -> dict:
    return {
        "indicator_id": indicator.pk,
        "stage": indicator.step.get_stage_display(),
        "measures": indicator.step.text,
        "name": indicator.name,
        "unit": indicator.unit,
        "minimum": indicator.minimum,
        "maximum": indicator.maximum,
        "baseline": indicator.baseline,
        "baseline_on": indicator.baseline_on,
        "target": indicator.target,
        "target_on": indicator.target_on,
        "source": indicator.source,
        "frequency": indicator.get_frequency_display(),
        "is_computed": bool(indicator.computed_from),
    }


def _count(value) -> int | None:
    """A whole number of at least 0 from a stored answer, or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return (
        int(number) if number.is_finite() and number >= 0 and number == number.to_integral_value() else None
    )


def _answer_rows(submitted: list[Return]) -> list[dict]:
    stories = dict(
        Insight.objects.published()
        .filter(origin_kind=STORY_ORIGIN, origin_id__in=[sent.pk for sent in submitted])
        .values_list("origin_id", "text")
    )
    answers = (
        ReturnAnswer.objects.filter(answered_return__in=submitted)
        .select_related("question")
        .order_by("answered_return__period_start", "answered_return_id", "question__position", "question_id")
    )
    rows = []
    for answer in answers:
        question = answer.question
        base = {
            "return_id": answer.answered_return_id,
            "question": question.wording,
            "question_kind": question.kind,
        }
        blank = {"group": "", "value": None, "is_withheld": False, "story": ""}
        if question.kind == ReturnQuestion.Kind.STORY:
            if answer.answered_return_id in stories:
                rows.append(base | blank | {"story": stories[answer.answered_return_id]})
        elif question.kind == ReturnQuestion.Kind.COUNT:
            if (count := _count(answer.value)) is not None:
                rows.append(base | blank | {"value": count})
        elif question.kind == ReturnQuestion.Kind.REFERRALS:
            if (count := _count(answer.value)) is not None:
                rows.append(base | blank | _protected(suppression.suppress({"": count})[""], count))
        elif question.kind == ReturnQuestion.Kind.PEOPLE_BY_GROUP and isinstance(answer.value, dict):
            counts = {str(group): _count(value) for group, value in answer.value.items()}
            counts = {group: count for group, count in counts.items() if count is not None}
            # In group order: PostgreSQL's jsonb does not keep the order the groups were given in.
            for group, cell in sorted(suppression.suppress(counts).items()):
                rows.append(base | blank | {"group": group} | _protected(cell, counts[group]))
        # SWEMWBS answers are one person's health data: never in the package.
    return rows


def _protected(cell: suppression.Cell, count: int) -> dict:
    return (
        {"value": None, "is_withheld": True} if cell.is_suppressed else {"value": count, "is_withheld": False}
    )


# --- The package ---------------------------------------------------------------------------------


def descriptor(programme: Programme, tables: list[Table], *, page_url: str) -> dict:
    """datapackage.json: each table twice, as CSV and as JSON, with the same Table Schema."""
    resources = []
    for table in tables:
        for extension, mediatype in (("csv", "text/csv"), ("json", "application/json")):
            resources.append(
                {
                    "name": table.name if extension == "csv" else f"{table.name}-json",
                    "title": table.title if extension == "csv" else f"{table.title} (JSON)",
                    "description": table.description,
                    "path": f"data/{table.name}.{extension}",
                    "format": extension,
                    "mediatype": mediatype,
                    "encoding": "utf-8",
                    "schema": table.schema(with_foreign_keys=extension == "csv"),
                }
            )
            if extension == "json":
                # An array of objects keyed by field name; the keys named so that a table with no
                # rows yet ([]) is still a table.
                resources[-1]["dialect"] = {"json": {"keyed": True, "keys": [f.name for f in table.fields]}}
    return {
        "name": f"ostrom-{programme.slug}",
        "title": f"{programme.name}: indicators, measurements and returns",
        "description": (
            f"Open data for evaluators of {programme.name} ({programme.place.name}): its theory of change "
            "indicators, their measurements and its organisations' returns. No person is in it: counts of "
            "people from 1 to 4 are withheld, and stories appear only once published with the teller's consent."
        ),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENCE],
        "sources": [{"title": f"Ostrom: {programme.name}", "path": page_url}],
        "resources": resources,
    }


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def dictionary_rows(tables: list[Table]) -> list[list[str]]:
    return [
        [table.name, field.name, field.type, str(field.description)]
        for table in tables
        for field in table.fields
    ]


def package_json(programme: Programme, *, page_url: str) -> dict:
    """The descriptor and every table's rows, for the API."""
    tables = tables_of(programme)
    return {
        "datapackage": descriptor(programme, tables, page_url=page_url),
        "data": {
            table.name: [{key: _plain(value) for key, value in row.items()} for row in table.rows]
            for table in tables
        },
    }


def package_zip(programme: Programme, *, page_url: str) -> bytes:
    """The zip file: datapackage.json, data/<table>.csv and .json, and data-dictionary.csv."""
    tables = tables_of(programme)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json",
            json.dumps(descriptor(programme, tables, page_url=page_url), indent=2, ensure_ascii=False),
        )
        for table in tables:
            names = [field.name for field in table.fields]
            archive.writestr(
                f"data/{table.name}.csv",
                csv_text(names, ([_csv_cell(row[name]) for name in names] for row in table.rows)),
            )
            archive.writestr(
                f"data/{table.name}.json",
                json.dumps(
                    [{name: _plain(row[name]) for name in names} for row in table.rows],
                    indent=1,
                    ensure_ascii=False,
                ),
            )
        archive.writestr(
            "data-dictionary.csv",
            csv_text(["table", "field", "type", "description"], dictionary_rows(tables)),
        )
    return buffer.getvalue()


def file_name(programme: Programme) -> str:
    return f"{programme.slug}-open-data.zip"
