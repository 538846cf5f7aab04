"""Exchanging the directory as Open Referral UK in Chromium: a coordinator for every place uploads the
profile's own example as published and sees it rejected with the latitude named and nothing imported;
uploads it corrected and sees the service added; downloads the directory as Open Referral UK JSON that
re-imports to the same; and the pages work on a phone. axe checks every page."""

import json

import pytest
from django.core.management import call_command

from ostrom.accounts.models import Role
from ostrom.assets.models import Service
from tests.assets.oruk_support import DATA, assert_valid
from tests.factories import PASSWORD, UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coordinator_account(transactional_db):
    person = UserFactory(email="coordinator@example.org", full_name="Cam Coordinator")
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR)
    return person


def test_a_coordinator_imports_a_feed_sees_the_problem_then_the_result_and_downloads_the_export(
    visitor, coordinator_account, tmp_path
):
    published = (DATA / "examples" / "service_full.json").read_text()
    bad = tmp_path / "service_full.json"
    bad.write_text(published)
    good = tmp_path / "counselling.json"
    good.write_text(published.replace('"latitude": 100', '"latitude": 52.48'))

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    page = coordinator.visit("/assets/exchange/")
    assert "Nothing has been imported yet" in page.content()

    # Submitting with nothing chosen says what to do.
    coordinator.click_and_check("Import")
    assert page.get_by_role("link", name="Choose a file or give a feed address").is_visible()

    # The profile's example as published: its latitude of 100 is rejected, and nothing is imported.
    page.locator("input[type=file]").set_input_files(str(bad))
    coordinator.click_and_check("Import")
    assert page.get_by_role("heading", name="service_full.json").is_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    coordinator.check_accessibility()
    problems = page.get_by_role("table", name="Every problem found, by entry")
    assert "service_at_locations[0].location.latitude" in problems.inner_text()
    assert "100 is not a latitude" in problems.inner_text()
    assert not Service.objects.exists()

    # Corrected, it imports.
    page = coordinator.visit("/assets/exchange/")
    page.locator("input[type=file]").set_input_files(str(good))
    coordinator.click_and_check("Import")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    coordinator.check_accessibility()
    assert "1 service added, 0 updated" in page.content()
    assert (
        "Community Counselling" in page.get_by_role("table", name="Services added and updated").inner_text()
    )
    assert Service.objects.get().name == "Community Counselling"

    # Past imports are listed; the directory downloads as Open Referral UK.
    page = coordinator.visit("/assets/exchange/")
    assert page.get_by_role("link", name="counselling.json").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every public entry as Open Referral UK JSON").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert_valid(exported, "service_package")
    assert [s["name"] for s in exported] == ["Community Counselling"]

    # On a phone nothing is wider than the screen.
    phone = visitor(viewport=PHONE)
    phone.sign_in("coordinator@example.org", PASSWORD)
    for path in ("/assets/exchange/", page.url):
        phone.visit(path)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a phone"
