"""An import's progress reports are written outside its one write transaction. A report inside it would
hold the progress record's lock until the end: the task worker's heartbeat (core/background.py) waits on
that lock, so a long import would show as stopped while it was still running, and the next worker would
record it as failed. Checked here on two imports that write in one transaction: budget lines (a
spreadsheet) and an Open Referral UK feed."""

import json

import pytest
from django.db import connection

from ostrom.assets import oruk_import
from ostrom.assets.models import OrukImport, Service
from ostrom.core.models import Progress
from ostrom.money import importing
from ostrom.money.models import BudgetLine
from tests.assets.oruk_support import DATA

from .test_import import GOOD


@pytest.fixture
def reports(monkeypatch):
    """Each progress report made, with whether a transaction was open at the time."""
    made = []
    advance = Progress.advance

    def recording(progress, percent, message):
        made.append((message, connection.in_atomic_block))
        advance(progress, percent, message)

    monkeypatch.setattr(Progress, "advance", recording)
    return made


@pytest.mark.django_db(transaction=True)
def test_a_budget_import_reports_its_progress_outside_its_transaction(coordinator, icb, reports):
    importing.import_budget_lines(
        actor=coordinator,
        body=icb,
        content=GOOD.encode(),
        filename="budget.csv",
        progress=Progress.objects.create(title="Importing"),
    )

    assert BudgetLine.objects.count() == 3
    assert reports and not any(inside for _message, inside in reports), reports


@pytest.mark.django_db(transaction=True)
def test_an_open_referral_import_reports_its_progress_outside_its_transaction(reports):
    # Enough services for the import to report as it goes, each with its own id.
    service = json.loads((DATA / "v1-feed.json").read_text())["content"][0]
    # (Only the service's own id changes, so its lists, whose items have ids of their own, are left empty.)
    alone = {key: [] if isinstance(value, list) else value for key, value in service.items()}
    feed = [alone | {"id": 90000 + number} for number in range(25)]

    oruk_import.import_content(
        json.dumps(feed).encode(),
        oruk_import=OrukImport.objects.create(source_name="v1"),
        progress=Progress.objects.create(title="Importing"),
    )

    assert Service.objects.count() == 25
    assert reports and not any(inside for _message, inside in reports), reports
