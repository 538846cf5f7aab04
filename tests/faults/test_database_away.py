"""The database going away for a moment: gunicorn (deploy/gunicorn.conf.py, DEBUG off) on a PostgreSQL
server of the test's own, which the test stops and starts again. Pages say plainly that Ostrom is not
available (503, Retry-After, the NHS.UK layout, no traceback), gunicorn stays up, /health/ still answers and
/health/ready/ says 503; once the server is back, pages serve again with nothing restarted."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.production.conftest import Site, _stop, production_environment

from .conftest import manage, serve

POSTGRES_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PORTS = range(54341, 54350)


def _as_postgres(arguments: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *arguments]
    return arguments


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port for a PostgreSQL server of our own in {PORTS}")


class Cluster:
    """A throwaway PostgreSQL server: its own data directory and port; never the shared one."""

    def __init__(self, directory: Path):
        self.bin = Path(POSTGRES_BIN[-1])
        self.directory = directory
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(directory / "data"),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.directory / "data"),
                    "-l",
                    str(self.directory / "server.log"),
                    "-o",
                    f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
                    "-w",
                    *arguments,
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ostrom"


@pytest.fixture
def cluster():
    if not POSTGRES_BIN:
        pytest.skip(
            "the PostgreSQL server binaries are not installed (.ci/run installs them: /usr/lib/postgresql/*/bin)"
        )
    # Not under pytest's own temporary folder, which only its owner may enter: the server runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="ostrom-faults-postgres-"))
    server = Cluster(directory)
    server.start()
    try:
        subprocess.run(
            _as_postgres(
                [
                    str(server.bin / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(server.port),
                    "-U",
                    "postgres",
                    "ostrom",
                ]
            ),
            check=True,
        )
        yield server
    finally:
        subprocess.run(
            _as_postgres(
                [str(server.bin / "pg_ctl"), "-D", str(directory / "data"), "stop", "-m", "immediate"]
            ),
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)


def test_pages_say_ostrom_is_not_available_while_the_database_is_away_and_serve_again_when_it_is_back(
    tmp_path, cluster, collected_static
):
    environment = production_environment(tmp_path)
    environment["DATABASE_URL"] = cluster.url
    environment["STATIC_ROOT"] = str(collected_static)
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    manage(environment, "createcachetable")
    server, port = serve(environment, tmp_path / "gunicorn.log")
    site = Site(port=port, log_path=tmp_path / "gunicorn.log")
    visitor = site.visitor()
    try:
        before = visitor.get("/")
        assert before.status == 200, site.log()
        assert visitor.get("/health/ready/").text == "ok"

        cluster.stop()
        for _ in range(3):  # each of the two workers, and again: no worker is left broken
            away = visitor.get("/")
            assert away.status == 503, site.log()
            assert away.headers["Retry-After"] == "120"
            assert "Ostrom is not available at the moment" in away.text
            assert "Try again in a few minutes" in away.text
            assert "nhsuk-header" in away.text
            assert "Traceback" not in away.text and "OperationalError" not in away.text
        assert visitor.get("/health/").text == "ok"
        ready = visitor.get("/health/ready/")
        assert ready.status == 503
        assert server.poll() is None, "gunicorn must stay up" + site.log()

        cluster.start()
        for _ in range(3):
            again = visitor.get("/")
            assert again.status == 200, site.log()
            assert again.text.count("nhsuk-header") and "not available" not in again.text
        assert visitor.get("/health/ready/").text == "ok"
        assert server.poll() is None
    finally:
        _stop(server)
