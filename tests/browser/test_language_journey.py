"""The language switcher in Chromium, on a phone: a visitor follows the footer's Language link, chooses the
right-to-left pseudo-locale and comes back to the page they were on, mirrored (dir="rtl") and translated;
the same works with JavaScript off. axe checks every page."""

import re

import pytest
from django.conf import settings

PHONE_VIEWPORT = {"width": 390, "height": 844}
pytestmark = pytest.mark.usefixtures("transactional_db", "pseudo_locales")


def test_a_visitor_on_a_phone_chooses_a_right_to_left_language_and_comes_back(visitor):
    person = visitor(viewport=PHONE_VIEWPORT)
    page = person.visit("/about/")
    assert page.locator("html").get_attribute("dir") == "ltr"

    person.click_and_check("Language", role="link")
    assert page.url.endswith("/language/?next=%2Fabout%2F")
    page.get_by_label("Pseudo-English (right to left)").check()
    person.click_and_check("Use this language")

    assert re.search(r"/about/$", page.url)
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar-xb" and html.get_attribute("dir") == "rtl"
    assert page.get_by_role("link", name="[Ļàñĝûàĝé]").count() >= 1
    # The browser lays the page out right to left: text starts at the right and rows run leftwards.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    page.screenshot(path=str(settings.BASE_DIR / "test-results" / "language-rtl-phone.png"), full_page=True)


def test_the_language_page_works_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE_VIEWPORT
    )
    try:
        page = context.new_page()
        page.goto("/language/?next=/about/")
        page.get_by_label("Pseudo-English (accented)").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Use this language").click()

        assert page.url.endswith("/about/")
        assert page.locator("html").get_attribute("lang") == "en-xa"
        assert "[Öþéñ ŝöûŕçé ûñðéŕ ţĥé ṀÎŢ ļîçéñçé]" in page.content()
    finally:
        context.close()
