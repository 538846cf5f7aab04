"""The themes engine step: read a place's insights, embed what has no stored embedding yet, run
`ostrom.themes`, and store the themes in one short transaction, mapped onto the themes coordinators
have already edited.

The engine runs outside any transaction (the theme tasks call this module; no request does), so a long
run never holds a database lock while coordinators keep working. `theming.start_theme_run` and
`theming.start_split` queue the tasks.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.themes import EMBEDDING_MODEL, Comment, Theming, embed, find_themes, match_themes

from .models import Insight, InsightEmbedding, Theme, ThemeAssignment, ThemeRun

FEWEST_TO_THEME = 10
FEWEST_TO_SPLIT = 4
EMBEDDING_BATCH = 256
MOST_REPRESENTATIVE = 10


class TooFewInsights(Exception):
    """Not enough text to find themes in; the message is fit for the progress page."""


def consented_insights(place):
    """Every insight in the place and the places inside it with consent to use, published or not: themes
    are aggregate, and what a page shows of each insight follows its own publication."""
    return Insight.objects.in_places([place]).filter(consent_to_use=True, consent_withdrawn_at__isnull=True)


def insights_for_theming(place) -> list[tuple[int, str]]:
    return list(consented_insights(place).order_by("pk").values_list("pk", "text"))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def embeddings_for(
    insights: Sequence[tuple[int, str]], *, report: Callable[[int, int], None] | None = None
) -> tuple[np.ndarray, int]:
    """The stored embedding of each insight (in order), computing and storing the missing or stale ones.
    Returns the matrix and how many were computed now."""
    ids = [pk for pk, _ in insights]
    stored = {
        row.insight_id: row
        for row in InsightEmbedding.objects.filter(insight__in=ids, model=EMBEDDING_MODEL).only(
            "insight_id", "text_hash", "vector"
        )
    }
    missing = [
        (pk, text) for pk, text in insights if pk not in stored or stored[pk].text_hash != text_hash(text)
    ]
    done = 0
    for start in range(0, len(missing), EMBEDDING_BATCH):
        batch = missing[start : start + EMBEDDING_BATCH]
        vectors = embed([text for _, text in batch])
        # One write per batch; a stale row (the text was edited) is replaced, and a run for an overlapping
        # place that embedded the same insight meanwhile is no conflict.
        rows = InsightEmbedding.objects.bulk_create(
            [
                InsightEmbedding(
                    insight_id=pk,
                    model=EMBEDDING_MODEL,
                    text_hash=text_hash(text),
                    vector=np.asarray(vector, dtype=np.float32).tobytes(),
                )
                for (pk, text), vector in zip(batch, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["insight", "model"],
            update_fields=["text_hash", "vector", "created_at"],
        )
        stored.update({row.insight_id: row for row in rows})
        done += len(batch)
        if report:
            report(done, len(missing))
    matrix = np.stack([np.frombuffer(bytes(stored[pk].vector), dtype=np.float32) for pk in ids])
    return matrix, len(missing)


def run_themes(*, run: ThemeRun, progress: Progress) -> None:
    """Theme every insight with consent in the run's place; raises TooFewInsights."""
    ThemeRun.objects.filter(pk=run.pk).update(status=ThemeRun.Status.RUNNING, started_at=timezone.now())
    insights = insights_for_theming(run.place)
    ThemeRun.objects.filter(pk=run.pk).update(insight_count=len(insights))
    if len(insights) < FEWEST_TO_THEME:
        raise TooFewInsights(
            ngettext(
                "There is only %(num)d insight with consent to use in %(place)s: themes need at least %(fewest)d.",
                "There are only %(num)d insights with consent to use in %(place)s: themes need at least %(fewest)d.",
                len(insights),
            )
            % {"num": len(insights), "place": run.place.name, "fewest": FEWEST_TO_THEME}
        )
    embeddings = None
    if run.engine == ThemeRun.Engine.EMBEDDINGS:
        progress.advance(5, gettext("Working out what each comment means"))

        def report_embedding(done: int, total: int) -> None:
            progress.advance(
                5 + 55 * done // max(total, 1),
                ngettext(
                    "Worked out the meaning of %(done)d of %(total)d new comment",
                    "Worked out the meaning of %(done)d of %(total)d new comments",
                    total,
                )
                % {"done": done, "total": total},
            )

        embeddings, computed = embeddings_for(insights, report=report_embedding)
        ThemeRun.objects.filter(pk=run.pk).update(embedded_count=computed)
    start = 60 if embeddings is not None else 10
    progress.advance(
        start,
        ngettext("Finding themes in %(num)d comment", "Finding themes in %(num)d comments", len(insights))
        % {"num": len(insights)},
    )

    def report_theming(done: int, total: int) -> None:
        progress.advance(start + (90 - start) * done // max(total, 1), gettext("Finding themes"))

    theming = find_themes(
        [Comment(str(pk), text) for pk, text in insights],
        engine=run.engine,
        n_themes=run.requested_themes,
        seed=run.seed,
        embeddings=embeddings,
        progress=report_theming,
    )
    progress.advance(92, gettext("Keeping the coordinators' names, merges and pins"))
    store_theming(run=run, theming=theming, insight_ids=[pk for pk, _ in insights])


def _is_edited(theme: Theme, pinned_theme_ids: set[int], merge_target_ids: set[int]) -> bool:
    return (
        theme.label_edited
        or theme.pk in pinned_theme_ids
        or theme.pk in merge_target_ids
        or theme.split_from_id is not None
    )


@transaction.atomic
def store_theming(*, run: ThemeRun, theming: Theming, insight_ids: Sequence[int]) -> None:
    """Map the new themes onto the place's themes by the comments they share, and store each insight's
    theme. Renamed labels are kept; a new theme found again in a merged theme lands in the theme it was
    merged into; pinned insights stay where they were pinned; a theme no longer found is retired unless
    a coordinator edited it."""
    place = run.place
    now = timezone.now()
    themes = {theme.pk: theme for theme in Theme.objects.for_place(place).filter(retired_at__isnull=True)}
    members: dict[int, set[str]] = defaultdict(set)
    for theme_id, insight_id in ThemeAssignment.objects.filter(place=place).values_list(
        "theme_id", "insight_id"
    ):
        members[theme_id].add(str(insight_id))
    previous = {}
    for theme in themes.values():
        comments = (
            {str(pk) for pk in theme.members_when_merged} if theme.merged_into_id else members[theme.pk]
        )
        if comments:
            previous[theme.pk] = comments
    matched = match_themes(previous, theming)

    def final(theme: Theme) -> Theme:
        while theme.merged_into_id:
            theme = themes.get(theme.merged_into_id) or Theme.objects.get(pk=theme.merged_into_id)
        return theme

    theme_of_new: dict[int, Theme] = {}
    found: dict[int, Theme] = {}
    for new in theming.themes:  # largest first: the first to land in a theme gives its words
        old_pk = matched.get(new.id)
        if old_pk is None:
            theme = Theme.objects.create(
                place=place,
                label=new.label[:200],
                keywords=list(new.keywords),
                representative=[int(pk) for pk in new.representative],
                created_by_run=run,
                last_found_by_run=run,
            )
        else:
            theme = final(themes[old_pk])
            if theme.pk not in found:
                if not theme.label_edited:
                    theme.label = new.label[:200]
                theme.keywords = list(new.keywords)
                theme.representative = []
            theme.representative = (theme.representative + [int(pk) for pk in new.representative])[
                :MOST_REPRESENTATIVE
            ]
            theme.last_found_by_run = run
        found[theme.pk] = theme
        theme_of_new[new.id] = theme
    for theme in found.values():
        theme.save(update_fields=["label", "keywords", "representative", "last_found_by_run"])

    ThemeAssignment.objects.filter(place=place).exclude(insight_id__in=insight_ids).delete()
    pinned = dict(
        ThemeAssignment.objects.filter(place=place, pinned=True).values_list("insight_id", "theme_id")
    )
    ThemeAssignment.objects.filter(place=place, pinned=False).delete()
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(place=place, insight_id=int(comment_id), theme=theme_of_new[new_id])
            for comment_id, new_id in theming.assignments.items()
            if new_id is not None and int(comment_id) not in pinned
        ],
        batch_size=1000,
    )

    merge_targets = {theme.merged_into_id for theme in themes.values() if theme.merged_into_id}
    pinned_themes = set(pinned.values())
    for theme in themes.values():
        if (
            theme.merged_into_id is None
            and theme.pk not in found
            and not _is_edited(theme, pinned_themes, merge_targets)
        ):
            theme.retired_at = now
            theme.save(update_fields=["retired_at"])
    update_sizes(place)

    current = Theme.objects.for_place(place).current().count()
    themed = ThemeAssignment.objects.filter(place=place).count()
    ThemeRun.objects.filter(pk=run.pk).update(
        status=ThemeRun.Status.FINISHED,
        finished_at=now,
        theme_count=current,
        unthemed_count=len(insight_ids) - themed,
    )


