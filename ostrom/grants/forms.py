from decimal import Decimal

from django import forms
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.budgeting import VoteType
from ostrom.budgeting import rules as counting_rules
from ostrom.core.forms import IdChoiceField, IdMultipleChoiceField, WhenField
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from . import explaining
from .models import Application, Priority, Round

MONEY_ERRORS = {
    "required": gettext_lazy("Enter an amount"),
    "invalid": gettext_lazy("Amount must be a number, like 2500"),
}


def _when(label: str, required: str) -> WhenField:
    return WhenField(
        label=label,
        error_messages={
            "required": required,
            "invalid": gettext_lazy("Enter a date and time, like 2026-12-03 09:00"),
        },
    )


class FundForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter a name for the fund")}
    )
    description = forms.CharField(
        max_length=3000, error_messages={"required": gettext_lazy("Say what the fund is for")}
    )
    funder_name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter who the money comes from")}
    )
    funder_org_id = forms.RegexField(
        regex=r"^(GB-[A-Z]{2,5}-[A-Za-z0-9]+|360G-[A-Za-z0-9_-]+|XI-[A-Z]+-[A-Za-z0-9]+)$",
        max_length=60,
        error_messages={
            "required": gettext_lazy("Enter the funder's organisation identifier"),
            "invalid": gettext_lazy("Use an org-id.guide identifier, like GB-CHC-1164883 or GB-COH-01234567"),
        },
    )
    source = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter where the money comes from")}
    )
    amount = forms.DecimalField(max_digits=12, decimal_places=2, min_value=1, error_messages=MONEY_ERRORS)
    places_served = IdMultipleChoiceField(
        queryset=Place.objects.for_choice(),
        error_messages={"required": gettext_lazy("Select the places the fund serves")},
    )


BALLOT_NAMES = {
    VoteType.APPROVAL: gettext_lazy("tick"),
    VoteType.CUMULATIVE: gettext_lazy("points"),
    VoteType.ORDINAL: gettext_lazy("ranked"),
}
USUAL_RULES = gettext_lazy(
    "If you do not choose, points and ranked ballots are counted most points first, "
    "and tick ballots with the Method of Equal Shares."
)


def rule_choices() -> list[tuple[str, str]]:
    """Every counting rule, saying which ballots it is for when it is not for all of them."""
    choices = []
    for rule in counting_rules.RULES:
        kinds = [name for vote_type, name in BALLOT_NAMES.items() if vote_type in rule.vote_types]
        title = explaining.TITLES[rule.name]
        label = (
            title
            if len(kinds) == len(BALLOT_NAMES)
            else gettext("%(rule)s (for %(kinds)s ballots)")
            % {"rule": title, "kinds": gettext(" and ").join(str(kind) for kind in kinds)}
        )
        choices.append((rule.name, label))
    return choices


class RoundForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter a name for the round")}
    )
    budget = forms.DecimalField(max_digits=12, decimal_places=2, min_value=1, error_messages=MONEY_ERRORS)
    largest_grant = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=1, error_messages=MONEY_ERRORS
    )
    slim_limit = forms.DecimalField(max_digits=10, decimal_places=2, min_value=1, error_messages=MONEY_ERRORS)
    priority_count = forms.IntegerField(
        min_value=1,
        max_value=10,
        initial=3,
        error_messages={"required": gettext_lazy("Enter how many priorities become criteria")},
    )
    priorities_open_at = _when(gettext_lazy("Priorities open"), gettext_lazy("Enter when priorities open"))
    applications_open_at = _when(
        gettext_lazy("Applications open"), gettext_lazy("Enter when applications open")
    )
    applications_close_at = _when(
        gettext_lazy("Applications close"), gettext_lazy("Enter when applications close")
    )
    voting_opens_at = _when(gettext_lazy("Voting opens"), gettext_lazy("Enter when voting opens"))
    voting_closes_at = _when(gettext_lazy("Voting closes"), gettext_lazy("Enter when voting closes"))
    ballot_type = forms.ChoiceField(choices=Round.BallotType.choices, initial=Round.BallotType.APPROVAL)
    points_per_voter = forms.IntegerField(min_value=1, max_value=100, initial=10)
    rule = forms.ChoiceField(choices=rule_choices, required=False, help_text=USUAL_RULES)
    minimum_voting_age = forms.IntegerField(min_value=0, max_value=25, initial=16)
    requires_access_code = forms.BooleanField(
        required=False, label=gettext_lazy("Voters need a code posted to their household")
    )


