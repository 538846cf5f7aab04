"""Playwright in Debian's Chromium against the live test server, with axe on every page visited."""

import os
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Flags for a closed network and a root user (CI runs as root); see the machine notes in the README.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # The sync Playwright API runs an event loop in this thread; the ORM calls the tests make around it
    # are ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Chromium is missing: install Debian's with 'apt-get install chromium' (never 'playwright install')"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# Chromium logs "Refused to …" for each thing the Content-Security-Policy blocks; the page's
# securitypolicyviolation event is logged too, in case a message changes its wording.
POLICY_VIOLATION = "Content-Security-Policy violation"
REPORT_POLICY_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => console.error(
    "Content-Security-Policy violation: " + event.effectiveDirective + " refused " + event.blockedURI
    + " (" + event.sourceFile + ":" + event.lineNumber + ")"));"""

SETTLED = """() => document.fonts.ready.then(() => new Promise(
    (done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""


class Visitor:
    """One person in one browser context. `visit` and every `submit` check the page with axe, and that
    nothing was requested from any host but the test server (no fonts, scripts or images from elsewhere)."""

    axe = Axe()

    def __init__(self, browser, base_url, pages_checked, viewport=None):
        self.context = browser.new_context(
            base_url=base_url, viewport=viewport or {"width": 1024, "height": 900}
        )
        self.page = self.context.new_page()
        self.pages_checked = pages_checked
        self.server = urlsplit(base_url).netloc
        self.requests_elsewhere: list[str] = []
        self.context.route("**/*", self._only_the_test_server)
        # The Content-Security-Policy refuses inline scripts and styles; a page that needs one is broken.
        self.policy_violations: list[str] = []
        self.context.add_init_script(REPORT_POLICY_VIOLATIONS)
        self.context.on("console", self._note_policy_violation)

    def _note_policy_violation(self, message):
        text = message.text
        if text.startswith((POLICY_VIOLATION, "Refused to")) or "Content Security Policy" in text:
            self.policy_violations.append(f"{message.page.url if message.page else ''}: {text}")

    def assert_no_policy_violations(self):
        assert not self.policy_violations, "The Content-Security-Policy refused:\n" + "\n".join(
            self.policy_violations
        )

    def _only_the_test_server(self, route):
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == self.server:
            route.continue_()
        else:
            self.requests_elsewhere.append(url)
            route.abort()

    def visit(self, path: str):
        self.page.goto(path)
        self.check_accessibility()
        return self.page

    def check_accessibility(self):
        assert not self.requests_elsewhere, (
            f"{self.page.url} asked another host for {self.requests_elsewhere}"
        )
        self.assert_no_policy_violations()
        # The header moves the links that do not fit into its "More" menu once the page has
        # loaded and laid out; axe must see the page the person sees, not the moment before.
        self.page.wait_for_load_state("load")
        self.page.evaluate(SETTLED)
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        self.pages_checked.append(self.page.url)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"

    def click_and_check(self, name: str, role: str = "button"):
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name).first.click()
        self.check_accessibility()

    def sign_in(self, email: str, password: str):
        self.visit("/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.click_and_check("Sign in")


@pytest.fixture
def pages_checked():
    return []


@pytest.fixture
def visitor(browser, live_server, pages_checked):
    visitors = []

    def make(viewport=None):
        person = Visitor(browser, live_server.url, pages_checked, viewport)
        visitors.append(person)
        return person

    yield make
    for person in visitors:
        person.context.close()
    # Also what happened after a visitor's last check (an htmx swap, a click without a new page).
    for person in visitors:
        person.assert_no_policy_violations()
