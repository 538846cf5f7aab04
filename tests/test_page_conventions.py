"""Every page follows the NHS digital service manual's conventions for where a person is (issue 20).

- Its `<title>` is "<page name> – Ostrom" ("Error: " first when the page shows a form's errors), and the
  page name holds the text of the page's one h1.
- Every page but the home page has the NHS.UK breadcrumb: Home first, then the path of parent pages,
  never the page itself. Each link opens (200) for the person looking, and the last one, which the
  component also shows as the back link on small screens, is the page's parent: a page that links here.
- The header's navigation marks the section the page is in, and only that one.

The pages are found, not listed: every named URL of the URL configuration, with its arguments filled
from the shared test world exactly as the permission matrix fills them (`TABLE`, which a new URL cannot
arrive without), fetched as the people who may see it. A URL that is not a page (a download, an htmx
fragment, a redirect, a form's action that only takes POST) is left out only with a reason in
`NOT_PAGES`, or by its `post=` in the matrix; anything else that does not answer with a full page fails.
The sweep runs once per module; each test below reads its own rule off the pages it fetched.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse

from ostrom.core.navigation import SECTIONS
from tests.test_permission_matrix import RULES, SIGNED_IN, TABLE, url_names
from tests.world import client_as, problem_of, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

SERVICE = "Ostrom"
SUFFIX = f" – {SERVICE}"

# URLs that answer with something other than a page, each with the reason. POST-only URLs (a form's
# action) are left out by the matrix's `post=`; the sweep checks that they answer no page to a GET.
NOT_PAGES = {
    # Kubernetes-style health checks: plain text for the load balancer.
    "core:alive": "health check",
    "core:ready": "health check",
    # Only in demo mode (DEBUG on and the demo loaded), never in this world: tests/demo/test_tour.py checks
    # its title, h1 and breadcrumbs on the loaded demo.
    "demo:tour": "demo mode only",
    # htmx fragments, polled or swapped into the page that holds them.
    "core:progress": "htmx fragment of the progress page",
    "panels:lottery-check": "htmx fragment of the lottery page",
    "panels:quota-check": "htmx fragment: the progress of a quota check",
    "insight:theme-run-progress": "htmx fragment: the progress of a theme run",
    # Sends the person on: to the home page, the next step or the right report.
    "accounts:sign-out": "signs out (GET shows no page of its own) and sends the person home",
    "accounts:two-factor-code": "sends someone with no code to enter on to where they were going",
    "referrals:reports": "sends the person to the report of the first place they may see",
    "surveys:resume": "sends the person to the section they had reached",
    "accounts:password-reset-confirm": "a link that is not valid sends the person to ask again",
    # A confirmation link that is not valid says so (400), in the layout of an error page.
    "accounts:confirm-email": "the world's link is not valid: an error page",
    # Downloads and feeds.
    "accounts:download-my-data": "download (JSON)",
    "grants:grants-360giving-json": "download (360Giving JSON)",
    "grants:grants-360giving-xlsx": "download (360Giving spreadsheet)",
    "grants:ballots-pb": "download (Pabulib file)",
    "conversations:polis-export": "download (CSV)",
    "conversations:polis-full-export": "download (CSV)",
    "panels:letters-download": "download (CSV)",
    "network:meeting-calendar": "download (iCalendar)",
    "decisions:document": "download (the document itself)",
    "decisions:feed": "feed (Atom)",
    "events:report-pdf": "download (PDF)",
    "events:check-in-qr": "download (QR code image)",
    "surveys:export": "download (CSV)",
    "insight:case-paper-pdf": "download (PDF)",
    "insight:insight-export": "download (CSV)",
    "insight:import-template": "download (spreadsheet template)",
    "referrals:download": "download (the person's data)",
    "referrals:report-csv": "download (CSV)",
    "impact:open-data-download": "download (ZIP)",
    "impact:import-template": "download (spreadsheet template)",
    "assets:exchange-export": "download (Open Referral UK JSON)",
    # The API's own pages: the schema, and the interactive docs laid out by django-ninja.
    "api-1.0.0:openapi-json": "the API's schema (JSON)",
    "api-1.0.0:openapi-view": "the API's interactive documentation, laid out by django-ninja",
    # A full page laid out for a projector on the wall of the room: no header, no breadcrumb.
    "events:projector": "full-screen view for a projector",
}

HOME = "core:home"

# Steps of a question journey show the NHS.UK back link instead of breadcrumbs, which "can get in the way
# of the user completing the task" (service manual, breadcrumbs: when not to use them).
BACK_LINK_INSTEAD = {"surveys:answer-section", "surveys:check-answers"}

# The header link each section's pages mark, by the URL's namespace; the network's three sections by
# the start of the URL's name. None: pages about the person or the service, in no section.
SECTION_OF_NAMESPACE = {
    "core": None,
    "accounts": None,
    "overview": None,
    "places": "Places",
    "grants": "Grants",
    "conversations": "Conversations",
    "panels": "Citizens' panels",
    "events": "Open Space",
    "surveys": "Surveys",
    "insight": "Insight",
    "impact": "Impact",
    "assets": "Community assets",
    "money": "Money",
    "referrals": "Referrals",
    "decisions": "Decisions",
    # Reached from the account menu, like the account pages.
    "translations": None,
}
SECTION_OF_NETWORK_PAGE = {"organisation": "Organisations", "subgroup": "Subgroups", "meeting": "Meetings"}
# Pages whose section is not their URL's, and why.
SECTION_EXCEPTIONS = {
    # Joining the collective and deciding who joins are about organisations.
    "network:join": "Organisations",
    "network:approvals": "Organisations",
    "network:import": "Organisations",
    "network:decide": "Organisations",
    # The list of people is in the account menu, not a section.
    "network:people": None,
    # Read by partners and coordinators too, who have no referrals section.
    "referrals:report": None,
}


def expected_section(key: str) -> str | None:
    if key in SECTION_EXCEPTIONS:
        return SECTION_EXCEPTIONS[key]
    namespace, name = key.split(":", 1)
    if namespace == "network":
        return next((s for prefix, s in SECTION_OF_NETWORK_PAGE.items() if name.startswith(prefix)), None)
    return SECTION_OF_NAMESPACE[namespace]


# Who looks at each page. A page open to everyone signed in (or to everyone) is seen signed out where
# it may be, as a resident, and as a coordinator, who sees the most; any other page by each of these
# people its rule lets in (the admin only when nobody else may), since a breadcrumb link one of them
# may follow can be closed to another.
LOOKERS = [
    "resident",
    "organisation_contact",
    "panel_member",
    "partner",
    "link_worker",
    "subgroup_coordinator",
    "coordinator_ladywood",
]


def lookers(rule: str) -> list[str]:
    allowed = RULES[rule]
    if allowed >= SIGNED_IN:
        return [r for r in ("anonymous", "resident", "coordinator_ladywood") if r in allowed]
    return [role for role in LOOKERS if role in allowed] or ["admin"]


class Page(HTMLParser):
    """What the conventions are about, read off one page's HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.is_full_page = False
        self.title = ""
        self.h1s: list[str] = []
        self.breadcrumbs: list[tuple[str, str]] = []  # (text, href)
        self.back_link = None
        self.marked_sections: list[tuple[str, str]] = []  # (text, aria-current)
        self.sections: list[str] = []  # the header's navigation
        self.links: set[str] = set()
        self._in: list[str] = []  # what the text being read belongs to
        self._depth = {"nav": 0}
        self._breadcrumb_nav_at = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "header" and "nhsuk-header" in classes:
            self.is_full_page = True
        if tag == "nav":
            self._depth["nav"] += 1
            if "nhsuk-breadcrumb" in classes:
                self._breadcrumb_nav_at = self._depth["nav"]
        if tag == "title" and not self.title:  # the page's; an SVG's <title> names only the image
            self._in.append("title")
        elif tag == "h1":
            self.h1s.append("")
            self._in.append("h1")
        elif tag == "a":
            href = attributes.get("href") or ""
            self.links.add(urlsplit(href).path)
            if "nhsuk-breadcrumb__link" in classes and self._breadcrumb_nav_at:
                self.breadcrumbs.append(("", href))
                self._in.append("crumb")
            elif "nhsuk-back-link" in classes and (self._breadcrumb_nav_at or not self.h1s):
                self.back_link = href
                self._in.append("a")
            elif "nhsuk-header__navigation-link" in classes:
                self.sections.append("")
                self.marked_sections.append(("", attributes.get("aria-current")))
                self._in.append("section")
            else:
                self._in.append("a")

    def handle_endtag(self, tag):
        if tag == "nav":
            if self._breadcrumb_nav_at == self._depth["nav"]:
                self._breadcrumb_nav_at = None
            self._depth["nav"] -= 1
        if tag in ("title", "h1", "a") and self._in and self._in[-1] in (tag, "crumb", "section"):
            self._in.pop()

    def handle_data(self, data):
        if not self._in:
            return
        where = self._in[-1]
        if where == "title":
            self.title += data
        elif where == "h1":
            self.h1s[-1] += data
        elif where == "crumb":
            text, href = self.breadcrumbs[-1]
            self.breadcrumbs[-1] = (text + data, href)
        elif where == "section":
            text, current = self.marked_sections[-1]
            self.marked_sections[-1] = (text + data, current)
            self.sections[-1] += data

    def close_texts(self):
        squash = lambda text: " ".join(text.split())  # noqa: E731
        self.title = squash(self.title)
        self.h1s = [squash(h1) for h1 in self.h1s]
        self.breadcrumbs = [(squash(text), href) for text, href in self.breadcrumbs]
        self.sections = [squash(text) for text in self.sections]
        self.marked_sections = [(squash(text), current) for text, current in self.marked_sections if current]
        return self


