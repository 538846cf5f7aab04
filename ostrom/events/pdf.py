"""The Open Space report as a PDF (reportlab), from the same presenter as the page: highlights by topic,
actions by kind, the closing circle and, for those allowed, who came."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table

from .presenters import Report


def _items(texts, style):
    return ListFlowable(
        [ListItem(Paragraph(escape(text), style), leftIndent=12) for text in texts],
        bulletType="bullet",
        start="•",
    )


def report_pdf(report: Report) -> bytes:
    out = io.BytesIO()
    event = report.event
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=gettext("Report: %(event)s") % {"event": event.title},
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
    )
    styles = getSampleStyleSheet()
    body, h1, h2, h3 = styles["BodyText"], styles["Title"], styles["Heading2"], styles["Heading3"]
    day = date_format(timezone.localtime(event.starts_at), "j F Y")
    story = [
        Paragraph(escape(event.title), h1),
        Paragraph(
            escape(
                gettext("Open Space at %(venue)s, %(day)s. %(summary)s")
                % {"venue": event.venue_name, "day": day, "summary": report.summary}
            ),
            body,
        ),
        Paragraph(gettext("Highlights by topic"), h2),
    ]
    for notes in report.topics:
        where = f" ({notes.topic.space}, {notes.topic.slot})" if notes.topic.is_placed else ""
        story.append(Paragraph(escape(f"{notes.topic.title}{where}"), h3))
        if notes.highlights:
            story.append(_items([highlight.text for highlight in notes.highlights], body))
        else:
            story.append(Paragraph(gettext("No highlights were recorded."), body))
    story.append(Paragraph(gettext("Actions"), h2))
    for group in report.kinds:
        story.append(Paragraph(escape(f"{group.label} ({len(group.actions)})"), h3))
        lines = [
            f"{action.text}"
            + (f" – {action.owner}" if action.owner else "")
            + f" [{action.get_status_display()}]"
            for action in group.actions
        ]
        story.append(_items(lines, body) if lines else Paragraph(gettext("None recorded."), body))
    story.append(Paragraph(gettext("The closing circle"), h2))
    lines = [f"“{i.text}”" + (f" – {i.name}" if i.name else "") for i in report.impressions]
    story.append(_items(lines, body) if lines else Paragraph(gettext("No impressions were recorded."), body))
    if report.breakdowns:
        story.append(Paragraph(gettext("Who came"), h2))
        for breakdown in report.breakdowns:
            story.append(Paragraph(escape(breakdown.title), h3))
            if breakdown.too_few_text:
                story.append(Paragraph(escape(breakdown.too_few_text), body))
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
            story += [Table(rows, hAlign="LEFT"), Spacer(1, 4 * mm)]
    document.build(story)
    return out.getvalue()
