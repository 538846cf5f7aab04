"""Sortition: select a citizens' panel from a pool of volunteers by a fair, auditable lottery.

Pure, typed Python with no Django: dataclasses in, dataclasses out. The panels app builds a
`PanelRequest`, calls `check_feasibility` and `select_panel`, and stores the `Selection`;
`verify` re-derives it and `replace` fills seats after dropouts. Checked against the Nature 2021
replication data and the sortition-algorithms package in tests/sortition/.
"""

from ostrom.sortition.distribution import Distribution, find_distribution
from ostrom.sortition.feasibility import Feasibility, QuotasCannotBeMet, Relaxation, check_feasibility
from ostrom.sortition.legacy import legacy_panel, meets_quotas
from ostrom.sortition.lottery import Replacement, Selection, Verification, draw, replace, select_panel, verify
from ostrom.sortition.nash import find_nash_distribution
from ostrom.sortition.pool import PanelRequest, Quota, Volunteer

__all__ = [
    "Distribution",
    "Feasibility",
    "PanelRequest",
    "Quota",
    "QuotasCannotBeMet",
    "Relaxation",
    "Replacement",
    "Selection",
    "Verification",
    "Volunteer",
    "check_feasibility",
    "draw",
    "find_distribution",
    "find_nash_distribution",
    "legacy_panel",
    "meets_quotas",
    "replace",
    "select_panel",
    "verify",
]
