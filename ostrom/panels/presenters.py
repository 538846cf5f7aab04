"""The lottery page: quotas met, the panel's make-up against the population, the spread of chances,
and the check of the draw."""

from collections import Counter
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.models import Progress
from ostrom.core.suppression import suppress

from .models import Lottery
from .tasks import CANNOT_BE_MET

HIDDEN = gettext_lazy("Not shown")

# What each lottery does, in plain words: beside the choice when drawing, and on the draw's public page.
METHOD_IN_PLAIN_ENGLISH = {
    Lottery.Algorithm.LEXIMIN: gettext_lazy(
        "Makes the lowest chance of selection as high as the quotas allow, then the next "
        "lowest, and so on, so chances are as equal as they can be (LEXIMIN, Flanigan and others, Nature 2021)."
    ),
    Lottery.Algorithm.NASH: gettext_lazy(
        "Makes the product of everyone's chances as large as possible (maximum Nash welfare, "
        "Flanigan and others, Nature 2021). The lowest chance can be a little lower than with LEXIMIN, in "
        "exchange for higher chances for many people."
    ),
}


def method(lottery: Lottery) -> str:
    return METHOD_IN_PLAIN_ENGLISH.get(lottery.algorithm, lottery.get_algorithm_display())


@dataclass(frozen=True)
class QuotaRow:
    feature: str
    value: str
    minimum: int | None  # None where showing it would give away a hidden count
    maximum: int | None
    panel_text: str
    population_share: str
    is_met: bool | None

    @property
    def quota_text(self) -> str:
        return (
            str(HIDDEN)
            if self.minimum is None
            else gettext("%(minimum)s to %(maximum)s") % {"minimum": self.minimum, "maximum": self.maximum}
        )

    @property
    def met_text(self) -> str:
        return str(HIDDEN) if self.is_met is None else (gettext("Yes") if self.is_met else gettext("No"))


def quota_rows(lottery: Lottery, *, exact: bool) -> list[QuotaRow]:
    """Each quota beside how many on the panel have that value. Coordinators see exact counts. The
    public sees counts under 5 as "fewer than 5" (and the next smallest with it), and where a count is
    hidden its quota and whether it was met are hidden too: a drawn panel meets every quota, so
    "quota 0 to 1" beside "fewer than 5" would mean exactly 1. Only an open quota (0 to the whole
    panel), which says nothing about the count, is still shown beside a hidden one."""
    features_of = {vid: feats for vid, feats, _ in lottery.pool}
    shares = {(q.feature, q.value): q.population_share for q in lottery.assembly.quotas.all()}
    seats = len(lottery.selected)
    rows = []
    by_feature: dict[str, list] = {}
    for feature, value, minimum, maximum in lottery.quotas:
        by_feature.setdefault(feature, []).append((value, minimum, maximum))
    for feature, quotas in by_feature.items():
        counts = Counter(features_of[vid].get(feature) for vid in lottery.selected)
        cells = suppress({value: counts.get(value, 0) for value, _, _ in quotas})
        for value, minimum, maximum in quotas:
            count = counts.get(value, 0)
            share = shares.get((feature, value))
            is_hidden = not exact and cells[value].is_suppressed
            says_nothing = minimum == 0 and maximum >= seats
            show_quota = not is_hidden or says_nothing
            rows.append(
                QuotaRow(
                    feature=feature,
                    value=value,
                    minimum=minimum if show_quota else None,
                    maximum=maximum if show_quota else None,
                    panel_text=str(count) if exact else cells[value].text,
                    population_share=f"{share:.0%}" if share is not None else "",
                    is_met=(minimum <= count <= maximum) if show_quota else None,
                )
            )
    return rows


@dataclass(frozen=True)
class Chances:
    lowest: float
    highest: float
    pool_size: int
    fair_share: float


def chances(lottery: Lottery) -> Chances:
    values = list(lottery.probabilities.values())
    return Chances(min(values), max(values), len(values), len(lottery.selected) / len(values))


@dataclass(frozen=True)
class Check:
    """Where the check of a draw stands: "checking" (queued or running), "checked", "failed" or
    "not checked"; `progress` is the record the page polls while checking."""

    status: str
    progress: Progress | None
    text: str

    @property
    def is_checking(self) -> bool:
        return self.status == "checking"


def check(lottery: Lottery) -> Check:
    if lottery.is_being_checked:
        return Check("checking", lottery.check_progress, gettext("Checking…"))
    if lottery.checked_at:
        text = gettext(
            "Checked on %(day)s. %(explanation)s Chances of selection when run again: from %(lowest)s to %(highest)s."
        ) % {
            "day": f"{lottery.checked_at:%-d %B %Y}",
            "explanation": lottery.check_explanation,
            "lowest": f"{lottery.check_lowest_chance:.1%}",
            "highest": f"{lottery.check_highest_chance:.1%}",
        }
        return Check("checked", None, text)
    if lottery.check_progress_id and lottery.check_progress.status == Progress.Status.FAILED:
        return Check("failed", None, gettext("The last check could not be finished. Ask for it again below."))
    return Check("not checked", None, gettext("This draw has not been checked yet."))


@dataclass(frozen=True)
class QuotaCheck:
    """Where the check that a panel can meet the quotas stands, for the quotas page. `state` is
    "checking", "possible", "impossible" (no panel can meet them) or "broken" (the check itself failed):
    the last two are warnings, with a heading saying what is wrong and `advice` saying what to do."""

    state: str
    progress: Progress
    heading: str = ""
    text: str = ""
    advice: str = ""

    @property
    def is_warning(self) -> bool:
        return self.state in {"impossible", "broken"}


def quota_check(progress: Progress) -> QuotaCheck:
    if not progress.is_finished:
        return QuotaCheck("checking", progress)
    if progress.status == Progress.Status.FINISHED:
        return QuotaCheck("possible", progress, text=progress.message)
    with translation.override(progress.written_in):
        cannot_be_met = gettext(CANNOT_BE_MET)
    if progress.message.startswith(cannot_be_met):
        return QuotaCheck(
            "impossible",
            progress,
            heading=gettext(CANNOT_BE_MET).rstrip("."),
            text=progress.message.removeprefix(cannot_be_met).strip(),
            advice=gettext(
                "Change the quotas below (the smallest change is suggested above), then save them and "
                "they will be checked again. The panel can be drawn once a panel can meet them."
            ),
        )
    return QuotaCheck(
        "broken",
        progress,
        heading=gettext("The quotas could not be checked"),
        text=progress.message,
        advice=gettext(
            "Save the quotas again to check them again. If it keeps happening, tell the site's administrators."
        ),
    )
