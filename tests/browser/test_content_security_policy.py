"""The Content-Security-Policy in a real browser: an injected inline script does not run, and the
browser tests notice (every page of every journey fails on a violation; see conftest.py)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_injected_inline_script_is_refused_and_reported(visitor):
    resident = visitor()
    page = resident.visit("/")
    # The NHS.UK frontend's JavaScript styles are on: the body was marked by core/js-enabled.js.
    assert {"js-enabled", "nhsuk-frontend-supported"} <= set(page.evaluate("document.body.className").split())

    page.evaluate(
        """() => { const script = document.createElement("script");
                   script.textContent = "document.body.dataset.injected = 'ran'";
                   document.body.append(script); }"""
    )
    page.wait_for_timeout(100)

    assert page.evaluate("document.body.dataset.injected") is None
    assert any("script-src" in violation for violation in resident.policy_violations)
    resident.policy_violations.clear()
