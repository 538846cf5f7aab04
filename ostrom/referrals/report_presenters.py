"""A place's social prescribing report in words, as NHS.UK tables with bars drawn in their cells, as the
rows of its CSV file and as the API's answer. Every figure arrives already protected
(`referrals/reports.py`); this only lays them out, so the page, the CSV and the API say the same: a
count rounded to 5 as the number, one that is fewer than 5 as "fewer than 5" (null in the API)."""

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.core.presenters import bar_cell, chart_heading
from ostrom.core.suppression import SUPPRESSED_TEXT, Cell
from ostrom.impact import wellbeing_presenters

from .reports import CountTable, Period, Report


def period_text(period: Period) -> str:
    if period.is_last_12_months:
        return gettext("the last 12 months")
    return gettext("%(start)s to %(end)s") % {
        "start": date_format(period.start, "j F Y"),
        "end": date_format(period.end, "j F Y"),
    }


def percent(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def about_people(cell: Cell) -> str:
    """A rounded count in words: "about 25 people" or "fewer than 5 people"."""
    if cell.is_suppressed:
        return gettext("fewer than 5 people")
    return ngettext("about %(count)s person", "about %(count)s people", cell.count) % {
        "count": f"{cell.count:,}"
    }


def about_prescriptions(cell: Cell) -> str:
    """ "about 25 social prescriptions" or "fewer than 5 social prescriptions"."""
    if cell.is_suppressed:
        return gettext("fewer than 5 social prescriptions")
    return ngettext(
        "about %(count)s social prescription", "about %(count)s social prescriptions", cell.count
    ) % {"count": f"{cell.count:,}"}


def headline(report: Report) -> str:
    """The Life Rooms' headline figures in one sentence."""
    words = {
        "place": report.place.name,
        "prescriptions": about_prescriptions(report.prescriptions),
        "people": about_people(report.people),
        "start": date_format(report.period.start, "j F Y"),
        "end": date_format(report.period.end, "j F Y"),
    }
    if report.attended_share is not None:
        words["share"] = f"{report.attended_share:.0%}"
        if report.period.is_last_12_months:
            return (
                gettext(
                    "In the last 12 months link workers in %(place)s made %(prescriptions)s for %(people)s; "
                    "%(share)s went at least once."
                )
                % words
            )
        return (
            gettext(
                "From %(start)s to %(end)s link workers in %(place)s made %(prescriptions)s for %(people)s; "
                "%(share)s went at least once."
            )
            % words
        )
    if report.period.is_last_12_months:
        return (
            gettext("In the last 12 months link workers in %(place)s made %(prescriptions)s for %(people)s.")
            % words
        )
    return (
        gettext("From %(start)s to %(end)s link workers in %(place)s made %(prescriptions)s for %(people)s.")
        % words
    )


def conversion_rows(report: Report) -> list[tuple[str, str, float | None]]:
    """(stage, people as shown, share of the people referred)."""
    if report.conversion is None:
        return []
    conversion = report.conversion
    return [
        (
            gettext("Referred (rounded to 5)"),
            report.people.text,
            None if report.people.is_suppressed else 1.0,
        ),
        (gettext("Accepted by a service (rounded to 5)"), conversion.accepted.text, report.accepted_share),
        (gettext("Went at least once (rounded to 5)"), conversion.attended.text, report.attended_share),
    ]


def conversion_table(report: Report) -> dict | None:
    rows = conversion_rows(report)
    if not rows:
        return None
    return {
        "caption": gettext("From referral to going"),
        "captionSize": "m",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": gettext("Stage")},
            {"text": gettext("People"), "format": "numeric"},
            {"text": gettext("Share of people referred"), "format": "numeric"},
            chart_heading(gettext("Chart of the shares (the same figures as the column before)")),
        ],
        "rows": [
            [
                {"text": label},
                {"text": shown, "format": "numeric"},
                {"text": percent(share), "format": "numeric"},
                bar_cell(None if share is None else round(share * 100)),
            ]
            for label, shown, share in rows
        ],
    }


# The first column's heading of each count table (reports.CountTable.key).
COUNT_HEADINGS = {
    "need": gettext_lazy("Need"),
    "asset": gettext_lazy("Asset"),
    "category": gettext_lazy("Category of the assets"),
}


def count_table(table: CountTable, report: Report) -> dict:
    caption = format_html(
        "{}",
        gettext("%(title)s (of %(people)s)") % {"title": table.title, "people": about_people(report.people)},
    )
    return {
        "caption": {"html": caption, "size": "s"},
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": str(COUNT_HEADINGS.get(table.key, ""))},
            {"text": gettext("People (rounded to 5)"), "format": "numeric"},
            {"text": gettext("Share of people referred"), "format": "numeric"},
            chart_heading(gettext("Chart of the shares (the same figures as the column before)")),
        ],
        "rows": [
            [
                {"text": row.label},
                {"text": row.cell.text, "format": "numeric"},
                {"text": row.cell.share_text, "format": "numeric"},
                bar_cell(row.bar_percent),
            ]
            for row in table.rows
        ],
    }


