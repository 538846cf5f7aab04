"""A programme's wellbeing summary in words and as a table whose last column draws the same figures.

Every figure arrives already worked out and withheld where too few people are behind it
(impact/wellbeing.py); this only turns it into sentences and the NHS.UK table macro's parameters."""

import math

from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.core.presenters import bar_cell, chart_heading
from ostrom.core.suppression import SUPPRESSED_TEXT

from .wellbeing import Share, Summary

SOURCE_TITLE = gettext_lazy(
    "Shah N, Cader M, Andrews W P and others (2018). Responsiveness of the Short Warwick Edinburgh Mental "
    "Well-Being Scale (SWEMWBS): evaluation a clinical sample. Health and Quality of Life Outcomes 16:239"
)
SOURCE_URL = "https://doi.org/10.1186/s12955-018-1060-2"
SOURCE_FINDING = gettext_lazy(
    "The study found that a change of between 1 and 3 points in one person's score is more than chance, "
    "depending on the standard used."
)
SCALE_TEXT = gettext_lazy("Scores run from 7 to 35; higher means better wellbeing.")


def points(value: float) -> str:
    return f"{value:.1f}".replace("-", "−") if value < 0 else f"{value:.1f}"


def signed_points(value: float) -> str:
    return f"+{value:.1f}" if value > 0 else points(value)


def threshold_text(summary: Summary) -> str:
    return f"{summary.meaningful_change:g}"


def share_text(share: Share, total: int) -> str:
    if share.is_withheld:
        return gettext("not shown (%(few)s people, or all but %(few)s)") % {"few": SUPPRESSED_TEXT}
    return gettext("%(share)s (%(count)s of %(total)s)") % {
        "share": f"{share.share:.0%}",
        "count": f"{share.count:,}",
        "total": f"{total:,}",
    }


def excluded_text(summary: Summary) -> str:
    if summary.excluded_count is None:
        return gettext("%(few)s pairs were left out because an answer was missing.") % {
            "few": SUPPRESSED_TEXT.capitalize()
        }
    if summary.excluded_count == 0:
        return gettext("No pairs were left out.")
    return ngettext(
        "%(count)s pair was left out because an answer was missing.",
        "%(count)s pairs were left out because an answer was missing.",
        summary.excluded_count,
    ) % {"count": f"{summary.excluded_count:,}"}


def summary_sentences(summary: Summary) -> list[str]:
    """The summary in plain words, one sentence per figure."""
    if summary.is_too_few:
        so_far = (
            gettext("There are fewer than %(minimum)s complete pairs of scores so far.")
            % {"minimum": summary.minimum}
            if summary.pair_count_shown is None
            else gettext("There are 0 complete pairs of scores so far.")
        )
        return [
            so_far
            + " "
            + gettext(
                "Figures are shown once there are %(minimum)s: with fewer, a figure could be one person's answers."
            )
            % {"minimum": summary.minimum},
            excluded_text(summary),
        ]
    sentences = [
        ngettext(
            "%(count)s person answered the wellbeing statements at the start and at follow-up.",
            "%(count)s people answered the wellbeing statements at the start and at follow-up.",
            summary.pair_count,
        )
        % {"count": f"{summary.pair_count:,}"}
    ]
    if not summary.improved.is_withheld:
        sentences.append(
            gettext("%(share)s of them scored higher at follow-up.")
            % {"share": f"{summary.improved.share:.0%}"}
        )
    change = summary.mean_change
    figures = {
        "change": f"{abs(change):.1f}",
        "start": points(summary.mean_baseline),
        "end": points(summary.mean_follow_up),
        "low": signed_points(summary.confidence_low),
        "high": signed_points(summary.confidence_high),
    }
    if change > 0:
        sentence = gettext(
            "On average their score rose by %(change)s points, from %(start)s to %(end)s (we can be 95%% "
            "confident the average change lies between %(low)s and %(high)s points)."
        )
    elif change < 0:
        sentence = gettext(
            "On average their score fell by %(change)s points, from %(start)s to %(end)s (we can be 95%% "
            "confident the average change lies between %(low)s and %(high)s points)."
        )
    else:
        sentence = gettext(
            "On average their score did not change, from %(start)s to %(end)s (we can be 95%% "
            "confident the average change lies between %(low)s and %(high)s points)."
        )
    sentences.append(sentence % figures)
    threshold = threshold_text(summary)
    if not summary.meaningful_improvement.is_withheld:
        sentences.append(
            gettext(
                "%(share)s improved by %(threshold)s points or more, a change "
                "the published research counts as meaningful."
            )
            % {"share": f"{summary.meaningful_improvement.share:.0%}", "threshold": threshold}
        )
    if not summary.meaningful_decline.is_withheld:
        sentences.append(
            gettext("%(share)s declined by %(threshold)s points or more.")
            % {"share": f"{summary.meaningful_decline.share:.0%}", "threshold": threshold}
        )
    sentences.append(excluded_text(summary))
    return sentences


