"""Backups: the database and the uploaded files in one archive, and restoring one with nothing half done.

One backup is one tar file (`backups/ostrom-<UTC time>.tar`) holding

- `manifest.json`: that it is an Ostrom backup, when it was made, the database engine, the latest applied
  migration of each app, the number of rows in every table and a SHA-256 of the database file;
- `database.sqlite3` (SQLite: a consistent copy made with SQLite's online backup API, safe while the app
  runs in WAL mode) or `database.pgdump` (PostgreSQL: `pg_dump -Fc`, taken in the same snapshot as the
  manifest's counts);
- `media/…`: the uploaded files under MEDIA_ROOT.

Restoring checks everything before changing anything – that the file is an Ostrom backup, undamaged, from
the same kind of database and at the same migrations as this code – then replaces the database in one
step (SQLite's backup API copies every page at once; `pg_restore --single-transaction`), then swaps the
uploaded files in by renaming. Used by `manage.py backup` and `manage.py restore` (`make backup`,
`make restore BACKUP=…`).
"""

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = "ostrom-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Folders the restore works in, inside MEDIA_ROOT so that every move is a rename on one filesystem (MEDIA_ROOT
# itself may be a mounted volume, which cannot be renamed). A backup never includes them.
WORK_PREFIX = ".ostrom-restore-"


class BackupError(Exception):
    """Why a backup could not be made or restored, in words for the operator."""


@dataclass(frozen=True)
class Made:
    path: Path
    tables: int
    rows: int
    media_files: int


# --- making a backup ---------------------------------------------------------------------------------------


def make_backup(*, directory: Path) -> Made:
    """Write a backup of the database and the media files into `directory`; return what it holds."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"ostrom-{stamp}.tar"
    for number in range(2, 100):  # two backups in one second keep both
        if not path.exists():
            break
        path = directory / f"ostrom-{stamp}-{number}.tar"
    engine = _engine()
    # Work beside the backups, not in /tmp: a copy of the database needs the room the archive will need.
    with tempfile.TemporaryDirectory(prefix=".ostrom-backup-", dir=directory) as work:
        dump = Path(work) / DATABASE_FILES[engine]
        if engine == "sqlite":
            migrations, counts = _dump_sqlite(dump)
        else:
            migrations, counts = _dump_postgresql(dump)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database_file": dump.name,
            "database_sha256": _sha256(dump),
            "migrations": migrations,
            "row_counts": counts,
        }
        media_files = 0
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=dump.name)
            for file, name in _media_files():
                try:
                    archive.add(file, arcname=name, recursive=False)
                except (
                    FileNotFoundError
                ):  # deleted since the database was copied, so not in the backup's data
                    continue
                media_files += 1
            manifest["media_files"] = media_files
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
        # Only a finished archive gets its name: a backup cut short (a full disk) is never mistaken for one.
        partial.rename(path)
    return Made(path=path, tables=len(counts), rows=sum(counts.values()), media_files=media_files)


def _dump_sqlite(dump: Path) -> tuple[dict[str, str], dict[str, int]]:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        # All pages in one step, under a read lock: a consistent copy even while others write (WAL mode).
        connection.connection.backup(target)
        # The copy stands alone: no -wal or -shm file beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        migrations = _latest_migrations(target.execute("SELECT app, name FROM django_migrations").fetchall())
        counts = {
            table: target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for (table,) in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        }
    finally:
        target.close()
    return migrations, counts


def _dump_postgresql(dump: Path) -> tuple[dict[str, str], dict[str, int]]:
    """pg_dump in the snapshot the manifest is read in, so its counts and migrations are the dump's own."""
    if connection.in_atomic_block:
        raise BackupError("Make a backup outside a transaction: pg_dump cannot see uncommitted rows.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _latest_migrations(cursor.fetchall())
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        _run_postgresql_tool(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={dump}",
        )
    return migrations, counts


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(WORK_PREFIX))
        for name in sorted(files):
            file = Path(folder) / name
            if file.is_file() and not file.is_symlink():
                yield file, f"{MEDIA}/{file.relative_to(root).as_posix()}"


