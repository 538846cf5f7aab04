"""The forms for returns. The fill-in form is built from the template's questions; it only gathers
what was typed into the answers the service takes (`{question id: value}`), so the page and the API
are checked by the same rules (ostrom/impact/returns.py clean_answers). Forms do not save."""

import re

from django import forms
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import IdChoiceField, IdMultipleChoiceField
from ostrom.network.models import Organisation
from ostrom.surveys import swemwbs, swemwbs_shown

from .models import Indicator, ReturnQuestion, ReturnTemplate, WellbeingScore
from .returns import GROUPS, MOST_QUESTIONS

PARTICIPANT_ROWS = 3
NOT_ANSWERED = ""


def item_choices() -> list[tuple[str, str]]:
    """An answer's choices as the form shows them, in the active language (a callable: worded when drawn)."""
    return [(NOT_ANSWERED, gettext("Not answered"))] + [
        (str(value), label) for value, label in swemwbs_shown.scale()
    ]


STAGE_CHOICES = [("", gettext_lazy("Choose"))] + list(WellbeingScore.Stage.choices)


def _number(value: str):
    """What was typed, as a whole number where it is one; anything else goes to the service as
    typed, which says what is wrong with it."""
    text = (value or "").strip().replace(",", "")
    if text == "":
        return None
    return int(text) if re.fullmatch(r"-?[0-9]{1,12}", text) else text


class ReturnForm(forms.Form):
    """One page: each question of the template, the consent tick for the story, and the choice of
    saving a draft or submitting."""

    story_consent = forms.BooleanField(required=False)

    def __init__(self, *args, the_return, prefills=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        super().__init__(*args, **kwargs)
        self.the_return = the_return
        self.questions = list(the_return.template.questions.all())
        saved = {a.question_id: a.value for a in the_return.answers.all()}
        prefills = prefills or {}
        self.participant_rows: dict[int, list[dict]] = {}
        self.group_fields: dict[int, list[tuple[str, str]]] = {}
        for question in self.questions:
            name, value = f"q{question.pk}", saved.get(question.pk)
            if question.kind in (ReturnQuestion.Kind.COUNT, ReturnQuestion.Kind.REFERRALS):
                self.fields[name] = forms.CharField(required=False, max_length=20)
                if value is None and question.pk in prefills:
                    value = prefills[question.pk].value
                initial[name] = value
            elif question.kind == ReturnQuestion.Kind.PEOPLE_BY_GROUP:
                self.group_fields[question.pk] = []
                for key, label in GROUPS:
                    field = f"{name}_{key}"
                    self.fields[field] = forms.CharField(required=False, max_length=20)
                    initial[field] = (value or {}).get(key)
                    self.group_fields[question.pk].append((field, label))
            elif question.kind == ReturnQuestion.Kind.STORY:
                self.fields[name] = forms.CharField(required=False, max_length=3000, strip=False)
                initial[name] = value or ""
            elif question.kind == ReturnQuestion.Kind.SWEMWBS:
                rows = list(value or [])
                self.participant_rows[question.pk] = []
                for number in range(1, len(rows) + PARTICIPANT_ROWS + 1):
                    row = rows[number - 1] if number <= len(rows) else {}
                    prefix = f"{name}_p{number}"
                    self.fields[f"{prefix}_code"] = forms.CharField(required=False, max_length=60)
                    self.fields[f"{prefix}_stage"] = forms.ChoiceField(required=False, choices=STAGE_CHOICES)
                    initial[f"{prefix}_code"] = row.get("participant", "")
                    initial[f"{prefix}_stage"] = row.get("stage", "")
                    items = row.get("items") or [None] * len(swemwbs.ITEMS)
                    item_fields = []
                    for index, wording in enumerate(swemwbs_shown.items(), start=1):
                        field = f"{prefix}_i{index}"
                        self.fields[field] = forms.ChoiceField(required=False, choices=item_choices)
                        given = items[index - 1] if index - 1 < len(items) else None
                        initial[field] = "" if given is None else str(given)
                        item_fields.append((field, wording))
                    self.participant_rows[question.pk].append(
                        {
                            "number": number,
                            "code": f"{prefix}_code",
                            "stage": f"{prefix}_stage",
                            "items": item_fields,
                        }
                    )
        initial.setdefault("story_consent", the_return.story_consent)
        self.initial = initial

    def answers(self) -> dict:
        """The answers as the service takes them, keyed by question id."""
        data = self.cleaned_data
        answers: dict = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind in (ReturnQuestion.Kind.COUNT, ReturnQuestion.Kind.REFERRALS):
                answers[question.pk] = _number(data.get(name))
            elif question.kind == ReturnQuestion.Kind.PEOPLE_BY_GROUP:
                groups = {key: _number(data.get(f"{name}_{key}")) for key, _ in GROUPS}
                answers[question.pk] = {key: value for key, value in groups.items() if value is not None}
            elif question.kind == ReturnQuestion.Kind.STORY:
                answers[question.pk] = data.get(name, "")
            elif question.kind == ReturnQuestion.Kind.SWEMWBS:
                rows = []
                for row in self.participant_rows[question.pk]:
                    code, stage = data.get(row["code"], ""), data.get(row["stage"], "")
                    items = [data.get(field) for field, _ in row["items"]]
                    if not code.strip() and not stage and not any(items):
                        continue
                    rows.append(
                        {
                            "participant": code,
                            "stage": stage or None,
                            "items": [int(item) if item else None for item in items],
                        }
                    )
                answers[question.pk] = rows
        return answers

    def field_for_problem(self, key: str) -> str | None:
        """The form field a service problem belongs on: "answers.12" → q12, "answers.12.white" →
        q12_white, "answers.12.2.items" → q12_p2_i1 (the row's first answer)."""
        parts = key.split(".")
        if key == "story_consent":
            return key
        if parts[0] != "answers" or len(parts) < 2:
            return None
        name = f"q{parts[1]}"
        if len(parts) == 2:
            return name if name in self.fields else None
        if len(parts) == 3:
            field = f"{name}_{parts[2]}"
            return field if field in self.fields else None
        suffix = {"participant": "code", "stage": "stage", "items": "i1"}.get(parts[3], "code")
        field = f"{name}_p{parts[2]}_{suffix}"
        return field if field in self.fields else None

    def attach(self, problem) -> None:
        problems = problem.error_dict if hasattr(problem, "error_dict") else {None: problem.error_list}
        for key, errors in problems.items():
            field = self.field_for_problem(key) if key else None
            self.add_error(field, errors)


class IssueReturnsForm(forms.Form):
    template = IdChoiceField(
        queryset=ReturnTemplate.objects.none(),
        empty_label=None,
        error_messages={"required": gettext_lazy("Choose which return to ask for")},
    )
    organisations = IdMultipleChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={"required": gettext_lazy("Choose at least one organisation")},
    )
    period_start = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter when the period starts"),
            "invalid": gettext_lazy("Enter a date, like 2026-10-01"),
        }
    )
    period_end = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter when the period ends"),
            "invalid": gettext_lazy("Enter a date, like 2026-12-31"),
        }
    )
    due_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter when the return is due"),
            "invalid": gettext_lazy("Enter a date, like 2027-01-14"),
        }
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = programme.return_templates.all()
        self.fields["template"].label_from_instance = lambda template: template.name
        self.fields["organisations"].queryset = Organisation.objects.filter(
            status=Organisation.Status.MEMBER
        ).order_by("name")
        self.fields["organisations"].label_from_instance = lambda organisation: organisation.name


