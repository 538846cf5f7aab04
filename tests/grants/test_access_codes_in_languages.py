"""Access-code slips and mail-merge rows in the language a coordinator chooses: the round's name as
translated for it, the steps in it where the pages are translated; a language the server cannot print
stops before any code is issued."""

import csv
import io

import pytest
from django.urls import reverse

from ostrom.core import printing
from ostrom.grants.models import AccessCode
from ostrom.grants.translations import ROUND, items
from ostrom.translations import services
from tests.factories import CoordinatorFactory
from tests.grants.factories import RoundFactory

pytestmark = pytest.mark.django_db

URDU_NAME = "لیڈی ووڈ کمیونٹی فنڈ"
BENGALI_NAME = "লেডিউড কমিউনিটি তহবিল"


@pytest.fixture
def funding_round():
    return RoundFactory(in_phase="voting", requires_access_code=True)


@pytest.fixture
def coordinator(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    return coordinator


def _translate_name(funding_round, coordinator, language, name):
    key = next(item.key for item in items(funding_round) if item.field == "name")
    services.save_translations(
        actor=coordinator, kind=ROUND, document=funding_round, language=language, texts={key: name}
    )


def _codes_url(funding_round):
    return reverse("grants:access-codes", args=[funding_round.slug])


def test_slips_and_rows_in_urdu_carry_the_translated_name(client, funding_round, coordinator):
    _translate_name(funding_round, coordinator, "ur", URDU_NAME)

    page = client.get(_codes_url(funding_round)).content.decode()
    pdf = client.post(_codes_url(funding_round), {"count": "5", "file_format": "pdf", "language": "ur"})
    sheet = client.post(_codes_url(funding_round), {"count": "2", "file_format": "csv", "language": "ur"})
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode())))

    assert '<option value="ur"' in page
    assert pdf["Content-Type"] == "application/pdf" and b"NotoNaskhArabic" in pdf.content
    assert [row["round"] for row in rows] == [URDU_NAME, URDU_NAME]
    assert rows[0]["how_to_vote"].startswith("Go to ")
    assert AccessCode.objects.count() == 7


def test_in_a_translated_language_the_steps_are_in_it_too(client, funding_round, coordinator, pseudo_locales):
    sheet = client.post(_codes_url(funding_round), {"count": "1", "file_format": "csv", "language": "en-xa"})
    english = client.post(_codes_url(funding_round), {"count": "1", "file_format": "csv"})

    [row] = csv.DictReader(io.StringIO(sheet.content.decode()))
    [plain] = csv.DictReader(io.StringIO(english.content.decode()))
    assert row["how_to_vote"].startswith("[") and "Go to" not in row["how_to_vote"]
    assert plain["how_to_vote"].startswith("Go to ") and row["round"] == plain["round"] == funding_round.name


def test_a_language_the_server_cannot_print_issues_no_codes(
    client, funding_round, coordinator, monkeypatch, tmp_path
):
    _translate_name(funding_round, coordinator, "bn", BENGALI_NAME)
    monkeypatch.setattr(printing, "FONT_DIRECTORIES", (tmp_path,))
    printing.forget_fonts()
    try:
        answer = client.post(
            _codes_url(funding_round), {"count": "5", "file_format": "pdf", "language": "bn"}
        )
    finally:
        printing.forget_fonts()

    assert answer.status_code == 200 and "cannot print Bengali text yet" in answer.content.decode()
    assert AccessCode.objects.count() == 0
