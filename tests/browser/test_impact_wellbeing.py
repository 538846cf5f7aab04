"""Wellbeing and open data in Chromium: a coordinator links a programme's baseline and follow-up panel
surveys, reads the wellbeing summary (at a desktop and on a 390 × 844 phone), and downloads the open
data package, which frictionless finds valid."""

import zipfile

import frictionless
import pytest
from django.core.management import call_command

from ostrom.accounts.models import Role
from tests.factories import PASSWORD, PlaceFactory, UserFactory
from tests.impact.opendata_factories import programme_with_returns
from tests.impact.wellbeing_factories import answer, answers, swemwbs_survey

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def setting(transactional_db):
    ladywood = PlaceFactory(name="Ladywood", code="E-LADYWOOD")
    coordinator = UserFactory(email="coordinator@example.org", full_name="Lee Ladywood")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    programme, _ = programme_with_returns(ladywood)
    baseline = swemwbs_survey(place=ladywood, title="Spring wellbeing check", days_ago=200)
    follow_up = swemwbs_survey(place=ladywood, title="Winter panel survey", days_ago=20)
    for before, after in [(20, 26)] * 8 + [(24, 24)] * 5 + [(26, 21)] * 5:
        person = UserFactory()
        answer(baseline, person, answers(before))
        answer(follow_up, person, answers(after))
    return {"programme": programme, "coordinator": coordinator, "baseline": baseline, "follow_up": follow_up}


def test_a_coordinator_reads_the_wellbeing_summary_and_downloads_the_open_data(visitor, setting, tmp_path):
    programme = setting["programme"]
    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)

    page = coordinator.visit(f"/impact/{programme.slug}/wellbeing/")
    assert "There are 0 complete pairs of scores so far" in page.content()
    page.get_by_label("Baseline survey").select_option(label="Spring wellbeing check")
    page.get_by_label("Follow-up survey").select_option(label="Winter panel survey")
    coordinator.click_and_check("Link the surveys")
    # Copying the answers is background work: its progress page, then the worker, then the summary.
    assert page.get_by_role("heading", name="Copying the wellbeing answers for").is_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.get_by_text("36 wellbeing scores copied from the surveys").wait_for(timeout=10_000)
    coordinator.check_accessibility()
    page = coordinator.visit(f"/impact/{programme.slug}/wellbeing/")

    content = page.content()
    assert "18 people answered the wellbeing statements" in content
    assert "44% of them scored higher at follow-up" in content  # 8 of 18
    assert "28% declined by 3 points or more" in content  # 5 of 18
    assert "a change of 3 points or more" in content
    assert page.get_by_role("table").count() == 1

    phone = visitor(viewport=PHONE)
    phone.sign_in("coordinator@example.org", PASSWORD)
    phone.visit(f"/impact/{programme.slug}/wellbeing/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"

    page.get_by_role("link", name="open data for evaluators").click()
    coordinator.check_accessibility()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the open data").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{programme.slug}-open-data.zip"
    with zipfile.ZipFile(saved) as archive:
        archive.extractall(tmp_path / "package")
    report = frictionless.validate(tmp_path / "package" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
