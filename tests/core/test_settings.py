import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deployment_checklist():
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(SECRET_KEY="x" * 60 + "production-like-key-for-the-check", ALLOWED_HOSTS="ostrom.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_production_mode_answers_on_this_machine_until_the_site_is_named(tmp_path):
    """Run in production mode to try it (DEBUG off, no ALLOWED_HOSTS yet), the home page answers on
    http://127.0.0.1/ – there is no TLS proxy to redirect to. Once ALLOWED_HOSTS names the site, plain HTTP is
    sent to HTTPS."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOWED_HOSTS"} and not k.startswith("SECURE_")
    }
    env.update(
        SECRET_KEY="x" * 60 + "production-like-key-for-the-check",
        DATABASE_URL=f"sqlite:///{tmp_path / 'ostrom.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, env=env, check=True
        )
    script = (
        "import django; django.setup()\n"
        "from wsgiref.util import setup_testing_defaults\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "request = {'PATH_INFO': '/', 'HTTP_HOST': '127.0.0.1:8000', 'wsgi.url_scheme': 'http'}\n"
        "setup_testing_defaults(request); statuses = []\n"
        "answer = get_wsgi_application()(request, lambda status, headers: statuses.append(status))\n"
        "b''.join(answer); answer.close(); print(statuses[0])"
    )

    def home_page(**settings) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env | {"DJANGO_SETTINGS_MODULE": "ostrom.settings"} | settings,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert home_page() == "200 OK"
    assert home_page(ALLOWED_HOSTS="127.0.0.1").startswith("301")
