"""Translation: every marked string is extracted with Django's keywords, only reviewed languages are offered,
and the pseudo-locales show the layout translated (en-xa) and mirrored (ar-xb) while formatting still works."""

import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.utils import translation

from ostrom.core.catalogues import add_language, extract_template, update_catalogue, write_catalogue
from ostrom.core.languages import ENGLISH, PSEUDO_LANGUAGES, offered_languages, reviewed_by
from ostrom.core.pseudo_locale import pseudo_translate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template():
    return extract_template()


def test_extraction_finds_strings_marked_in_templates_and_in_python(template):
    assert template.get("Page not found") is not None  # {{ _("…") }} in 404.html
    assert template.get("Organisations") is not None  # gettext_lazy in core/navigation.py
    plural = template.get(("%(count)d budget line was imported", "%(count)d budget lines were imported"))
    assert plural is not None and plural.pluralizable  # ngettext in money/tasks.py
    assert template.get("About %(service)s") is not None  # a named placeholder in base.html


def test_the_committed_template_holds_every_marked_string_for_translators(template):
    with open(ROOT / "locale" / "django.pot", "rb") as committed_file:
        committed = {message.id for message in read_po(committed_file) if message.id}
    marked = {message.id for message in template if message.id}
    missing = sorted(str(message_id) for message_id in marked - committed)
    assert missing == [], (
        f"run `make makemessages` and commit locale/: {len(missing)} new, e.g. {missing[:3]}"
    )


def test_a_language_is_offered_only_once_a_person_has_reviewed_it(tmp_path, template):
    po_path = add_language("ur", template, tmp_path)
    assert offered_languages(tmp_path) == [ENGLISH]

    text = po_path.read_text()
    po_path.write_text(text.replace('"MIME-Version', '"X-Reviewed-By: \\n"\n"MIME-Version', 1))
    assert offered_languages(tmp_path) == [ENGLISH], "an empty X-Reviewed-By is not a review"

    po_path.write_text(
        text.replace('"MIME-Version', '"X-Reviewed-By: Amina Khan, 4 December 2026\\n"\n"MIME-Version', 1)
    )
    assert offered_languages(tmp_path) == [ENGLISH, ("ur", "Urdu")]


def test_updating_a_catalogue_keeps_its_translations_and_who_reviewed_it(tmp_path, template):
    po_path = add_language("pt_BR", template, tmp_path)
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as po_file:
        catalogue = read_po(po_file)
    catalogue.get("Page not found").string = "Página não encontrada"
    write_catalogue(catalogue, po_path, reviewed_by="Rui Costa, 4 December 2026")

    update_catalogue(po_path, template)

    assert reviewed_by(po_path) == "Rui Costa, 4 December 2026"
    assert 'msgstr "Página não encontrada"' in po_path.read_text()
    assert offered_languages(tmp_path) == [ENGLISH, ("pt-br", "Portuguese (Brazil)")]


def test_the_pseudo_locales_are_offered_only_when_asked_for(tmp_path):
    assert offered_languages(tmp_path) == [ENGLISH]
    assert offered_languages(tmp_path, pseudo_locales=True) == [ENGLISH, *PSEUDO_LANGUAGES]


def test_a_pseudo_translated_string_keeps_its_placeholders_tags_and_entities():
    original = 'Hello %(name)s, you have %d <a href="/inbox/">new</a> &amp; {count} left: 100%%'
    pseudo = pseudo_translate(original)

    assert pseudo.startswith("[") and pseudo.endswith("]")
    assert "Ĥéļļö" in pseudo and "ñéŵ" in pseudo
    for kept in ["%(name)s", "%d", '<a href="/inbox/">', "</a>", "&amp;", "{count}", "%%"]:
        assert kept in pseudo
    assert pseudo_translate("See what was decided") == "[Ŝéé ŵĥàţ ŵàŝ ðéçîðéð]"


def test_a_pseudo_translated_plural_formats_like_the_english(pseudo_locales):
    with translation.override("en-xa"):
        one = translation.ngettext("Wait %(num)d minute", "Wait %(num)d minutes", 1) % {"num": 1}
        many = translation.ngettext("Wait %(num)d minute", "Wait %(num)d minutes", 5) % {"num": 5}
        about = translation.gettext("About %(service)s") % {"service": "Ostrom"}
    assert one == "[Ŵàîţ 1 ɱîñûţé]"
    assert many == "[Ŵàîţ 5 ɱîñûţéŝ]"
    assert about == "[Àƀöûţ Ostrom]"


