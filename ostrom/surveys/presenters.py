"""Display shaping for surveys: each question's field on an answer page (with what was typed and its
error), the check-your-answers summary, and the results tables with their bars."""

from django.utils.html import format_html
from django.utils.translation import gettext
from markupsafe import Markup, escape

from ostrom.core.presenters import bar_cell, chart_heading

from . import swemwbs, swemwbs_shown
from .models import PanelMembership, Question, Survey


def raw_from_post(questions, post) -> dict:
    """What the person gave for each question, as typed, keyed by field name."""
    raw = {}
    for question in questions:
        name = question.field_name
        if question.kind == Question.Kind.MULTIPLE:
            raw[name] = post.getlist(name)
        elif question.kind == Question.Kind.SWEMWBS:
            raw[name] = [post.get(f"{name}-{item}", "") for item in range(1, len(swemwbs.ITEMS) + 1)]
        else:
            raw[name] = post.get(name, "")
    return raw


def raw_from_answers(questions, saved: dict) -> dict:
    """Saved answers (question id → stored value) as a form shows them."""
    raw = {}
    for question in questions:
        value = saved.get(question.pk)
        if value is None:
            continue
        if question.kind == Question.Kind.MULTIPLE:
            raw[question.field_name] = [str(v) for v in value]
        elif question.kind == Question.Kind.SWEMWBS:
            raw[question.field_name] = ["" if v is None else str(v) for v in value]
        else:
            raw[question.field_name] = str(value)
    return raw


def original(instance, field: str) -> str:
    """A text as written: what a page shows when it has no reading (ostrom.translations.reading) to hand."""
    return getattr(instance, field)


def _label(question: Question, show, *, size: str = "s") -> dict:
    text = show(question, "text")
    if not question.required:
        text = Markup(escape(gettext("%(question)s (optional)"))) % {"question": text}
    return {"text": text, "classes": f"nhsuk-fieldset__legend--{size}"}


def _error(errors: dict, name: str):
    return {"text": errors[name]} if name in errors else None


def question_field(question: Question, raw: dict, errors: dict, show=original) -> dict:
    """{"macro": the NHS.UK component to use, "params": its parameters} (SWEMWBS: "swemwbs" with one
    radios group per statement). `show(instance, field)` gives each text in the reader's language."""
    name = question.field_name
    value = raw.get(name)
    hint = {"text": show(question, "hint")} if question.hint else None
    error = _error(errors, name)
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        chosen = set(value) if isinstance(value, list) else {value}
        items = [
            {"value": str(o.pk), "text": show(o, "label"), ("checked"): str(o.pk) in chosen}
            for o in question.options.all()
        ]
        return {
            "macro": "radios" if question.kind == Question.Kind.SINGLE else "checkboxes",
            "params": {
                "idPrefix": name,
                "name": name,
                "fieldset": {"legend": _label(question, show, size="m")},
                "hint": hint
                or (
                    {"text": gettext("Select all that apply")}
                    if question.kind == Question.Kind.MULTIPLE
                    else None
                ),
                "items": items,
                "errorMessage": error,
            },
        }
    if question.kind == Question.Kind.SCALE:
        labels = {
            question.min_value: show(question, "min_label") if question.min_label else "",
            question.max_value: show(question, "max_label") if question.max_label else "",
        }
        items = [
            {
                "value": str(point),
                "text": Markup("{} – {}").format(point, labels[point]) if labels.get(point) else str(point),
                "checked": value == str(point),
            }
            for point in range(question.min_value, question.max_value + 1)
        ]
        return {
            "macro": "radios",
            "params": {
                "idPrefix": name,
                "name": name,
                "fieldset": {"legend": _label(question, show, size="m")},
                "hint": hint,
                "items": items,
                "errorMessage": error,
            },
        }
    if question.kind == Question.Kind.TEXT:
        return {
            "macro": "textarea",
            "params": {
                "id": name,
                "name": name,
                "label": {"text": _label(question, show)["text"], "classes": "nhsuk-label--m"},
                "hint": hint,
                "rows": 4,
                "value": value or "",
                "errorMessage": error,
            },
        }
    if question.kind == Question.Kind.SWEMWBS:
        values = value if isinstance(value, list) else [""] * len(swemwbs.ITEMS)
        statements = [
            {
                "idPrefix": f"{name}-{item}",
                "name": f"{name}-{item}",
                "fieldset": {"legend": {"text": wording, "classes": "nhsuk-fieldset__legend--s"}},
                "items": [
                    {"value": str(point), "text": label, "checked": values[item - 1] == str(point)}
                    for point, label in swemwbs_shown.scale()
                ],
            }
            for item, wording in enumerate(swemwbs_shown.items(), start=1)
        ]
        return {
            "macro": "swemwbs",
            "legend": _label(question, show, size="m"),
            "hint": show(question, "hint") if question.hint else "",
            "error": error,
            "id": f"{name}-1",
            "statements": statements,
            "copyright": swemwbs_shown.copyright_notice(),
        }
    kind_attributes = (
        {"type": "date", "classes": "nhsuk-input--width-10"}
        if question.kind == Question.Kind.DATE
        else {"inputmode": "numeric", "classes": "nhsuk-input--width-5"}
    )
    bounded = question.min_value is not None and question.max_value is not None
    if question.kind == Question.Kind.NUMBER and hint is None and bounded:
        hint = {
            "text": gettext("A whole number from %(lowest)s to %(highest)s")
            % {"lowest": question.min_value, "highest": question.max_value}
        }
    return {
        "macro": "input",
        "params": {
            "id": name,
            "name": name,
            "label": {"text": _label(question, show)["text"], "classes": "nhsuk-label--m"},
            "hint": hint,
            "value": value or "",
            "errorMessage": error,
            **kind_attributes,
        },
    }


