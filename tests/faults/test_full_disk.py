"""A full disk during an upload: gunicorn (deploy/gunicorn.conf.py, DEBUG off) whose temporary folder and
MEDIA_ROOT are on a disk with no room left. An upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is
written to the temporary folder (TMPDIR) while it arrives; decision documents are then kept in the database.
The SQLite database is not on the full disk here (the database going away is test_database_away's case).

Documents uploaded before stay whole and downloadable; the upload that cannot be written gets a plain NHS.UK
page saying the file could not be saved (no traceback, gunicorn stays up), and leaves no record and no
partial file behind.

The disk is made full for real, one way or the other, and each way runs where it can:
- "tmpfs": a 12 MB tmpfs mounted for the test and filled with one file to its last megabyte (mounting needs
  root; where it is not allowed, as in an unprivileged CI container, this one is skipped and says why);
- "file size limit": gunicorn runs under RLIMIT_FSIZE with SIGXFSZ ignored, so the kernel refuses to grow
  any of its files past 8 MB (EFBIG), as a full disk refuses with ENOSPC. Linux always allows this. The limit
  holds for the database file too, which stays well under it.

Nothing is written to MEDIA_ROOT at present (imports and documents keep their files in the database); it is
on the full disk all the same, so that a document stored there one day is refused here too.
"""

import os
import random
import resource
import secrets
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.production.conftest import Response, Site, Visitor, _hidden_input, _stop

from .conftest import new_deployment, serve

MEGABYTE = 1024 * 1024
FILE_SIZE_LIMIT = 8 * MEGABYTE
TMPFS_SIZE = 12 * MEGABYTE


class FullDisk:
    """A folder for TMPDIR and MEDIA_ROOT that runs out of room, and what the server needs to feel it."""

    def __init__(self, way: str, folder: Path):
        self.way, self.folder = way, folder
        self.filler = folder / "filler"

    def preexec_fn(self):
        if self.way != "file size limit":
            return None

        def limit_file_size():
            # Ignored signals stay ignored across exec: a write past the limit fails with EFBIG instead.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))

        return limit_file_size

    def fill(self) -> None:
        """Leave one megabyte free on the tmpfs (under the file size limit every file is already capped)."""
        if self.way == "tmpfs":
            free = os.statvfs(self.folder).f_bavail * os.statvfs(self.folder).f_frsize
            with self.filler.open("wb") as filler:
                filler.write(b"\0" * (free - MEGABYTE))

    def files(self) -> list[str]:
        """Every file in the folder, but the filler."""
        return sorted(
            str(path.relative_to(self.folder))
            for path in self.folder.rglob("*")
            if path.is_file() and path != self.filler
        )

    def files_left(self) -> list[str]:
        """The files once the server has finished with the request. Django deletes an upload's temporary
        file when the server closes the response, which may be just after the browser has it: a file still
        there after 10 seconds is left behind."""
        deadline = time.monotonic() + 10
        while (files := self.files()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return files


@pytest.fixture(params=["tmpfs", "file size limit"])
def full_disk(request, tmp_path):
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if request.param == "tmpfs":
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE // 1024}k", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
        if mounted.returncode != 0:
            pytest.skip(
                f"mounting a tmpfs is not permitted here ({mounted.stderr.strip() or mounted.returncode}): "
                "the full disk is made with the file size limit instead"
            )
        try:
            yield FullDisk("tmpfs", folder)
        finally:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)
    else:
        yield FullDisk("file size limit", folder)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A form as a browser posts it with a file: the body, and its Content-Type."""
    boundary = f"----ostrom{secrets.token_hex(8)}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + content
        + b"\r\n"
        for name, (filename, content_type, content) in files.items()
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def add_document(visitor: Visitor, slug: str, *, title: str, content: bytes) -> Response:
    """Fill in the "Add a document" form and send it, as a browser does."""
    path = f"/decisions/{slug}/documents/add/"
    token = _hidden_input(visitor.get(path).text, "csrfmiddlewaretoken")
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token, "title": title}, {"file": ("paper.pdf", "application/pdf", content)}
    )
    return visitor.request(
        "POST", path, body=body, headers={"Content-Type": content_type, "Origin": visitor.site.origin}
    )


def pdf(size: int, seed: int) -> bytes:
    """A file that looks like a PDF, of exactly `size` bytes that cannot be compressed."""
    start = b"%PDF-1.7\n"
    return start + random.Random(seed).randbytes(size - len(start))


def test_an_upload_the_full_disk_cannot_take_is_refused_plainly_and_loses_nothing_already_stored(
    tmp_path, migrated_sqlite, collected_static, full_disk
):
    """Runs once for each way of filling the disk (the module's docstring); the test's id says which one ran.
    The page is not the form again: the request is refused before the view runs, so what was typed is only
    kept by the browser, which the page asks the person to go back to."""
    deployment = new_deployment(tmp_path / "deployment", migrated_sqlite)
    assert not deployment.database.is_relative_to(full_disk.folder), "the database is not on the full disk"
    decision = deployment.scenario("decision_to_document")
    environment = {
        **deployment.environment,
        "STATIC_ROOT": str(collected_static),
        "TMPDIR": str(full_disk.folder),
        "MEDIA_ROOT": str(full_disk.folder / "media"),
    }
    log_path = deployment.workdir / "gunicorn.log"
    server, port = serve(environment, log_path, preexec_fn=full_disk.preexec_fn())
    site = Site(port=port, log_path=log_path)
    try:
        coordinator = site.visitor()
        assert coordinator.sign_in(decision["email"], PASSWORD).status == 302, site.log()
        # Uploaded while there is room: a small one (kept in memory while it arrives) and one of 3 MB (written
        # to the temporary folder first).
        earlier = {"Agenda": pdf(100_000, seed=1), "Board paper": pdf(3 * MEGABYTE, seed=2)}
        for title, content in earlier.items():
            added = add_document(coordinator, decision["slug"], title=title, content=content)
            assert added.status == 302, added.text[-2000:] + site.log()
        assert full_disk.files_left() == []

        full_disk.fill()
        refused = add_document(
            coordinator, decision["slug"], title="Finance report", content=pdf(9 * MEGABYTE, seed=3)
        )

        assert refused.status == 507, refused.text[-3000:] + site.log()
        assert "The file could not be saved" in refused.text
        assert "nhsuk-header" in refused.text
        assert "Traceback" not in refused.text and "OSError" not in refused.text
        assert full_disk.files_left() == [], "no partial file is left on the full disk"
        assert server.poll() is None, "gunicorn must stay up" + site.log()

        stored = deployment.scenario("documents", slug=decision["slug"])
        assert [title for _, title, _ in stored["documents"]] == list(earlier)
        assert stored["all"] == 2, "no record of the refused upload"
        for (document_id, title, size), content in zip(stored["documents"], earlier.values(), strict=True):
            download = coordinator.get(f"/decisions/{decision['slug']}/documents/{document_id}/")
            assert download.status == 200 and download.body == content, title
            assert size == len(content)

        if full_disk.way == "tmpfs":  # room again: the same upload is taken, with nothing restarted
            full_disk.filler.unlink()
            again = add_document(
                coordinator, decision["slug"], title="Finance report", content=pdf(9 * MEGABYTE, seed=3)
            )
            assert again.status == 302, again.text[-3000:] + site.log()
            assert deployment.scenario("documents", slug=decision["slug"])["all"] == 3
        else:  # the limit bounds every file gunicorn writes: the database stayed under it
            assert deployment.database.stat().st_size < FILE_SIZE_LIMIT
    finally:
        _stop(server)