@dataclass
class Seen:
    key: str
    role: str
    url: str
    page: Page


@dataclass
class Sweep:
    pages: list[Seen] = field(default_factory=list)
    not_pages: list[str] = field(default_factory=list)  # problems: a URL that should be a page, or not
    opened: dict = field(default_factory=dict)  # (role, url) -> (status, Page or None)

    def open(self, client, role, url):
        """Fetch a page once per person, in a savepoint rolled back so that no GET changes the world."""
        if (role, url) not in self.opened:
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            html = response.content.decode(errors="replace") if _is_html(response) else ""
            page = Page(html).close_texts() if response.status_code == 200 and html else None
            self.opened[(role, url)] = (response, page)
        return self.opened[(role, url)]


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    if response.status_code >= 500:
        return f"{response.status_code} {problem_of(response)}"
    return f"{response.status_code} {response.get('Content-Type', '')}"


def visit(found: Sweep, clients: dict, the_world, key: str) -> None:
    """Fetch one URL as each person who may see it, noting the pages and what is not a page."""
    case = TABLE[key]
    if key in NOT_PAGES:
        return
    url = reverse(key, kwargs=case.args(the_world) if case.args else None)
    roles = lookers(case.rule)
    if case.post is not None:
        # A form's action: whoever may post to it gets no page from a GET.
        role = roles[-1]
        client = clients.setdefault(role, client_as(the_world, role))
        _, page = found.open(client, role, url)
        if page and page.is_full_page:
            found.pages.append(Seen(key, role, url, page))  # it shows the form too: a page
        return
    for role in roles:
        client = clients.setdefault(role, client_as(the_world, role))
        response, page = found.open(client, role, url)
        if page is None or not page.is_full_page:
            found.not_pages.append(
                f"{key} as {role}: {_describe(response)}, not a page; if that is right, add it "
                "to NOT_PAGES with the reason"
            )
            continue
        found.pages.append(Seen(key, role, url, page))


