from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import WhenField
from ostrom.places.models import Place

from .models import Organisation, Subgroup


class CollectiveFilterForm(forms.Form):
    """Every list of the collective filters by place and subgroup."""

    place = forms.ModelChoiceField(
        queryset=Place.objects.for_choice(),
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

    def apply(self, queryset, *, place_filter, subgroup_filter):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["place"]:
            queryset = place_filter(queryset, self.cleaned_data["place"])
        if self.cleaned_data["subgroup"]:
            queryset = subgroup_filter(queryset, self.cleaned_data["subgroup"])
        return queryset


class OrganisationFilterForm(CollectiveFilterForm):
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("All kinds")), *Organisation.Kind.choices], required=False
    )
    search = forms.CharField(required=False, max_length=100)


class JoinForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter your organisation's name")}
    )
    kind = forms.ChoiceField(
        choices=Organisation.Kind.choices,
        error_messages={"required": gettext_lazy("Select what kind of organisation it is")},
    )
    description = forms.CharField(required=False, max_length=2000)
    places_served = forms.ModelMultipleChoiceField(
        queryset=Place.objects.for_choice().exclude(kind=Place.Kind.ICS),
        error_messages={"required": gettext_lazy("Select at least one place your organisation works in")},
    )
    subgroups = forms.ModelMultipleChoiceField(queryset=Subgroup.objects.all(), required=False)
    contact_name = forms.CharField(
        max_length=150, error_messages={"required": gettext_lazy("Enter the name of a contact person")}
    )
    contact_email = forms.EmailField(
        error_messages={
            "required": gettext_lazy("Enter the contact's email address"),
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
        }
    )
    contact_phone = forms.CharField(max_length=30, required=False)
    show_contact_details = forms.BooleanField(required=False)
    role_title = forms.CharField(max_length=100, required=False)
    charity_number = forms.RegexField(
        regex=r"^\d{6,8}(-\d{1,2})?$",
        required=False,
        error_messages={"invalid": gettext_lazy("Charity number should be 6 to 8 digits, like 1164883")},
    )
    company_number = forms.RegexField(
        regex=r"^([0-9]{8}|[A-Za-z]{2}[0-9]{6})$",
        required=False,
        error_messages={"invalid": gettext_lazy("Company number should be 8 characters, like 01234567")},
    )
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": gettext_lazy("Enter a full web address, like https://example.org")},
    )

    def clean_company_number(self):
        return self.cleaned_data["company_number"].upper()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve: welcome them as a member")),
            ("decline", gettext_lazy("Decline")),
        ],
        error_messages={"required": gettext_lazy("Select approve or decline")},
    )
    note = forms.CharField(required=False, max_length=1000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", gettext("Say why the organisation cannot join, so they can be told"))
        return cleaned


class MeetingForm(forms.Form):
    subgroup = forms.ModelChoiceField(
        queryset=Subgroup.objects.all(),
        error_messages={"required": gettext_lazy("Select the subgroup that is meeting")},
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter a title for the meeting")}
    )
    starts_at = WhenField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": gettext_lazy("Enter when the meeting starts"),
            "invalid": gettext_lazy("Enter a date and time, like 2026-12-03 18:30"),
        },
    )
    place = forms.ModelChoiceField(queryset=Place.objects.for_choice(), required=False)
    venue = forms.CharField(max_length=200, required=False)
    # Checked by the service (https only), so the form and the API give the same message.
    online_url = forms.CharField(max_length=500, required=False)
    agenda = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgroup"].queryset = Subgroup.objects.run_by(user)


class MeetingRecordForm(forms.Form):
    minutes = forms.CharField(
        max_length=20000, error_messages={"required": gettext_lazy("Enter the minutes of the meeting")}
    )
    attendees = forms.ModelMultipleChoiceField(queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # The subgroup's members, and anyone who signed up to attend.
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(subgroup_memberships__subgroup=meeting.subgroup) | Q(attendances__meeting=meeting))
            .distinct()
            .order_by("full_name")
        )
