"""Access codes for posting to households: printable slips (PDF) and rows for a mail merge (CSV).

The codes exist only while these files are made: the database keeps a hash of each one."""

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .models import Round

CSV_HEADER = ["code", "round", "how_to_vote", "vote_at"]


def how_to_vote(funding_round: Round, vote_url: str) -> list[str]:
    return [
        f"Go to {vote_url}",
        "Sign in, or create an account and confirm your email address.",
        "Choose the projects you want funded and enter this code.",
        f"Voting closes on {funding_round.voting_closes_at:%-d %B %Y}. The code works for one vote only.",
    ]


def csv_rows(funding_round: Round, codes: Sequence[str], vote_url: str) -> list[list[str]]:
    steps = " ".join(how_to_vote(funding_round, vote_url))
    return [[code, funding_round.name, steps, vote_url] for code in codes]


def code_slips_pdf(funding_round: Round, codes: Sequence[str], vote_url: str) -> bytes:
    """One A6 slip per code, four to an A4 page, with cutting lines between them."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle(f"Access codes: {funding_round.name}")
    width, height = A4
    slip_width, slip_height = width / 2, height / 2
    corners = [(0, slip_height), (slip_width, slip_height), (0, 0), (slip_width, 0)]
    for number, code in enumerate(codes):
        position = number % 4
        if number and position == 0:
            page.showPage()
        if position == 0:
            page.setDash(3, 3)
            page.line(slip_width, 0, slip_width, height)
            page.line(0, slip_height, width, slip_height)
            page.setDash()
        left, bottom = corners[position]
        _slip(page, funding_round, code, vote_url, left + 12 * mm, bottom + slip_height - 18 * mm)
    page.showPage()
    page.save()
    return out.getvalue()


def _slip(page, funding_round: Round, code: str, vote_url: str, left: float, top: float) -> None:
    page.setFont("Helvetica-Bold", 13)
    page.drawString(left, top, _fit(funding_round.name, 34))
    page.setFont("Helvetica", 10)
    page.drawString(left, top - 8 * mm, "Your code to vote")
    page.setFont("Courier-Bold", 20)
    page.drawString(left, top - 18 * mm, code)
    page.setFont("Helvetica", 9)
    line = top - 30 * mm
    for step in how_to_vote(funding_round, vote_url):
        for part in _wrap(step, 52):
            page.drawString(left, line, part)
            line -= 5 * mm


def _fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines
