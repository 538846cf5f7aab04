"""No page asks any host but ours for anything: every visit in the browser suite checks it, and this
test shows the checks catch a request elsewhere – the Content-Security-Policy refusing it in the
browser, and the suite's own route check for what the policy does not cover (going to another site)."""

import pytest
from playwright.sync_api import Error as PlaywrightError

ELSEWHERE = "https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2"


def test_a_request_to_another_host_fails_the_visit(visitor):
    person = visitor()
    person.visit("/")  # fonts, styles, scripts and icons all come from the test server
    person.page.evaluate(
        """(address) => new Promise(resolve => {
            const image = document.createElement("img");
            image.addEventListener("error", resolve);
            image.addEventListener("load", resolve);
            image.src = address;
            document.body.append(image);
        })""",
        ELSEWHERE,
    )
    # The policy refuses the image before the browser asks for it.
    assert person.requests_elsewhere == []
    assert any("img-src" in violation for violation in person.policy_violations)
    with pytest.raises(AssertionError, match="Content-Security-Policy refused"):
        person.check_accessibility()
    person.policy_violations.clear()

    # Going to another site is not the policy's business: the suite's route check stops it.
    with pytest.raises(PlaywrightError):
        person.page.goto(ELSEWHERE)
    assert person.requests_elsewhere == [ELSEWHERE]
    with pytest.raises(AssertionError, match="asked another host"):
        person.check_accessibility()
    person.requests_elsewhere.clear()
