"""The exchange pages, the import task and `manage.py import_oruk`: a coordinator uploads a file or gives a
feed address, the import runs in the background with its progress, and its page lists every problem or
what was added and updated. Feeds are read from a local HTTP server serving fixture pages."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from ostrom.assets.models import OrukImport, Service
from ostrom.core.models import Progress, Upload
from tests.assets.oruk_support import DATA, make_service, read
from tests.factories import CoordinatorFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def fixed_full_service() -> dict:
    return json.loads(
        json.dumps(read("examples/service_full.json")).replace('"latitude": 100', '"latitude": 52.48')
    )


def upload(client, content: bytes, name="feed.json"):
    return client.post(reverse("assets:exchange"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def coordinator(client):
    person = CoordinatorFactory()
    client.force_login(person)
    return person


def test_an_uploaded_file_imports_in_the_background_and_its_page_lists_what_was_added(
    client, coordinator, run_tasks
):
    response = upload(client, json.dumps([fixed_full_service()]).encode())
    the_import = OrukImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assets:exchange-import", args=[the_import.pk]
    )
    assert the_import.progress.status == Progress.Status.QUEUED and not Service.objects.exists()
    run_tasks()
    the_import.refresh_from_db()
    assert (the_import.added, the_import.updated, the_import.rejected) == (1, 0, 0)
    assert the_import.progress.status == Progress.Status.FINISHED
    assert not Upload.objects.exists()
    page = client.get(reverse("assets:exchange-import", args=[the_import.pk])).content.decode()
    assert "Community Counselling" in page and "1 service added, 0 updated" in page
    assert "<table" in page  # the NHS.UK table of services added
    listing = client.get(reverse("assets:exchange")).content.decode()
    assert "feed.json" in listing and "1 service added, 0 updated" in listing


def test_a_rejected_file_shows_every_problem_with_entry_id_field_and_reason(client, coordinator, run_tasks):
    upload(client, (DATA / "examples" / "service_full.json").read_bytes(), name="service_full.json")
    run_tasks()
    the_import = OrukImport.objects.get()
    assert the_import.progress.status == Progress.Status.FAILED
    assert the_import.rejected == 1 and not Service.objects.exists()
    page = client.get(reverse("assets:exchange-import", args=[the_import.pk])).content.decode()
    for text in ("Problems: nothing was imported", "ac148810-d857-441c-9679-408f346de14b",
                 "service_at_locations[0].location.latitude", "100 is not a latitude"):  # fmt: skip
        assert text in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file or give a feed address"),
        (
            {"url": "ftp://example.org/feed"},
            "Enter the web address of the feed, starting with https:// or http://",
        ),
        ({"file": SimpleUploadedFile("feed.csv", b"a,b")}, "The file must be a JSON (.json) file"),
        (
            {"file": SimpleUploadedFile("feed.json", b"[]"), "url": "https://example.org/feed"},
            "Choose a file or give a feed address, not both",
        ),
    ],
)
def test_the_form_says_what_to_fix(client, coordinator, data, message):
    response = client.post(reverse("assets:exchange"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrukImport.objects.exists()


def test_the_export_download_is_the_public_directory_as_open_referral_uk(client):
    services = [make_service(full=True, n=n) for n in range(2)]
    services[1].status = Service.Status.DEFUNCT
    services[1].save()
    response = client.get(reverse("assets:exchange-export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="ostrom-community-assets-')
    assert [s["id"] for s in json.loads(response.content)] == [str(services[0].oruk_id)]


# A feed served over HTTP ------------------------------------------------------------------------------


class Feed(BaseHTTPRequestHandler):
    pages: dict = {}

    def do_GET(self):  # noqa: N802 - the standard library's name
        parts = urlsplit(self.path)
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        body = self.pages.get((parts.path, page))
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def v3_pages(services: list[dict], per_page: int) -> dict:
    pages, total_pages = {}, (len(services) + per_page - 1) // per_page
    for number in range(1, total_pages + 1):
        contents = services[(number - 1) * per_page : number * per_page]
        pages[("/services", number)] = json.dumps(
            {
                "total_items": len(services),
                "total_pages": total_pages,
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": number == total_pages,
                "empty": False,
                "contents": contents,
            }  # fmt: skip
        ).encode()
    return pages


def test_a_feed_url_is_read_page_by_page(client, coordinator, run_tasks, feed_server):
    place = PlaceFactory()
    exported = [s for s in (make_service(full=True, n=n, place=place) for n in range(5))]
    from ostrom.assets import oruk

    package = oruk.service_package()
    Service.objects.filter(pk__in=[s.pk for s in exported]).delete()
    Feed.pages = v3_pages(package, per_page=2)
    client.post(reverse("assets:exchange"), {"url": f"{feed_server}/services"})
    run_tasks()
    the_import = OrukImport.objects.get()
    assert the_import.added == 5, the_import.report
    assert oruk.service_package() == package


def test_a_v1_feed_url_with_the_v1_paging_keys(feed_server):
    Feed.pages = {("/v1/services", 1): (DATA / "v1-feed.json").read_bytes()}
    out = StringIO()
    call_command("import_oruk", f"{feed_server}/v1/services", stdout=out)
    assert "Imported: 2 services added, 0 updated" in out.getvalue()


def test_a_feed_that_cannot_be_read_is_one_problem_and_nothing_imported(feed_server):
    Feed.pages = {}
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_oruk", f"{feed_server}/missing", stdout=StringIO(), stderr=StringIO())
    assert OrukImport.objects.get().report["rejected"][0]["problem"] == "The feed answered 404 for page 1"


# The command ---------------------------------------------------------------------------------------------


def test_the_command_imports_a_file_prints_the_report_and_exits_zero(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([fixed_full_service()]))
    out = StringIO()
    call_command("import_oruk", str(path), stdout=out)
    assert "added    entry 1: Community Counselling" in out.getvalue()
    assert Service.objects.count() == 1
    out = StringIO()
    call_command("import_oruk", str(path), stdout=out)
    assert "updated  entry 1: Community Counselling" in out.getvalue() and Service.objects.count() == 1


def test_the_command_exits_non_zero_when_nothing_was_imported(tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes((DATA / "examples" / "service_full.json").read_bytes())
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: the feed had 1 problem"):
        call_command("import_oruk", str(path), stdout=StringIO(), stderr=err)
    assert "service_at_locations[0].location.latitude: 100 is not a latitude" in err.getvalue()
    assert not Service.objects.exists()
    with pytest.raises(CommandError, match="No file at"):
        call_command("import_oruk", str(tmp_path / "missing.json"))


def test_the_command_exit_code_from_a_shell(tmp_path):
    """`manage.py import_oruk` as a script runs it: 1 when nothing was imported."""
    from django.core.management import execute_from_command_line

    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_oruk", str(path)])
    assert exited.value.code == 1


def test_only_a_coordinator_for_every_place_may_start_an_import():
    from ostrom.accounts.models import Role
    from ostrom.accounts.permissions import NotAllowed
    from ostrom.assets.exchange_services import start_oruk_import
    from tests.factories import UserFactory

    scoped = UserFactory()
    Role.objects.create(user=scoped, kind=Role.Kind.COORDINATOR, place=PlaceFactory())
    with pytest.raises(NotAllowed):
        start_oruk_import(coordinator=scoped, content=b"[]", filename="feed.json")
    assert not OrukImport.objects.exists()
    start_oruk_import(coordinator=CoordinatorFactory(), content=b"[]", filename="feed.json")
    assert OrukImport.objects.get().source_name == "feed.json"
