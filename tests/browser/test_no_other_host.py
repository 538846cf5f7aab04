"""No page asks any host but ours for anything: every visit in the browser suite checks it, and this
test shows the check catches a request elsewhere."""

import pytest


def test_a_request_to_another_host_fails_the_visit(visitor):
    person = visitor()
    person.visit("/")  # fonts, styles, scripts and icons all come from the test server
    person.page.evaluate(
        """() => new Promise(resolve => {
            const image = document.createElement("img");
            image.onerror = resolve;
            image.onload = resolve;
            image.src = "https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2";
            document.body.append(image);
        })"""
    )
    assert person.requests_elsewhere == ["https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2"]
    with pytest.raises(AssertionError, match="asked another host"):
        person.check_accessibility()
    person.requests_elsewhere.clear()
