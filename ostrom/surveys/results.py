"""A survey's results from its submitted responses: figures for each question, the SWEMWBS score,
who answered (through the one protected breakdown of people), and the anonymised export.

Figures are shown only once `MINIMUM_RESPONSES` people have submitted: with fewer, a percentage is a
person's answer. Breakdowns by ethnic group, deprivation and age band go through
`accounts.selectors.breakdown_people` (consented answers only, every count rounded to 5 with a key
for the set, so comparing the page before and after one more response does not reveal that person).
The export has no names, emails, account ids, dates or equality answers, a new random id for each
row every time, and rows in random order, so no row can be joined back to a person.
"""

import io
import secrets
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from openpyxl import Workbook

from ostrom.accounts.languages import language_name
from ostrom.accounts.models import User
from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
from ostrom.core.spreadsheets import csv_text

from . import swemwbs, swemwbs_shown
from .models import Answer, Question, Survey

MINIMUM_RESPONSES = 5


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    share: float  # of those who answered the question

    @property
    def share_text(self) -> str:
        return f"{self.share:.0%}"

    @property
    def bar_percent(self) -> int:
        return round(self.share * 100)


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list[Row] = field(default_factory=list)  # choices, scale points, SWEMWBS bands
    texts: list[str] = field(default_factory=list)  # free text, in alphabetical order
    mean: float | None = None  # numbers and scales; the SWEMWBS metric score
    median: float | None = None
    computable: int = 0  # SWEMWBS: responses with all 7 items

    @property
    def summary(self) -> str:
        """One sentence a decision can quote: "SWEMWBS mean metric score 23.4 from 250 responses"."""
        answered = f"{self.answered:,}"
        if self.question.kind == Question.Kind.SWEMWBS:
            if self.mean is None:
                return gettext("SWEMWBS: no computable scores")
            return ngettext(
                "SWEMWBS mean metric score %(mean).1f from %(count)s response with all 7 statements answered",
                "SWEMWBS mean metric score %(mean).1f from %(count)s responses with all 7 statements answered",
                self.computable,
            ) % {"mean": self.mean, "count": f"{self.computable:,}"}
        if self.question.kind == Question.Kind.SCALE and self.mean is not None:
            q = self.question
            low = f"{q.min_value} ({q.min_label})" if q.min_label else str(q.min_value)
            high = f"{q.max_value} ({q.max_label})" if q.max_label else str(q.max_value)
            return gettext(
                "Mean %(mean).1f on a scale from %(low)s to %(high)s (of %(count)s who answered)"
            ) % {
                "mean": self.mean,
                "low": low,
                "high": high,
                "count": answered,
            }
        if self.rows:
            top = ", ".join(
                f"{row.label} {row.share_text}" for row in sorted(self.rows, key=lambda r: -r.count)[:3]
            )
            return gettext("%(top)s (of %(count)s who answered)") % {"top": top, "count": answered}
        if self.mean is not None:
            return gettext("Mean %(mean).1f, median %(median)s (of %(count)s who answered)") % {
                "mean": self.mean,
                "median": f"{self.median:g}",
                "count": answered,
            }
        return ngettext("%(count)s person answered", "%(count)s people answered", self.answered) % {
            "count": answered
        }


class Written(str):
    """A written answer, with the language its author read the survey in ("" for the site's)."""

    language: str

    def __new__(cls, text: str, language: str = ""):
        written = super().__new__(cls, text)
        written.language = language
        return written

    @property
    def note(self) -> str:
        """ "Answered in Urdu" for an answer given while reading the survey in another language."""
        if not self.language:
            return ""
        return gettext("Answered in %(language)s") % {"language": language_name(self.language)}


def submitted_answers(survey: Survey) -> dict[int, list]:
    """Question id → the values of submitted responses (text as `Written`, with its language)."""
    values: dict[int, list] = {}
    for question_id, value, language in Answer.objects.filter(
        response__survey=survey, response__submitted_at__isnull=False
    ).values_list("question_id", "value", "response__language"):
        values.setdefault(question_id, []).append(
            Written(value, language) if isinstance(value, str) else value
        )
    return values


