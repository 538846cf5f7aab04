"""The wording people agree to, by purpose and version. A change of wording gets a new version,
so every consent record says exactly what the person saw: the wording in the language they read it in."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Wording:
    purpose: str
    version: str
    text: str | Promise  # worded in the active language when shown or stored


EQUALITY_MONITORING = Wording(
    purpose="equality_monitoring",
    version="2026-11",
    text=gettext_lazy(
        "I agree that Ostrom may keep my answers to the equality questions (ethnic group, age band, "
        "sex, disability and the area I live in) to check that everyone in our community is being "
        "reached. Only I can see my own answers. Others only ever see totals for groups of 5 people "
        "or more. I can change or delete my answers, or withdraw this consent, at any time."
    ),
)

WORDINGS = {EQUALITY_MONITORING.purpose: EQUALITY_MONITORING}
