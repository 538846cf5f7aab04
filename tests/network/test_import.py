import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ostrom.accounts import services as account_services
from ostrom.core.models import Progress, Upload
from ostrom.network.models import Organisation
from tests.factories import (
    CoordinatorFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)

HEADER = "name,kind,contact_name,contact_email,places_served,subgroups,charity_number\n"


def _places():
    PlaceFactory(code="DEMO-W11", name="Ladywood", kind="ward")
    PlaceFactory(code="DEMO-W21", name="Handsworth", kind="ward")
    SubgroupFactory(name="Communications", slug="communications")


def _upload(client, content: bytes, name="organisations.csv"):
    return client.post(reverse("network:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db(transaction=True)
def test_an_import_runs_in_the_background_with_progress(client, run_tasks):
    _places()
    client.force_login(CoordinatorFactory())
    csv = (
        HEADER
        + "Caribbean Elders Lunch Club,vcse,Winston Clarke,winston@example.org,Ladywood,Communications,1164883\n"
        "Handsworth Carers,VCSE,Joy Brown,joy@example.org,DEMO-W21;Ladywood,,\n"
    ).encode()

    response = _upload(client, csv)
    progress = Progress.objects.get()
    assert response.url == progress.get_absolute_url() and progress.status == "queued"

    run_tasks()

    progress.refresh_from_db()
    assert progress.status == "finished" and progress.message == "2 organisations imported"
    elders = Organisation.objects.get(name="Caribbean Elders Lunch Club")
    assert elders.status == "member" and elders.org_id == "GB-CHC-1164883"
    assert [s.slug for s in elders.subgroups.all()] == ["communications"]
    assert Organisation.objects.get(name="Handsworth Carers").places_served.count() == 2
    assert "2 organisations imported" in client.get(progress.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_file_with_any_bad_row_imports_nothing_and_lists_each_problem(client, run_tasks):
    _places()
    OrganisationFactory(name="Lozells Refugee Welcome")
    client.force_login(CoordinatorFactory())
    csv = (
        HEADER + "Good Group,vcse,Ana,ana@example.org,Ladywood,,\n"
        "Lozells Refugee Welcome,vcse,Ibrahim,ibrahim@example.org,Ladywood,,\n"
        ",church,Tom,tom-at-example,Atlantis,Gardening,12\n"
    ).encode()

    _upload(client, csv)
    run_tasks()

    progress = Progress.objects.get()
    assert progress.status == "failed" and progress.message.startswith("Nothing was imported")
    problems = {(p["row"], p["problem"]) for p in progress.details}
    assert (
        3,
        "An organisation called Lozells Refugee Welcome is already a member or appears twice",
    ) in problems
    assert (4, "Enter the organisation's name") in problems
    assert (4, "No place is called or coded 'Atlantis'") in problems
    assert (4, "No subgroup is called 'Gardening'") in problems
    assert any(row == 4 and "not an email address" in text for row, text in problems)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Lozells Refugee Welcome"]
    page = client.get(progress.get_absolute_url()).content.decode()
    assert "Problems found, by row" in page and "Atlantis" in page


@pytest.mark.django_db(transaction=True)
def test_an_excel_file_imports_too(client, run_tasks):
    _places()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Kind", "Contact_name", "Contact_email", "Places_served"])
    sheet.append(["Somali Parents Network", "vcse", "Halima Osman", "halima@example.org", "Handsworth"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(CoordinatorFactory())

    _upload(client, buffer.getvalue(), name="members.xlsx")
    run_tasks()

    assert Organisation.objects.get().name == "Somali Parents Network"


@pytest.mark.django_db
def test_only_coordinators_can_import(client):
    client.force_login(UserFactory())
    assert _upload(client, HEADER.encode()).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_one_organisation_imported_is_said_in_the_singular(client, run_tasks):
    _places()
    client.force_login(CoordinatorFactory())

    _upload(client, (HEADER + "Somali Parents Network,vcse,Halima,halima@example.org,Ladywood,,\n").encode())
    run_tasks()

    progress = Progress.objects.get()
    assert progress.message == "1 organisation imported"
    assert "1 organisation imported" in client.get(progress.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_rejected_file_counts_rows_with_problems_not_problems_and_shows_no_percentage(client, run_tasks):
    _places()
    client.force_login(CoordinatorFactory())
    csv = (
        (
            HEADER + "Good Group,vcse,Ana,ana@example.org,Ladywood,,\n"
            ",church,Tom,tom-at-example,Atlantis,Gardening,12\n"  # row 3: several problems
            "Second,vcse,Bo,bo@example.org,Atlantis,,\n"  # row 4: one problem
        ).encode()
    )

    _upload(client, csv)
    run_tasks()

    progress = Progress.objects.get()
    assert len({p["row"] for p in progress.details}) == 2 and len(progress.details) > 2
    assert progress.message == "Nothing was imported: 2 rows had a problem"
    page = client.get(progress.get_absolute_url()).content.decode()
    assert "Nothing was imported: 2 rows had a problem" in page
    assert "% done" not in page


@pytest.mark.django_db(transaction=True)
def test_a_file_with_one_bad_row_says_row_in_the_singular(client, run_tasks):
    _places()
    client.force_login(CoordinatorFactory())

    _upload(client, (HEADER + ",church,Tom,tom-at-example,Atlantis,Gardening,12\n").encode())
    run_tasks()

    assert Progress.objects.get().message == "Nothing was imported: 1 row had a problem"


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_file_says_nothing_was_imported_and_why_without_a_percentage(client, run_tasks):
    client.force_login(CoordinatorFactory())

    _upload(client, b"\xff\xfe not utf-8", name="organisations.csv")
    run_tasks()

    progress = Progress.objects.get()
    assert progress.message == "Nothing was imported. The CSV file must be saved as UTF-8"
    page = client.get(progress.get_absolute_url()).content.decode()
    assert "Nothing was imported" in page and "%" not in page.split("<main")[1].split("</main>")[0]


# The uploaded file may hold other people's contact details: it is personal data of the person who
# uploaded it while it is stored (it is deleted once the import has run).


@pytest.mark.django_db(transaction=True)
def test_a_persons_download_includes_the_files_they_uploaded_that_are_still_stored(client):
    _places()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    _upload(client, (HEADER + "Somali Parents Network,vcse,Halima,halima@example.org,Ladywood,,\n").encode())

    data = account_services.export_personal_data(user=coordinator)

    [upload] = data["files_uploaded"]
    assert upload["filename"] == "organisations.csv" and "halima@example.org" in upload["content"]
    assert account_services.export_personal_data(user=UserFactory())["files_uploaded"] == []
    assert Upload in account_services.models_with_personal_data()


@pytest.mark.django_db(transaction=True)
def test_erasing_the_uploader_deletes_a_file_waiting_to_be_imported_and_the_import_says_so(client, run_tasks):
    _places()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    _upload(client, (HEADER + "Somali Parents Network,vcse,Halima,halima@example.org,Ladywood,,\n").encode())

    account_services.erase_person(user=coordinator, requested_by=coordinator)
    run_tasks()

    assert not Upload.objects.exists() and not Organisation.objects.exists()
    progress = Progress.objects.get()
    assert progress.status == "failed" and progress.started_by is None
    assert progress.message.startswith("Nothing was imported. The file was deleted")
