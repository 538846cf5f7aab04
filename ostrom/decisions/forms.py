"""Forms for decisions: each checks what a person typed and says plainly what to change; the services
check the rules again (they are what the API calls too)."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from ostrom.places.models import Place

from .models import Assurance, Body, Commitment, Decision, InputLink, Theme

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
DATE_ERRORS = {"invalid": gettext_lazy("Enter a date, like 2026-11-23")}


class DecisionForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        error_messages={"required": gettext_lazy("Choose the body that takes the decision")},
    )
    question = forms.CharField(
        max_length=250, error_messages={"required": gettext_lazy("Enter the question the body decides")}
    )
    decided_on = forms.DateField(required=False, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    options_considered = forms.CharField(required=False, max_length=5000)
    outcome = forms.CharField(required=False, max_length=5000)
    money = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "invalid": gettext_lazy("Enter the money in pounds, such as 250000"),
            "min_value": gettext_lazy("Enter 0 or more"),
        },
    )
    goes_to_board = forms.BooleanField(required=False)
    themes = forms.ModelMultipleChoiceField(queryset=Theme.objects.all(), required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Decision.Status.choices, error_messages={"required": gettext_lazy("Choose a status")}
    )
    implemented_on = forms.DateField(required=False, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, next_statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in Decision.Status.choices if value in next_statuses
        ]


class InputChoiceForm(forms.Form):
    """Which piece of input, and how it shaped the decision."""

    object_id = forms.TypedChoiceField(
        coerce=int, choices=[], error_messages={"required": gettext_lazy("Choose the input to link")}
    )
    shaped = forms.ChoiceField(
        choices=InputLink.Shaped.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say how this input shaped the decision")},
    )
    how = forms.CharField(
        max_length=3000,
        error_messages={"required": gettext_lazy("Say in plain words how this input shaped the decision")},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.object_id: item for item in items}
        self.fields["object_id"].choices = [(item.object_id, item.title) for item in items]

    def clean(self):
        data = super().clean()
        if (
            data.get("shaped") == InputLink.Shaped.NOT_ADOPTED
            and not data.get("how")
            and "how" in self.errors
        ):
            self.errors["how"] = self.error_class([gettext("Say why it was not adopted")])
        return data


class ShapingForm(forms.Form):
    shaped = InputChoiceForm.base_fields["shaped"]
    how = InputChoiceForm.base_fields["how"]


class AssuranceForm(forms.Form):
    """The seven questions of the Board's checklist, each with its evidence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in Assurance.QUESTIONS:
            self.fields[key] = forms.CharField(label=question, required=False, max_length=5000)
            self.fields[f"{key}_evidence"] = forms.CharField(
                label=gettext_lazy("Evidence (links, one per line)"), required=False, max_length=3000
            )

    def answers(self):
        """(question, text, evidence) for every question given an answer."""
        return [
            (key, self.cleaned_data[key], self.cleaned_data[f"{key}_evidence"])
            for key, _ in Assurance.QUESTIONS
            if self.cleaned_data[key].strip()
        ]

    def pairs(self):
        return [(self[key], self[f"{key}_evidence"]) for key, _ in Assurance.QUESTIONS]


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=Assurance.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say whether you are satisfied with the co-production")},
    )
    reason = forms.CharField(required=False, max_length=3000)


class CommitmentForm(forms.Form):
    text = forms.CharField(
        max_length=300, error_messages={"required": gettext_lazy("Say what will be done: “We will …”")}
    )
    owner = forms.CharField(
        max_length=150, error_messages={"required": gettext_lazy("Say who is responsible")}
    )
    due_on = forms.DateField(
        input_formats=DATE_FORMATS,
        error_messages={**DATE_ERRORS, "required": gettext_lazy("Enter the date it is due")},
    )


class CommitmentUpdateForm(forms.Form):
    written_on = forms.DateField(
        input_formats=DATE_FORMATS,
        error_messages={**DATE_ERRORS, "required": gettext_lazy("Enter the date of this update")},
    )
    text = forms.CharField(
        max_length=3000, error_messages={"required": gettext_lazy("Say what has happened")}
    )
    status = forms.ChoiceField(choices=Commitment.Status.choices)


class DocumentForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter a title for the document")}
    )
    file = forms.FileField(error_messages={"required": gettext_lazy("Choose a file")})


class AccountabilityFilterForm(forms.Form):
    """The filters of the public "You said, we did" pages and the decisions list."""

    place = forms.ModelChoiceField(
        queryset=Place.objects.none(), required=False, empty_label=gettext_lazy("All places")
    )
    body = forms.ModelChoiceField(
        queryset=Body.objects.all(), required=False, empty_label=gettext_lazy("All bodies")
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(), required=False, empty_label=gettext_lazy("All themes")
    )
    since = forms.DateField(required=False, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    until = forms.DateField(required=False, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.for_choice()

    def apply(self, decisions):
        if not self.is_valid():
            return decisions
        data = self.cleaned_data
        if data["place"]:
            decisions = decisions.in_place(data["place"])
        if data["body"]:
            decisions = decisions.filter(body=data["body"])
        if data["theme"]:
            decisions = decisions.filter(themes=data["theme"]).distinct()
        if data["since"]:
            decisions = decisions.filter(decided_on__gte=data["since"])
        if data["until"]:
            decisions = decisions.filter(decided_on__lte=data["until"])
        return decisions
