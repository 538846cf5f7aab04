"""Every page in the pseudo-locale en-xa: no text a person reads may have escaped translation (issue 22).

The pages are found as the page conventions' sweep finds them: every named URL of the URL configuration,
its arguments filled from the shared test world as the permission matrix fills them, fetched by the person
who sees the most of it, with the language cookie set to en-xa. On each page every string marked for
translation reads "[Ŝéé ŵĥàţ ŵàŝ ðéçîðéð]", so English words left once those strings and the world's
content (names, titles, what people wrote: every text stored in the database) are taken out are text
nobody marked (`tests/untranslated.py`).

Each section (URL namespace) is a test of its own, so a failure names the app whose pages need marking.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import override_settings
from django.urls import reverse

from ostrom.core.languages import offered_languages, own_name
from tests.test_page_conventions import NOT_PAGES, lookers
from tests.test_permission_matrix import TABLE, url_names
from tests.untranslated import content_pattern, untranslated_phrases
from tests.world import client_as, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

SECTIONS = [
    "accounts", "assets", "conversations", "core", "decisions", "events", "grants", "impact", "insight",
    "money", "network", "overview", "panels", "places", "referrals", "surveys", "translations",
]  # fmt: skip


def stored_texts() -> list[str]:
    """Every text the database holds in a text field without choices: content, never interface."""
    texts = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
                texts += model.objects.values_list(model_field.attname, flat=True).distinct()
    return texts


@pytest.fixture(scope="module")
def walk(world, django_db_blocker, pseudo_locale_dir):  # noqa: F811 (the fixture)
    """Untranslated text per page: {URL name: [(person, URL, phrases)]}."""
    languages = offered_languages(settings.BASE_DIR / "locale", pseudo_locales=True)
    found: dict[str, list] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(LANGUAGES=languages, LOCALE_PATHS=[*settings.LOCALE_PATHS, pseudo_locale_dir]),
    ):
        # Languages are named in their own language, whatever the page's, and then in English: names, not
        # interface (the languages only content is translated into too).
        named = languages + list(settings.CONTENT_LANGUAGES)
        content = content_pattern(
            stored_texts() + [name for _, name in named] + [own_name(code, name)[0] for code, name in named]
        )
        clients = {}
        for key in url_names():
            case = TABLE[key]
            if key in NOT_PAGES or case.post is not None:
                continue
            role = lookers(case.rule)[-1]
            if role not in clients:
                clients[role] = client_as(world, role)
                clients[role].cookies[settings.LANGUAGE_COOKIE_NAME] = "en-xa"
            url = reverse(key, kwargs=case.args(world) if case.args else None)
            with transaction.atomic():
                response = clients[role].get(url)
                transaction.set_rollback(True)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            phrases = untranslated_phrases(response.content.decode(), content)
            found.setdefault(key, []).append((role, url, phrases))
    return found


@pytest.mark.parametrize("section", SECTIONS)
def test_every_page_of_the_section_is_translated_in_the_pseudo_locale(walk, section):
    problems = [
        f"{key} as {role} ({url}): " + " | ".join(phrases[:8])
        for key, seen in walk.items()
        if key.split(":")[0] == section
        for role, url, phrases in seen
        if phrases
    ]
    assert not problems, "Text not marked for translation:\n" + "\n".join(problems)


def test_the_walk_covers_every_section(walk):
    assert {key.split(":")[0] for key in walk} - {"api-1.0.0", "demo"} == set(SECTIONS)
