"""The engine steps of a citizens' panel: drawing the panel, checking a draw, refilling seats and
checking quotas. Each builds the engine's input, runs the sortition engine outside any transaction,
then stores the result in one short transaction. Only tasks call these: the engine never runs in a
request."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.sortition import Feasibility, QuotasCannotBeMet, check_feasibility, replace, select_panel

from . import explaining, selectors
from .models import Assembly, Lottery, Volunteer

SAME_CHANCE = 1e-6


class LotteryNotCurrent(Exception):
    """The draw whose seats were to be refilled is no longer the current panel."""


def draw_lottery(*, lottery: Lottery, progress: Progress | None = None) -> Lottery:
    """Run the fair lottery on what the lottery stored and record the panel. Raises QuotasCannotBeMet
    (after recording why) when no panel meets the quotas."""
    request = selectors.request_from_lottery(lottery)
    if progress:
        count = len(request.volunteers)
        progress.advance(
            30,
            ngettext(
                "Finding the fairest lottery for %(num)d volunteer",
                "Finding the fairest lottery for %(num)d volunteers",
                count,
            )
            % {"num": count},
        )
    try:
        selection = select_panel(request, seed=lottery.seed, algorithm=lottery.algorithm)
    except QuotasCannotBeMet as problem:
        Lottery.objects.filter(pk=lottery.pk).update(failure=explaining.feasibility_text(problem.feasibility))
        lottery.failure = explaining.feasibility_text(problem.feasibility)
        raise
    distribution = selection.distribution
    probabilities = {vid: round(float(p), 10) for vid, p in distribution.selection_probabilities.items()}
    with transaction.atomic():
        # Two draws of one panel finishing at once (a double start, two workers) take turns here, so
        # the later one becomes the current panel instead of failing on the one-current-panel rule.
        Assembly.objects.select_for_update().filter(pk=lottery.assembly_id).first()
        Lottery.objects.filter(assembly=lottery.assembly, is_current=True).update(is_current=False)
        lottery.probabilities = probabilities
        lottery.distribution = {
            "groups": [list(group) for group in distribution.groups],
            "panels": [
                [[list(pair) for pair in panel], float(probability)]
                for panel, probability in zip(
                    distribution.panels, distribution.panel_probabilities, strict=True
                )
            ],
        }
        lottery.selected = list(selection.panel)
        lottery.min_probability = min(probabilities.values())
        lottery.is_current, lottery.drawn_at = True, timezone.now()
        lottery.save()
        Assembly.objects.filter(pk=lottery.assembly_id, status=Assembly.Status.RECRUITING).update(
            status=Assembly.Status.SELECTING
        )
        audit.record(
            actor=lottery.drawn_by,
            action="lottery.drawn",
            target=lottery,
            changes={"selected": (None, f"{len(lottery.selected)} people")},
        )
    return lottery


def replace_dropouts(*, lottery: Lottery, dropouts: list[str], seed: str, drawn_by) -> Lottery:
    """Refill the seats of people who dropped out by a fair lottery among the rest of the pool, so the
    whole panel still meets every quota. Recorded as a new lottery beside the first; nothing is
    overwritten. Raises QuotasCannotBeMet when the rest of the pool cannot fill the seats."""
    outcome = replace(
        selectors.request_from_lottery(lottery),
        panel=lottery.selected,
        dropouts=dropouts,
        seed=seed,
        algorithm=lottery.algorithm,
    )
    chances = outcome.selection.distribution.selection_probabilities
    with transaction.atomic():
        # Two coordinators may refill the same draw at once: only the first one stands.
        if not Lottery.objects.select_for_update().filter(pk=lottery.pk, is_current=True).exists():
            raise LotteryNotCurrent
        Lottery.objects.filter(pk=lottery.pk).update(is_current=False)
        Volunteer.objects.filter(assembly=lottery.assembly, pk__in=[int(d) for d in dropouts]).update(
            has_withdrawn=True
        )
        refill = Lottery.objects.create(
            assembly=lottery.assembly,
            algorithm=lottery.algorithm,
            seed=seed,
            quotas=lottery.quotas,
            pool=lottery.pool,
            probabilities={vid: round(float(p), 10) for vid, p in chances.items()},
            selected=list(outcome.panel),
            min_probability=min(chances.values()) if chances else None,
            is_current=True,
            drawn_at=timezone.now(),
            drawn_by=drawn_by,
            replaces=lottery,
            dropouts=list(dropouts),
        )
        audit.record(
            actor=drawn_by,
            action="lottery.replacement_drawn",
            target=refill,
            changes={
                "dropouts": (None, len(dropouts)),
                "replacements": (None, ", ".join(outcome.replacements)),
            },
        )
    return refill


def check_lottery(*, lottery: Lottery) -> Lottery:
    """Run the lottery again from what it stored (the pool, the quotas, the seed; for a refill, the
    draw it refilled and the dropouts) and store whether the same chances and the same panel came out.
    Anyone with the published inputs can do the same."""
    if lottery.replaces_id:
        first = Lottery.objects.select_related("assembly").get(pk=lottery.replaces_id)
        outcome = replace(
            selectors.request_from_lottery(first),
            panel=first.selected,
            dropouts=lottery.dropouts,
            seed=lottery.seed,
            algorithm=lottery.algorithm,
        )
        selection, panel_again = outcome.selection, sorted(outcome.panel)
    else:
        selection = select_panel(
            selectors.request_from_lottery(lottery), seed=lottery.seed, algorithm=lottery.algorithm
        )
        panel_again = sorted(selection.panel)
    fresh = {vid: float(p) for vid, p in selection.distribution.selection_probabilities.items()}
    same_chances = fresh.keys() == lottery.probabilities.keys() and all(
        abs(fresh[vid] - p) <= SAME_CHANCE for vid, p in lottery.probabilities.items()
    )
    same_panel = panel_again == sorted(lottery.selected)
    if same_chances and same_panel:
        explanation = gettext(
            "Running the lottery again from the same volunteers, quotas and seed gives the same "
            "chances for everyone and the same panel."
        )
    elif same_chances:
        explanation = gettext("Running the lottery again gives the same chances but a different panel.")
    else:
        explanation = gettext("Running the lottery again gives a different set of chances.")
    with transaction.atomic():
        Lottery.objects.filter(pk=lottery.pk).update(
            checked_at=timezone.now(),
            check_matches=same_chances and same_panel,
            check_explanation=explanation,
            check_lowest_chance=min(fresh.values()) if fresh else None,
            check_highest_chance=max(fresh.values()) if fresh else None,
        )
        audit.record(
            actor=None,
            action="lottery.checked",
            target=lottery,
            changes={"matches": (None, same_chances and same_panel)},
        )
    lottery.refresh_from_db()
    return lottery


def check_quotas(*, assembly: Assembly, quotas: list[dict] | None = None) -> Feasibility:
    """Whether any panel meets the quotas (the saved ones, or those given), with a plain explanation."""
    return check_feasibility(selectors.panel_request(assembly, quotas))
