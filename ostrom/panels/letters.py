"""Invitation letters: a random sample of households from an address list, with the most deprived
areas oversampled (as civic-lottery recruitment does, because fewer people reply from them), each
letter carrying a one-time code; exported as a mail-merge CSV and a printable PDF."""

import hashlib
import math
import secrets

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from reportlab.lib.units import mm

from ostrom.accounts import permissions
from ostrom.accounts.languages import in_language
from ostrom.core import audit
from ostrom.core.printing import Printer
from ostrom.core.spreadsheets import csv_text
from ostrom.core.tables import ImportRejected, RowProblem, require_columns
from ostrom.places import selectors as place_selectors
from ostrom.translations.reading import reading_in

from . import translations
from .importing import PostcodeLookup, table_rows, text_problems
from .models import Assembly, Letter

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def oversampling_weight(decile: int | None, factor: float) -> float:
    """Households in deciles 1-2 are `factor` times as likely to be picked, deciles 3-4 halfway there."""
    if decile is None:
        return 1.0
    if decile <= 2:
        return factor
    if decile <= 4:
        return (1 + factor) / 2
    return 1.0


@transaction.atomic
def sample_households(
    *,
    coordinator,
    assembly: Assembly,
    content: bytes,
    filename: str,
    count: int,
    seed: str,
    oversampling: float = 2.0,
) -> list[Letter]:
    """Pick `count` addresses from the list (columns address, postcode) by weighted sampling without
    replacement (Efraimidis and Spirakis: each address gets the key u^(1/weight), with u from SHA-256 of
    the seed and the address, and the largest keys are picked), so the same list and seed pick the same
    households. Every row is checked first; any problem and no letters are made."""
    permissions.ensure(
        permissions.can_run_assembly(coordinator, assembly),
        gettext("Only the assembly's coordinators can do this"),
    )
    rows = table_rows(content, filename)
    problems = require_columns(set(rows[0][1]) if rows else set(), {"address", "postcode"})
    lookup = PostcodeLookup()
    postcodes = {}
    addresses = []
    seen = set()
    for number, row in rows:
        found = text_problems(
            row, {"address": (250, gettext_noop("The address must be %(limit)d characters or fewer"))}
        )
        problems.extend(RowProblem(number, problem) for problem in found)
        match = lookup(row.get("postcode", ""))
        postcode = match.postcode if match else ""
        address = " ".join(row.get("address", "").split())
        if not address:
            problems.append(RowProblem(number, gettext("Enter the address")))
        if match is None:
            problems.append(
                RowProblem(
                    number,
                    gettext("We do not recognise the postcode '%(postcode)s'")
                    % {"postcode": row.get("postcode", "")[:20]},
                )
            )
        else:
            postcodes[postcode] = match.lsoa_id
        if (address.lower(), postcode) in seen:
            problems.append(RowProblem(number, gettext("This address appears twice")))
        seen.add((address.lower(), postcode))
        addresses.append((address, postcode))
    if count < 1 or count > len(addresses):
        problems.append(
            RowProblem(1, gettext("Choose between 1 and %(count)d letters") % {"count": len(addresses)})
        )
    if problems:
        raise ImportRejected(problems)
    deciles = place_selectors.imd_decile_by_lsoa(set(postcodes[pc] for _, pc in addresses))
    keyed = []
    for address, postcode in addresses:
        decile = deciles.get(postcodes[postcode])
        digest = hashlib.sha256(f"{seed}|{address}|{postcode}".encode()).digest()
        u = (int.from_bytes(digest[:8], "big") + 1) / (2**64 + 2)
        keyed.append((math.log(u) / oversampling_weight(decile, oversampling), address, postcode, decile))
    keyed.sort(reverse=True)
    letters = Letter.objects.bulk_create(
        [
            Letter(assembly=assembly, code=_new_code(), address=address, postcode=postcode, imd_decile=decile)
            for _, address, postcode, decile in keyed[:count]
        ]
    )
    audit.record(
        actor=coordinator,
        action="letters.created",
        target=assembly,
        note=f"{count} of {len(addresses)} households, seed {seed}, deprived areas x{oversampling}",
    )
    return letters


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def mail_merge_csv(assembly: Assembly) -> str:
    """Addresses come from a file someone uploaded: the writer keeps any "=…" from becoming a formula."""
    return csv_text(
        ["code", "address", "postcode", "register_at"],
        (
            [letter.code, letter.address, letter.postcode, f"/panels/{assembly.slug}/register/"]
            for letter in assembly.letters.all()
        ),
    )


def letters_pdf(assembly: Assembly, site: str, language: str = "") -> bytes:
    return invitation_letters(assembly, site, language).pdf()


def invitation_letters(assembly: Assembly, site: str, language: str = "") -> Printer:
    """One A4 page per household, ready to print and post, in `language`: its wording if the language's
    pages are translated, and the panel's question, payment and support as translated for it.

    Every letter says the same but for the address and the code: the shared text is set once, as a form
    the PDF repeats on each page (a mail-out of tens of thousands of letters stays quick and small), below
    an address block of fixed height, as for a window envelope."""
    with in_language(language):
        reading = reading_in(language, translations.items(assembly))
        question, payment, support = (
            reading.show(assembly, field).text for field in ("question", "payment_offered", "support_offered")
        )
        printer = Printer(gettext("Invitations: %(question)s") % {"question": question}, margin=25 * mm)
        address_top = printer.page_height - 37 * mm
        printer.canvas.beginForm("letter")
        printer.y = address_top - 45 * mm
        printer.heading(gettext("You are invited to join a citizens' panel"))
        printer.paragraph(
            gettext("%(body)s wants to hear from people in %(place)s about:")
            % {"body": assembly.commissioning_body, "place": assembly.place.name}
        )
        printer.paragraph(f"“{question}”", bold=True)
        printer.paragraph(
            gettext(
                "Your household was picked at random. The panel meets between %(first)s and %(last)s. "
                "Members are paid: %(payment)s."
            )
            % {
                "first": date_format(assembly.first_session_on, "j F"),
                "last": date_format(assembly.last_session_on, "j F Y"),
                "payment": payment,
            }
        )
        printer.paragraph(gettext("Support offered: %(support)s") % {"support": support})
        printer.paragraph(
            gettext("To register, go to %(address)s and enter this code:")
            % {"address": f"{site}/panels/{assembly.slug}/register/"}
        )
        code_at = printer.y - 16
        printer.space(16 * 1.6)
        printer.paragraph(
            gettext("Please register by %(date)s. One person per household can be chosen.")
            % {"date": date_format(assembly.registration_closes_on, "j F Y")}
        )
        printer.canvas.endForm()
        left, width = printer.margin, printer.width
        for number, letter in enumerate(assembly.letters.all()):
            if number:
                printer.new_page()
            below = printer.write_at(letter.address, x=left, y=address_top, width=width * 0.6, size=11)
            printer.write_at(letter.postcode, x=left, y=below, width=width * 0.6, size=11)
            printer.canvas.doForm("letter")
            printer.write_at(letter.code, x=left, y=code_at, width=width, size=16, bold=True, mono=True)
        return printer
