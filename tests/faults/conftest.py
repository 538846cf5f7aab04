"""Faults (issue 19): real processes – a task worker, gunicorn, a PostgreSQL server – on real files, stopped
the hard way. Each test gets its own SQLite file copied from one migrated database per session; the steps
that build data and check it run in `python -m tests.faults.scenarios`, a separate process on that file,
as a web process would."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.production.conftest import ROOT, production_environment, serve  # noqa: F401 (serve: for the tests here)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.production)
            # So pytest-django creates the test database, which `migrated_sqlite` copies when it can.
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    """An empty, migrated SQLite file with its cache table: a copy of the test database when the suite runs on
    SQLite (no second migration), otherwise migrated here."""
    path = tmp_path_factory.mktemp("faults-template") / "migrated.sqlite3"
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            tables = target.execute(
                "select count(*) from sqlite_master where name = 'core_progress'"
            ).fetchone()
            target.close()
    if connection.vendor != "sqlite" or tables != (1,):
        environment = production_environment(path.parent)
        environment["DATABASE_URL"] = f"sqlite:///{path}"
        for command in (["migrate", "--noinput", "--verbosity", "0"], ["createcachetable"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment, check=True)
    return path


@dataclass
class Deployment:
    """One deployment's database file and environment, with the app's own commands run against it."""

    workdir: Path
    environment: dict[str, str]

    @property
    def database(self) -> Path:
        return self.workdir / "ostrom.sqlite3"

    def scenario(self, name: str, **arguments) -> dict:
        """Run one step of tests/faults/scenarios.py in its own process; it answers in JSON."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.faults.scenarios", name, json.dumps(arguments)],
            cwd=ROOT,
            # A web process's view of the same database; DEBUG only so pages render without collected files.
            env={**self.environment, "DEBUG": "true"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            pytest.fail(f"scenario {name} failed:\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start_worker(self, *extra: str) -> subprocess.Popen:
        log = (self.workdir / "worker.log").open("a")
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval=0.2",
                *extra,
            ],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def run_worker_until_idle(self, *extra: str) -> None:
        worker = self.start_worker("--batch", *extra)
        if worker.wait(timeout=300) != 0:
            pytest.fail(f"the worker failed:\n{self.worker_log()}")

    def worker_log(self) -> str:
        return (self.workdir / "worker.log").read_text(errors="replace")[-10_000:]

    def progress(self, progress_id: int) -> tuple[str, int, str]:
        with sqlite3.connect(self.database, timeout=20) as database:
            return database.execute(
                "select status, percent, message from core_progress where id = ?", [progress_id]
            ).fetchone()

    def is_writing(self) -> bool:
        """Whether a transaction is writing to the database now: it holds SQLite's write lock for a
        moment longer than any single statement does (each probe gives up at once)."""
        for _ in range(5):
            probe = sqlite3.connect(self.database, timeout=0, isolation_level=None)
            try:
                probe.execute("begin immediate")
                probe.execute("rollback")
                return False
            except sqlite3.OperationalError:  # database is locked
                time.sleep(0.05)
            finally:
                probe.close()
        return True

    def kill_when(
        self, worker: subprocess.Popen, progress_id: int, reached, *, timeout: float = 120
    ) -> tuple:
        """kill -9 the worker as soon as the progress record satisfies `reached` (polled, as the page does)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                pytest.fail(f"the worker ended before it could be killed:\n{self.worker_log()}")
            state = self.progress(progress_id)
            if reached(*state):
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
                return state
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        pytest.fail(f"the task never got going: {self.progress(progress_id)}\n{self.worker_log()}")


# How quickly a stopped worker's work is noticed in these tests (a deployment's defaults are 15 s / 120 s).
HEARTBEAT_SECONDS = 0.5
STOPPED_AFTER_SECONDS = 3


def new_deployment(workdir: Path, migrated_sqlite: Path) -> Deployment:
    workdir.mkdir(exist_ok=True)
    environment = production_environment(workdir)
    shutil.copy(migrated_sqlite, workdir / "ostrom.sqlite3")
    environment["TASK_HEARTBEAT_SECONDS"] = str(HEARTBEAT_SECONDS)
    environment["TASK_STOPPED_AFTER_SECONDS"] = str(STOPPED_AFTER_SECONDS)
    environment["PYTHONPATH"] = str(ROOT)
    return Deployment(workdir=workdir, environment=environment)


@pytest.fixture
def deployment(tmp_path, migrated_sqlite) -> Deployment:
    return new_deployment(tmp_path, migrated_sqlite)


@pytest.fixture
def second_deployment(tmp_path, migrated_sqlite) -> Deployment:
    """Another deployment from the same empty database, for the same work done without a fault."""
    return new_deployment(tmp_path / "second", migrated_sqlite)


def manage(environment: dict, *arguments: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.fail(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")


# The pages here need the stylesheets, the scripts and their assets, not every NHS.UK component's source
# files or the admin's (an ignored name is ignored in every app, so only names no app of ours uses): so
# collectstatic takes seconds rather than minutes.
NOT_NEEDED = ["components", "lib", "common", "macros", "errors", "admin", "ninja"]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """The static files the pages need (with DEBUG off only collected files are served), collected once."""
    folder = tmp_path_factory.mktemp("faults-static")
    manage(
        production_environment(folder),
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
        *(f"--ignore={pattern}" for pattern in NOT_NEEDED),
    )
    return folder / "static"