def update_sizes(place) -> None:
    """Each theme's size: how many insights it holds now."""
    for theme in Theme.objects.for_place(place).annotate(held=Count("assignments")):
        if theme.size != theme.held:
            Theme.objects.filter(pk=theme.pk).update(size=theme.held)


def split_theme(*, theme: Theme, seed: int, progress: Progress) -> Theme:
    """Split a theme in two with the engine; the larger part keeps the theme. Raises TooFewInsights."""
    insights = list(
        Insight.objects.filter(theme_assignments__theme=theme, theme_assignments__place=theme.place)
        .order_by("pk")
        .values_list("pk", "text")
    )
    if len(insights) < FEWEST_TO_SPLIT:
        raise TooFewInsights(
            ngettext(
                "“%(theme)s” holds %(num)d insight: splitting needs at least %(fewest)d.",
                "“%(theme)s” holds %(num)d insights: splitting needs at least %(fewest)d.",
                len(insights),
            )
            % {"theme": theme.label, "num": len(insights), "fewest": FEWEST_TO_SPLIT}
        )
    progress.advance(
        20,
        ngettext(
            "Finding two themes in the %(num)d comment of “%(theme)s”",
            "Finding two themes in the %(num)d comments of “%(theme)s”",
            len(insights),
        )
        % {"num": len(insights), "theme": theme.label},
    )
    theming = find_themes([Comment(str(pk), text) for pk, text in insights], n_themes=2, seed=seed)
    if len(theming.themes) < 2:
        raise TooFewInsights(
            gettext("The comments of “%(theme)s” do not fall into two themes.") % {"theme": theme.label}
        )
    progress.advance(90, gettext("Storing the two themes"))
    return store_split(theme=theme, theming=theming, actor=progress.started_by)


@transaction.atomic
def store_split(*, theme: Theme, theming: Theming, actor) -> Theme:
    kept, other = theming.themes[0], theming.themes[1]
    if not theme.label_edited:
        theme.label = kept.label[:200]
    theme.keywords = list(kept.keywords)
    theme.representative = [int(pk) for pk in kept.representative]
    theme.save(update_fields=["label", "keywords", "representative"])
    split_off = Theme.objects.create(
        place=theme.place,
        label=other.label[:200],
        keywords=list(other.keywords),
        representative=[int(pk) for pk in other.representative],
        split_from=theme,
    )
    moving = [int(comment_id) for comment_id, new_id in theming.assignments.items() if new_id == other.id]
    ThemeAssignment.objects.filter(
        place=theme.place, theme=theme, pinned=False, insight_id__in=moving
    ).update(theme=split_off)
    update_sizes(theme.place)
    audit.record(
        actor=actor,
        action="theme.split",
        target=theme,
        note=f"Split off “{split_off.label}” (theme {split_off.pk})",
    )
    return split_off