def question_result(question: Question, values: list) -> QuestionResult:
    kind, answered = question.kind, len(values)
    result = QuestionResult(question, answered)
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        counts = Counter()
        for value in values:
            counts.update(value if isinstance(value, list) else [value])
        result.rows = [
            Row(option.label, counts[option.pk], counts[option.pk] / answered if answered else 0.0)
            for option in question.options.all()
        ]
    elif kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        numbers = [value for value in values if type(value) is int]
        if numbers:
            result.mean, result.median = statistics.fmean(numbers), statistics.median(numbers)
        if kind == Question.Kind.SCALE:
            counts = Counter(numbers)
            labels = {question.min_value: question.min_label, question.max_value: question.max_label}
            result.rows = [
                Row(
                    f"{point} {labels.get(point) or ''}".strip(),
                    counts[point],
                    counts[point] / answered if answered else 0.0,
                )
                for point in range(question.min_value, question.max_value + 1)
            ]
    elif kind == Question.Kind.TEXT:
        result.texts = sorted(
            (value for value in values if isinstance(value, str) and value), key=str.casefold
        )
    elif kind == Question.Kind.SWEMWBS:
        scores = [score for score in (swemwbs.metric_score(value) for value in values) if score is not None]
        result.computable = len(scores)
        if scores:
            result.mean, result.median = statistics.fmean(scores), statistics.median(scores)
        counts = Counter(swemwbs.band_of(score).label for score in scores)
        result.rows = [
            Row(band.label, counts[band.label], counts[band.label] / len(scores) if scores else 0.0)
            for band in swemwbs.BANDS
        ]
    return result


def survey_results(survey: Survey) -> dict:
    submitted = survey.responses.submitted()
    count = submitted.count()
    shown = count >= MINIMUM_RESPONSES
    values = submitted_answers(survey) if shown else {}
    sections = (
        [
            (section, [question_result(q, values.get(q.pk, [])) for q in section.questions.all()])
            for section in survey.sections.prefetch_related("questions__options")
        ]
        if shown
        else []
    )
    respondents = User.objects.filter(survey_responses__in=submitted)
    return {
        "submitted": count,
        "started": survey.responses.filter(submitted_at=None).count(),
        "shown": shown,
        "sections": sections,
        "breakdowns": [breakdown_people(respondents, by=by, places=[survey.place]) for by in DIMENSIONS]
        if shown
        else [],
    }


# The anonymised export ----------------------------------------------------------------------------


def _columns(survey: Survey) -> list[tuple[str, Question, int | None, str]]:
    """(column name, question, SWEMWBS item number or None, description) for each column after the id."""
    columns = []
    number = 0
    for section in survey.sections.prefetch_related("questions__options"):
        for question in section.questions.all():
            number += 1
            if question.kind == Question.Kind.SWEMWBS:
                for item, wording in enumerate(swemwbs.ITEMS, start=1):
                    columns.append(
                        (f"q{number}_item{item}", question, item, f"SWEMWBS statement {item}: {wording}")
                    )
                columns.append(
                    (f"q{number}_metric_score", question, 0, "SWEMWBS metric score (blank if not computable)")
                )
            else:
                columns.append((f"q{number}", question, None, question.text))
    return columns


def _cell(question: Question, item: int | None, value, labels: dict[int, str]):
    if value is None:
        return ""
    if item == 0:
        score = swemwbs.metric_score(value)
        return "" if score is None else score
    if item is not None:
        return "" if value[item - 1] is None else value[item - 1]
    if question.kind == Question.Kind.SINGLE:
        return labels.get(value, "")
    if question.kind == Question.Kind.MULTIPLE:
        return "; ".join(labels.get(v, "") for v in value)
    return value


