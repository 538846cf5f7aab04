"""The social prescribing report in Chromium: a Ladywood link worker opens the reports, reads the
headline, the conversion and the breakdowns (at a desktop and on a 390 × 844 phone), chooses a ward
inside Ladywood with too few referrals to break down, and finds the CSV download."""

import pytest

from tests.factories import PASSWORD
from tests.referrals.report_story import build_story

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def story(transactional_db, settings):
    settings.BREAKDOWN_MINIMUM_PEOPLE = 20
    settings.SUPPRESSION_THRESHOLD = 5
    return build_story()


def test_a_link_worker_reads_the_report_for_their_place_and_a_ward_inside_it(visitor, story):
    worker = visitor()
    worker.sign_in(story["worker"].email, PASSWORD)
    page = worker.visit("/referrals/reports/")
    assert page.url.endswith("/referrals/reports/E-LADYWOOD/")
    content = page.content()
    assert "made about 30 social prescriptions for about 25 people; 60% went at least once" in content
    assert page.get_by_role("table", name="From referral to going").is_visible()
    assert page.get_by_role("table", name="People referred, by need").is_visible()
    assert page.get_by_role("table", name="People referred, by ethnic group").is_visible()
    assert "Half of the people who went had gone within" in content
    csv_link = page.get_by_role("link", name="Download these figures (CSV)")
    assert "/referrals/reports/E-LADYWOOD/report.csv?start=" in csv_link.get_attribute("href")

    page.get_by_label("Place").select_option(label="Soho")
    worker.click_and_check("Show the report")
    assert "/referrals/reports/E-SOHO/" in page.url
    assert "Fewer than 20 people" in page.content()

    phone = visitor(viewport=PHONE)
    phone.sign_in(story["worker"].email, PASSWORD)
    phone.visit("/referrals/reports/E-LADYWOOD/")
