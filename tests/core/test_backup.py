"""`manage.py backup` and `manage.py restore` (`make backup`, `make restore BACKUP=…`): a round trip gives back
every row of every table and every uploaded file, and a file that is not this code's backup is refused with
nothing changed. Each database stage tests its own engine: SQLite's online backup API, or pg_dump/pg_restore."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from ostrom.places.models import Place
from tests.factories import PlaceFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite stage tests SQLite's backups"
)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL stage tests pg_dump and pg_restore"
)


def every_table() -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of all its rows in primary key order."""
    fingerprints = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            keys = connection.introspection.get_primary_key_columns(cursor, table)
            if not keys:
                keys = [
                    column.name for column in connection.introspection.get_table_description(cursor, table)
                ]
            order = ", ".join(connection.ops.quote_name(key) for key in keys)
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")
            digest, count = hashlib.sha256(), 0
            for row in cursor.fetchall():
                digest.update(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]).encode())
                count += 1
            fingerprints[table] = (count, digest.hexdigest())
    return fingerprints


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".ostrom-restore-" not in path.as_posix()
    }


@pytest.fixture
def site(tmp_path, settings):
    """A site with two uploaded files, its backups kept in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    (settings.MEDIA_ROOT / "assets/imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "assets/imports/feed.json").write_text('{"services": []}')
    (settings.MEDIA_ROOT / "notes ü.txt").write_bytes(b"\x00\xffbinary")
    return settings


def the_backup(settings) -> Path:
    call_command("backup", stdout=io.StringIO())
    (path,) = Path(settings.BACKUP_DIR).glob("ostrom-*.tar")
    return path


def round_trip(site):
    # A person for every role and one of everything, in every app.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        build_world()
    before, files_before = every_table(), every_file(site.MEDIA_ROOT)
    assert sum(count for count, _ in before.values()) > 200, "the world should fill the database"
    backup = the_backup(site)

    # A day of changes after the backup: rows added, changed and deleted; files added and deleted.
    PlaceFactory(code="E-NEWTOWN", name="Newtown")
    Place.objects.filter(code="E-LADYWOOD").update(name="Renamed")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM axes_accessattempt")
        cursor.execute("DELETE FROM auditlog_logentry")
    (site.MEDIA_ROOT / "assets/imports/feed.json").unlink()
    (site.MEDIA_ROOT / "later.csv").write_text("a,b\n")
    assert every_table() != before

    output = io.StringIO()
    call_command("restore", str(backup), interactive=False, stdout=output)

    after = every_table()
    assert [t for t in before if after.get(t) != before[t]] == [], "tables that differ after the round trip"
    assert after.keys() == before.keys()
    assert every_file(site.MEDIA_ROOT) == files_before
    assert "Restored" in output.getvalue()


@on_sqlite
def test_a_sqlite_backup_restores_every_row_and_file(site):
    round_trip(site)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchone()[0] == "ok"


@on_postgresql
def test_a_postgresql_backup_restores_every_row_and_file(site):
    round_trip(site)
    # The sequences came back too: a new row gets a fresh id, not one that is taken.
    newest = Place.objects.latest("pk").pk
    assert PlaceFactory(code="E-AFTER", name="After").pk > newest


def rewritten(backup: Path, target: Path, *, manifest=None, replace: dict[str, bytes] | None = None) -> Path:
    """A copy of `backup` with its manifest edited by `manifest(dict)` and members replaced or added."""
    replace = dict(replace or {})
    with tarfile.open(backup) as source, tarfile.open(target, "w") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                data = json.loads(content)
                manifest(data)
                content = json.dumps(data).encode()
            content = replace.pop(member.name, content)
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
        for name, content in replace.items():
            member = tarfile.TarInfo(name)
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return target


def test_restore_refuses_a_file_that_is_not_this_codes_backup_and_changes_nothing(site, tmp_path):
    backup = the_backup(site)
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"

    def older_migration(manifest):
        manifest["migrations"]["places"] = "0001_initial_from_an_older_ostrom"

    def other_engine(manifest):
        manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
        manifest["database_file"] = "database.pgdump" if connection.vendor == "sqlite" else "database.sqlite3"

    with tarfile.open(backup) as archive:
        half = archive.extractfile(database).read()
    half = half[: len(half) // 2]

    def checksum_of_half(manifest):
        manifest["database_sha256"] = hashlib.sha256(half).hexdigest()

    not_a_tar = tmp_path / "notes.tar"
    not_a_tar.write_text("Meeting notes, not a backup")
    other_tar = tmp_path / "photos.tar"
    with tarfile.open(other_tar, "w") as archive:
        archive.add(site.MEDIA_ROOT / "notes ü.txt", arcname="photo.jpg")

    wrong = {
        not_a_tar: "is not an Ostrom backup",
        other_tar: "is not an Ostrom backup",
        rewritten(
            backup, tmp_path / "older.tar", manifest=older_migration
        ): "places: the backup is at 0001_initial_from",
        rewritten(
            backup, tmp_path / "engine.tar", manifest=other_engine
        ): "Restore it into the kind of database",
        rewritten(backup, tmp_path / "damaged.tar", replace={database: b"not the database"}): "is damaged",
        # Cut short, with a checksum to match: the database itself must be checked, or restored in one transaction.
        rewritten(
            backup, tmp_path / "half.tar", manifest=checksum_of_half, replace={database: half}
        ): "is damaged or not the one|pg_restore failed",
        rewritten(
            backup, tmp_path / "escape.tar", replace={"media/../../escaped.txt": b"x"}
        ): "which no Ostrom backup holds",
    }
    PlaceFactory(code="E-SINCE", name="Since the backup")
    (site.MEDIA_ROOT / "since.txt").write_text("kept")
    before, files_before = every_table(), every_file(site.MEDIA_ROOT)

    for path, message in wrong.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), interactive=False)
        assert every_table() == before, f"{path.name} changed the database"
        assert every_file(site.MEDIA_ROOT) == files_before, f"{path.name} changed the uploaded files"
    assert not (tmp_path / "escaped.txt").exists()
    assert "different version of Ostrom" in _message_of(tmp_path / "older.tar")


def _message_of(path: Path) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path), interactive=False)
    return str(refusal.value)


@on_sqlite
def test_a_sqlite_backup_is_consistent_while_the_site_keeps_writing(tmp_path):
    """The web and a worker keep writing during a backup: the copy is one moment of the database (never half a
    transaction), and the writers are not refused. Each transaction here adds two rows, so a consistent copy
    always holds an even number; a copy of the file with `cp` during writes can hold any number, or be corrupt."""
    database = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(database)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute(
        "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)"
    )
    setup.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('core', '0001_initial', '')")
    setup.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, payload TEXT)")
    setup.commit()
    setup.close()

    stop, written, problems = threading.Event(), [], []

    def write():
        writer = sqlite3.connect(database, timeout=20, isolation_level=None)
        while not stop.is_set():
            try:
                writer.execute("BEGIN IMMEDIATE")
                writer.executemany("INSERT INTO pairs (payload) VALUES (?)", [("x" * 500,)] * 2)
                writer.execute("COMMIT")
                written.append(2)
                time.sleep(0.002)  # a busy site, not a benchmark: leave the CPU to the backup
            except sqlite3.Error as problem:
                problems.append(problem)
        writer.close()

    writers = [threading.Thread(target=write) for _ in range(2)]
    for thread in writers:
        thread.start()
    try:
        while sum(written) < 200:
            time.sleep(0.01)
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))},
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{database}",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "backup", "--directory", str(tmp_path / "backups")],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
    finally:
        stop.set()
        for thread in writers:
            thread.join()
    assert result.returncode == 0, result.stderr
    assert problems == []

    (backup,) = (tmp_path / "backups").glob("ostrom-*.tar")
    with tarfile.open(backup) as archive:
        archive.extract("database.sqlite3", tmp_path / "copy", filter="data")
        manifest = json.loads(archive.extractfile("manifest.json").read())
    copy = sqlite3.connect(tmp_path / "copy/database.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (rows,) = copy.execute("SELECT COUNT(*) FROM pairs").fetchone()
    assert rows >= 200 and rows % 2 == 0
    assert manifest["row_counts"]["pairs"] == rows
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "the copy should need no -wal file"