@pytest.fixture(scope="module")
def sweep(world, django_db_blocker):  # noqa: F811 (the fixture)
    found = Sweep()
    clients = {}
    with django_db_blocker.unblock():
        for key in url_names():
            visit(found, clients, world, key)
        # Follow every breadcrumb link, as the person who saw it.
        for seen in found.pages:
            for _, href in seen.page.breadcrumbs:
                found.open(clients[seen.role], seen.role, href)
    return found


def test_every_url_is_swept_or_has_a_reason_not_to_be():
    names = set(url_names())
    stale = [f"{key} is in NOT_PAGES but no longer exists" for key in NOT_PAGES if key not in names]
    assert not stale, "\n".join(stale)
    assert not [key for key in names if key not in TABLE], "every URL has a case in the permission matrix"


def test_a_url_left_out_without_a_reason_fails_the_sweep(world, django_db_blocker, monkeypatch):  # noqa: F811
    monkeypatch.delitem(NOT_PAGES, "grants:grants-360giving-json")
    found = Sweep()
    with django_db_blocker.unblock():
        visit(found, {}, world, "grants:grants-360giving-json")
    assert not found.pages
    assert found.not_pages and all("add it to NOT_PAGES" in problem for problem in found.not_pages)


def test_urls_that_are_not_pages_answer_no_page(sweep):
    assert not sweep.not_pages, "\n".join(sweep.not_pages)