class TemplateForm(forms.Form):
    """A name and up to six questions, each a kind, its wording and, for a number, the indicator it
    feeds. Rows left without wording are not questions."""

    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Give the return a name")}
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(step__programme=programme)
        self.rows = []
        for number in range(1, MOST_QUESTIONS + 1):
            self.fields[f"kind_{number}"] = forms.ChoiceField(
                required=False, choices=[("", gettext_lazy("Choose"))] + list(ReturnQuestion.Kind.choices)
            )
            self.fields[f"wording_{number}"] = forms.CharField(required=False, max_length=300)
            self.fields[f"indicator_{number}"] = IdChoiceField(
                queryset=indicators, required=False, empty_label=gettext_lazy("None")
            )
            self.rows.append(number)

    def questions(self) -> list[dict]:
        data = self.cleaned_data
        self.used_rows = [
            number
            for number in self.rows
            if data.get(f"wording_{number}", "").strip() or data.get(f"kind_{number}")
        ]
        return [
            {
                "kind": data.get(f"kind_{number}"),
                "wording": data.get(f"wording_{number}", ""),
                "indicator": data.get(f"indicator_{number}"),
            }
            for number in self.used_rows
        ]

    def attach(self, problem) -> None:
        problems = problem.error_dict if hasattr(problem, "error_dict") else {None: problem.error_list}
        for key, errors in problems.items():
            parts = (key or "").split(".")
            field = None
            if key in self.fields:
                field = key
            elif len(parts) == 3 and parts[1].isdecimal() and int(parts[1]) <= len(self.used_rows):
                row = self.used_rows[int(parts[1]) - 1]
                field = f"{parts[2]}_{row}" if f"{parts[2]}_{row}" in self.fields else None
            self.add_error(field, errors)
