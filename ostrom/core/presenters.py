"""Display shaping shared by every app: pagination parameters for the NHS.UK pagination component."""

from urllib.parse import urlencode

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext


def pagination(page, request) -> dict | None:
    """Numbered NHS.UK pagination for a Django page, keeping the other query parameters (the filters)."""
    if page.paginator.num_pages <= 1:
        return None
    query = request.GET.copy()

    def href(number):
        query["page"] = number
        # Every value of a repeated parameter (?kind=a&kind=b), so a shared page keeps all its filters.
        return f"?{urlencode(sorted(query.lists()), doseq=True)}"

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": href(page.next_page_number())} if page.has_next() else None,
        "items": items,
    }


def chart_heading(description: str, label: str = "") -> dict:
    """The heading of a column of bars: a short label seen, a fuller description heard."""
    html = format_html(
        '<span aria-hidden="true">{}</span><span class="nhsuk-u-visually-hidden">{}</span>',
        label or gettext("Chart"),
        description,
    )
    return {"html": html}


# A bar in a chart cell: its height and the space between two bars, in CSS pixels.
BAR_HEIGHT = 16
BAR_GAP = 2


def bar_cell(*percents: float | None) -> dict:
    """A table cell holding one bar per share (the first blue, the next grey for the population),
    hidden from screen readers because the columns beside it give the same figures."""
    drawn = [percent for percent in percents if percent is not None]
    # The bars share one box, so their widths are shares of the space left for them, also when a
    # responsive table stacks the cells on a phone and puts the column's heading beside them. They are
    # SVG rectangles: a width given as an attribute, where a style="width: …" would need the
    # Content-Security-Policy to allow inline styles (see settings.CONTENT_SECURITY_POLICY).
    html = format_html(
        '<svg class="ostrom-bars" width="100%" height="{}" focusable="false">{}</svg>',
        max(BAR_HEIGHT * len(drawn) + BAR_GAP * (len(drawn) - 1), 0),
        format_html_join(
            "",
            '<rect class="ostrom-bar{}" x="0" y="{}" width="{}%" height="{}"></rect>',
            (
                (
                    "" if index == 0 else " ostrom-bar--population",
                    index * (BAR_HEIGHT + BAR_GAP),
                    percent,
                    BAR_HEIGHT,
                )
                for index, percent in enumerate(drawn)
            ),
        ),
    )
    return {"html": html, "classes": "ostrom-chart-cell", "attributes": {"aria-hidden": "true"}}


def breakdown_table(breakdown) -> dict:
    """The NHS.UK table macro's parameters for one breakdown of people (accounts.selectors.breakdown_people):
    a bar chart drawn inside its own table, so the chart and the table are one. Every figure arrives
    already protected (rounded to 5, small counts hidden); this only lays them out."""
    compared = bool(breakdown.place_name)
    # Our own catalogue's wording is trusted, as Jinja trusts it; only the values are escaped.
    values = {"title": conditional_escape(breakdown.title), "total": conditional_escape(breakdown.total_text)}
    if compared:
        values["place"] = conditional_escape(breakdown.place_name)
        caption = mark_safe(  # noqa: S308
            gettext("%(title)s (about %(total)s people, compared with %(place)s's population)") % values
        ) + format_html(
            '<span class="nhsuk-body-s ostrom-legend" aria-hidden="true"><span class="ostrom-key"></span>'
            ' {} <span class="ostrom-key ostrom-key--population"></span> {}</span>',
            gettext("these people"),
            gettext("the population"),
        )
    else:
        caption = mark_safe(gettext("%(title)s (about %(total)s people)") % values)  # noqa: S308
    head = [
        {"text": gettext("Group")},
        {"text": gettext("People (rounded to 5)"), "format": "numeric"},
        {"text": gettext("Share"), "format": "numeric"},
        *([{"text": gettext("Share of population"), "format": "numeric"}] if compared else []),
        chart_heading(gettext("Chart of the shares (the same figures as the columns)")),
    ]
    rows = [
        [
            {"text": row.label},
            {"text": row.cell.text},
            {"text": row.cell.share_text},
            *([{"text": row.population_share_text}] if compared else []),
            bar_cell(row.bar_percent, row.population_bar_percent if compared else None),
        ]
        for row in breakdown.rows
    ]
    return {
        "caption": {"html": caption, "size": "s"},
        "firstCellIsHeader": True,
        "responsive": True,
        "head": head,
        "rows": rows,
    }


# What each kind in settings.RETENTION is, and the moment its time counts from, for the privacy page.
RETENTION_WORDING = {
    "expired_sessions": (gettext_lazy("Your signed-in session"), gettext_lazy("it expires")),
    "sign_in_attempts": (
        gettext_lazy("Sign-in attempts (the email address and network address used)"),
        gettext_lazy("the attempt"),
    ),
    "rate_limit_entries": (
        gettext_lazy("Counters that limit how often one network address can post"),
        gettext_lazy("they expire"),
    ),
    "unconfirmed_accounts": (
        gettext_lazy("Accounts whose email address was never confirmed"),
        gettext_lazy("the account was created"),
    ),
    "finished_background_work": (
        gettext_lazy("Records of finished background work, such as imports"),
        gettext_lazy("the work finished"),
    ),
    "stored_uploads": (
        gettext_lazy("Uploaded files waiting to be imported"),
        gettext_lazy("the file was uploaded"),
    ),
    "referral_identities": (
        gettext_lazy("The name and contact details of a person referred"),
        gettext_lazy("the referral was closed"),
    ),
    "participant_browser_keys": (
        gettext_lazy("The link between your browser and your answers to a conversation"),
        gettext_lazy("it closed"),
    ),
    "survey_respondents": (
        gettext_lazy("Who a survey was sent to, and the link between a browser and its answers"),
        gettext_lazy("it closed"),
    ),
    "audit_log": (gettext_lazy("The audit log of who did what"), gettext_lazy("each entry was made")),
}


def retention_period(days: int, counted_from: str) -> str:
    """ "30 days after the attempt", "6 years after …", or "Until it expires" for a period of 0 days."""
    if days == 0:
        return gettext("Until %(moment)s") % {"moment": counted_from}
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year after %(moment)s", "%(count)d years after %(moment)s", years) % {
            "count": years,
            "moment": counted_from,
        }
    return ngettext("%(count)d day after %(moment)s", "%(count)d days after %(moment)s", days) % {
        "count": days,
        "moment": counted_from,
    }


def retention_rows(schedule: dict[str, int]) -> list[list[dict]]:
    """The NHS.UK table's rows for the privacy page: what is kept, and for how long."""
    return [
        [{"text": RETENTION_WORDING[kind][0]}, {"text": retention_period(days, RETENTION_WORDING[kind][1])}]
        for kind, days in schedule.items()
    ]