def test_django_s_own_dates_and_messages_are_pseudo_translated_too(pseudo_locales):
    from django import forms
    from django.utils.formats import date_format

    with translation.override("en-xa"):
        long_date = date_format(date(2026, 11, 23), "j F Y")
        short_date = date_format(date(2026, 11, 23), "N j, Y")  # pgettext "abbrev. month"
        weekday = date_format(date(2026, 11, 23), "l")
        required = str(forms.CharField().error_messages["required"])
        too_many = translation.ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            5,
        ) % {"limit_value": 5, "show_value": 6}

    assert long_date == "23 [Ñöṽéɱƀéŕ] 2026"
    assert short_date == "[Ñöṽ.] 23, 2026"
    assert weekday == "[Ṁöñðàý]"
    assert required == "[Ţĥîŝ ƒîéļð îŝ ŕéǫûîŕéð.]"
    assert too_many == "[Éñŝûŕé ţĥîŝ ṽàļûé ĥàŝ àţ ɱöŝţ 5 çĥàŕàçţéŕŝ (îţ ĥàŝ 6).]"


@pytest.mark.django_db
def test_the_logo_link_is_labelled_in_the_chosen_language(client, pseudo_locales, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-xa"
    html = client.get("/").content.decode()

    assert 'aria-label="[ÑĤŜ Ostrom ĥöɱéþàĝé]"' in html


@pytest.mark.django_db
def test_the_layout_is_translated_for_someone_who_chose_the_pseudo_locale(client, pseudo_locales, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-xa"
    html = client.get("/").content.decode()

    assert '<html lang="en-xa"' in html
    assert re.search(r'<html lang="en-xa"\s+dir="ltr"', html)
    for pseudo in [
        "[Ŝķîþ ţö ɱàîñ çöñţéñţ]",
        "[Öþéñ ŝöûŕçé ûñðéŕ ţĥé ṀÎŢ ļîçéñçé]",
        "[Ŝîĝñ îñ]",
        "[Öŕĝàñîŝàţîöñŝ]",
    ]:
        assert pseudo in html
    assert "Open source under the MIT licence" not in html


@pytest.mark.django_db
def test_a_right_to_left_language_mirrors_the_page(client, pseudo_locales, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar-xb"
    html = client.get("/").content.decode()

    assert re.search(r'<html lang="ar-xb"\s+dir="rtl"', html)
    assert "[Ŝîĝñ îñ]" in html


@pytest.mark.django_db
def test_english_is_the_first_guess_for_a_browser_asking_for_another_english(client, pseudo_locales):
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()

    assert re.search(r'<html lang="en-gb"\s+dir="ltr"', html)
    assert "Open source under the MIT licence" in html


@pytest.mark.django_db
def test_the_page_not_found_is_translated(client, pseudo_locales, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-xa"
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "[Þàĝé ñöţ ƒöûñð]" in response.content.decode()


def test_the_pseudo_locales_command_writes_both_catalogues(tmp_path):
    call_command("pseudo_locales", "--output", str(tmp_path), stdout=io.StringIO())

    for locale_name in ["en_XA", "ar_XB"]:
        assert (tmp_path / locale_name / "LC_MESSAGES" / "django.mo").stat().st_size > 0
        assert (
            'msgstr "[Þàĝé ñöţ ƒöûñð]"' in (tmp_path / locale_name / "LC_MESSAGES" / "django.po").read_text()
        )


def _languages_offered(**environment) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(SECRET_KEY="x" * 60 + "production-like-key-for-the-check", **environment)
    show = "from django.conf import settings; print(' '.join(code for code, _ in settings.LANGUAGES))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_the_pseudo_locales_are_never_offered_with_debug_off():
    assert _languages_offered(PSEUDO_LOCALES="true") == ["en-gb"]
    assert _languages_offered(PSEUDO_LOCALES="true", DEBUG="true") == ["en-gb", "en-xa", "ar-xb"]
