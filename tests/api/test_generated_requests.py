"""Generated requests (schemathesis) to every API operation, as anyone and as every role.

schemathesis reads our OpenAPI schema and generates requests from it, valid ones and deliberately
invalid ones, and sends them through Django's real WSGI handler (every middleware, the CSRF check, the
session and the personal-token sign-in). Each answer must not be a server error and must conform to the
schema: a documented status code, the documented content type and a body of the documented shape.

Who calls is drawn with the request: signed out, or one of the world's people (tests/world.py) signed
in by their session cookie (with its CSRF token, as the browser sends it) or by a personal API token.
Half the requests name the world's real objects in their path (from the permission matrix), so they
get past "not found" to the permission checks, the validation and the services behind them.

`make test` runs a few examples per operation (`API_FUZZ_EXAMPLES`, default below); `make fuzz-api`
runs many more, with schemathesis's boundary-value ("coverage") phase too.
"""

import os

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import strategies as st

from ostrom.accounts.models import ApiToken
from ostrom.api.api import api
from tests.test_permission_matrix import TABLE
from tests.world import ROLES, world  # noqa: F401 (the fixture)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
THOROUGH = os.environ.get("API_FUZZ_THOROUGH") == "1"  # make fuzz-api: the coverage phase as well
CSRF_TOKEN = "generatedrequestsgeneratedrequest"  # 32 characters, as Django's CSRF secret
# Rates no generated run reaches, so a 429 never stands in for the answer under test (the limits have
# tests of their own).
UNLIMITED = {group: "1000000/h" for group in settings.RATE_LIMITS}

schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(),
    config=schemathesis.config.SchemathesisConfig.from_dict(
        {
            "seed": 19,
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": THOROUGH},
                "stateful": {"enabled": False},
            },
        }
    ),
)

# No server error; a documented status code, content type and body. (A schema-valid request may still be
# refused for what it means, such as a meeting already held, so schemathesis's acceptance check is not
# asked for; the input sweep and each app's tests check that bad input is refused.)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]

CALLERS = [("anonymous", "none")] + [
    (role, means) for role in ROLES if role != "anonymous" for means in ("session", "token")
]


class Server:
    """Django's WSGI handler as a server runs it, inside the test's transaction.

    Django closes "old" database connections at the start and end of every request; inside a test's
    transaction that would close the test's own connection, so, as Django's test client does, that
    one signal handler is left out. Each request runs in a savepoint rolled back afterwards, so one
    generated write cannot change what the next request finds."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.errors = []

    def __call__(self, environ, start_response):
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")  # as every server sets it (the rate limits read it)
        with transaction.atomic():
            body = b"".join(self.handler(environ, start_response))
            transaction.set_rollback(True)
        return [body]

    def record(self, sender, request=None, **kwargs):
        import sys

        self.errors.append(sys.exc_info()[1])


@pytest.fixture(scope="module")
def server(world):  # noqa: F811 (the fixture)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    app = Server()
    got_request_exception.connect(app.record)
    yield app
    got_request_exception.disconnect(app.record)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def credentials(world, django_db_blocker):  # noqa: F811 (the fixture)
    """For each person, the headers that sign them in: a session cookie or a personal token."""
    found = {("anonymous", "none"): {}}
    with django_db_blocker.unblock():
        for role in ROLES:
            if role == "anonymous":
                continue
            client = Client()
            client.force_login(world.people[role])
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            found[(role, "session")] = {
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}",
                "X-CSRFToken": CSRF_TOKEN,
            }
            token = f"generated-requests-{role}"
            ApiToken.objects.create(
                user=world.people[role], name="Generated", token_hash=ApiToken.hash(token)
            )
            found[(role, "token")] = {"Authorization": f"Bearer {token}"}
    return found


@pytest.fixture
def unlimited(settings):
    settings.RATE_LIMITS = UNLIMITED


@pytest.mark.django_db
@schema.parametrize()
@schema.given(caller=st.sampled_from(CALLERS), real_objects=st.booleans())
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    # A failure is reported as found: shrinking it would cost more than the whole run.
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)
def test_generated_requests_get_documented_answers(
    case,
    caller,
    real_objects,
    world,  # noqa: F811 (the fixture)
    server,
    credentials,
    unlimited,  # noqa: F811 (the fixture)
):
    rule = TABLE[f"{case.method.upper()} {case.operation.path}"]
    if real_objects and rule.args and case.path_parameters:
        real = {name: str(value) for name, value in rule.args(world).items()}
        case.path_parameters = {**case.path_parameters, **real}
    server.errors.clear()
    try:
        case.call_and_validate(app=server, headers=credentials[caller], checks=CHECKS)
    finally:
        assert not server.errors, f"as {caller}: {server.errors[0]!r}"