def summary_table(summary: Summary, *, caption: str) -> dict | None:
    """The NHS.UK table macro's parameters: one row per figure, its value, and a chart cell."""
    if summary.is_too_few:
        return None
    total = summary.pair_count
    threshold = threshold_text(summary)
    rows = []
    for label, share in (
        (gettext("Scored higher at follow-up"), summary.improved),
        (
            gettext("Improved by %(threshold)s points or more (meaningful improvement)")
            % {"threshold": threshold},
            summary.meaningful_improvement,
        ),
        (
            gettext("Declined by %(threshold)s points or more (meaningful decline)")
            % {"threshold": threshold},
            summary.meaningful_decline,
        ),
    ):
        rows.append(
            [
                {"text": label},
                {"text": share_text(share, total), "format": "numeric"},
                bar_cell(None if share.is_withheld else round(share.share * 100)),
            ]
        )
    rows.append(
        [
            {"text": gettext("Average change in score (95%% confidence interval)") % {}},
            {
                "text": gettext("%(mean)s (%(low)s to %(high)s)")
                % {
                    "mean": signed_points(summary.mean_change),
                    "low": signed_points(summary.confidence_low),
                    "high": signed_points(summary.confidence_high),
                },
                "format": "numeric",
            },
            interval_cell(summary.confidence_low, summary.mean_change, summary.confidence_high),
        ]
    )
    return {
        "caption": caption,
        "captionSize": "m",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": gettext("Measure")},
            {"text": gettext("Figure"), "format": "numeric"},
            chart_heading(
                gettext(
                    "Chart: bars for the shares, and for the average change a dot with its interval on a scale "
                    "centred on no change (the same figures as the column before)"
                ),
                gettext("Chart"),
            ),
        ],
        "rows": rows,
    }


def interval_cell(low: float, mean: float, high: float) -> dict:
    """A dot for the average change and a line for its interval, on a scale centred on 0 (no change)
    that reaches at least 5 points either way; hidden from screen readers, the figure beside it says it."""
    reach = max(5, math.ceil(max(abs(low), abs(high))))

    def x(value: float) -> str:
        return f"{100 + 90 * value / reach:.1f}"

    html = format_html(
        '<svg class="ostrom-interval" viewBox="0 0 200 40" width="100%" height="40" focusable="false">'
        '<line x1="10" y1="12" x2="190" y2="12" stroke="#768692" stroke-width="1"></line>'
        '<line x1="100" y1="2" x2="100" y2="22" stroke="#212b32" stroke-width="2"></line>'
        '<line x1="{}" y1="12" x2="{}" y2="12" stroke="#005eb8" stroke-width="4"></line>'
        '<circle cx="{}" cy="12" r="5" fill="#005eb8"></circle>'
        '<text x="10" y="36" font-size="12" fill="#4c6272">−{}</text>'
        '<text x="100" y="36" font-size="12" fill="#4c6272" text-anchor="middle">0</text>'
        '<text x="190" y="36" font-size="12" fill="#4c6272" text-anchor="end">+{}</text>'
        "</svg>",
        x(low),
        x(high),
        x(mean),
        reach,
        reach,
    )
    return {"html": html, "classes": "ostrom-chart-cell", "attributes": {"aria-hidden": "true"}}
