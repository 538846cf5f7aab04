"""The Open Space report as a PDF, from the same presenter as the page: highlights by topic, actions by
kind, the closing circle and, for those allowed, who came. What people wrote is printed in whatever
script they wrote it in (ostrom/core/printing.py)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from ostrom.core.printing import Printer

from .presenters import Report


def report_pdf(report: Report, title: str) -> bytes:
    """`title`: the event's theme as the reader reads it (translated for the language printed in)."""
    event = report.event
    printer = Printer(gettext("Report: %(event)s") % {"event": title})
    day = date_format(timezone.localtime(event.starts_at), "j F Y")
    printer.heading(title)
    printer.paragraph(
        gettext("Open Space at %(venue)s, %(day)s. %(summary)s")
        % {"venue": event.venue_name, "day": day, "summary": report.summary}
    )
    printer.heading(gettext("Highlights by topic"), 2)
    for notes in report.topics:
        where = f" ({notes.topic.space}, {notes.topic.slot})" if notes.topic.is_placed else ""
        printer.heading(f"{notes.topic.title}{where}", 3)
        if notes.highlights:
            printer.bullets([highlight.text for highlight in notes.highlights])
        else:
            printer.paragraph(gettext("No highlights were recorded."))
    printer.heading(gettext("Actions"), 2)
    for group in report.kinds:
        printer.heading(f"{group.label} ({len(group.actions)})", 3)
        lines = [
            f"{action.text}"
            + (f" – {action.owner}" if action.owner else "")
            + f" [{action.get_status_display()}]"
            for action in group.actions
        ]
        if lines:
            printer.bullets(lines)
        else:
            printer.paragraph(gettext("None recorded."))
    printer.heading(gettext("The closing circle"), 2)
    lines = [f"“{i.text}”" + (f" – {i.name}" if i.name else "") for i in report.impressions]
    if lines:
        printer.bullets(lines)
    else:
        printer.paragraph(gettext("No impressions were recorded."))
    if report.breakdowns:
        printer.heading(gettext("Who came"), 2)
        for breakdown in report.breakdowns:
            printer.heading(breakdown.title, 3)
            if breakdown.too_few_text:
                printer.paragraph(breakdown.too_few_text)
                continue
            population = (
                gettext("Population of %(place)s") % {"place": breakdown.place_name}
                if breakdown.place_name
                else gettext("Population of the place")
            )
            rows = [["", gettext("People who came"), population]]
            for row in breakdown.rows:
                share = f"{row.population_share:.0%}" if row.population_share is not None else "–"
                rows.append([row.label, row.cell.text, share])
            printer.table(rows)
    return printer.pdf()
