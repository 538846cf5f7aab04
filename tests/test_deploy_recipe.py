"""The production recipe holds together: compose.yaml starts what the README says with the settings the app reads,
its health check and commands exist in this code, the Dockerfile copies files that exist, and every environment
variable the settings read is documented. `docker compose config` checks the file too where docker has compose."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
OSTROM_SERVICES = ["migrate", "web", "worker", "manage"]


def _has_docker_compose() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


@pytest.mark.skipif(
    not _has_docker_compose(), reason="docker compose is not installed; the tests below parse the file"
)
def test_docker_compose_accepts_the_file(tmp_path):
    # In a folder of its own with the example .env beside it, as an operator would have it.
    shutil.copy(ROOT / "compose.yaml", tmp_path / "compose.yaml")
    shutil.copy(ROOT / "deploy/env.example", tmp_path / ".env")
    result = subprocess.run(
        ["docker", "compose", "--file", str(tmp_path / "compose.yaml"), "config", "--quiet"],
        cwd=tmp_path,
        env={**os.environ, "POSTGRES_PASSWORD": "only-for-the-check"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_compose_runs_the_database_web_workers_and_migrations():
    assert {"db", "web", "worker", "migrate"} <= SERVICES.keys()
    database = SERVICES["db"]
    assert database["image"].startswith("postgres:15")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in database["volumes"]), (
        "the data must outlive the container"
    )
    assert "pg_isready" in str(database["healthcheck"]["test"])
    assert SERVICES["worker"]["deploy"]["replicas"] >= 2


def test_web_and_workers_share_one_image_environment_database_and_media():
    ostrom = [SERVICES[name] for name in OSTROM_SERVICES]
    assert len({service["image"] for service in ostrom}) == 1
    assert {service["build"]["dockerfile"] for service in ostrom} == {"deploy/Dockerfile"}
    assert all(service["env_file"] == ".env" for service in ostrom)
    assert len({service["environment"]["DATABASE_URL"] for service in ostrom}) == 1
    assert "@db:5432/" in SERVICES["web"]["environment"]["DATABASE_URL"]
    media_root = SERVICES["web"]["environment"]["MEDIA_ROOT"]
    for service in ostrom:
        assert service["environment"]["MEDIA_ROOT"] == media_root
        assert f"media:{media_root}" in service["volumes"], "web and workers must see the same uploaded files"
    assert "media" in COMPOSE["volumes"] and "db" in COMPOSE["volumes"]


def test_web_and_workers_wait_for_the_database_and_the_migrations():
    for name in ("web", "worker"):
        depends = SERVICES[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["restart"] == "no"


def test_no_secret_has_a_default():
    text = (ROOT / "compose.yaml").read_text()
    # The database password is required (${VAR:?message}) and SECRET_KEY only ever comes from .env.
    assert re.findall(r"\$\{POSTGRES_PASSWORD(.?.?)", text) and all(
        suffix.startswith(":?") for suffix in re.findall(r"\$\{POSTGRES_PASSWORD(.?.?)", text)
    )
    assert "SECRET_KEY" not in json.dumps(SERVICES)
    example = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy/env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert example["SECRET_KEY"] == "" and example["POSTGRES_PASSWORD"] == ""
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines(), "the image must never contain .env"


def test_the_web_health_check_asks_for_a_page_that_says_the_database_answers():
    command = SERVICES["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "deploy/healthcheck.py"]
    assert (ROOT / command[2]).is_file()
    path = command[3]
    assert resolve(path).view_name == "core:ready"


def test_task_workers_yield_the_cpu_to_the_web():
    """A long opinion map or theming run must not slow the pages people wait for: workers run niced."""
    worker = SERVICES["worker"]["command"]
    assert worker[:2] == ["nice", "-n"] and int(worker[2]) > 0
    assert "nice" not in SERVICES["web"]["command"]
    assert "nice -n 10" in (ROOT / "Makefile").read_text().split("db_worker")[0].splitlines()[-1]


def test_every_command_compose_runs_is_a_real_management_command():
    commands = get_commands()
    for name in ("migrate", "worker", "manage"):
        command = SERVICES[name].get("command")
        words = shlex.split(command[-1]) if command[0] == "sh" else command
        for index, word in enumerate(words):
            if word == "manage.py":
                assert words[index + 1] in commands, f"{name}: manage.py {words[index + 1]} does not exist"
    assert SERVICES["worker"]["command"][-1] == "db_worker"
    assert {"migrate", "createcachetable"} <= set(shlex.split(SERVICES["migrate"]["command"][-1]))
    assert SERVICES["manage"]["entrypoint"] == ["python", "manage.py"]
    assert SERVICES["web"]["command"] == ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
    # The daily jobs the README lists are commands too.
    for job in ("send_return_reminders", "backup", "restore"):
        assert job in commands


def test_the_dockerfile_copies_files_that_exist_and_installs_exactly_the_lock_file():
    text = (ROOT / "deploy/Dockerfile").read_text()
    lines = re.sub(r"\\\n", " ", text).splitlines()
    stages = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert stages[-1].startswith("python:3.11-slim")
    copied = []
    for line in lines:
        if line.startswith("COPY ") and "--from=" not in line:
            copied += line.split()[1:-1]
    assert {"requirements.lock", "package-lock.json", "deploy/gunicorn.conf.py"} <= set(copied)
    for source in copied:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which does not exist"
    run = " ".join(line for line in lines if line.startswith("RUN "))
    assert "pip install --no-deps -r requirements.lock" in run
    assert "npm ci" in run
    assert "collectstatic" in run
    assert not re.search(r"^ENV .*SECRET_KEY", text, re.M), "no secret may be baked into the image"
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert not {"requirements.lock", "package-lock.json", "deploy", "ostrom"} & set(ignored)


def test_every_setting_read_from_the_environment_is_documented():
    settings_text = (ROOT / "ostrom/settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_text))
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_HOST", "MEDIA_ROOT"} <= read
    readme = (ROOT / "README.md").read_text()
    configuration = readme[readme.index("## Configuration") : readme.index("## Tests")]
    undocumented = sorted(
        name
        for name in read
        if name not in configuration
        and not (name.startswith("RATE_LIMIT_") and "RATE_LIMIT_" in configuration)
    )
    assert undocumented == [], f"add these to the README's Configuration table: {undocumented}"


def _django_with(environment: dict[str, str], script: str) -> list[str]:
    """What `script` prints in a fresh Django process started with these environment variables."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_", "DATABASE_"))},
        "DEBUG": "true",
        **environment,
    }
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ostrom.settings'; django.setup()\n"
    result = subprocess.run(
        [sys.executable, "-c", setup + script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_smtp_server_is_configured_by_the_environment():
    """Sign-up confirmations and password resets must reach a real mail server, not only localhost:25."""
    environment = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "ostrom",
        "EMAIL_HOST_PASSWORD": "app-password",
        "EMAIL_USE_TLS": "true",
    }
    script = (
        "from django.core.mail import get_connection; c = get_connection()\n"
        "print(c.host, c.port, c.username, c.password, c.use_tls, c.use_ssl)"
    )
    assert _django_with(environment, script) == [
        "smtp.example.org",
        "587",
        "ostrom",
        "app-password",
        "True",
        "False",
    ]


@pytest.mark.parametrize(("seconds", "kept"), [(None, "False"), ("60", "True")])
def test_a_web_process_keeps_its_database_connection_only_when_told(tmp_path, seconds, kept):
    """DATABASE_CONN_MAX_AGE: on SQLite each request opens and closes a connection by default (PostgreSQL keeps
    them 60 s by default, see the next test); with it set, one connection
    serves request after request. Either way a kept connection is checked before reuse (CONN_HEALTH_CHECKS), so
    a database that went away and came back is reconnected to."""
    environment = {"DATABASE_URL": f"sqlite:///{tmp_path / 'ostrom.sqlite3'}"}
    if seconds:
        environment["DATABASE_CONN_MAX_AGE"] = seconds
    # Through the WSGI application gunicorn serves (the test client deliberately keeps connections open).
    script = (
        "from wsgiref.util import setup_testing_defaults\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "from django.db import connection\n"
        "application, seen = get_wsgi_application(), []\n"
        "for _ in range(3):\n"
        "    request = {'PATH_INFO': '/health/ready/', 'HTTP_HOST': 'localhost'}; setup_testing_defaults(request)\n"
        "    statuses = []; answer = application(request, lambda status, headers: statuses.append(status))\n"
        "    b''.join(answer); answer.close()\n"
        "    assert statuses == ['200 OK'], statuses\n"
        "    seen.append(connection.connection)\n"
        "print(seen[0] is not None and all(c is seen[0] for c in seen), connection.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    assert _django_with(environment, script) == [kept, "True"]


@pytest.mark.parametrize(
    ("database_url", "seconds"),
    [("sqlite:///ostrom.sqlite3", 0), ("postgres://ostrom@db.invalid:5432/ostrom", 60)],
)
def test_postgresql_connections_are_kept_for_a_minute_by_default(database_url, seconds):
    """A PostgreSQL connection costs a server process, which cost more than a whole signed-in request in the load
    benchmark: kept for 60 s unless DATABASE_CONN_MAX_AGE says otherwise."""
    script = "from django.db import connection\nprint(connection.settings_dict['CONN_MAX_AGE'])"
    assert _django_with({"DATABASE_URL": database_url}, script) == [str(seconds)]
