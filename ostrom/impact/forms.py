from django import forms
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import IdChoiceField, IdMultipleChoiceField
from ostrom.places.models import Place
from ostrom.surveys.models import Survey

from . import measuring
from .models import Indicator, Programme, Step
from .validation import STAGE_ORDER, as_value, stage_index

ARROWS_GO_FORWARD = gettext_lazy("An arrow can only go forward: select steps in later stages")
DATE_MESSAGES = {"invalid": gettext_lazy("Enter a date, like 2026-11-23")}
NUMBER_MESSAGES = {
    "invalid": gettext_lazy("Enter a number, like 42 or 7.5"),
    "max_digits": gettext_lazy("Enter a smaller number"),
}


def _number(required=False, **messages):
    return forms.DecimalField(
        required=required,
        max_digits=14,
        decimal_places=2,
        error_messages=NUMBER_MESSAGES
        | {"max_decimal_places": gettext_lazy("Enter a number with at most 2 decimal places")}
        | messages,
    )


class ProgrammeForm(forms.Form):
    place = IdChoiceField(
        queryset=Place.objects.none(), error_messages={"required": gettext_lazy("Select the place it serves")}
    )
    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter the programme's name")}
    )
    kind = forms.ChoiceField(
        choices=Programme.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select what kind of programme it is")},
    )
    description = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    starts_on = forms.DateField(required=False, error_messages=DATE_MESSAGES)
    ends_on = forms.DateField(required=False, error_messages=DATE_MESSAGES)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["place"]
        else:
            self.fields["place"].queryset = Place.objects.for_choice().exclude(kind=Place.Kind.LSOA)


class StepForm(forms.Form):
    stage = forms.ChoiceField(
        choices=Step.Stage.choices, error_messages={"required": gettext_lazy("Select the stage")}
    )
    text = forms.CharField(
        max_length=300, error_messages={"required": gettext_lazy("Enter what this step is")}
    )


class StepEditForm(forms.Form):
    """A box's words and the arrows leaving it: only boxes of later stages are offered."""

    text = forms.CharField(
        max_length=300, error_messages={"required": gettext_lazy("Enter what this step is")}
    )
    leads_to = IdMultipleChoiceField(
        queryset=Step.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": ARROWS_GO_FORWARD, "invalid_pk_value": ARROWS_GO_FORWARD},
    )

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        later = STAGE_ORDER[stage_index(step.stage) + 1 :]
        self.fields["leads_to"].queryset = step.programme.steps.filter(stage__in=later).order_by(
            "position", "pk"
        )
        self.fields["leads_to"].label_from_instance = lambda target: (
            f"{target.text} ({target.get_stage_display().lower()})"
        )


class IndicatorForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter what the indicator measures")}
    )
    unit = forms.CharField(
        max_length=40, error_messages={"required": gettext_lazy("Enter the unit, like people or %")}
    )
    minimum = _number(required=True)
    maximum = _number()
    baseline = _number()
    baseline_on = forms.DateField(required=False, error_messages=DATE_MESSAGES)
    target = _number()
    target_on = forms.DateField(required=False, error_messages=DATE_MESSAGES)
    source = forms.CharField(required=False, max_length=300)
    frequency = forms.ChoiceField(
        choices=Indicator.Frequency.choices,
        error_messages={"required": gettext_lazy("Select how often it is measured")},
    )
    computed_from = forms.ChoiceField(required=False)
    survey = IdChoiceField(queryset=Survey.objects.none(), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minimum"].error_messages["required"] = gettext_lazy(
            "Enter the smallest value a measurement can take, like 0"
        )
        self.fields["computed_from"].choices = [
            ("", gettext_lazy("Not computed: typed in or imported"))
        ] + measuring.choices()
        self.fields["survey"].queryset = Survey.objects.filter(
            place__in=Place.objects.within(programme.place)
        )
        self.fields["survey"].label_from_instance = lambda survey: survey.title


class MeasurementForm(forms.Form):
    """A measurement typed in. The value is kept as typed, so a refused one is still in the box."""

    indicator = IdChoiceField(
        queryset=Indicator.objects.none(), error_messages={"required": gettext_lazy("Select the indicator")}
    )
    measured_on = forms.DateField(
        error_messages=DATE_MESSAGES
        | {"required": gettext_lazy("Enter the date it was measured, like 2026-11-23")}
    )
    value = forms.CharField(max_length=40, error_messages={"required": gettext_lazy("Enter the value")})
    note = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            step__programme=programme, computed_from=""
        )
        self.fields["indicator"].label_from_instance = lambda indicator: (
            f"{indicator.name} ({indicator.unit})"
        )

    def clean_value(self):
        value = as_value(self.cleaned_data["value"])
        if value is None:
            raise forms.ValidationError(gettext("Enter the value as a number, like 42 or 7.5"))
        return value