def error_list(questions, errors: dict) -> list[dict]:
    ids = {
        q.field_name: f"{q.field_name}-1" if q.kind == Question.Kind.SWEMWBS else q.field_name
        for q in questions
    }
    return [{"text": message, "href": f"#{ids.get(name, name)}"} for name, message in errors.items()]


def answer_text(question: Question, value, show=original) -> str:
    """An answer as the check-your-answers page and the person's own record say it."""
    if value is None:
        return gettext("Not answered")
    labels = {o.pk: str(show(o, "label")) for o in question.options.all()}
    if question.kind == Question.Kind.SINGLE:
        return labels.get(value, "")
    if question.kind == Question.Kind.MULTIPLE:
        return ", ".join(labels.get(v, "") for v in value)
    if question.kind == Question.Kind.SWEMWBS:
        names = dict(swemwbs_shown.scale())
        answered = sum(1 for v in value if v is not None)
        return gettext("%(answered)s of 7 statements answered: %(answers)s") % {
            "answered": answered,
            "answers": "; ".join(
                f"{wording}: {names.get(v, gettext('not answered'))}"
                for wording, v in zip(swemwbs_shown.items(), value, strict=True)
            ),
        }
    return str(value)


def check_rows(path, saved: dict, change_url, show=original) -> list[dict]:
    """The summary list rows of the check-your-answers page: each question on the route with its answer."""
    rows = []
    for section in path:
        for question in section.questions.all():
            rows.append(
                {
                    "key": {"text": show(question, "text")},
                    "value": {"text": answer_text(question, saved.get(question.pk), show)},
                    "actions": {
                        "items": [
                            {
                                "href": change_url(section),
                                "text": gettext("Change"),
                                "visuallyHiddenText": str(show(question, "text")),
                            }
                        ]
                    },
                }
            )
    return rows


def result_table(result) -> dict:
    """The NHS.UK table macro's parameters for one question's figures: its bar chart inside its table."""
    question = result.question
    if question.kind == Question.Kind.SWEMWBS:
        first = gettext("Metric score")
        caption = format_html(
            gettext("Spread of metric scores (%(count)s with a score)") % {"count": "{}"},
            f"{result.computable:,}",
        )
    else:
        first = gettext("Answer")
        caption = format_html(
            '<span class="nhsuk-u-visually-hidden">{}: </span>'
            + gettext("%(count)s answered") % {"count": "{}"},
            question.text,
            f"{result.answered:,}",
        )
    return {
        "caption": {"html": caption, "size": "s"},
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": first},
            {"text": gettext("People"), "format": "numeric"},
            {"text": gettext("Share"), "format": "numeric"},
            chart_heading(gettext("Chart of the shares (the same figures as the columns)")),
        ],
        "rows": [
            [
                {"text": row.label},
                {"text": f"{row.count:,}"},
                {"text": row.share_text},
                bar_cell(row.bar_percent),
            ]
            for row in result.rows
        ],
    }


def by_group_table(question: Question, columns, title: str) -> dict | None:
    """A table of groups (rows) by answers (columns); every figure comes already protected from
    `breakdown_people`. An answer given by too few people to break down shows a dash in its column."""
    shown = [breakdown for _, breakdown in columns if breakdown.rows]
    if not shown:
        return None
    groups = [(row.code, row.label) for row in shown[0].rows]
    cells = {label: {row.code: row.cell.text for row in b.rows} for label, b in columns}
    return {
        "caption": {
            "text": gettext("%(question)s – people giving each answer, by %(group)s")
            % {"question": question.text, "group": title.split(" (")[0].lower()},
            "size": "s",
        },
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [{"text": title}] + [{"text": label, "format": "numeric"} for label, _ in columns],
        "rows": [
            [{"text": group}] + [{"text": cells[label].get(code, "–")} for label, _ in columns]
            for code, group in groups
        ]
        + [
            [{"text": gettext("Everyone giving this answer")}]
            + [{"text": b.total_text if b.rows else "–"} for _, b in columns]
        ],
    }


def surveys_on_account(user) -> dict:
    """The account page's section (accounts.services.register_account_section): whether they are on the
    community panel, and the open surveys sent to them with how far they have got."""
    membership = PanelMembership.objects.current().filter(user=user).first()
    surveys = [
        s for s in Survey.objects.sent().filter(invitations__user=user).select_related("place") if s.is_open
    ]
    responses = {r.survey_id: r for r in user.survey_responses.filter(survey__in=surveys)}
    return {
        "membership": membership,
        "surveys": [
            {
                "survey": survey,
                "state": gettext("Sent")
                if getattr(responses.get(survey.pk), "is_submitted", False)
                else (gettext("Started") if survey.pk in responses else gettext("Not started")),
            }
            for survey in surveys
        ],
    }
