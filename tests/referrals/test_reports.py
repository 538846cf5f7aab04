"""The social prescribing report of a place, counted by hand: 25 people referred in Ladywood (some in a
ward inside it) in the last 12 months, with referrals elsewhere and earlier that must not count.

The hand-made groups, and the headline counts (25 people, 30 social prescriptions), are multiples of 5,
which the cell-key rounding leaves as they are (a count with no remainder is never moved), so every
figure can be checked exactly; groups with nobody show as "fewer than 5". Counts that are not
multiples of 5 are checked in test_report_small_counts.py."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.core.suppression import SUPPRESSED_TEXT
from ostrom.referrals import report_presenters, reports
from ostrom.referrals.models import Referral
from ostrom.surveys import swemwbs
from tests.factories import UserFactory
from tests.referrals.report_story import AFTER, BEFORE, build_story


@pytest.fixture
def story(db, settings):
    settings.BREAKDOWN_MINIMUM_PEOPLE = 20
    settings.SUPPRESSION_THRESHOLD = 5
    return build_story()


CAPTIONS = {
    "need": "People referred, by need",
    "asset": "People referred, by asset",
    "category": "People referred, by category",
    "ethnic_group": "People referred, by ethnic group",
    "imd_decile": "People referred, by deprivation",
    "age_band": "People referred, by age band",
}


def _rows(table_or_breakdown):
    return {row.code: row.cell.text for row in table_or_breakdown.rows}


def _table(report, key):
    return next(table for table in report.tables if table.key == key)


def _breakdown(report, by):
    return next(breakdown for breakdown in report.breakdowns if breakdown.dimension == by)


def test_the_headline_figures_count_the_place_and_everything_inside_it_in_the_period(story):
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    assert report.people.count == 25
    assert report.prescriptions.count == 30  # 15 + 5 × 2 + 5
    assert report_presenters.headline(report) == (
        "In the last 12 months link workers in Ladywood made about 30 social prescriptions for about "
        "25 people; 60% went at least once."
    )


def test_conversion_and_the_median_time_to_first_going(story):
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    assert report.conversion.accepted.count == 20  # 15 went, 5 accepted by the pantry
    assert report.conversion.attended.count == 15
    assert report.accepted_share == pytest.approx(0.8)
    assert report.attended_share == pytest.approx(0.6)
    assert report.median_days_to_attend == 8  # 1 to 15 days


def test_people_by_need_asset_and_category(story):
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    needs = _rows(_table(report, "need"))
    assert needs["loneliness"] == "15"
    assert needs["money"] == "10"
    assert needs["food"] == SUPPRESSED_TEXT
    assets = {row.label: row.cell.text for row in _table(report, "asset").rows}
    assert assets == {"Friday lunch club": "20", "Pantry and money advice": "10"}
    categories = _rows(_table(report, "category"))
    assert categories["meeting-people"] == "20"
    assert categories["food"] == "10"
    assert categories["money-advice"] == "10"
    assert categories["carers"] == SUPPRESSED_TEXT
    loneliness = next(row for row in _table(report, "need").rows if row.code == "loneliness")
    assert loneliness.cell.share == pytest.approx(15 / 25)


def test_who_was_referred_against_the_population(story):
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    ethnic = _breakdown(report, "ethnic_group")
    assert _rows(ethnic) == {
        "asian": "15",
        "black": "5",
        "mixed": SUPPRESSED_TEXT,
        "white": SUPPRESSED_TEXT,
        "other": SUPPRESSED_TEXT,
        "prefer_not_to_say": SUPPRESSED_TEXT,
        "not_answered": "5",
    }
    population = {row.code: row.population_share for row in ethnic.rows}
    assert population["asian"] == pytest.approx(0.55)
    assert population["black"] == pytest.approx(0.25)
    assert population["white"] == pytest.approx(0.20)
    deciles = _breakdown(report, "imd_decile")
    assert _rows(deciles)["2"] == "10"
    assert _rows(deciles)["5"] == "10"
    assert _rows(deciles)["not_answered"] == "5"
    assert {row.code: row.population_share for row in deciles.rows}["2"] == pytest.approx(0.5)
    ages = _breakdown(report, "age_band")
    assert _rows(ages)["65-74"] == "10"
    assert _rows(ages)["25-34"] == "10"
    assert {row.code: row.population_share for row in ages.rows}["25-34"] == pytest.approx(0.7)


def test_wellbeing_change_uses_the_one_scoring_function(story):
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    summary = report.wellbeing
    gain = swemwbs.metric_score(AFTER) - swemwbs.metric_score(BEFORE)
    assert gain >= settings.SWEMWBS_MEANINGFUL_CHANGE
    assert summary.pair_count == 10
    assert summary.improved.count == 5
    assert summary.meaningful_improvement.share == pytest.approx(0.5)
    assert summary.mean_change == pytest.approx(round(gain, 2) / 2)
    assert summary.confidence_low < summary.mean_change < summary.confidence_high


def test_a_ward_counts_only_its_own_referrals(story):
    report = reports.report_for(story["ward"], reports.last_12_months())
    assert reports.referrals_in(story["ward"], reports.last_12_months()).count() == 12  # the odd-numbered
    assert report.people.count in (10, 15)  # rounded to 5
    assert report.too_few_text  # under 20: nothing is broken down
    assert report.conversion is None and report.tables == [] and report.breakdowns == []
    assert report.median_days_to_attend is None


def test_a_group_of_four_is_never_shown_and_cannot_be_worked_out_from_the_total(story):
    # Four of the people waiting for the pantry turn out to be Roma; the fifth did not answer.
    for referral in story["referrals"][20:24]:
        Referral.objects.filter(pk=referral.pk).update(
            consent_recorded_at=timezone.now(), ethnic_group="white_roma"
        )
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    ethnic = _breakdown(report, "ethnic_group")
    white = next(row for row in ethnic.rows if row.code == "white")
    assert white.cell.text in (SUPPRESSED_TEXT, "5")  # 4 is never shown
    shown = [row.cell.count for row in ethnic.rows if not row.cell.is_suppressed]
    total = int(ethnic.total_text.replace(",", ""))
    # Every shown count and the total are multiples of 5, so no subtraction can give 1 to 4.
    assert all(count % 5 == 0 for count in shown) and total % 5 == 0
    assert (total - sum(shown)) % 5 == 0
    for table in report.tables:
        assert all(row.cell.is_suppressed or row.cell.count % 5 == 0 for row in table.rows)


def test_fewer_than_the_minimum_people_are_not_broken_down_at_all(story):
    for referral in story["referrals"][19:]:
        referral.delete()
    report = reports.report_for(story["ladywood"], reports.last_12_months())
    assert reports.referrals_in(story["ladywood"], reports.last_12_months()).count() == 19
    assert report.people.count in (15, 20)
    assert report.too_few_text.startswith("Fewer than 20 people")
    assert report.breakdowns == [] and report.tables == [] and report.conversion is None
    assert "went at least once" not in report_presenters.headline(report)


def test_the_period_chosen_counts_only_referrals_made_in_it(story):
    today = timezone.localdate()
    period = reports.period_of(today - timedelta(days=44), today - timedelta(days=40))
    report = reports.report_for(story["ladywood"], period)
    assert report.people.count == 5  # referred 40 to 44 days ago
    assert report_presenters.headline(report).startswith("From ")


def test_a_period_must_run_forwards_and_be_at_most_5_years():
    today = timezone.localdate()
    with pytest.raises(ValidationError) as backwards:
        reports.period_of(today, today - timedelta(days=1))
    assert backwards.value.message_dict == {"start": [reports.PERIOD_BACKWARDS]}
    with pytest.raises(ValidationError) as too_long:
        reports.period_of(today - timedelta(days=6 * 365), today)
    assert too_long.value.message_dict == {"start": [reports.PERIOD_TOO_LONG]}
    assert reports.period_of(None, None) == reports.last_12_months()


# The page, its CSV and the API -----------------------------------------------------------------


def test_the_link_worker_sees_the_page_with_the_same_figures_as_its_csv(client, story):
    client.force_login(story["worker"])
    page = client.get(reverse("referrals:report", args=["E-LADYWOOD"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "made about 30 social prescriptions for about 25 people; 60% went at least once" in html
    assert "<table" in html and "ostrom-bar" in html
    response = client.get(reverse("referrals:report-csv", args=["E-LADYWOOD"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    figures = {(row["section"], row["group"]): row["people"] for row in rows}
    assert figures[("headline", "People referred (rounded to 5)")] == "25"
    assert figures[("headline", "Social prescriptions (rounded to 5)")] == "30"
    assert figures[("conversion", "Went at least once (rounded to 5)")] == "15"
    assert figures[("need", "Loneliness or isolation")] == "15"
    assert figures[("asset", "Friday lunch club")] == "20"
    assert figures[("ethnic_group", "Asian, Asian British or Asian Welsh")] == "15"
    assert figures[("need", "Food")] == SUPPRESSED_TEXT
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split()) + " "
    for row in rows:  # every figure in the file is on the page
        if row["section"] in ("need", "asset", "category", "ethnic_group", "imd_decile", "age_band"):
            section = text[text.index(CAPTIONS[row["section"]]) :]
            after = section[section.index(row["group"]) + len(row["group"]) :][:120]
            assert f" {row['people']} " in after, (row, after)


def test_the_chooser_changes_the_place_and_the_period(client, story):
    client.force_login(story["worker"])
    response = client.get(
        reverse("referrals:report", args=["E-LADYWOOD"]),
        {"place": "E-SOHO", "start": "2026-01-01", "end": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:report", args=["E-SOHO"]) + "?start=2026-01-01"
    index = client.get(reverse("referrals:reports"))
    assert index["Location"] == reverse("referrals:report", args=["E-LADYWOOD"])


def test_a_backwards_period_is_explained_on_the_page(client, story):
    client.force_login(story["worker"])
    page = client.get(
        reverse("referrals:report", args=["E-LADYWOOD"]), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert page.status_code == 200
    assert str(reports.PERIOD_BACKWARDS) in page.content.decode()
    bad = client.get(reverse("referrals:report-csv", args=["E-LADYWOOD"]), {"start": "not a date"})
    assert bad.status_code == 400


@pytest.mark.parametrize("who", ["link_worker_elsewhere", "resident"])
def test_a_link_worker_of_another_place_and_a_resident_are_refused(client, story, who):
    user = UserFactory()
    if who == "link_worker_elsewhere":
        Role.objects.create(user=user, kind=Role.Kind.LINK_WORKER, place=story["perry_barr"])
    else:
        Role.objects.create(user=user, kind=Role.Kind.RESIDENT)
    client.force_login(user)
    assert client.get(reverse("referrals:report", args=["E-LADYWOOD"])).status_code == 403
    assert client.get(reverse("referrals:report-csv", args=["E-LADYWOOD"])).status_code == 403
    assert client.get("/api/referrals/reports/E-LADYWOOD").status_code == 403


def test_the_api_gives_the_same_numbers_as_the_page(client, story):
    client.force_login(story["worker"])
    answer = client.get("/api/referrals/reports/E-LADYWOOD").json()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("referrals:report-csv", args=["E-LADYWOOD"])).content.decode())
        )
    )
    figures = {(row["section"], row["group"]): row["people"] for row in rows}
    assert answer["people_referred"] == 25 and answer["social_prescriptions"] == 30
    assert answer["people_referred_text"] == "25" and answer["social_prescriptions_text"] == "30"
    assert answer["conversion"]["referred"] == 25
    assert answer["conversion"]["attended"] == {"people": 15, "share": 0.6}
    assert answer["median_days_to_first_attendance"] == 8
    assert answer["wellbeing"]["pairs"] == 10
    for key, entries in answer["tables"].items():
        for entry in entries:
            expected = figures[(key, entry["label"])]
            assert (str(entry["people"]) if entry["people"] is not None else SUPPRESSED_TEXT) == expected
    for key, entries in answer["breakdowns"].items():
        for entry in entries:
            expected = figures[(key, entry["label"])]
            assert (str(entry["people"]) if entry["people"] is not None else SUPPRESSED_TEXT) == expected
    assert answer["headline"] == report_presenters.headline(
        reports.report_for(story["ladywood"], reports.last_12_months())
    )
    later = client.get("/api/referrals/reports/E-LADYWOOD", {"start": "2026-05-01", "end": "2026-04-01"})
    assert later.status_code == 422


def test_a_place_code_no_place_could_have_is_not_found(client, story):
    client.force_login(story["worker"])
    for code in ("a\x00b", "X" * 300, "E01000001"):  # a NUL, too long, a small area
        assert client.get(f"/api/referrals/reports/{code}").status_code == 404
        assert client.get(f"/referrals/reports/{code}/").status_code == 404


def test_a_place_not_in_the_list_or_a_date_that_is_not_one_is_explained(client, story):
    client.force_login(story["worker"])
    url = reverse("referrals:report", args=["E-LADYWOOD"])
    chosen_elsewhere = client.get(url, {"place": "E-PERRYBARR"}).content.decode()
    assert "Choose a place from the list" in chosen_elsewhere
    not_a_date = client.get(url, {"start": "31/02/2026"}).content.decode()
    assert "Enter a date, like 2026-04-01" in not_a_date
    # The figures shown are then the last 12 months'.
    assert "made about 30 social prescriptions for about 25 people" in not_a_date
    assert client.get("/api/referrals/reports/E-LADYWOOD", {"start": "31/02/2026"}).status_code == 422
