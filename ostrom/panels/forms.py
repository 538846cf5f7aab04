from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from ostrom.core.forms import WhenField
from ostrom.places.models import Place

from . import features
from .models import Lottery


class AssemblyForm(forms.Form):
    question = forms.CharField(
        max_length=250, error_messages={"required": gettext_lazy("Enter the question the panel will answer")}
    )
    commissioning_body = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter who is asking the question")}
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.for_choice(), error_messages={"required": gettext_lazy("Select the place")}
    )
    panel_size = forms.IntegerField(
        min_value=2,
        max_value=500,
        initial=30,
        error_messages={"required": gettext_lazy("Enter how many people will sit on the panel")},
    )
    registration_opens_on = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Enter a date, like 2026-12-01")}
    )
    registration_closes_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter when registration closes"),
            "invalid": gettext_lazy("Enter a date, like 2026-12-31"),
        }
    )
    first_session_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter the date of the first session"),
            "invalid": gettext_lazy("Enter a date, like 2027-01-15"),
        }
    )
    last_session_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter the date of the last session"),
            "invalid": gettext_lazy("Enter a date, like 2027-03-15"),
        }
    )
    payment_offered = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Say what members are paid")}
    )
    support_offered = forms.CharField(
        max_length=2000, error_messages={"required": gettext_lazy("Say what support is offered")}
    )
    delete_personal_data_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter when volunteers' answers will be deleted"),
            "invalid": gettext_lazy("Enter a date, like 2027-06-30"),
        }
    )
    allows_prefer_not_to_say = forms.BooleanField(required=False, initial=True)
    one_per_household = forms.BooleanField(required=False, initial=True)

    def clean(self):
        cleaned = super().clean()
        first, last, delete_on = (
            cleaned.get(k) for k in ("first_session_on", "last_session_on", "delete_personal_data_on")
        )
        opens, closes = cleaned.get("registration_opens_on"), cleaned.get("registration_closes_on")
        if opens and closes and closes < opens:
            self.add_error(
                "registration_closes_on", gettext("Registration must close on or after the day it opens")
            )
        if first and last and last < first:
            self.add_error("last_session_on", gettext("The last session must be on or after the first"))
        if last and delete_on and delete_on < last:
            self.add_error(
                "delete_personal_data_on", gettext("Keep the answers at least until the last session")
            )
        return cleaned


class RegistrationForm(forms.Form):
    """The register of interest. Messages are marked for translation, as is its template."""

    full_name = forms.CharField(
        max_length=150,
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Your name must be 150 characters or fewer"),
        },
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
            "max_length": gettext_lazy("Your email address must be 254 characters or fewer"),
        },
    )
    phone = forms.CharField(
        max_length=30,
        required=False,
        error_messages={"max_length": gettext_lazy("Your phone number must be 30 characters or fewer")},
    )
    postcode = forms.CharField(
        max_length=10,
        error_messages={
            "required": gettext_lazy("Enter your postcode"),
            "max_length": gettext_lazy("Your postcode must be 10 characters or fewer"),
        },
    )
    letter_code = forms.CharField(
        max_length=20,
        required=False,
        error_messages={
            "max_length": gettext_lazy("The code from your letter must be 20 characters or fewer")
        },
    )
    consent = forms.BooleanField(
        error_messages={"required": gettext_lazy("Tick the box to agree to us keeping your answers")}
    )

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.assembly = assembly
        for feature, values in features.FEATURES.items():
            if feature == "Deprivation of home area":
                continue  # worked out from the postcode
            choices = [(value, features.shown(value)) for value in values]
            if assembly.allows_prefer_not_to_say:
                choices.append((features.PREFER_NOT, features.shown(features.PREFER_NOT)))
            self.fields[self.field_name(feature)] = forms.ChoiceField(
                choices=choices,
                label=features.shown(feature),
                error_messages={
                    "required": gettext("Select your %(question)s")
                    % {"question": features.shown(feature).lower()}
                },
            )

    @staticmethod
    def field_name(feature: str) -> str:
        return "feature_" + feature.lower().replace(" ", "_")

    def feature_fields(self):
        return [
            (feature, self[self.field_name(feature)])
            for feature in features.FEATURES
            if self.field_name(feature) in self.fields
        ]

    def answers(self) -> dict[str, str]:
        return {feature: self.cleaned_data[self.field_name(feature)] for feature, _ in self.feature_fields()}


