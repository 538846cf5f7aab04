"""Display shaping for insight pages: who said it (as they agreed to be shown), the speaker's group as
recorded, and a case for action's working."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.accounts.equality import ethnic_group_choices

from .models import NOT_RECORDED, Insight
from .money import Totals, amount_of, money, totals_of


def attribution(insight: Insight) -> str:
    """How the speaker is shown: their name only when they agreed to be published named."""
    if insight.publication == Insight.Publication.NAMED and insight.speaker_name:
        return insight.speaker_name
    return gettext("Anonymous")


def speaker_group_text(insight: Insight) -> str:
    """What they told us, or for an account holder where it comes from (never their answer itself: a
    person's equality answers are only ever counted in totals)."""
    if insight.speaker_group:
        return dict(ethnic_group_choices()).get(insight.speaker_group, insight.speaker_group)
    if insight.speaker_id:
        return gettext("From their own equality answers, counted only in totals")
    return gettext("Not recorded")


def status_tag(insight: Insight) -> dict:
    if insight.consent_withdrawn_at:
        return {"text": gettext("Consent withdrawn"), "classes": "nhsuk-tag--red"}
    if insight.is_published:
        return {"text": insight.get_publication_display(), "classes": "nhsuk-tag--green"}
    return {"text": gettext("Not published"), "classes": "nhsuk-tag--grey"}


@dataclass(frozen=True)
class Working:
    rows: list  # NHS.UK table rows
    totals: Totals
    costs_text: str
    savings_text: str
    net_saving_text: str
    net_cost_text: str
    net_in_words: str


def working_of(case) -> Working:
    lines = list(case.lines.all())
    rows = [
        [
            {"text": line.description},
            {"text": line.get_effect_display()},
            {"text": money(line.unit_cost), "format": "numeric"},
            {"text": f"{line.quantity.normalize():,f}", "format": "numeric"},
            {"text": money(amount_of(line)), "format": "numeric"},
            {"text": line.unit_cost_source},
        ]
        for line in lines
    ]
    totals = totals_of(lines)
    return Working(
        rows=rows,
        totals=totals,
        costs_text=money(totals.costs),
        savings_text=money(totals.savings),
        net_saving_text=money(totals.net_saving),
        net_cost_text=money(totals.net_cost),
        net_in_words=totals.net_in_words,
    )


def speaker_group_choices() -> list[tuple[str, str]]:
    """The filter's groups, in the active language (a callable for the field, worded when drawn)."""
    return [
        ("", gettext_lazy("Any group")),
        *ethnic_group_choices(),
        (NOT_RECORDED, gettext_lazy("Not recorded")),
    ]


def recorded_group_choices() -> list[tuple[str, str]]:
    """The groups a coordinator can record for a speaker, in the active language."""
    return [("", gettext("Not recorded")), *ethnic_group_choices()]


def can_change(user, insight: Insight) -> bool:
    return permissions.can_record_insight(user, place=insight.place)


def quantity_text(value: Decimal) -> str:
    return f"{value.normalize():,f}"
