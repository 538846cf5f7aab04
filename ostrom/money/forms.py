"""Forms for money: each checks what a person typed and says plainly what to change; the services check
the rules again (the API calls them too)."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import IdChoiceField

from .models import FIRST_YEAR, LAST_YEAR, BudgetLine

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
DATE_ERRORS = {
    "invalid": gettext_lazy("Enter a date, like 2026-04-01"),
    "required": gettext_lazy("Enter a date, like 2026-04-01"),
}


def _money_field(required_message: str, *, required: bool = True, label: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        required=required,
        label=label or None,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": required_message,
            "invalid": gettext_lazy("Enter an amount in pounds, like 2500"),
            "min_value": gettext_lazy("Enter £0 or more"),
            "max_digits": gettext_lazy("Enter an amount less than £1 trillion"),
            "max_whole_digits": gettext_lazy("Enter an amount less than £1 trillion"),
            "max_decimal_places": gettext_lazy("Enter pounds and pence, with no more than 2 decimal places"),
        },
    )


def _year_field() -> forms.IntegerField:
    message = gettext_lazy("Enter the year the financial year starts in, from %(first)s to %(last)s") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }
    return forms.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


class BudgetLineForm(forms.Form):
    year = _year_field()
    category = forms.ChoiceField(
        choices=BudgetLine.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose acute care, community-led prevention or other")},
    )
    prevention_kind = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("Not community-led prevention")), *BudgetLine.PreventionKind.choices],
    )
    amount = _money_field("Enter the amount spent")
    source_note = forms.CharField(
        max_length=300, error_messages={"required": gettext_lazy("Say where the figure comes from")}
    )


class CommitmentForm(forms.Form):
    year = _year_field()
    share = forms.DecimalField(
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": gettext_lazy("Enter the share as a percentage, like 5"),
            "invalid": gettext_lazy("Enter the share as a percentage, like 5"),
            "min_value": gettext_lazy("The share must be a percentage from 0 to 100"),
            "max_value": gettext_lazy("The share must be a percentage from 0 to 100"),
            "max_digits": gettext_lazy("The share must be a percentage from 0 to 100"),
            "max_whole_digits": gettext_lazy("The share must be a percentage from 0 to 100"),
            "max_decimal_places": gettext_lazy("Use no more than 2 decimal places"),
        },
    )
    note = forms.CharField(required=False, max_length=300)


class DevolveForm(forms.Form):
    from_body = IdChoiceField(
        queryset=None, error_messages={"required": gettext_lazy("Choose the body devolving the money")}
    )
    anchor = IdChoiceField(
        queryset=None, error_messages={"required": gettext_lazy("Choose the community anchor")}
    )
    amount = _money_field("Enter the amount devolved")
    devolved_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    purpose = forms.CharField(
        max_length=500, error_messages={"required": gettext_lazy("Say what the money is for")}
    )

    def __init__(self, *args, bodies, anchors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_body"].queryset = bodies
        self.fields["anchor"].queryset = anchors


class AllocationForm(forms.Form):
    funding_round = IdChoiceField(
        queryset=None, error_messages={"required": gettext_lazy("Choose the grant round")}
    )
    allocated_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    purpose = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_round"].queryset = rounds
        self.fields["funding_round"].label_from_instance = lambda r: (
            gettext("%(round)s (budget %(budget)s)")
            % {
                "round": r.name,
                "budget": f"£{r.budget:,.0f}",
            }
        )


class AgreementForm(forms.Form):
    organisation = IdChoiceField(
        queryset=None, error_messages={"required": gettext_lazy("Choose the organisation")}
    )
    amount = _money_field("Enter the amount agreed")
    purpose = forms.CharField(
        max_length=500, error_messages={"required": gettext_lazy("Say what the money is for")}
    )
    agreed_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    starts_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    ends_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PaymentForm(forms.Form):
    amount = _money_field("Enter the amount paid")
    paid_on = forms.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    reference = forms.CharField(required=False, max_length=60)


COST_FIELDS = ("item", "amount", "source")
OUTCOME_FIELDS = ("outcome", "quantity", "unit_value_low", "unit_value_central", "unit_value_high", "source")


class CostBenefitForm(forms.Form):
    """The assumptions, and one row of fields per cost and per outcome (the saved ones and two blank
    rows of each). Rows left blank are ignored; the service checks the rest."""

    assumptions = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, cost_rows: int, outcome_rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cost_numbers = range(1, cost_rows + 1)
        self.outcome_numbers = range(1, outcome_rows + 1)
        for number in self.cost_numbers:
            self.fields[f"costs-{number}-item"] = forms.CharField(required=False, max_length=200)
            self.fields[f"costs-{number}-amount"] = _money_field("", required=False)
            self.fields[f"costs-{number}-source"] = forms.CharField(required=False, max_length=300)
        for number in self.outcome_numbers:
            self.fields[f"outcomes-{number}-outcome"] = forms.CharField(required=False, max_length=200)
            self.fields[f"outcomes-{number}-quantity"] = _money_field("", required=False)
            for case in ("low", "central", "high"):
                self.fields[f"outcomes-{number}-unit_value_{case}"] = _money_field("", required=False)
            self.fields[f"outcomes-{number}-source"] = forms.CharField(required=False, max_length=300)

    @staticmethod
    def initial_for(cost_benefit) -> dict:
        initial = {"assumptions": cost_benefit.assumptions if cost_benefit else ""}
        if cost_benefit:
            for number, line in enumerate(cost_benefit.costs.all(), start=1):
                initial |= {f"costs-{number}-{name}": getattr(line, name) for name in COST_FIELDS}
            for number, line in enumerate(cost_benefit.outcomes.all(), start=1):
                initial |= {f"outcomes-{number}-{name}": getattr(line, name) for name in OUTCOME_FIELDS}
        return initial

    def _rows(self, prefix, numbers, names) -> list[dict]:
        rows = []
        for number in numbers:
            row = {name: self.cleaned_data.get(f"{prefix}-{number}-{name}") for name in names}
            if any(value not in (None, "") for value in row.values()):
                rows.append(
                    {
                        name: ("" if value is None and name in ("item", "outcome", "source") else value)
                        for name, value in row.items()
                    }
                )
        return rows

    def lines(self) -> dict:
        """What the service takes: the assumptions, costs and outcomes, blank rows left out."""
        return {
            "assumptions": self.cleaned_data["assumptions"],
            "costs": self._rows("costs", self.cost_numbers, COST_FIELDS),
            "outcomes": self._rows("outcomes", self.outcome_numbers, OUTCOME_FIELDS),
        }

    def cost_rows(self):
        return [[self[f"costs-{n}-{name}"] for name in COST_FIELDS] for n in self.cost_numbers]

    def outcome_rows(self):
        return [[self[f"outcomes-{n}-{name}"] for name in OUTCOME_FIELDS] for n in self.outcome_numbers]
