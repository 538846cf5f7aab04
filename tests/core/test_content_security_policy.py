"""The Content-Security-Policy: every page runs only our own static scripts and stylesheets, so a script
or style smuggled into a page by an escaping mistake is refused by the browser. The browser tests
(tests/browser/conftest.py) fail any page on which the browser reports a violation; these tests keep
the templates free of what the policy would refuse, and check the header itself."""

import re
from pathlib import Path

import django.contrib.admin
import nhsuk_frontend_jinja
import pytest
from django.conf import settings
from django.urls import reverse

from ostrom import settings as ostrom_settings
from ostrom.conversations.presenters import GROUP_STYLES

ROOT = Path(settings.BASE_DIR)
OUR_TEMPLATES = sorted(
    path for path in (ROOT / "ostrom").rglob("*.html") if {"jinja2", "templates"} & set(path.parts)
)
ADMIN_TEMPLATES = sorted((Path(django.contrib.admin.__file__).parent / "templates").rglob("*.html"))

# An element's opening tag, attributes across lines included.
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
REFUSED = {
    "an on…= event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "hx-on (htmx evals it)": re.compile(r"\shx-on", re.IGNORECASE),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "an htmx js: value": re.compile(r"hx-va(?:ls|rs)\s*=\s*[\"']\s*js:", re.IGNORECASE),
}


def _refusals(text: str) -> list[str]:
    """What in a template the policy would refuse: inline scripts (a <script> with no src, unless it
    is a data block such as Django's json_script), handlers, javascript: links and inline styles."""
    found = [
        f"an inline script: <script{attributes}>"
        for attributes in SCRIPT_TAG.findall(text)
        if "src=" not in attributes and "application/json" not in attributes
    ]
    return found + [what for what, pattern in REFUSED.items() if pattern.search(text)]


def test_the_scan_finds_what_the_policy_refuses():
    assert _refusals('<script>alert(1)</script><a href="javascript:go()" onclick="go()">x</a>') == [
        "an inline script: <script>",
        "an on…= event handler",
        "a javascript: URL",
    ]
    assert _refusals('<div hx-on:click="x()" style="color: red">') == [
        "hx-on (htmx evals it)",
        "a style attribute",
    ]
    assert (
        _refusals('<script\n  src="/static/a.js"></script><script id="m" type="application/json">[]</script>')
        == []
    )


@pytest.mark.parametrize("path", OUR_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_has_an_inline_script_handler_or_style(path):
    assert _refusals(path.read_text()) == []


def test_the_django_admin_templates_need_nothing_the_policy_refuses():
    """One exception: the change list adds a <style> only for a ModelAdmin with no action bar at
    the top or the bottom (the browser would refuse it and keep the column's default width), and
    none of ours turns both off."""
    refused = {
        str(path.relative_to(path.parents[1])): _refusals(path.read_text()) for path in ADMIN_TEMPLATES
    }
    assert {path: found for path, found in refused.items() if found} == {
        "admin/change_list.html": ["a <style> element"]
    }
    for model_admin in django.contrib.admin.site._registry.values():
        assert model_admin.actions_on_top or model_admin.actions_on_bottom, model_admin


def test_our_page_template_is_the_nhsuk_one_with_its_inline_script_moved_to_a_file():
    """core/page.html copies nhsuk-frontend-jinja's page template for one line: when the package
    changes its template, this fails so the copy is brought up to date."""
    package = (Path(nhsuk_frontend_jinja.__file__).parent / "templates/nhsuk/template.jinja").read_text()
    ours = (ROOT / "ostrom/core/jinja2/core/page.html").read_text()
    ours_without_header = ours[ours.index("-#}\n") + len("-#}\n") :]
    package_lines, our_lines = package.splitlines(), ours_without_header.splitlines()

    changed = [
        (theirs, mine) for theirs, mine in zip(package_lines, our_lines, strict=True) if theirs != mine
    ]

    assert len(changed) == 1
    theirs, mine = changed[0]
    assert "js-enabled" in theirs and _refusals(theirs)
    assert mine.strip() == """<script src="{{ static('core/js-enabled.js') }}"></script>"""
    assert "js-enabled" in (ROOT / "ostrom/core/static/core/js-enabled.js").read_text()


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["core:home", "core:privacy", "accounts:login", "admin:login"])
def test_pages_send_a_policy_that_allows_only_our_own_scripts_and_styles(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"][:2] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    page = response.content.decode()
    assert _refusals(page) == []


@pytest.mark.django_db
def test_the_page_loads_htmx_told_not_to_eval_or_inject_styles(client):
    page = client.get(reverse("core:home")).content.decode()

    assert (
        """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false}'>"""
        in page
    )
    assert "core/js-enabled.js" in page


def test_the_map_tile_server_is_the_only_other_host_images_may_come_from():
    assert ostrom_settings._tile_source("") == []
    assert ostrom_settings._tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert ostrom_settings._tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == [
        "https://*.tile.example.org"
    ]


def test_the_opinion_groups_key_colours_each_shape_as_the_map_does():
    css = (ROOT / "ostrom/core/static/core/ostrom.css").read_text()
    for colour, shape in GROUP_STYLES:
        assert re.search(rf"\.ostrom-group-mark--{shape}\s*\{{\s*color:\s*{colour};", css), shape