# --- restoring ------------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    """The manifest of the backup at `path`, or BackupError saying why it is not a backup to restore here."""
    archive = _open(path)
    with archive:
        return _checked_manifest(archive, path)


def restore_backup(*, path: Path) -> dict:
    """Replace the database and the media files with the backup's; return its manifest.

    Everything is checked and unpacked before the first change; the database is replaced in one step, and the
    media files only after it, by renaming folders (the old files come back if the rename fails)."""
    with _open(path) as archive:
        manifest = _checked_manifest(archive, path)
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=WORK_PREFIX, dir=root) as work:
            work = Path(work)
            dump = work / manifest["database_file"]
            incoming = work / "incoming"
            incoming.mkdir()
            _unpack(archive, manifest, dump, incoming)
            if _sha256(dump) != manifest["database_sha256"]:
                raise BackupError(f"{path} is damaged: its database file does not match its manifest.")
            if manifest["engine"] == "sqlite":
                _restore_sqlite(dump, manifest)
            else:
                _restore_postgresql(dump)
            _swap_media(root, incoming, work / "previous")
    return manifest


def restored_counts() -> dict[str, int]:
    """The number of rows in every table now, to compare with a manifest's."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if not table.startswith("sqlite_"):  # SQLite's own statistics, which a backup does not count
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    return counts


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        return tarfile.open(path, "r:")
    except tarfile.TarError:
        raise BackupError(f"{path} is not an Ostrom backup (it is not a tar archive).") from None


def _checked_manifest(archive: tarfile.TarFile, path: Path) -> dict:
    not_ours = f"{path} is not an Ostrom backup (made by `manage.py backup`)"
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, AttributeError, ValueError, tarfile.TarError):
        raise BackupError(f"{not_ours}: it has no readable {MANIFEST}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{not_ours}: its {MANIFEST} is not an Ostrom backup's.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup in format {manifest.get('version')!r}; this code reads {VERSION}."
        )
    engine = manifest.get("engine")
    if engine not in DATABASE_FILES or manifest.get("database_file") != DATABASE_FILES[engine]:
        raise BackupError(f"{not_ours}: its manifest names no database file.")
    if engine != _engine():
        raise BackupError(
            f"{path} is a backup of a {_ENGINE_NAMES[engine]} database, and this site uses {_ENGINE_NAMES[_engine()]}. "
            "Restore it into the kind of database it came from (moving between them is not supported)."
        )
    expected, found = _code_migrations(), manifest.get("migrations")
    if not isinstance(found, dict) or found != expected:
        found = found if isinstance(found, dict) else {}
        differences = [
            f"{app}: the backup is at {found.get(app, 'no migration')}, this code at {expected.get(app, 'no migration')}"
            for app in sorted(set(found) | set(expected))
            if found.get(app) != expected.get(app)
        ]
        raise BackupError(
            f"{path} was made by a different version of Ostrom: its migrations do not match this code's.\n  "
            + "\n  ".join(differences[:10])
            + ("\n  …" if len(differences) > 10 else "")
            + "\nRestore it with the version of Ostrom that made it (then upgrade and run `manage.py migrate`)."
        )
    if not isinstance(manifest.get("database_sha256"), str):
        raise BackupError(f"{not_ours}: its manifest has no checksum for the database.")
    return manifest


def _unpack(archive: tarfile.TarFile, manifest: dict, dump: Path, incoming: Path) -> None:
    """Unpack the database file to `dump` and the media files under `incoming`, refusing anything else."""
    found_dump = False
    for member in archive:
        if member.name == MANIFEST:
            continue
        if member.name == manifest["database_file"] and member.isfile():
            _extract(archive, member, dump)
            found_dump = True
            continue
        name = PurePosixPath(member.name)
        if (
            name.parts[:1] != (MEDIA,)
            or len(name.parts) < 2
            or name.is_absolute()
            or ".." in name.parts
            or not (member.isfile() or member.isdir())
        ):
            raise BackupError(
                f"The backup holds {member.name!r}, which no Ostrom backup holds; nothing was restored."
            )
        if member.isfile():
            target = incoming.joinpath(*name.parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            _extract(archive, member, target)
    if not found_dump:
        raise BackupError(f"The backup has no {manifest['database_file']}; nothing was restored.")


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    source = archive.extractfile(member)
    with target.open("wb") as out:
        shutil.copyfileobj(source, out)


def _restore_sqlite(dump: Path, manifest: dict) -> None:
    if connection.in_atomic_block:
        raise BackupError("Restore outside a transaction.")
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        # A truncated or damaged file may still open, and would be copied as it is: check it first.
        try:
            whole = source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            applied = source.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.Error:
            whole = False
        if not whole or _latest_migrations(applied) != manifest["migrations"]:
            raise BackupError(
                "The backup's database file is damaged or not the one its manifest describes; nothing was restored."
            )
        # Every page in one step, under the database's write lock: other connections see the old database or
        # the restored one, never a mixture, and a failure leaves the old one.
        source.backup(connection.connection)
    except sqlite3.Error as problem:
        raise BackupError(
            f"SQLite could not restore the database ({problem}); nothing was restored."
        ) from None
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("Restore outside a transaction.")
    # Let go of our own connection: pg_restore drops and recreates every table.
    connection.close()
    _run_postgresql_tool(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--no-owner",
        "--no-privileges",
        str(dump),
    )


def _swap_media(root: Path, incoming: Path, previous: Path) -> None:
    """Move today's files aside and the backup's in, by renames inside MEDIA_ROOT; undo on failure."""
    previous.mkdir()
    work = incoming.parent
    moved_out, moved_in = [], []
    try:
        for entry in sorted(root.iterdir()):
            if entry != work and not entry.name.startswith(WORK_PREFIX):
                entry.rename(previous / entry.name)
                moved_out.append(entry.name)
        for entry in sorted(incoming.iterdir()):
            entry.rename(root / entry.name)
            moved_in.append(entry.name)
    except OSError as problem:
        for name in moved_in:
            (root / name).rename(incoming / name)
        for name in moved_out:
            (previous / name).rename(root / name)
        raise BackupError(
            f"The database was restored, but the media files could not be swapped in ({problem}); the old "
            "media files are still in place. Free some space or fix the permissions and restore again."
        ) from None


# --- shared pieces ----------------------------------------------------------------------------------------

_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _latest_migrations(applied) -> dict[str, str]:
    """The latest applied migration of each app. Migration names start with a zero-padded number, so the
    greatest name is the latest (a squashed migration's name sorts after those it replaces)."""
    latest: dict[str, str] = {}
    for app, name in applied:
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _code_migrations() -> dict[str, str]:
    """The latest migration of each app in this code, as `_latest_migrations` would read it once migrated."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = [key for key in loader.disk_migrations if key not in loader.replacements]
    return _latest_migrations(names)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def _postgresql_tool(name: str) -> str:
    """The PostgreSQL client tool on PATH, or the newest in /usr/lib/postgresql/*/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    if installed:
        return installed[0]
    raise BackupError(
        f"{name} is not installed: install PostgreSQL's client tools (e.g. apt-get install postgresql-client)."
    )


def _run_postgresql_tool(name: str, *arguments: str) -> None:
    database = connection.settings_dict
    environment = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    if database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    command = [_postgresql_tool(name), f"--dbname={database['NAME']}", *arguments]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        outcome = "nothing was restored" if name == "pg_restore" else "no backup was written"
        raise BackupError(f"{name} failed ({outcome}):\n{result.stderr.strip()[-2000:]}")
