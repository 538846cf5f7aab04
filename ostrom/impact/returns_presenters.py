"""Display shaping for returns: the organisation's figures over time as tables with bars, and the
known facts at the top of a return."""

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from ostrom.core.presenters import bar_cell, chart_heading

from .models import Return, ReturnQuestion
from .returns import GROUPS


def period_text(the_return: Return) -> str:
    return gettext("%(start)s to %(end)s") % {
        "start": date_format(the_return.period_start, "j F Y"),
        "end": date_format(the_return.period_end, "j F Y"),
    }


def known_facts(the_return: Return) -> list[dict]:
    """The summary list of what Ostrom already knows about the return: nobody types these."""
    rows = [
        {"key": {"text": gettext("Organisation")}, "value": {"text": the_return.organisation.name}},
        {"key": {"text": gettext("Programme")}, "value": {"text": the_return.template.programme.name}},
        {"key": {"text": gettext("Period")}, "value": {"text": period_text(the_return)}},
        {"key": {"text": gettext("Due")}, "value": {"text": date_format(the_return.due_on, "j F Y")}},
    ]
    if the_return.grant_id:
        rows.insert(1, {"key": {"text": gettext("Grant")}, "value": {"text": the_return.grant.identifier}})
    return rows


def figures_tables(figures) -> list[dict]:
    """One table per template and question: each submitted period's figure, with a bar scaled to
    the largest figure (the figure column says the same, so the bars are hidden from screen readers)."""
    tables = []
    for template, questions, rows in figures:
        for question in questions:
            values = [row.values.get(question.pk) for row in rows]
            largest = max([v for v in values if v is not None], default=0)
            table_rows = []
            for row, value in zip(rows, values, strict=True):
                percent = round(value * 100 / largest) if largest and value is not None else 0
                table_rows.append(
                    [
                        {"text": period_text(row.the_return)},
                        {
                            "text": gettext("Not given") if value is None else f"{value:,}",
                            "format": "numeric",
                        },
                        bar_cell(percent),
                    ]
                )
            tables.append(
                {
                    "caption": {"text": f"{template.programme.name}: {question.wording}"},
                    "captionSize": "s",
                    "firstCellIsHeader": True,
                    "responsive": True,
                    "head": [
                        {"text": gettext("Period")},
                        {"text": gettext("Your figure"), "format": "numeric"},
                        chart_heading(
                            gettext("Chart of your figures (the same as the column beside it)"),
                            gettext("Chart"),
                        ),
                    ],
                    "rows": table_rows,
                }
            )
    return tables


def return_rows(returns) -> list[dict]:
    """A list of returns as the rows of its table: the link's text, the period, the due date and the
    status tag's text and colour."""
    rows = []
    for the_return in returns:
        text, colour = the_return.status
        rows.append(
            {
                "url": the_return.get_absolute_url(),
                "name": f"{the_return.kind_label}, {the_return.organisation.name}",
                "period": period_text(the_return),
                "due": date_format(the_return.due_on, "j F Y"),
                "status": text,
                "colour": f"nhsuk-tag--{colour}",
            }
        )
    return rows


def answer_rows(the_return: Return) -> list[dict]:
    """A submitted return's answers as summary-list rows, in words."""
    labels = dict(GROUPS)
    rows = []
    for answer in the_return.answers.select_related("question").order_by("question__position"):
        kind, value = answer.question.kind, answer.value
        if kind == ReturnQuestion.Kind.PEOPLE_BY_GROUP:
            text = "; ".join(f"{labels[key]}: {number:,}" for key, number in value.items() if key in labels)
        elif kind == ReturnQuestion.Kind.SWEMWBS:
            text = ngettext("%(count)s participant", "%(count)s participants", len(value)) % {
                "count": len(value)
            }
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value)
        rows.append({"key": {"text": answer.question.wording}, "value": {"text": text}})
    return rows
