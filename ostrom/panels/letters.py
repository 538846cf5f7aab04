"""Invitation letters: a random sample of households from an address list, with the most deprived
areas oversampled (as civic-lottery recruitment does, because fewer people reply from them), each
letter carrying a one-time code; exported as a mail-merge CSV and a printable PDF."""

import hashlib
import io
import math
import secrets

from django.db import transaction
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.spreadsheets import csv_text
from ostrom.core.tables import ImportRejected, RowProblem, require_columns
from ostrom.places import selectors as place_selectors

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
        permissions.can_run_assembly(coordinator, assembly), "Only the assembly's coordinators can do this"
    )
    rows = table_rows(content, filename)
    problems = require_columns(set(rows[0][1]) if rows else set(), {"address", "postcode"})
    lookup = PostcodeLookup()
    postcodes = {}
    addresses = []
    seen = set()
    for number, row in rows:
        found = text_problems(row, {"address": (250, "The address")})
        problems.extend(RowProblem(number, problem) for problem in found)
        match = lookup(row.get("postcode", ""))
        postcode = match.postcode if match else ""
        address = " ".join(row.get("address", "").split())
        if not address:
            problems.append(RowProblem(number, "Enter the address"))
        if match is None:
            problems.append(
                RowProblem(number, f"We do not recognise the postcode '{row.get('postcode', '')[:20]}'")
            )
        else:
            postcodes[postcode] = match.lsoa_id
        if (address.lower(), postcode) in seen:
            problems.append(RowProblem(number, "This address appears twice"))
        seen.add((address.lower(), postcode))
        addresses.append((address, postcode))
    if count < 1 or count > len(addresses):
        problems.append(RowProblem(1, f"Choose between 1 and {len(addresses)} letters"))
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


def letters_pdf(assembly: Assembly, site: str) -> bytes:
    """One A4 page per household, ready to print and post."""
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Invitations: {assembly.question}")
    width, height = A4
    for letter in assembly.letters.all():
        y = height - 30 * mm
        pdf.setFont("Helvetica", 11)
        for line in [letter.address, letter.postcode]:
            pdf.drawString(25 * mm, y, line)
            y -= 6 * mm
        y -= 12 * mm
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(25 * mm, y, "You are invited to join a citizens' panel")
        y -= 10 * mm
        pdf.setFont("Helvetica", 11)
        text = [
            f"{assembly.commissioning_body} wants to hear from people in {assembly.place.name} about:",
            f"“{assembly.question}”",
            "",
            f"Your household was picked at random. The panel meets between {assembly.first_session_on:%-d %B}",
            f"and {assembly.last_session_on:%-d %B %Y}. Members are paid: {assembly.payment_offered}.",
            f"Support offered: {assembly.support_offered}",
            "",
            f"To register, go to {site}/panels/{assembly.slug}/register/",
            f"and enter this code: {letter.code}",
            "",
            f"Please register by {assembly.registration_closes_on:%-d %B %Y}. One person per household can be chosen.",
        ]
        for line in text:
            pdf.drawString(25 * mm, y, line[:110])
            y -= 6 * mm
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
