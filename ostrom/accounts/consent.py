"""The wording people agree to, by purpose and version. A change of wording gets a new version,
so every consent record says exactly what the person saw."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    purpose: str
    version: str
    text: str


EQUALITY_MONITORING = Wording(
    purpose="equality_monitoring",
    version="2026-11",
    text=(
        "I agree that Ostrom may keep my answers to the equality questions (ethnic group, age band, "
        "sex, disability and the area I live in) to check that everyone in our community is being "
        "reached. Only I can see my own answers. Others only ever see totals for groups of 5 people "
        "or more. I can change or delete my answers, or withdraw this consent, at any time."
    ),
)

WORDINGS = {EQUALITY_MONITORING.purpose: EQUALITY_MONITORING}
