"""Running writes at the same moment, for the tests that prove nothing is lost or counted twice.

Only PostgreSQL runs writers side by side (SQLite takes one writer at a time), so these tests run in
the PostgreSQL pass of `make test` and skip on SQLite with the reason."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import override_settings

# Many people sign up in these tests; the real password hash would take most of their time.
fast_passwords = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def needs_postgresql() -> None:
    """Skip the calling test unless it runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs real row locks: this runs in the PostgreSQL pass of make test")


def at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run every call in its own thread (and so its own database connection), all released together by
    a barrier. Returns, in the order given, what each call returned or the exception it raised; each
    thread closes its connections so the test database can be dropped."""
    start = threading.Barrier(len(calls))

    def run(call):
        try:
            start.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
    return [future.exception() or future.result() for future in futures]


def raised(outcomes: list[object]) -> list[BaseException]:
    return [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