def days_text(days: float | None) -> str:
    if days is None:
        return ""
    whole = round(days)
    return ngettext("%(days)s day", "%(days)s days", whole) % {"days": whole}


def wellbeing_sentences(report: Report) -> list[str]:
    return wellbeing_presenters.summary_sentences(report.wellbeing)


def wellbeing_table(report: Report) -> dict | None:
    return wellbeing_presenters.summary_table(
        report.wellbeing,
        caption=gettext("Wellbeing of the people referred in %(place)s") % {"place": report.place.name},
    )


# The CSV file and the API: the same figures as the page ------------------------------------------

CSV_HEADER = ["section", "group", "people", "share", "population_share"]


def _cell_count(cell: Cell):
    return SUPPRESSED_TEXT if cell.is_suppressed else cell.count


def csv_rows(report: Report) -> list[list]:
    rows: list[list] = [
        ["headline", gettext("People referred (rounded to 5)"), _cell_count(report.people), "", ""],
        [
            "headline",
            gettext("Social prescriptions (rounded to 5)"),
            _cell_count(report.prescriptions),
            "",
            "",
        ],
    ]
    if report.too_few_text:
        rows.append(["breakdowns", report.too_few_text, "", "", ""])
    for label, shown, share in conversion_rows(report):
        rows.append(["conversion", label, shown.replace(",", ""), percent(share), ""])
    if report.median_days_to_attend is not None:
        rows.append(
            [
                "conversion",
                gettext("Median days from referral to first going"),
                report.median_days_to_attend,
                "",
                "",
            ]
        )
    for table in report.tables:
        for row in table.rows:
            rows.append([table.key, row.label, _cell_count(row.cell), row.cell.share_text, ""])
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            rows.append(
                [
                    breakdown.dimension,
                    row.label,
                    _cell_count(row.cell),
                    row.cell.share_text,
                    row.population_share_text,
                ]
            )
    summary = report.wellbeing
    pairs = (
        gettext("fewer than %(minimum)s") % {"minimum": summary.minimum}
        if summary.pair_count_shown is None
        else summary.pair_count
    )
    rows.append(["wellbeing", gettext("Complete pairs of wellbeing scores"), pairs, "", ""])
    if not summary.is_too_few:
        for label, share in (
            (gettext("Scored higher at follow-up"), summary.improved),
            (gettext("Improved meaningfully"), summary.meaningful_improvement),
            (gettext("Declined meaningfully"), summary.meaningful_decline),
        ):
            rows.append(
                [
                    "wellbeing",
                    label,
                    SUPPRESSED_TEXT if share.is_withheld else share.count,
                    percent(share.share),
                    "",
                ]
            )
        rows.append(["wellbeing", gettext("Average change in score"), round(summary.mean_change, 1), "", ""])
        rows.append(
            [
                "wellbeing",
                gettext("Average change: 95% interval from"),
                round(summary.confidence_low, 1),
                "",
                "",
            ]
        )
        rows.append(
            [
                "wellbeing",
                gettext("Average change: 95% interval to"),
                round(summary.confidence_high, 1),
                "",
                "",
            ]
        )
    return rows


def _cell_out(cell: Cell) -> dict:
    return {"people": cell.count, "share": None if cell.share is None else round(cell.share, 4)}


def as_api(report: Report) -> dict:
    summary = report.wellbeing
    return {
        "place": report.place.code,
        "place_name": report.place.name,
        "start": report.period.start,
        "end": report.period.end,
        "headline": headline(report),
        "people_referred": report.people.count,
        "people_referred_text": report.people.text,
        "social_prescriptions": report.prescriptions.count,
        "social_prescriptions_text": report.prescriptions.text,
        "minimum": report.minimum,
        "too_few": bool(report.too_few_text),
        "conversion": None
        if report.conversion is None
        else {
            "referred": report.people.count,
            "accepted": _cell_out(report.conversion.accepted) | {"share": _round(report.accepted_share)},
            "attended": _cell_out(report.conversion.attended) | {"share": _round(report.attended_share)},
        },
        "median_days_to_first_attendance": report.median_days_to_attend,
        "tables": {
            table.key: [{"code": row.code, "label": row.label, **_cell_out(row.cell)} for row in table.rows]
            for table in report.tables
        },
        "breakdowns": {
            breakdown.dimension: [
                {
                    "code": row.code,
                    "label": row.label,
                    **_cell_out(row.cell),
                    "population_share": _round(row.population_share),
                }
                for row in breakdown.rows
            ]
            for breakdown in report.breakdowns
        },
        "wellbeing": {
            "pairs": summary.pair_count_shown,
            "minimum": summary.minimum,
            "meaningful_change": summary.meaningful_change,
            "improved": summary.improved,
            "meaningful_improvement": summary.meaningful_improvement,
            "meaningful_decline": summary.meaningful_decline,
            "mean_change": summary.mean_change,
            "confidence_low": summary.confidence_low,
            "confidence_high": summary.confidence_high,
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
