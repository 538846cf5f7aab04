"""Invitation letters printed in the language a coordinator chooses: the panel's question, payment and
support as translated for that language, the wording in it where the pages are translated, each script
set in a font that has it, right to left for Arabic script."""

import pytest
from django.urls import reverse

from ostrom.core import printing
from ostrom.panels import letters
from ostrom.panels.models import Letter
from ostrom.panels.translations import ASSEMBLY, items
from ostrom.translations import services
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory

pytestmark = pytest.mark.django_db

URDU_QUESTION = "ہم انتظار کی فہرستوں کو کیسے کم کریں؟"
URDU_SUPPORT = "بچوں کی دیکھ بھال اور سفر"
BENGALI_QUESTION = "আমরা কীভাবে অপেক্ষার তালিকা কমাতে পারি?"
SITE = "https://ostrom.example.org"


@pytest.fixture
def assembly():
    assembly = AssemblyFactory()
    Letter.objects.create(assembly=assembly, code="ABCD2345", address="1 Ladywood Road", postcode="B16 8AA")
    return assembly


def _translate(assembly, language, texts):
    keys = {item.field: item.key for item in items(assembly)}
    services.save_translations(
        actor=CoordinatorFactory(),
        kind=ASSEMBLY,
        document=assembly,
        language=language,
        texts={keys[field]: text for field, text in texts.items()},
    )


def test_a_letter_in_urdu_carries_the_translated_question_and_support_right_to_left(assembly):
    _translate(assembly, "ur", {"question": URDU_QUESTION, "support_offered": URDU_SUPPORT})

    printed = letters.invitation_letters(assembly, SITE, "ur")

    assert f"“{URDU_QUESTION}”" in printed.paragraphs
    assert any(URDU_SUPPORT in paragraph for paragraph in printed.paragraphs)
    assert "ABCD2345" in printed.paragraphs and "1 Ladywood Road" in printed.paragraphs
    assert b"NotoNaskhArabic" in printed.pdf()


def test_a_letter_in_english_is_untouched_by_the_urdu_translation(assembly):
    _translate(assembly, "ur", {"question": URDU_QUESTION})

    printed = letters.invitation_letters(assembly, SITE, "en-gb")

    assert "“How should we cut waiting lists?”" in printed.paragraphs
    assert "You are invited to join a citizens' panel" in printed.paragraphs
    assert b"NotoNaskhArabic" not in printed.pdf()


def test_the_wording_is_in_the_language_when_its_pages_are_translated(assembly, pseudo_locales):
    printed = letters.invitation_letters(assembly, SITE, "ar-xb")

    heading = printed.paragraphs[0]
    assert heading != "You are invited to join a citizens' panel" and "panel" not in heading
    assert any(f"{SITE}/panels/{assembly.slug}/register/" in paragraph for paragraph in printed.paragraphs)


def test_a_coordinator_downloads_the_letters_in_bengali(client, assembly):
    _translate(assembly, "bn", {"question": BENGALI_QUESTION})
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("panels:letters", args=[assembly.slug])).content.decode()
    pdf = client.get(reverse("panels:letters-download", args=[assembly.slug, "pdf"]), {"language": "bn"})

    assert 'name="language"' in page and '<option value="bn"' in page
    assert pdf["Content-Type"] == "application/pdf" and b"NotoSansBengali" in pdf.content


def test_without_a_font_for_the_script_the_coordinator_is_told_what_to_install(
    client, assembly, monkeypatch, tmp_path
):
    _translate(assembly, "bn", {"question": BENGALI_QUESTION})
    monkeypatch.setattr(printing, "FONT_DIRECTORIES", (tmp_path,))
    printing.forget_fonts()
    client.force_login(CoordinatorFactory())
    try:
        answer = client.get(
            reverse("panels:letters-download", args=[assembly.slug, "pdf"]), {"language": "bn"}, follow=True
        )
    finally:
        printing.forget_fonts()

    assert answer.redirect_chain[-1][0] == reverse("panels:letters", args=[assembly.slug])
    assert "cannot print Bengali text yet" in answer.content.decode()
    assert "fonts-noto-core" in answer.content.decode()


def test_right_to_left_runs_are_reversed_and_left_to_right_runs_kept():
    words = [printing.set_words(text, size=11)[0] for text in ["کوڈ", "درج", "ABCD", "2345", "کریں"]]

    assert printing.visual_order(words, right_to_left=True) == [4, 2, 3, 1, 0]
    assert printing.visual_order(words, right_to_left=False) == [1, 0, 2, 3, 4]
