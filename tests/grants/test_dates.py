"""Dates follow the event they describe, not the day the code ran: a grant awarded when a result
was published in May 2025 has its returns due from that day, and its 360Giving planned dates too."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from ostrom.grants import counting, opendata
from ostrom.grants.models import Grant, Round
from ostrom.grants.services import results
from tests.factories import CoordinatorFactory, PlaceFactory
from tests.grants.factories import ApplicationFactory, RoundFactory

LONDON = ZoneInfo("Europe/London")
PUBLISHED = datetime(2025, 5, 20, 10, tzinfo=LONDON)


def _published_in_may_2025():
    funding_round = RoundFactory(
        priorities_open_at=datetime(2025, 1, 6, 9, tzinfo=LONDON),
        applications_open_at=datetime(2025, 2, 3, 9, tzinfo=LONDON),
        applications_close_at=datetime(2025, 3, 17, 17, tzinfo=LONDON),
        voting_opens_at=datetime(2025, 4, 7, 9, tzinfo=LONDON),
        voting_closes_at=datetime(2025, 4, 28, 17, tzinfo=LONDON),
    )
    funding_round.fund.places_served.add(PlaceFactory())  # where the fund's returns programme is run
    ApplicationFactory(funding_round=funding_round, title="Chair yoga", status="shortlisted")
    coordinator = CoordinatorFactory()
    counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    results.publish_result(coordinator=coordinator, funding_round=funding_round, published_at=PUBLISHED)
    return Round.objects.get(pk=funding_round.pk)


@pytest.mark.django_db
def test_a_grant_is_awarded_on_the_day_the_result_was_published_with_returns_due_from_then():
    funding_round = _published_in_may_2025()
    grant = Grant.objects.get(application__funding_round=funding_round)

    assert funding_round.published_at == PUBLISHED
    assert grant.award_date == date(2025, 5, 20)
    assert (grant.planned_start_on, grant.planned_end_on) == (date(2025, 5, 20), date(2026, 5, 20))
    returns = grant.returns.order_by("due_on")
    assert [(r.due_on, r.is_final) for r in returns] == [
        (date(2025, 11, 18), False),
        (date(2026, 5, 20), True),
    ]


@pytest.mark.django_db
def test_the_360giving_planned_dates_run_from_the_award_not_the_export():
    _published_in_may_2025()

    record = opendata.package(Grant.objects.public())["grants"][0]

    assert record["awardDate"] == "2025-05-20"
    assert record["plannedDates"] == [{"startDate": "2025-05-20", "endDate": "2026-05-20"}]