class AccessCodesForm(forms.Form):
    count = forms.IntegerField(
        min_value=1,
        max_value=5000,
        error_messages={
            "required": gettext_lazy("Enter how many codes to issue"),
            "invalid": gettext_lazy("Enter a whole number, like 500"),
            "min_value": gettext_lazy("Issue at least 1 code"),
            "max_value": gettext_lazy("Issue 5,000 codes or fewer at a time"),
        },
    )
    file_format = forms.ChoiceField(
        choices=[
            ("pdf", gettext_lazy("Printable slips (PDF), four to an A4 page")),
            ("csv", gettext_lazy("A spreadsheet for mail merge (CSV)")),
        ],
        initial="pdf",
        error_messages={"required": gettext_lazy("Select how you want the codes")},
    )


class PriorityForm(forms.Form):
    title = forms.CharField(
        max_length=150, error_messages={"required": gettext_lazy("Enter the priority in a few words")}
    )
    description = forms.CharField(max_length=1000, required=False)


class ChoosePrioritiesForm(forms.Form):
    priorities = IdMultipleChoiceField(queryset=Priority.objects.none(), required=False)

    def __init__(self, *args, funding_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = funding_round.priorities.filter(is_accepted=True).order_by(
            "title"
        )


class ApplicationForm(forms.Form):
    organisation = IdChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={"required": gettext_lazy("Select the organisation you are applying for")},
    )
    title = forms.CharField(
        max_length=120, error_messages={"required": gettext_lazy("Enter a name for your project")}
    )
    summary = forms.CharField(
        max_length=3000, error_messages={"required": gettext_lazy("Say what you will do")}
    )
    who_benefits = forms.CharField(
        max_length=2000, error_messages={"required": gettext_lazy("Say who the project is for")}
    )
    places = IdMultipleChoiceField(
        queryset=Place.objects.none(),
        error_messages={"required": gettext_lazy("Select where the project will happen")},
    )
    amount_requested = forms.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=1,
        error_messages={
            "required": gettext_lazy("Enter how much money you are asking for"),
            "invalid": gettext_lazy("Amount must be a number, like 2500"),
            "min_value": gettext_lazy("Amount must be at least £1"),
        },
    )
    priority = IdChoiceField(queryset=Priority.objects.none(), required=False)
    budget_breakdown = forms.CharField(max_length=3000, required=False)
    outcomes = forms.CharField(max_length=3000, required=False)

    def __init__(self, *args, funding_round, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.members().filter(memberships__user=applicant).distinct()
        )
        self.fields["places"].queryset = Place.objects.filter(
            pk__in=[
                p.pk
                for fund_place in funding_round.fund.places_served.all()
                for p in Place.objects.within(fund_place).exclude(kind=Place.Kind.LSOA)
            ]
        ).order_by("depth", "name")
        criteria = funding_round.criteria()
        self.fields["priority"].queryset = Priority.objects.filter(pk__in=[p.pk for p in criteria])

    @staticmethod
    def initial_from(application) -> dict:
        """A saved application's answers, so that changing it starts from what was written."""
        answers = {
            field: getattr(application, field) for field in ApplicationForm.base_fields if field != "places"
        }
        return answers | {"places": list(application.places.all())}


class PanelForm(forms.Form):
    seat_count = forms.IntegerField(
        min_value=1,
        max_value=50,
        initial=9,
        error_messages={"required": gettext_lazy("Enter how many seats the panel has")},
    )
    lived_experience_target = forms.IntegerField(
        min_value=0,
        max_value=100,
        initial=40,
        error_messages={
            "required": gettext_lazy("Enter the share of seats for people with lived experience"),
            "max_value": gettext_lazy(
                "The share must be 100%% or less"
            ),  # Django %-formats it with the limit
        },
    )
    localities_target = forms.IntegerField(min_value=0, max_value=20, initial=2)
    ethnic_groups_target = forms.IntegerField(min_value=0, max_value=5, initial=3)
    hourly_rate = forms.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, initial="12.60", error_messages=MONEY_ERRORS
    )


class PanelSeatForm(forms.Form):
    email = forms.EmailField(
        error_messages={
            "required": gettext_lazy("Enter the panel member's email address"),
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
        }
    )
    has_lived_experience = forms.TypedChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Select whether they have lived experience")},
    )
    place = IdChoiceField(
        queryset=Place.objects.exclude(kind=Place.Kind.LSOA).order_by("depth", "name"),
        error_messages={"required": gettext_lazy("Select where they live")},
    )