def test_the_sweep_sees_every_kind_of_page(sweep):
    keys = {seen.key for seen in sweep.pages}
    roles = {seen.role for seen in sweep.pages}
    assert HOME in keys and "grants:round-detail" in keys and "surveys:manage" in keys
    assert {"anonymous", "resident", "coordinator_ladywood", "partner", "link_worker"} <= roles


def test_every_title_names_the_page_and_holds_its_h1(sweep):
    problems = []
    for seen in sweep.pages:
        title, h1s = seen.page.title, seen.page.h1s
        name = title.removeprefix("Error: ").removesuffix(SUFFIX)
        if not title.endswith(SUFFIX) or not name or name == SERVICE:
            problems.append(f"{seen.key} as {seen.role}: title {title!r} does not name the page")
        elif h1s and h1s[0] not in name:
            problems.append(f"{seen.key} as {seen.role}: title {title!r} does not hold the h1 {h1s[0]!r}")
    assert not problems, "\n".join(problems)


def test_every_page_has_one_h1(sweep):
    problems = [
        f"{seen.key} as {seen.role}: {len(seen.page.h1s)} h1s {seen.page.h1s}"
        for seen in sweep.pages
        if len(seen.page.h1s) != 1
    ]
    assert not problems, "\n".join(problems)


# Pages whose parent links to them only in some states of the world, and why.
PARENT_LINKS_LATER = {
    # The survey's build page links to these only while the survey is a draft; the world's is sent.
    "surveys:survey-edit": "draft only",
    "surveys:section-add": "draft only",
    "surveys:section-edit": "draft only",
    "surveys:question-add": "draft only",
    "surveys:question-edit": "draft only",
    "surveys:send": "draft only",
}


def is_parent(parent_url: str, parent: Page, url: str) -> bool:
    """The home page and the header's sections are parents of what is in them; any other parent links
    to the page or holds it in its address (/rounds/x/ holds /rounds/x/priorities/), since a step of a
    form is reached by a button, not a link."""
    parent_path = urlsplit(parent_url).path
    landings = {reverse(HOME)} | {reverse(name) for _, name in SECTIONS if name}
    return parent_path in landings or url in parent.links or url.startswith(parent_path)


