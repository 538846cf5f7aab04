"""The other documents residents read (a citizens' panel and its register of interest, an Open Space
event), the translation API, and translations in a person's data export and erasure."""

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.panels.translations import ASSEMBLY
from ostrom.panels.translations import items as assembly_items
from ostrom.translations import services
from ostrom.translations.models import Translation
from tests.events.factories import open_space
from tests.factories import AdminFactory, CoordinatorFactory, UserFactory
from tests.panels.factories import AssemblyFactory

pytestmark = pytest.mark.django_db

URDU_QUESTION = "ہم انتظار کی فہرستیں کیسے کم کریں؟"
URDU_SUPPORT = "بچوں کی دیکھ بھال اور سفر"


def _keys(items):
    return {(item.instance._meta.model_name, item.field): item.key for item in items}


@pytest.fixture
def assembly():
    return AssemblyFactory()


def _urdu_assembly(assembly, coordinator):
    keys = _keys(assembly_items(assembly))
    services.save_translations(
        actor=coordinator,
        kind=ASSEMBLY,
        document=assembly,
        language="ur",
        texts={
            keys[("assembly", "question")]: URDU_QUESTION,
            keys[("assembly", "support_offered")]: URDU_SUPPORT,
        },
    )


def test_the_register_of_interest_and_the_panels_page_are_read_in_urdu(client, assembly, settings):
    _urdu_assembly(assembly, CoordinatorFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"

    register = client.get(reverse("panels:register", args=[assembly.slug])).content.decode()
    detail = client.get(assembly.get_absolute_url()).content.decode()

    assert f'<span lang="ur" dir="rtl">{URDU_QUESTION}</span>' in register
    assert "£300" in register  # the payment is not translated: shown as written
    assert URDU_QUESTION in detail and URDU_SUPPORT in detail and "Show the original" in detail


def test_an_open_space_theme_is_read_in_urdu(client, settings):
    space = open_space()
    from ostrom.events.translations import EVENT
    from ostrom.events.translations import items as event_items

    keys = _keys(event_items(space.event))
    services.save_translations(
        actor=space.coordinator,
        kind=EVENT,
        document=space.event,
        language="ur",
        texts={keys[("event", "title")]: "لیڈی وڈ میں میری صحت کے لیے کیا اہم ہے"},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"

    html = client.get(space.event.get_absolute_url()).content.decode()

    assert "لیڈی وڈ میں میری صحت کے لیے کیا اہم ہے" in html
    assert "Step-free entrance" in html


def test_the_api_gives_each_text_with_its_translation_and_saves_what_it_is_sent(client, assembly):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    url = f"/api/translations/{ASSEMBLY.key}/{assembly.pk}/ur"

    before = client.get(url).json()
    assert [text["original"] for text in before["texts"]] == [
        "How should we cut waiting lists?",
        "£300",
        "Childcare and travel",
    ]
    assert all(text["translation"] is None for text in before["texts"])
    key = before["texts"][0]["key"]

    after = client.put(url, {"texts": {key: URDU_QUESTION}}, content_type="application/json")
    assert after.status_code == 200
    assert after.json()["texts"][0]["translation"] == URDU_QUESTION
    assert Translation.objects.get().translated_by == coordinator

    refused = client.put(url, {"texts": {"panels-assembly-0-question": "x"}}, content_type="application/json")
    assert refused.status_code in (400, 422)
    assert Translation.objects.count() == 1
    assert client.get(f"/api/translations/{ASSEMBLY.key}/{assembly.pk}/de").status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_a_translators_export_lists_what_they_translated_and_erasure_keeps_the_words(assembly):
    coordinator = CoordinatorFactory()
    _urdu_assembly(assembly, coordinator)

    exported = account_services.export_personal_data(user=coordinator)
    assert {row["text"] for row in exported["translations_made"]} == {URDU_QUESTION, URDU_SUPPORT}

    account_services.erase_person(user=coordinator, requested_by=AdminFactory())
    assert set(Translation.objects.values_list("text", flat=True)) == {URDU_QUESTION, URDU_SUPPORT}
    assert not Translation.objects.filter(translated_by__isnull=False).exists()


def test_a_coordinator_names_a_volunteer_translator_who_can_then_translate_and_is_stopped(client, assembly):
    coordinator = UserFactory()
    from ostrom.accounts.models import Role

    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=assembly.place)
    volunteer = UserFactory(email="amina@example.org")
    client.force_login(coordinator)

    page = client.post(
        reverse("translations:translators"), {"email": "AMINA@example.org", "place": assembly.place.pk}
    )
    assert page.status_code == 302
    role = Role.objects.get(kind=Role.Kind.TRANSLATOR)
    assert (role.user, role.place) == (volunteer, assembly.place)
    unknown = client.post(
        reverse("translations:translators"), {"email": "nobody@example.org", "place": assembly.place.pk}
    )
    assert "There is no account with this email address" in unknown.content.decode()
    assert "nobody@example.org" in unknown.content.decode()

    client.force_login(volunteer)
    work = client.get(reverse("translations:work")).content.decode()
    assert "How should we cut waiting lists?" in work
    assert (
        client.get(reverse("translations:translate", args=[ASSEMBLY.key, assembly.pk, "ur"])).status_code
        == 200
    )

    client.force_login(coordinator)
    client.post(reverse("translations:stop-translator", args=[role.pk]))
    assert not Role.objects.filter(kind=Role.Kind.TRANSLATOR).exists()
    client.force_login(volunteer)
    assert (
        client.get(reverse("translations:translate", args=[ASSEMBLY.key, assembly.pk, "ur"])).status_code
        == 403
    )
