"""The directory's forms: the search (GET), one form for a new entry or a change, and the review's
note. Forms only shape what was typed; `validation.checked_entry` (through the services) checks it, and
its problems land back on these fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from ostrom.places.models import Place

from .models import Accessibility, Service, TaxonomyTerm
from .selectors import Search
from .validation import DAY_NAMES, MOST_ROWS, parse_time

PLAIN_CHOICE = gettext_lazy("Select from the list")
OPENING_ROWS = 3
COST_ROWS = 2


class CodeChoiceField(forms.ModelChoiceField):
    """A record chosen by its code: a value no code could be is a plain choice error, never a query."""

    def to_python(self, value):
        if value not in self.empty_values and (
            not isinstance(value, str) or "\x00" in value or len(value) > 20
        ):
            raise forms.ValidationError(PLAIN_CHOICE, code="invalid_choice")
        return super().to_python(value)


def _wellbeing_choices():
    return list(TaxonomyTerm.objects.wellbeing().order_by("name").values_list("code", "name"))


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Enter 200 characters or fewer")},
    )
    category = forms.ChoiceField(required=False, error_messages={"invalid_choice": PLAIN_CHOICE})
    place = CodeChoiceField(
        queryset=Place.objects.for_choice(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": PLAIN_CHOICE},
    )
    day = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("Any day")), *DAY_NAMES.items()],
        error_messages={"invalid_choice": PLAIN_CHOICE},
    )
    time = forms.CharField(
        required=False,
        max_length=20,
        error_messages={"max_length": gettext_lazy("Enter a time of day, like 18:00")},
    )
    free = forms.BooleanField(required=False)
    language = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": gettext_lazy("Enter 100 characters or fewer")},
    )
    feature = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("Any")), *Accessibility.Feature.choices],
        error_messages={"invalid_choice": PLAIN_CHOICE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", gettext_lazy("Any category")), *_wellbeing_choices()]
        self.fields["place"].empty_label = gettext_lazy("Anywhere")

    def clean_time(self):
        text = self.cleaned_data["time"].strip()
        if text and parse_time(text) is None:
            raise forms.ValidationError(gettext("Enter a time of day, like 18:00"))
        return parse_time(text) if text else None

    def search(self) -> Search:
        """What to look for, from the fields that were filled in correctly."""
        if not self.is_bound:
            return Search()
        self.is_valid()
        data = self.cleaned_data
        return Search(
            text=data.get("q") or "",
            category=data.get("category") or "",
            place=data.get("place"),
            day=data.get("day") or "",
            at=data.get("time"),
            free_only=bool(data.get("free")),
            language=data.get("language") or "",
            feature=data.get("feature") or "",
        )


# An entry -------------------------------------------------------------------------------------------

ENTRY_TEXT = {
    "name": 200,
    "url": 500,
    "email": 254,
    "minimum_age": 3,
    "maximum_age": 3,
    "alert": 500,
}
ENTRY_AREAS = {"description": 5000, "eligibility_description": 2000, "fees_description": 1000}
LOCATION_FIELDS = {
    "location_name": ("name", 200),
    "address_1": ("address_1", 200),
    "city": ("city", 100),
    "postal_code": ("postal_code", 10),
    "latitude": ("latitude", 20),
    "longitude": ("longitude", 20),
}
CONTACT_FIELDS = {
    "contact_name": ("name", 150),
    "contact_email": ("email", 254),
    "contact_phone": ("phone", 30),
}


def _rows_in(data, pattern: str) -> int:
    count = 0
    while count < MOST_ROWS and pattern.format(count + 1) in data:
        count += 1
    return count


def _text(limit, **kwargs):
    return forms.CharField(
        required=False,
        max_length=limit,
        error_messages={
            "max_length": gettext("This must be %(limit)s characters or fewer") % {"limit": f"{limit:,}"}
        },
        **kwargs,
    )


class EntryForm(forms.Form):
    """One directory entry. Opening times are rows of a day with its opening and closing times (3 blank
    rows, or one per day the entry opens), costs are rows of an amount and what it is for."""

    status = forms.ChoiceField(
        choices=Service.Status.choices,
        initial=Service.Status.ACTIVE,
        error_messages={"invalid_choice": PLAIN_CHOICE},
    )
    categories = forms.MultipleChoiceField(required=False, error_messages={"invalid_choice": PLAIN_CHOICE})
    accessibility = forms.MultipleChoiceField(
        required=False, choices=Accessibility.Feature.choices, error_messages={"invalid_choice": PLAIN_CHOICE}
    )
    languages = _text(500)

    def __init__(self, *args, opening_rows: int = OPENING_ROWS, cost_rows: int = COST_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:  # as many rows as the page that was sent had
            opening_rows = _rows_in(self.data, "opening-{}-day")
            cost_rows = _rows_in(self.data, "cost-{}-amount")
        for name, limit in ENTRY_TEXT.items():
            self.fields[name] = _text(limit)
        for name, limit in ENTRY_AREAS.items():
            self.fields[name] = _text(limit, widget=forms.Textarea)
        for name, (_, limit) in (LOCATION_FIELDS | CONTACT_FIELDS).items():
            self.fields[name] = _text(limit)
        self.fields["categories"].choices = _wellbeing_choices()
        self.opening_numbers = range(1, min(max(opening_rows, OPENING_ROWS), MOST_ROWS) + 1)
        self.cost_numbers = range(1, min(max(cost_rows, COST_ROWS), MOST_ROWS) + 1)
        for number in self.opening_numbers:
            self.fields[f"opening-{number}-day"] = forms.ChoiceField(
                required=False,
                choices=[("", gettext_lazy("Choose a day")), *DAY_NAMES.items()],
                error_messages={"invalid_choice": PLAIN_CHOICE},
            )
            self.fields[f"opening-{number}-opens_at"] = _text(5)
            self.fields[f"opening-{number}-closes_at"] = _text(5)
        for number in self.cost_numbers:
            self.fields[f"cost-{number}-amount"] = _text(12)
            self.fields[f"cost-{number}-option"] = _text(200)
        self._rows: dict[str, list[int]] = {}

    # From an entry to the form, and back -------------------------------------------------------

    @classmethod
    def for_entry(cls, entry: dict) -> "EntryForm":
        """The form filled in with an entry (`validation.checked_entry`'s shape)."""
        openings = [
            (day, row["opens_at"], row["closes_at"])
            for row in entry["schedules"]
            for day in row["byday"].split(",")
        ]
        initial = {
            **{
                name: entry.get(name) if entry.get(name) is not None else ""
                for name in [*ENTRY_TEXT, *ENTRY_AREAS]
            },
            "status": entry["status"],
            "categories": entry["categories"],
            "accessibility": entry["accessibility"],
            "languages": ", ".join(row["name"] for row in entry["languages"]),
        }
        for name, (key, _) in LOCATION_FIELDS.items():
            value = (entry.get("location") or {}).get(key)
            initial[name] = "" if value is None else value
        for name, (key, _) in CONTACT_FIELDS.items():
            initial[name] = (entry.get("contact") or {}).get(key, "")
        for number, (day, opens_at, closes_at) in enumerate(openings, start=1):
            initial |= {
                f"opening-{number}-day": day,
                f"opening-{number}-opens_at": opens_at,
                f"opening-{number}-closes_at": closes_at,
            }
        for number, cost in enumerate(entry["costs"], start=1):
            initial |= {f"cost-{number}-amount": cost["amount"], f"cost-{number}-option": cost["option"]}
        return cls(initial=initial, opening_rows=len(openings), cost_rows=len(entry["costs"]))

    def entry(self) -> dict:
        """What was typed, as the entry the services check (blank rows left out)."""
        data = self.cleaned_data
        location = {key: data[name] for name, (key, _) in LOCATION_FIELDS.items()}
        self._rows = {"schedules": [], "costs": []}
        schedules = []
        for number in self.opening_numbers:
            row = [data[f"opening-{number}-{part}"] for part in ("day", "opens_at", "closes_at")]
            if any(value.strip() for value in row):
                schedules.append({"byday": row[0], "opens_at": row[1], "closes_at": row[2]})
                self._rows["schedules"].append(number)
        costs = []
        for number in self.cost_numbers:
            amount, option = data[f"cost-{number}-amount"], data[f"cost-{number}-option"]
            if amount.strip() or option.strip():
                costs.append({"amount": amount, "option": option})
                self._rows["costs"].append(number)
        return {
            **{name: data[name] for name in [*ENTRY_TEXT, *ENTRY_AREAS]},
            "status": data["status"],
            "categories": data["categories"],
            "accessibility": data["accessibility"],
            "location": location if any(value.strip() for value in location.values()) else None,
            "schedules": schedules,
            "costs": costs,
            "languages": [part.strip() for part in data["languages"].split(",") if part.strip()],
            "contact": {key: data[name] for name, (key, _) in CONTACT_FIELDS.items()},
        }

    def attach(self, problem: ValidationError) -> None:
        """Put each of the entry's problems on the field it is about."""
        if not hasattr(problem, "error_dict"):
            self.add_error(None, problem)
            return
        for key, errors in problem.error_dict.items():
            name = self._field_for(key)
            self.add_error(name if name in self.fields and name not in self.errors else None, errors)

    def _field_for(self, key: str) -> str | None:
        fixed = {
            "location": "address_1",
            "schedules": "opening-1-day",
            "costs": "cost-1-amount",
            **{f"location.{key}": name for name, (key, _) in LOCATION_FIELDS.items()},
            **{f"contact.{key}": name for name, (key, _) in CONTACT_FIELDS.items()},
        }
        if key in fixed:
            return fixed[key]
        if key.startswith("languages"):
            return "languages"
        for kind, prefix, parts in (
            ("schedules", "opening", {"byday": "day", "opens_at": "opens_at", "closes_at": "closes_at"}),
            ("costs", "cost", {"amount": "amount", "option": "option"}),
        ):
            if key.startswith(f"{kind}["):
                index = int(key[len(kind) + 1 : key.index("]")])
                part = key.rsplit(".", 1)[-1] if "." in key else next(iter(parts))
                numbers = self._rows.get(kind, [])
                if index < len(numbers):
                    return f"{prefix}-{numbers[index]}-{parts.get(part, next(iter(parts.values())))}"
        return key

    # For the template -----------------------------------------------------------------------------

    def opening_rows(self):
        return [
            [self[f"opening-{number}-{part}"] for part in ("day", "opens_at", "closes_at")]
            for number in self.opening_numbers
        ]

    def cost_rows(self):
        return [
            [self[f"cost-{number}-{part}"] for part in ("amount", "option")] for number in self.cost_numbers
        ]


class RejectForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