def test_every_page_but_home_has_breadcrumbs_to_its_parents(sweep):
    problems = []
    home = reverse(HOME)
    for seen in sweep.pages:
        crumbs = seen.page.breadcrumbs
        where = f"{seen.key} as {seen.role}"
        if seen.key == HOME:
            if crumbs:
                problems.append(f"{where}: the home page has no breadcrumb")
            continue
        if seen.key in BACK_LINK_INSTEAD:
            if crumbs or not seen.page.back_link:
                problems.append(f"{where}: a step of a journey has a back link, not breadcrumbs")
            continue
        if not crumbs:
            problems.append(f"{where}: no breadcrumb")
            continue
        if crumbs[0] != ("Home", home):
            problems.append(f"{where}: the breadcrumb starts with {crumbs[0]}, not Home")
        if seen.url in [urlsplit(href).path for _, href in crumbs]:
            problems.append(f"{where}: the breadcrumb links to the page itself")
        if seen.page.back_link != crumbs[-1][1]:
            problems.append(f"{where}: the back link goes to {seen.page.back_link}, not the parent")
        for text, href in crumbs:
            response, page = sweep.opened[(seen.role, href)]
            if response.status_code != 200 or page is None:
                problems.append(f"{where}: the breadcrumb {text!r} ({href}) answers {_describe(response)}")
        parent_text, parent_href = crumbs[-1]
        _, parent = sweep.opened[(seen.role, parent_href)]
        if (
            parent is not None
            and seen.key not in PARENT_LINKS_LATER
            and not is_parent(parent_href, parent, seen.url)
        ):
            problems.append(
                f"{where}: the last breadcrumb {parent_text!r} ({parent_href}) neither links here nor "
                "holds this page's address"
            )
    assert not problems, "\n".join(problems)


def test_the_header_marks_the_section_of_every_page(sweep):
    problems = []
    for seen in sweep.pages:
        expected = expected_section(seen.key)
        if expected not in seen.page.sections:
            expected = None  # this person's header has no link to the section (referrals)
        marked = [text for text, _ in seen.page.marked_sections]
        if marked != ([expected] if expected else []):
            problems.append(f"{seen.key} as {seen.role}: the header marks {marked}, not {expected!r}")
    assert not problems, "\n".join(problems)


def test_a_sections_own_list_is_the_current_page(sweep):
    """The NHS.UK header marks the link to the page itself aria-current="page", and the link to the
    section of a page further in aria-current="true"."""
    landings = {reverse(name) for _, name in SECTIONS if name} | {
        reverse("referrals:list"),
        reverse("referrals:inbox"),
    }
    problems = [
        f"{seen.key} as {seen.role}: {text} marked aria-current={current!r}"
        for seen in sweep.pages
        for text, current in seen.page.marked_sections
        if (current == "page") != (seen.url in landings)
    ]
    assert not problems, "\n".join(problems)


# Shareable lists ----------------------------------------------------------------------------------

# The lists a person filters or searches: their filter form is a GET, so the filtered list has an
# address that can be shared, and its pages keep the filters.
FILTERED_LISTS = [
    ("places:place-list", lambda w: {"place": w.ladywood.code}),
    ("network:organisation-list", lambda w: {"search": "Health"}),
    ("insight:insight-list", lambda w: {"q": "GP"}),
    ("assets:directory", lambda w: {"q": "walking"}),
    ("decisions:decision-list", lambda w: {"body": str(w.body.pk)}),
    ("decisions:you-said-we-did", lambda w: {"body": str(w.body.pk)}),
]


@pytest.mark.parametrize(("key", "query"), FILTERED_LISTS, ids=[key for key, _ in FILTERED_LISTS])
def test_a_filtered_list_has_an_address_to_share(world, key, query):  # noqa: F811 (the fixture)
    ((name, value),) = query(world).items()
    response = client_as(world, "anonymous").get(reverse(key), {name: value})
    forms = re.findall(r"<form[^>]*>.*?</form>", response.content.decode(), re.S)
    filters = [form for form in forms if f'name="{name}"' in form]

    assert response.status_code == 200
    assert filters and all('method="get"' in form.split(">", 1)[0] for form in filters), key
    # The filter is shown as chosen, so the shared address shows what it filters by.
    kept = rf'value="{re.escape(value)}"[^>]*selected|name="{name}"[^>]*value="{re.escape(value)}"'
    assert re.search(kept, filters[0]), key


def test_the_pages_of_a_list_keep_every_filter(rf):
    from django.core.paginator import Paginator

    from ostrom.core.presenters import pagination

    request = rf.get("/insight/", {"kind": ["story", "comment"], "q": "GP"})
    links = pagination(Paginator(range(60), 25).get_page(1), request)

    assert links["next"]["href"] == "?kind=story&kind=comment&page=2&q=GP"
