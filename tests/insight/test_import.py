"""Bulk import from CSV or XLSX as background work: every row checked with the record form's rules,
problems listed by row, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ostrom.core.models import Progress
from ostrom.insight.importing import COLUMN_ORDER
from ostrom.insight.models import Insight
from tests.factories import PlaceFactory
from tests.insight.factories import coordinator_of

HEADER = "kind,text,source,place,said_on,consent_to_use,publication,consent_wording,speaker_name\n"
GOOD = "story,I missed my appointment,interview,Ladywood,2026-10-01,yes,anonymised,I agree,\n"


@pytest.fixture
def ladywood():
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")


def _upload(client, content: bytes, name="insight.csv"):
    return client.post(reverse("insight:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db(transaction=True)
def test_a_csv_is_imported_in_the_background_with_consent_recorded(client, ladywood, run_tasks):
    coordinator = coordinator_of(ladywood)
    client.force_login(coordinator)
    csv = HEADER + GOOD + "quote,Buses are late,event,E-LADYWOOD,2026-09-12,yes,named,Named is fine,Winston\n"

    response = _upload(client, csv.encode())
    run_tasks()

    progress = Progress.objects.get()
    assert response["Location"] == progress.get_absolute_url()
    assert progress.status == "finished" and progress.message == "2 insights imported"
    named = Insight.objects.get(kind="quote")
    assert named.is_published and named.speaker_name == "Winston" and named.consent_recorded_by == coordinator


@pytest.mark.django_db(transaction=True)
def test_one_bad_row_means_nothing_is_imported_and_each_problem_names_its_row(client, ladywood, run_tasks):
    client.force_login(coordinator_of(ladywood))
    csv = (
        HEADER
        + GOOD
        + "story,No consent here,interview,Ladywood,2026-10-01,no,anonymised,I agree,\n"
        + "story,Named without a name,interview,Nowhere,2026-13-40,yes,named,I agree,\n"
    )

    _upload(client, csv.encode())
    run_tasks()

    progress = Progress.objects.get()
    assert progress.status == "failed" and progress.message == "Nothing was imported: 2 rows had a problem"
    problems = {(p["row"], p["problem"]) for p in progress.details}
    assert (3, "Consent to use must be 'yes': without the person's consent it cannot be kept") in problems
    assert (4, "No place is called or coded 'Nowhere'") in problems
    assert (4, "Said on must be a date, like 2026-11-23") in problems
    assert (
        4,
        "Enter the name they agreed to be published with, or publish it without their name",
    ) in problems
    assert not Insight.objects.exists()
    # The page that says so offers the upload page again, to send a mended file.
    page = client.get(progress.get_absolute_url()).content.decode()
    assert f'href="{reverse("insight:import")}">Try again</a>' in page


@pytest.mark.django_db(transaction=True)
def test_rows_for_a_place_the_coordinator_does_not_run_are_refused(client, ladywood, run_tasks):
    PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind="locality")
    client.force_login(coordinator_of(ladywood))

    _upload(client, (HEADER + GOOD.replace("Ladywood", "Perry Barr")).encode())
    run_tasks()

    assert Progress.objects.get().details == [
        {"row": 2, "problem": "You do not coordinate Perry Barr, so you cannot record insight there"}
    ]
    assert not Insight.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_excel_file_is_read_the_same_way(client, ladywood, run_tasks):
    client.force_login(coordinator_of(ladywood))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(GOOD.strip().split(",") + [""])
    out = io.BytesIO()
    workbook.save(out)

    _upload(client, out.getvalue(), name="insight.xlsx")
    run_tasks()

    assert Insight.objects.get().text == "I missed my appointment"


@pytest.mark.django_db
def test_the_template_has_every_column_and_an_example(client, ladywood):
    client.force_login(coordinator_of(ladywood))

    response = client.get(reverse("insight:import-template"))

    lines = response.content.decode().splitlines()
    assert lines[0] == ",".join(COLUMN_ORDER)
    assert len(lines) == 2 and response["Content-Type"] == "text/csv"