def export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    columns = _columns(survey)
    labels = {o.pk: o.label for c in columns for o in c[1].options.all()}
    answers: dict[int, dict[int, object]] = {}
    for response_id, question_id, value in Answer.objects.filter(
        response__survey=survey, response__submitted_at__isnull=False
    ).values_list("response_id", "question_id", "value"):
        answers.setdefault(response_id, {})[question_id] = value
    response_ids = list(survey.responses.submitted().values_list("pk", flat=True))
    secrets.SystemRandom().shuffle(response_ids)
    rows = [
        [secrets.token_hex(4)]
        + [
            _cell(question, item, answers.get(pk, {}).get(question.pk), labels)
            for _, question, item, _ in columns
        ]
        for pk in response_ids
    ]
    return ["response_id"] + [name for name, *_ in columns], rows


def dictionary_rows(survey: Survey) -> tuple[list[str], list[list]]:
    header = ["column", "question", "section", "kind", "values"]
    rows = [
        [
            "response_id",
            gettext("A random id for this export only"),
            "",
            "",
            gettext("Changes every time the file is made"),
        ]
    ]
    for name, question, item, description in _columns(survey):
        if item == 0:
            values = gettext("7.00 to 35.00, from the published raw to metric table")
        elif item is not None:
            values = "; ".join(f"{value} = {label}" for value, label in swemwbs_shown.scale())
        elif question.has_options:
            values = "; ".join(o.label for o in question.options.all())
            if question.kind == Question.Kind.MULTIPLE:
                values = gettext("%(options)s (several, separated by '; ')") % {"options": values}
        elif question.min_value is not None or question.max_value is not None:
            values = gettext("Whole number from %(low)s to %(high)s") % {
                "low": question.min_value,
                "high": question.max_value,
            }
        elif question.kind == Question.Kind.DATE:
            values = gettext("Date, YYYY-MM-DD")
        else:
            values = (
                gettext("Text as written") if question.kind == Question.Kind.TEXT else gettext("Whole number")
            )
        rows.append([name, description, question.section.title, question.get_kind_display(), values])
    return header, rows


def export_csv(survey: Survey) -> str:
    return csv_text(*export_rows(survey))


def dictionary_csv(survey: Survey) -> str:
    return csv_text(*dictionary_rows(survey))


def export_xlsx(survey: Survey) -> bytes:
    workbook = Workbook()
    for index, (title, (header, rows)) in enumerate(
        # Sheet names stay English: Excel refuses some characters in them, and they name the data, not the page.
        [("Responses", export_rows(survey)), ("Data dictionary", dictionary_rows(survey))]
    ):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        for row in [header, *rows]:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":  # text typed by someone that starts with "=": keep it text
                    cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Answers by group -------------------------------------------------------------------------------


def _categories(question: Question) -> list[tuple[str, object]]:
    """(label, test of a stored value) for each answer a question's results break down by."""
    if question.has_options:
        return [
            (o.label, lambda v, pk=o.pk: v == pk or (isinstance(v, list) and pk in v))
            for o in question.options.all()
        ]
    if question.kind == Question.Kind.SCALE:
        return [(str(p), lambda v, p=p: v == p) for p in range(question.min_value, question.max_value + 1)]
    if question.kind == Question.Kind.SWEMWBS:

        def in_band(band):
            return lambda v: (score := swemwbs.metric_score(v)) is not None and band.holds(score)

        return [
            (gettext("Metric score %(band)s") % {"band": band.label}, in_band(band)) for band in swemwbs.BANDS
        ]
    return []


def can_break_down(question: Question) -> bool:
    return bool(question.has_options or question.kind in (Question.Kind.SCALE, Question.Kind.SWEMWBS))


def answers_by_group(survey: Survey, question: Question, *, by: str) -> list[tuple[str, object]]:
    """For each answer, the people (with accounts) who gave it, broken down by ethnic group, deprivation
    or age band through `breakdown_people`: each answer's set of people is protected on its own (under
    the minimum size it is not broken down; every count rounded to 5 with a key for exactly that set),
    so comparing the page before and after one more response does not reveal what that person answered."""
    given = list(
        Answer.objects.filter(
            question=question, response__submitted_at__isnull=False, response__user__isnull=False
        ).values_list("response__user_id", "value")
    )
    return [
        (
            label,
            breakdown_people(
                User.objects.filter(pk__in=[user for user, value in given if test(value)]),
                by=by,
                places=[survey.place],
            ),
        )
        for label, test in _categories(question)
    ]