class QuotaForm(forms.Form):
    """One minimum and maximum per feature value, named q-<index>-min / q-<index>-max."""

    def __init__(self, *args, rows, panel_size, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for index, row in enumerate(rows):
            for bound in ("minimum", "maximum"):
                self.fields[f"q-{index}-{bound}"] = forms.IntegerField(
                    min_value=0,
                    max_value=panel_size,
                    initial=row[bound],
                    label=(
                        gettext("Minimum for %(group)s")
                        if bound == "minimum"
                        else gettext("Maximum for %(group)s")
                    )
                    % {"group": features.shown_group(row["feature"], row["value"])},
                    error_messages={
                        "required": gettext("Enter a number"),
                        "invalid": gettext("Enter a whole number"),
                        "min_value": gettext("Enter 0 or more"),
                        "max_value": gettext("Enter %(size)s or fewer, the panel's size")
                        % {"size": panel_size},
                    },
                )

    def clean(self):
        cleaned = super().clean()
        for index, row in enumerate(self.rows):
            low, high = cleaned.get(f"q-{index}-minimum"), cleaned.get(f"q-{index}-maximum")
            if low is not None and high is not None and high < low:
                self.add_error(
                    f"q-{index}-maximum",
                    gettext("%(group)s: the maximum must be at least the minimum")
                    % {"group": features.shown_group(row["feature"], row["value"])},
                )
        return cleaned

    def quotas(self) -> list[dict]:
        return [
            {
                "feature": row["feature"],
                "value": row["value"],
                "population_share": row.get("population_share"),
                "minimum": self.cleaned_data[f"q-{index}-minimum"],
                "maximum": self.cleaned_data[f"q-{index}-maximum"],
            }
            for index, row in enumerate(self.rows)
        ]

    def table(self):
        return [
            (row, self[f"q-{index}-minimum"], self[f"q-{index}-maximum"])
            for index, row in enumerate(self.rows)
        ]


class LotteryForm(forms.Form):
    algorithm = forms.ChoiceField(
        choices=Lottery.Algorithm.choices,
        initial=Lottery.Algorithm.LEXIMIN,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose how chances are shared")},
    )
    seed = forms.CharField(
        max_length=200,
        required=False,
        error_messages={"max_length": gettext_lazy("The seed must be 200 characters or fewer")},
    )

    def clean_algorithm(self):
        """No choice is the default, LEXIMIN."""
        return self.cleaned_data["algorithm"] or Lottery.Algorithm.LEXIMIN


class ReplacementForm(forms.Form):
    """Who dropped out of the panel, ticked from its members, and the seed for drawing their replacements."""

    dropouts = forms.MultipleChoiceField(
        error_messages={
            "required": gettext_lazy("Select the people who dropped out"),
            "invalid_choice": gettext_lazy("Select the people who dropped out from the list"),
        }
    )
    seed = forms.CharField(
        max_length=200,
        required=False,
        error_messages={"max_length": gettext_lazy("The seed must be 200 characters or fewer")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dropouts"].choices = [(str(member.pk), member.full_name) for member in members]


class SessionForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter a title for the session")}
    )
    starts_at = WhenField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": gettext_lazy("Enter when it starts"),
            "invalid": gettext_lazy("Enter a date and time, like 2027-01-15 10:00"),
        },
    )
    venue = forms.CharField(max_length=200, error_messages={"required": gettext_lazy("Enter where it is")})
    speakers = forms.CharField(max_length=2000, required=False)
    materials = forms.CharField(max_length=4000, required=False)


class SessionRecordForm(forms.Form):
    # Choices from the members listed, not a query by whatever id was posted (a 30-digit id overflows).
    attendees = forms.MultipleChoiceField(
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Select the panel members who came from the list")},
    )
    payment = forms.DecimalField(
        max_digits=7,
        decimal_places=2,
        min_value=0,
        initial=75,
        error_messages={
            "required": gettext_lazy("Enter what each member is paid for this session"),
            "invalid": gettext_lazy("Enter an amount, like 75"),
        },
    )
    paid_on = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Enter a date, like 2027-01-20")}
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(member.pk): member for member in members}
        self.fields["attendees"].choices = [(pk, str(member)) for pk, member in self.members.items()]

    def clean_attendees(self):
        return [self.members[pk] for pk in self.cleaned_data["attendees"]]


class RecommendationForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": gettext_lazy("Enter a short title")})
    text = forms.CharField(
        max_length=4000, error_messages={"required": gettext_lazy("Enter the recommendation")}
    )
    support_for = forms.IntegerField(
        min_value=0, error_messages={"required": gettext_lazy("Enter how many members supported it")}
    )
    support_against = forms.IntegerField(min_value=0, initial=0)
    support_unsure = forms.IntegerField(min_value=0, initial=0)


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("accepted", gettext_lazy("Accepted")),
            ("accepted_in_part", gettext_lazy("Accepted in part")),
            ("not_accepted", gettext_lazy("Not accepted")),
        ],
        error_messages={"required": gettext_lazy("Select the response")},
    )
    reasons = forms.CharField(
        max_length=4000, error_messages={"required": gettext_lazy("Give the reasons for the response")}
    )
    action = forms.CharField(max_length=2000, required=False)
    action_owner = forms.CharField(max_length=150, required=False)
    action_due_on = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Enter a date, like 2027-06-30")}
    )


class LettersForm(forms.Form):
    file = forms.FileField(
        error_messages={"required": gettext_lazy("Select the address list (CSV or Excel)")}
    )
    count = forms.IntegerField(
        min_value=1,
        max_value=100000,
        initial=6000,
        error_messages={"required": gettext_lazy("Enter how many letters to send")},
    )
    oversampling = forms.DecimalField(
        min_value=1,
        max_value=5,
        decimal_places=1,
        initial="2.0",
        error_messages={
            "required": gettext_lazy(
                "Enter how many times more likely the most deprived areas are to get a letter"
            )
        },
    )
    seed = forms.CharField(max_length=100, required=False)
