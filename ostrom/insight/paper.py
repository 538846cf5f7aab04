"""A case for action as a one-page paper for a Board (reportlab), from the same presenter as the page:
the problem, who is affected, the proposed action, and the cost or saving to the NHS with its working."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from .models import Insight
from .presenters import attribution, working_of


def case_pdf(insight: Insight) -> bytes:
    out = io.BytesIO()
    case = insight.case
    working = working_of(case)
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=gettext("Case for action: %(title)s") % {"title": insight.title},
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading3"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    said = insight.said_on.strftime("%-d %B %Y")
    demo = " " + gettext("Demo: the figures are realistic but made up.") if insight.is_demo else ""
    story = [
        Paragraph(escape(gettext("Case for action: %(title)s") % {"title": insight.title}), h1),
        Paragraph(
            escape(
                f"{insight.place.name}, {said}. "
                + gettext("From: %(attribution)s.") % {"attribution": attribution(insight)}
                + demo
            ),
            small,
        ),
        Paragraph(escape(insight.text), body),
        Paragraph(escape(gettext("The problem")), h2),
        Paragraph(escape(case.problem), body),
        Paragraph(escape(gettext("Who is affected")), h2),
        Paragraph(escape(case.who_is_affected), body),
        Paragraph(escape(gettext("What we propose")), h2),
        Paragraph(escape(case.proposed_action), body),
        Paragraph(escape(gettext("Cost or saving to the NHS: the working")), h2),
    ]
    header = [
        gettext("What"),
        gettext("Cost or saving"),
        gettext("Unit cost"),
        gettext("Quantity"),
        gettext("Amount"),
        gettext("Source of the unit cost"),
    ]
    rows = [[Paragraph(escape(cell["text"]), small) for cell in row] for row in working.rows]
    table = Table(
        [[Paragraph(f"<b>{escape(text)}</b>", small) for text in header], *rows],
        colWidths=[40 * mm, 22 * mm, 20 * mm, 17 * mm, 22 * mm, 59 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee")),
            ]
        )
    )
    story += [
        table,
        Paragraph(
            escape(
                gettext(
                    "Costs to the NHS: %(costs)s. Savings to the NHS: %(savings)s. "
                    "Savings minus costs: %(net_saving)s; costs minus savings: %(net_cost)s. "
                    "In short, %(net)s."
                )
                % {
                    "costs": working.costs_text,
                    "savings": working.savings_text,
                    "net_saving": working.net_saving_text,
                    "net_cost": working.net_cost_text,
                    "net": working.net_in_words,
                }
            ),
            body,
        ),
        Paragraph(
            escape(
                gettext("Worked out by Ostrom from the lines above; see %(url)s")
                % {"url": insight.get_absolute_url()}
            ),
            small,
        ),
    ]
    document.build(story)
    return out.getvalue()
