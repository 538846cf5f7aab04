from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import IdChoiceField
from ostrom.network.models import Subgroup
from ostrom.places.models import Place

from .bringing_in import LABELS
from .models import CostLine, Insight
from .presenters import recorded_group_choices, speaker_group_choices

RECORDED_KINDS = [
    (kind.value, kind.label) for kind in (Insight.Kind.STORY, Insight.Kind.QUOTE, Insight.Kind.CASE_STUDY)
]
DATE_MESSAGES = {
    "required": gettext_lazy("Enter the date it was said"),
    "invalid": gettext_lazy("Enter a date, like 2026-11-23"),
}


def _places():
    return Place.objects.for_choice().exclude(kind=Place.Kind.LSOA)


class InsightFilterForm(forms.Form):
    """The list's search and filters: a GET form that works without JavaScript."""

    q = forms.CharField(required=False, max_length=200)
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All places"),
    )
    subgroup = forms.ModelChoiceField(
        queryset=Subgroup.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=gettext_lazy("All subgroups"),
    )
    source = forms.ChoiceField(
        choices=[("", gettext_lazy("All sources")), *Insight.Source.choices], required=False
    )
    kind = forms.ChoiceField(choices=[("", gettext_lazy("All kinds")), *Insight.Kind.choices], required=False)
    speaker_group = forms.ChoiceField(choices=speaker_group_choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _places()


class InsightForm(forms.Form):
    place = IdChoiceField(
        queryset=Place.objects.none(),
        error_messages={"required": gettext_lazy("Select the place it is about")},
    )
    kind = forms.ChoiceField(
        choices=RECORDED_KINDS,
        error_messages={"required": gettext_lazy("Select what kind of insight this is")},
    )
    title = forms.CharField(required=False, max_length=200)
    text = forms.CharField(
        max_length=10_000, error_messages={"required": gettext_lazy("Enter what the person said")}
    )
    source = forms.ChoiceField(
        choices=Insight.Source.choices,
        error_messages={"required": gettext_lazy("Select where this was said")},
    )
    said_on = forms.DateField(error_messages=DATE_MESSAGES)
    subgroup = IdChoiceField(queryset=Subgroup.objects.all(), required=False)
    speaker_email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com")
        },
    )
    speaker_name = forms.CharField(required=False, max_length=120)
    speaker_group = forms.ChoiceField(choices=recorded_group_choices, required=False)
    consent_to_use = forms.BooleanField(required=False)
    publication = forms.ChoiceField(
        choices=Insight.Publication.choices,
        error_messages={"required": gettext_lazy("Select whether it may be published, and how")},
    )
    consent_wording = forms.CharField(
        max_length=2000, error_messages={"required": gettext_lazy("Enter the words the person agreed to")}
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _places()
        if kinds is not None:
            self.fields["kind"].choices = kinds

    def clean_speaker_email(self):
        email = self.cleaned_data["speaker_email"]
        if not email:
            return None
        speaker = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if speaker is None:
            raise forms.ValidationError(
                gettext("Nobody with an account has this email address: leave it blank")
            )
        return speaker

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["speaker"] = data.pop("speaker_email")
        return data


class CaseForActionForm(forms.Form):
    place = IdChoiceField(
        queryset=Place.objects.none(),
        error_messages={"required": gettext_lazy("Select the place it is about")},
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter a title for the case for action")}
    )
    text = forms.CharField(
        max_length=10_000, error_messages={"required": gettext_lazy("Enter a summary in a few sentences")}
    )
    source = forms.ChoiceField(
        choices=Insight.Source.choices,
        error_messages={"required": gettext_lazy("Select where this came from")},
    )
    said_on = forms.DateField(error_messages=DATE_MESSAGES)
    subgroup = IdChoiceField(queryset=Subgroup.objects.all(), required=False)
    problem = forms.CharField(max_length=5000, error_messages={"required": gettext_lazy("Enter the problem")})
    who_is_affected = forms.CharField(
        max_length=5000, error_messages={"required": gettext_lazy("Enter who is affected")}
    )
    proposed_action = forms.CharField(
        max_length=5000, error_messages={"required": gettext_lazy("Enter the action you propose")}
    )
    publication = forms.ChoiceField(
        choices=Insight.Publication.choices,
        error_messages={"required": gettext_lazy("Select whether it may be published, and how")},
    )
    speaker_name = forms.CharField(required=False, max_length=120)
    consent_wording = forms.CharField(
        max_length=2000, error_messages={"required": gettext_lazy("Enter the words the authors agreed to")}
    )
    stated_net_saving = forms.CharField(required=False, max_length=30)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _places()
        if editing:
            for name in (
                "place",
                "title",
                "text",
                "source",
                "said_on",
                "subgroup",
                "publication",
                "speaker_name",
                "consent_wording",
            ):
                del self.fields[name]


class CostLineForm(forms.Form):
    """One line of the working. Blank rows are left out; the service checks the rest."""

    effect = forms.ChoiceField(
        choices=[("", gettext_lazy("Choose")), *CostLine.Effect.choices], required=False
    )
    description = forms.CharField(required=False, max_length=200)
    unit_cost = forms.CharField(required=False, max_length=30)
    unit_cost_source = forms.CharField(required=False, max_length=300)
    quantity = forms.CharField(required=False, max_length=30)

    def is_blank(self) -> bool:
        return not any((self.cleaned_data or {}).get(name) for name in self.fields)


BLANK_ROWS = 4
CostLineFormSet = forms.formset_factory(CostLineForm, extra=0, max_num=40, absolute_max=40, validate_max=True)


def cost_lines(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.is_blank()]


class BringInForm(forms.Form):
    place = IdChoiceField(
        queryset=Place.objects.none(), error_messages={"required": gettext_lazy("Select the place")}
    )
    sources = forms.MultipleChoiceField(
        choices=list(LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Select at least one kind of text to bring in")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _places()
