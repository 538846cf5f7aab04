"""The production smoke test's server: the demo in a throwaway database, collected static files, and the
app served by gunicorn with DEBUG off, as a real deployment runs it (see "Running Ostrom in production")."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SERVER_LOG_SHOWN = 20_000  # characters of the server's log in a failure message: enough for a few tracebacks


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/production/" in str(item.fspath):
            item.add_marker(pytest.mark.production)


@dataclass
class Response:
    path: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Visitor:
    """One person's browser, reduced to what the test needs: requests over HTTP as if through the TLS proxy
    (X-Forwarded-Proto: https), and the cookies the site sets, sent back by hand. The session and CSRF
    cookies are marked Secure, which urllib's cookie jar would rightly keep off a plain-HTTP connection."""

    site: "Site"
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, *, https: bool = True) -> Response:
        return self.request("GET", path, https=https)

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": self.site.origin},
        )

    def request(self, method: str, path: str, *, body=None, headers=None, https=True) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=60)
        all_headers = {"Host": self.site.host, **(headers or {})}
        if https:
            all_headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            response = Response(path, answer.status, answer.headers, answer.read())
        except OSError as problem:  # refused or timed out: gunicorn did not start, or a worker hangs
            pytest.fail(f"{method} {path}: {problem!r}" + self.site.log())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def sign_in(self, email: str, password: str) -> Response:
        """Post the real sign-in form, with the CSRF token from the page and its cookie."""
        form_page = self.get("/sign-in/")
        token = _hidden_input(form_page.text, "csrfmiddlewaretoken")
        return self.post_form(
            "/sign-in/", {"csrfmiddlewaretoken": token, "username": email, "password": password}
        )


@dataclass
class Site:
    port: int
    log_path: Path

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"https://{self.host}"

    def visitor(self) -> Visitor:
        return Visitor(self)

    def get_all(self, paths, *, visitor: Visitor | None = None) -> list[Response]:
        """GET several paths at once, as the two workers would be asked by several people."""
        visitor = visitor or self.visitor()
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(visitor.get, paths))

    def log(self) -> str:
        text = self.log_path.read_text(errors="replace")
        if len(text) > SERVER_LOG_SHOWN:
            text = "…" + text[-SERVER_LOG_SHOWN:]
        return f"\n--- gunicorn's log ({self.log_path}) ---\n{text}"


def _hidden_input(html: str, name: str) -> str:
    marker = f'name="{name}" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def production_environment(workdir: Path) -> dict[str, str]:
    """The environment of a deployment: DEBUG off and nothing inherited from the developer's test run."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
        and not name.startswith(("DEBUG", "DATABASE_", "SECURE_", "STATIC_", "RATE_LIMIT"))
    }
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "production-smoke-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'ostrom.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
    }


def _manage(environment, *arguments) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(command: subprocess.Popen) -> None:
    output, _ = command.communicate(timeout=300)
    if command.returncode != 0:
        pytest.fail(f"{' '.join(command.args[1:])} failed ({command.returncode}):\n{output}")


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """Prepare a deployment as "Running Ostrom in production" describes, then serve it with gunicorn and the
    deployment's own settings (deploy/gunicorn.conf.py).

    collectstatic runs beside the database steps (they share nothing); the demo is loaded with --force,
    which a live site never does. gunicorn is given an already listening socket (fd://), so there is no
    race for a free port and requests simply wait while the workers start."""
    workdir = tmp_path_factory.mktemp("production")
    environment = production_environment(workdir)
    collecting = _manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
    for arguments in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["createcachetable"],
        ["seed_demo", "--force"],
    ):
        _finish(_manage(environment, *arguments))
    _finish(collecting)

    log_path = workdir / "gunicorn.log"
    server, port = serve(environment, log_path)
    try:
        yield Site(port=port, log_path=log_path)
    finally:
        _stop(server)
        # pytest keeps the last three runs' folders: keep the database and the log, not 76 MB of copies.
        shutil.rmtree(environment["STATIC_ROOT"], ignore_errors=True)


def _stop(server: subprocess.Popen) -> None:
    """TERM gunicorn's process group (the arbiter and its workers); KILL it if it has not gone in 15 seconds."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def serve(environment: dict, log_path: Path, *, preexec_fn=None) -> tuple[subprocess.Popen, int]:
    """gunicorn with the deployment's settings (deploy/gunicorn.conf.py) on a socket already listening, so
    requests wait while its workers start. `preexec_fn` runs in the server's process before it starts."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "--config=deploy/gunicorn.conf.py",
                f"--bind=fd://{listener.fileno()}",
                "--workers=2",
            ],
            cwd=ROOT,
            env=environment,
            pass_fds=[listener.fileno()],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=preexec_fn,
        )
    # Only gunicorn holds the socket now: if it dies, requests are refused instead of waiting forever.
    listener.close()
    return server, port
