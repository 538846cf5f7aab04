"""Access codes for posting to households: printable slips (PDF) and rows for a mail merge (CSV), in the
language a coordinator chooses (the round's name as translated for it; the wording in it where the
pages are translated).

The codes exist only while these files are made: the database keeps a hash of each one."""

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from ostrom.accounts.languages import in_language
from ostrom.core.printing import Printer
from ostrom.translations.reading import reading_in

from . import translations
from .models import Round

CSV_HEADER = ["code", "round", "how_to_vote", "vote_at"]


def how_to_vote(funding_round: Round, vote_url: str) -> list[str]:
    return [
        gettext("Go to %(address)s") % {"address": vote_url},
        gettext("Sign in, or create an account and confirm your email address."),
        gettext("Choose the projects you want funded and enter this code."),
        gettext("Voting closes on %(date)s. The code works for one vote only.")
        % {"date": date_format(funding_round.voting_closes_at, "j F Y")},
    ]


def _round_name(funding_round: Round, language: str) -> str:
    return reading_in(language, [translations.name_item(funding_round)]).show(funding_round, "name").text


def csv_rows(
    funding_round: Round, codes: Sequence[str], vote_url: str, language: str = ""
) -> list[list[str]]:
    with in_language(language):
        steps = " ".join(how_to_vote(funding_round, vote_url))
        name = _round_name(funding_round, language)
    return [[code, name, steps, vote_url] for code in codes]


def code_slips_pdf(funding_round: Round, codes: Sequence[str], vote_url: str, language: str = "") -> bytes:
    """One A6 slip per code, four to an A4 page, with cutting lines between them."""
    with in_language(language):
        name = _round_name(funding_round, language)
        steps = how_to_vote(funding_round, vote_url)
        printer = Printer(gettext("Access codes: %(round)s") % {"round": name})
        width, height = A4
        slip_width, slip_height = width / 2, height / 2
        corners = [(0, slip_height), (slip_width, slip_height), (0, 0), (slip_width, 0)]
        page = printer.canvas
        for number, code in enumerate(codes):
            position = number % 4
            if number and position == 0:
                printer.new_page()
            if position == 0:
                page.setDash(3, 3)
                page.line(slip_width, 0, slip_width, height)
                page.line(0, slip_height, width, slip_height)
                page.setDash()
            left, bottom = corners[position]
            x, y, line = left + 12 * mm, bottom + slip_height - 18 * mm, slip_width - 24 * mm
            y = printer.write_at(name, x=x, y=y, width=line, size=13, bold=True)
            y = printer.write_at(gettext("Your code to vote"), x=x, y=y - 2 * mm, width=line, size=10)
            y = printer.write_at(code, x=x, y=y - 6 * mm, width=line, size=20, bold=True, mono=True)
            y -= 4 * mm
            for step in steps:
                y = printer.write_at(step, x=x, y=y, width=line, size=9)
        return printer.pdf()
