"""Moving grants' monitoring returns into impact returns (grants 0007): each one becomes a Return of
the fund's "Grant return" template with its answers, and nothing else changes."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ostrom.grants.models import Grant
from tests.factories import PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory

BEFORE = [("grants", "0006_erasure_unlinks_people"), ("impact", "0004_wellbeing_surveys")]
AFTER = [
    ("grants", "0007_grant_returns_are_impact_returns"),
    ("impact", "0005_grant_returns_are_impact_returns"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_monitoring_returns_become_the_funds_grant_returns_with_their_answers():
    old = _migrate(BEFORE)
    try:
        place, user = PlaceFactory(), UserFactory()
        application = ApplicationFactory(status="funded")
        fund = application.funding_round.fund
        fund.places_served.add(place)
        grant = Grant.objects.create(
            application=application, identifier="360G-mig-1", amount_awarded=500, award_date=date(2025, 5, 20)
        )
        MonitoringReturn = old.get_model("grants", "MonitoringReturn")
        MonitoringReturn.objects.create(
            grant_id=grant.pk,
            due_on=date(2025, 11, 18),
            what_happened="Weekly walks",
            people_reached=40,
            submitted_at=datetime(2025, 11, 10, tzinfo=UTC),
            submitted_by_id=user.pk,
        )
        MonitoringReturn.objects.create(grant_id=grant.pk, due_on=date(2026, 5, 20), is_final=True)

        new = _migrate(AFTER)
        Return = new.get_model("impact", "Return")
        progress, final = Return.objects.filter(grant_id=grant.pk).order_by("due_on")
        assert (progress.due_on, progress.is_final, progress.submitted_by_id) == (
            date(2025, 11, 18),
            False,
            user.pk,
        )
        assert progress.organisation_id == application.organisation_id
        assert (final.due_on, final.is_final, final.submitted_at) == (date(2026, 5, 20), True, None)
        assert progress.template_id == final.template_id
        template = progress.template
        assert template.name == "Grant return" and template.programme.fund_id == fund.pk
        assert template.programme.place_id == place.pk and template.programme.kind == "fund"
        answers = {a.question.kind: a.value for a in progress.answers.all()}
        assert answers == {"story": "Weekly walks", "count": 40}
        assert not final.answers.exists()
        assert [q.kind for q in template.questions.order_by("position")] == [
            "story",
            "count",
            "people_by_group",
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