class PanelTimeForm(forms.Form):
    paid_hours = forms.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=0,
        error_messages={
            "required": gettext_lazy("Enter the hours to pay"),
            "invalid": gettext_lazy("Hours must be a number, like 7.5"),
        },
    )
    training_completed_on = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Enter a date, like 2026-02-14")}
    )


class AssessmentForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[
            (5, "5: meets the priority very well"),
            (4, "4: meets it well"),
            (3, "3: meets it partly"),
            (2, "2: meets it a little"),
            (1, "1: does not meet it"),
        ],
        coerce=int,
        error_messages={"required": gettext_lazy("Select a score")},
    )
    comment = forms.CharField(
        max_length=2000, error_messages={"required": gettext_lazy("Say why you gave this score")}
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        error_messages={
            "required": gettext_lazy("Say what your interest is, for example 'I volunteer there'")
        },
    )


class ShortlistForm(forms.Form):
    applications = IdMultipleChoiceField(queryset=Application.objects.none(), required=False)

    def __init__(self, *args, funding_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = funding_round.applications.submitted().order_by("title")


class BallotForm(forms.Form):
    """One field per shortlisted project, shaped by the round's ballot type."""

    postcode = forms.CharField(max_length=8, error_messages={"required": gettext_lazy("Enter your postcode")})
    is_old_enough = forms.BooleanField(required=False)
    access_code = forms.CharField(max_length=20, required=False)

    def __init__(self, *args, funding_round, applications, paper=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.funding_round, self.applications = funding_round, list(applications)
        if paper:
            del self.fields["is_old_enough"], self.fields["access_code"]
            self.fields["paper_reference"] = forms.CharField(
                max_length=30,
                error_messages={"required": gettext_lazy("Enter the number printed on the paper ballot")},
            )
        elif funding_round.requires_access_code:
            self.fields["access_code"].required = True
            self.fields["access_code"].error_messages["required"] = gettext_lazy(
                "Enter the code from the letter we sent you"
            )
        for application in self.applications:
            name = self.field_name(application)
            if funding_round.ballot_type == Round.BallotType.APPROVAL:
                self.fields[name] = forms.BooleanField(required=False, label=application.title)
            elif funding_round.ballot_type == Round.BallotType.CUMULATIVE:
                self.fields[name] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=funding_round.points_per_voter,
                    label=application.title,
                    error_messages={
                        "invalid": gettext_lazy("Points must be a whole number, like 3"),
                        "max_value": ngettext(
                            "You have %(n)d point to share out",
                            "You have %(n)d points to share out",
                            funding_round.points_per_voter,
                        )
                        % {"n": funding_round.points_per_voter},
                        "min_value": gettext_lazy("Points cannot be negative"),
                    },
                )
            else:
                choices = [("", gettext_lazy("Not ranked"))] + [
                    (str(n), str(n)) for n in range(1, len(self.applications) + 1)
                ]
                self.fields[name] = forms.TypedChoiceField(
                    choices=choices, coerce=int, empty_value=0, required=False, label=application.title
                )

    @staticmethod
    def field_name(application) -> str:
        return BallotForm.field_name_of(application.pk)

    @staticmethod
    def field_name_of(application_id: int) -> str:
        return f"project_{application_id}"

    @classmethod
    def initial_from(cls, ballot, voter) -> dict:
        """The person's earlier ballot, so that changing a vote starts from what they chose."""
        initial = {cls.field_name_of(choice.application_id): choice.value for choice in ballot.choices.all()}
        initial["postcode"] = voter.equality_answer.postcode if hasattr(voter, "equality_answer") else ""
        initial["is_old_enough"] = True
        return initial

    def project_fields(self):
        return [(application, self[self.field_name(application)]) for application in self.applications]

    def choices(self) -> dict[int, int]:
        return {
            application.pk: int(self.cleaned_data.get(self.field_name(application)) or 0)
            for application in self.applications
        }


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), error_messages=MONEY_ERRORS
    )
    paid_on = forms.DateField(
        error_messages={
            "required": gettext_lazy("Enter the date it was paid"),
            "invalid": gettext_lazy("Enter a date, like 2026-04-30"),
        }
    )
    reference = forms.CharField(max_length=60, required=False)
