"""The referral pages' forms: what was typed, in plain English, checked again by the services."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts.equality import age_band_choices, ethnic_group_choices
from ostrom.assets.models import Service, TaxonomyTerm
from ostrom.core.forms import IdChoiceField, IdMultipleChoiceField
from ostrom.decisions.models import Body
from ostrom.insight.models import Insight
from ostrom.places.models import Place
from ostrom.surveys import swemwbs, swemwbs_shown

from . import validation
from .models import Need, Referral, ReferralTo

DATE_INVALID = gettext_lazy("Enter a date, like 2026-11-23")
ITEM_FIELDS = [f"item_{number}" for number in range(1, len(swemwbs.ITEMS) + 1)]


def scale_choices() -> list[tuple[str, str]]:
    """The answers as the form shows them, in the active language (a callable: worded when drawn)."""
    return [(str(value), label) for value, label in swemwbs_shown.scale()]


# The wordings a person agrees to are read to them in their language, and stored as they read them.
CONSENT_WORDING = gettext_lazy(
    "I agree that the social prescribing team keeps a record of this referral. If I am referred by name, "
    "my name and contact details are shared with the services I am referred to. My ethnic group, age band "
    "and the area I live in (not my address) are kept, if I give them, to check that the service reaches "
    "everyone; they are never shared with the services."
)
WORDS_WORDING = gettext_lazy(
    "I agree that my words may be used to improve services in my area, and published as I chose."
)
FOLLOW_UP_AFTER = timedelta(weeks=6)


def category_choices() -> list[tuple[str, str]]:
    return [("", gettext("All categories"))] + [
        (term.code, term.name) for term in TaxonomyTerm.objects.wellbeing().order_by("name")
    ]


def pcns_in(places):
    """The primary care networks serving any of the places (or a place inside one)."""
    inside = Place.objects.none()
    for place in places:
        inside = inside | Place.objects.within(place)
    return Body.objects.filter(kind=Body.Kind.PCN, places__in=inside.values("pk")).distinct().order_by("name")


def _wellbeing_fields() -> dict:
    return {
        name: forms.TypedChoiceField(choices=scale_choices, coerce=int, required=False, empty_value=None)
        for name in ITEM_FIELDS
    }


class WellbeingItems:
    """The 7 SWEMWBS answers as a list in their published order, None where not answered."""

    def wellbeing_items(self) -> list:
        return [self.cleaned_data.get(name) for name in ITEM_FIELDS]

    def item_fields(self):
        return [
            (self[name], wording) for name, wording in zip(ITEM_FIELDS, swemwbs_shown.items(), strict=True)
        ]


class ReferralForm(WellbeingItems, forms.Form):
    place = IdChoiceField(
        queryset=Place.objects.none(), error_messages={"required": gettext_lazy("Select the place")}
    )
    pcn = IdChoiceField(queryset=Body.objects.filter(kind=Body.Kind.PCN), required=False)
    identity = forms.ChoiceField(
        choices=Referral.Identity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select how the person wants to be known to the services")},
    )
    person_name = forms.CharField(required=False, max_length=validation.NAME_LIMIT)
    person_contact = forms.CharField(required=False, max_length=validation.CONTACT_LIMIT)
    consent_given = forms.BooleanField(required=False)
    consent_wording = forms.CharField(required=False, max_length=validation.WORDING_LIMIT)
    needs = forms.MultipleChoiceField(
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": validation.NEED_NEEDED,
            "invalid_choice": gettext_lazy("Select reasons from the list"),
        },
    )
    q = forms.CharField(required=False, max_length=200)
    category = forms.ChoiceField(choices=[], required=False)
    services = IdMultipleChoiceField(
        queryset=Service.objects.none(),
        error_messages={"required": validation.SERVICE_NEEDED, "invalid_choice": validation.SERVICE_NEEDED},
    )
    ethnic_group = forms.ChoiceField(
        choices=lambda: [("", gettext("Not asked")), *ethnic_group_choices()], required=False
    )
    age_band = forms.ChoiceField(
        choices=lambda: [("", gettext("Not asked")), *age_band_choices()], required=False
    )
    postcode = forms.CharField(required=False, max_length=10)
    follow_up_on = forms.DateField(
        error_messages={"required": gettext_lazy("Enter the date to follow up"), "invalid": DATE_INVALID}
    )
    notes = forms.CharField(required=False, max_length=validation.NOTES_LIMIT)

    def __init__(self, *args, places, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "identity": Referral.Identity.REFERENCE_ONLY,
                "consent_wording": CONSENT_WORDING,
                "follow_up_on": timezone.localdate() + FOLLOW_UP_AFTER,
                "place": places[0].pk if places else None,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields.update(_wellbeing_fields())
        self.fields["place"].queryset = Place.objects.filter(pk__in=[place.pk for place in places])
        self.fields["pcn"].queryset = pcns_in(places)
        self.fields["services"].queryset = Service.objects.public().active()
        self.fields["category"].choices = category_choices()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "place": data["place"],
            "pcn": data["pcn"],
            "identity": data["identity"],
            "person_name": data["person_name"],
            "person_contact": data["person_contact"],
            "consent_given": data["consent_given"],
            "consent_wording": data["consent_wording"],
            "needs": data["needs"],
            "services": list(data["services"]),
            "ethnic_group": data["ethnic_group"],
            "age_band": data["age_band"],
            "postcode": data["postcode"],
            "follow_up_on": data["follow_up_on"],
            "wellbeing_items": self.wellbeing_items(),
            "notes": data["notes"],
        }


class ServiceSearchForm(forms.Form):
    """The referral form's search for services to tick, read on its own so that what it finds never
    depends on the rest of the form being valid."""

    q = forms.CharField(required=False, max_length=200)
    category = forms.ChoiceField(choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    def terms(self) -> dict:
        if self.is_bound and self.is_valid():
            return {"words": self.cleaned_data["q"].strip(), "category": self.cleaned_data["category"]}
        return {"words": "", "category": ""}


class FollowUpForm(WellbeingItems, forms.Form):
    taken_on = forms.DateField(
        error_messages={"required": gettext_lazy("Enter the date of the follow-up"), "invalid": DATE_INVALID}
    )
    own_words = forms.CharField(required=False, max_length=validation.WORDS_LIMIT)
    own_words_consent = forms.BooleanField(required=False)
    publication = forms.ChoiceField(
        choices=Insight.Publication.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    consent_wording = forms.CharField(required=False, max_length=validation.WORDING_LIMIT)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "taken_on": timezone.localdate(),
                "publication": Insight.Publication.NOT_PUBLISHED,
                "consent_wording": WORDS_WORDING,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields.update(_wellbeing_fields())

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "wellbeing_items": self.wellbeing_items(),
            "taken_on": data["taken_on"],
            "own_words": data["own_words"],
            "own_words_consent": data["own_words_consent"],
            "consent_wording": data["consent_wording"],
            "publication": data["publication"] or Insight.Publication.NOT_PUBLISHED,
        }


class AddServiceForm(forms.Form):
    service = IdChoiceField(
        queryset=Service.objects.none(), error_messages={"required": gettext_lazy("Select a service to add")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.public().active()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Yes, we can take this referral")),
            ("decline", gettext_lazy("No, we cannot take it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select whether the service can take this referral")},
    )
    reason = forms.CharField(required=False, max_length=validation.REASON_LIMIT)


class AttendanceForm(forms.Form):
    attended = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes, they came")), ("no", gettext_lazy("No, they did not come"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select whether the person came")},
    )
    first_attended_on = forms.DateField(required=False, error_messages={"invalid": DATE_INVALID})
    sessions = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=validation.MOST_SESSIONS,
        error_messages={
            "invalid": gettext_lazy("Enter how many sessions they came to, like 3"),
            "min_value": gettext_lazy("Enter how many sessions they came to, from 0"),
            "max_value": gettext_lazy("Enter how many sessions they came to, up to %(limit_value)s"),
        },
    )

    def service_arguments(self) -> dict:
        attended = self.cleaned_data["attended"] == "yes"
        return {
            "attended": attended,
            "first_attended_on": self.cleaned_data["first_attended_on"] if attended else None,
            "sessions": (self.cleaned_data["sessions"] or 0) if attended else 0,
        }


LIST_FILTERS = [
    ("", gettext_lazy("Open")),
    ("waiting", gettext_lazy("Waiting for a service")),
    ("follow_up_due", gettext_lazy("Follow-up due")),
    ("closed", gettext_lazy("Closed")),
]


class ReferralFilterForm(forms.Form):
    show = forms.ChoiceField(choices=LIST_FILTERS, required=False)
    reference = forms.CharField(required=False, max_length=12)


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", gettext_lazy("All")), *ReferralTo.Status.choices], required=False
    )
