"""The rules an insight's fields follow, shared by the record form, the API and the spreadsheet import
(services raise them; the import lists them by row)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts.equality import ETHNIC_GROUP_CHOICES
from ostrom.core.validation import check_text

from .models import CostLine, Insight

TEXT_LIMIT = 10_000
WORDING_LIMIT = 2_000
CASE_TEXT_LIMIT = 5_000
SPEAKER_GROUPS = dict(ETHNIC_GROUP_CHOICES)

LARGEST_AMOUNT = Decimal("9999999999.99")


def check_insight_fields(
    problems: dict,
    *,
    kind: str,
    title: str,
    text: str,
    source: str,
    said_on,
    speaker_name: str,
    speaker_group: str,
    consent_to_use: bool,
    publication: str,
    consent_wording: str,
    has_speaker_account: bool = False,
    kinds=(Insight.Kind.STORY, Insight.Kind.QUOTE, Insight.Kind.CASE_STUDY, Insight.Kind.COMMENT),
) -> None:
    """Add a plain-English problem per field to `problems`."""
    if kind not in kinds:
        problems["kind"] = gettext("Select what kind of insight this is")
    check_text(problems, "title", title, max_length=200)
    check_text(problems, "text", text, max_length=TEXT_LIMIT, required=gettext("Enter what the person said"))
    if source not in Insight.Source.values:
        problems["source"] = gettext("Select where this was said")
    if not isinstance(said_on, date):
        problems["said_on"] = gettext("Enter the date it was said, like 2026-11-23")
    elif said_on > timezone.localdate():
        problems["said_on"] = gettext("The date it was said must be today or in the past")
    check_text(problems, "speaker_name", speaker_name, max_length=120)
    if speaker_group not in ("", *SPEAKER_GROUPS):
        problems["speaker_group"] = gettext("Select the group they told us, or leave it as not recorded")
    elif speaker_group and has_speaker_account:
        problems["speaker_group"] = gettext(
            "Leave the group blank for someone with an account: it comes from their own equality answers, "
            "only while they consent"
        )
    if consent_to_use is not True:
        problems["consent_to_use"] = gettext(
            "Confirm that the person agreed to us using what they said: without their consent it cannot be kept"
        )
    if publication not in Insight.Publication.values:
        problems["publication"] = gettext("Select whether it may be published, and how")
    elif (
        publication == Insight.Publication.NAMED
        and isinstance(speaker_name, str)
        and not speaker_name.strip()
    ):
        problems["speaker_name"] = gettext(
            "Enter the name they agreed to be published with, or publish it without their name"
        )
    check_text(
        problems,
        "consent_wording",
        consent_wording,
        max_length=WORDING_LIMIT,
        required=gettext("Enter the words the person agreed to"),
    )


def check_case_fields(problems: dict, *, problem: str, who_is_affected: str, proposed_action: str) -> None:
    check_text(
        problems, "problem", problem, max_length=CASE_TEXT_LIMIT, required=gettext("Enter the problem")
    )
    check_text(
        problems,
        "who_is_affected",
        who_is_affected,
        max_length=CASE_TEXT_LIMIT,
        required=gettext("Enter who is affected"),
    )
    check_text(
        problems,
        "proposed_action",
        proposed_action,
        max_length=CASE_TEXT_LIMIT,
        required=gettext("Enter the action you propose"),
    )


# Each amount's problems as whole phrases, so that each translates as one: {field: (not a number, below 0,
# too large, too many decimal places)}.
AMOUNT_PROBLEMS = {
    "unit_cost": (
        gettext_lazy("the unit cost must be a number, like 25.50"),
        gettext_lazy("the unit cost must be 0 or more"),
        gettext_lazy("the unit cost must be less than 10,000,000,000"),
        gettext_lazy("the unit cost can have at most 2 decimal places"),
    ),
    "quantity": (
        gettext_lazy("the quantity must be a number, like 25.50"),
        gettext_lazy("the quantity must be 0 or more"),
        gettext_lazy("the quantity must be less than 10,000,000,000"),
        gettext_lazy("the quantity can have at most 2 decimal places"),
    ),
}


def _amount(value, *, field: str):
    """A non-negative Decimal with at most 2 decimal places that the column holds, or a message."""
    not_a_number, negative, too_large, too_precise = (str(message) for message in AMOUNT_PROBLEMS[field])
    try:
        amount = (
            value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").replace("£", ""))
        )
    except (InvalidOperation, ValueError):
        return None, not_a_number
    if not amount.is_finite():
        return None, not_a_number
    if amount < 0:
        return None, negative
    if amount > LARGEST_AMOUNT:
        return None, too_large
    if amount != amount.quantize(Decimal("0.01")):
        return None, too_precise
    return amount, None


def check_cost_lines(problems: dict, lines) -> list[dict]:
    """Each line's problems under "lines" (one message naming the line), and the lines as clean dicts."""
    clean, messages = [], []
    if not isinstance(lines, list | tuple) or not lines:
        problems["lines"] = gettext("Add at least one cost or saving line")
        return []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            messages.append(gettext("Line %(number)s: enter a cost or saving") % {"number": number})
            continue
        line_problems: dict = {}
        if line.get("effect") not in CostLine.Effect.values:
            line_problems["effect"] = gettext("say whether it is a cost or a saving to the NHS")
        check_text(line_problems, "description", line.get("description", ""), max_length=200, required="x")
        if "description" in line_problems:
            line_problems["description"] = gettext("enter what it is, in 200 characters or fewer")
        check_text(
            line_problems, "unit_cost_source", line.get("unit_cost_source", ""), max_length=300, required="x"
        )
        if "unit_cost_source" in line_problems:
            line_problems["unit_cost_source"] = gettext(
                "enter where the unit cost comes from, in 300 characters or fewer"
            )
        unit_cost, problem = _amount(line.get("unit_cost", ""), field="unit_cost")
        if problem:
            line_problems["unit_cost"] = problem
        quantity, problem = _amount(line.get("quantity", ""), field="quantity")
        if problem:
            line_problems["quantity"] = problem
        if line_problems:
            # Translators: a cost line's problems, each a phrase, joined with "; ".
            messages.append(
                gettext("Line %(number)s: %(problems)s")
                % {"number": number, "problems": "; ".join(line_problems.values())}
            )
            continue
        if unit_cost * quantity > LARGEST_AMOUNT:
            messages.append(
                gettext("Line %(number)s: the unit cost times the quantity is too large") % {"number": number}
            )
            continue
        clean.append(
            {
                "order": number,
                "effect": line["effect"],
                "description": line["description"].strip(),
                "unit_cost": unit_cost,
                "unit_cost_source": line["unit_cost_source"].strip(),
                "quantity": quantity,
            }
        )
    if messages:
        problems["lines"] = messages
    return clean
