"""Forms for building and sending surveys: plain-English messages; the services decide and save.

Answer pages do not use Django forms: each question's field is shaped in `presenters.py` and what was
given goes through `answers.clean_answer`, the same check as the API's."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import IdChoiceField
from ostrom.events.models import Event
from ostrom.network.models import Subgroup
from ostrom.places.models import Place

from .models import Question, Survey


class SurveyForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter the survey's title")}
    )
    introduction = forms.CharField(required=False, max_length=4000, widget=forms.Textarea)
    place = IdChoiceField(
        queryset=Place.objects.none(),
        error_messages={"required": gettext_lazy("Select the place the survey is about")},
    )
    audience = forms.ChoiceField(
        choices=Survey.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select who the survey is for")},
    )
    subgroup = IdChoiceField(queryset=Subgroup.objects.all(), required=False)
    event = IdChoiceField(queryset=Event.objects.order_by("-starts_at"), required=False)

    def __init__(self, *args, places=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.all()
        if editing:
            del self.fields["place"]


class SectionForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter the section's title")}
    )


def _whole(message):
    return forms.IntegerField(
        required=False,
        min_value=-(10**9),
        max_value=10**9,
        error_messages={"invalid": message},
    )


class QuestionForm(forms.Form):
    text = forms.CharField(max_length=300, error_messages={"required": gettext_lazy("Enter the question")})
    hint = forms.CharField(required=False, max_length=300)
    required = forms.BooleanField(required=False)
    options = forms.CharField(required=False, widget=forms.Textarea, max_length=6000)
    min_value = _whole(gettext_lazy("Enter the lowest value as a whole number"))
    max_value = _whole(gettext_lazy("Enter the highest value as a whole number"))
    min_label = forms.CharField(required=False, max_length=60)
    max_label = forms.CharField(required=False, max_length=60)

    def __init__(self, *args, kind: str, question: Question | None = None, later_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.skip_fields = []
        if kind == Question.Kind.SINGLE and question is not None:
            choices = [("", gettext("Go on to the next section"))] + [
                (str(s.pk), gettext("Skip to “%(section)s”") % {"section": s.title}) for s in later_sections
            ]
            for option in question.options.all():
                name = f"skip_{option.pk}"
                self.fields[name] = forms.ChoiceField(choices=choices, required=False)
                self.initial.setdefault(name, str(option.skip_to_id or ""))
                self.skip_fields.append((self[name], option.label))

    def arguments(self) -> dict:
        """The service's keyword arguments from what was typed."""
        data = dict(self.cleaned_data)
        data["options"] = [line.strip() for line in data.get("options", "").splitlines() if line.strip()]
        skips = {}
        for field, label in self.skip_fields:
            chosen = data.pop(field.name, "")
            skips[label] = int(chosen) if chosen else None
        data["skips"] = skips
        return data


class SendForm(forms.Form):
    closes_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter the closing date"),
            "invalid": gettext_lazy("Enter a real date, like 2026-12-31"),
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_closes_on(self):
        day = self.cleaned_data["closes_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(gettext("The closing date must be after today"))
        return day
