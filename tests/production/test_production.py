"""Production mode: every public page of the demo, and a signed-in page of each role, served by gunicorn with
DEBUG off from collected static files, over the TLS proxy's X-Forwarded-Proto. No page loads anything from
another host, and every static file a page uses is served under its hashed name.

The walk starts from every page in the URL configuration that takes no arguments and follows the links
an anonymous visitor sees, so it reaches each kind of detail page through the demo's own objects."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

PASSWORD = "ostrom-demo"
# Namespaces walked from the URL configuration. The admin and the API are not pages for the public: the
# walk adds the API's documentation page and the admin's sign-in page by name instead.
PAGE_NAMESPACES = {"core", "accounts", "places", "network", "grants", "conversations", "panels"}
EXTRA_PAGES = ["api-1.0.0:openapi-view", "api-1.0.0:openapi-json", "admin:login"]
# Each kind of page about one of the demo's objects: the walk must reach at least one of each.
DETAIL_PAGES = {
    "grants:fund-detail",
    "grants:round-detail",
    "grants:result",
    "grants:application-detail",
    "grants:grant-detail",
    "network:organisation-detail",
    "network:subgroup-detail",
    "network:meeting-detail",
    "places:place-detail",
    "conversations:conversation-detail",
    "conversations:results",
    "panels:assembly-detail",
    "panels:lottery",
}
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
# Attributes through which a browser loads something by itself, without anyone clicking.
LOADED_BY = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
    "link": ["href"],
}
NOT_LOADED_LINKS = {"canonical", "alternate", "author", "help", "license", "next", "prev", "search"}


class PageParser(HTMLParser):
    """The links a person can follow and the resources a browser would load by itself."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and set((attributes.get("rel") or "").lower().split()) <= NOT_LOADED_LINKS:
            return
        for name in LOADED_BY.get(tag, []):
            value = attributes.get(name)
            if value and name == "srcset":
                self.resources.extend(
                    candidate.split()[0] for candidate in value.split(",") if candidate.strip()
                )
            elif value:
                self.resources.append(value)
        if attributes.get("style"):
            self.resources.extend(CSS_URL.findall(attributes["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.resources.extend(CSS_URL.findall(data))


@dataclass
class Walk:
    """What a walk over the site found: every page fetched, and where each resource was referenced from."""

    responses: dict = field(default_factory=dict)  # path -> Response
    url_names: dict = field(default_factory=dict)  # path -> "namespace:name"
    resources: dict = field(default_factory=dict)  # URL as written -> first page that uses it

    def problems(self, allowed) -> list[str]:
        return [
            f"GET {path} ({self.url_names[path]}) answered {response.status}"
            + (f", to {response.headers.get('Location')}" if response.headers.get("Location") else "")
            for path, response in sorted(self.responses.items())
            if not allowed(response)
        ]


def no_argument_pages() -> list[tuple[str, str]]:
    """(path, name) of every page in the URL configuration that takes no arguments."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and namespace in PAGE_NAMESPACES
                and not pattern.pattern.converters
            ):
                yield f"{namespace}:{pattern.name}"

    names = sorted(set(walk(get_resolver().url_patterns))) + EXTRA_PAGES
    return [(reverse(name), name) for name in names]


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.namespace in PAGE_NAMESPACES else None


def walk_site(site, visitor, start: list[tuple[str, str]], *, follow_links: bool = True) -> Walk:
    """Fetch the start pages, then every page of ours linked from an HTML page, until nothing new is linked.

    Links with a query string (filters, later pages of a list) are not followed: they show the same kinds
    of page again."""
    walk = Walk()
    to_fetch = dict(start)
    while to_fetch:
        for response in site.get_all(list(to_fetch), visitor=visitor):
            walk.responses[response.path] = response
            walk.url_names[response.path] = to_fetch[response.path]
        found = {}
        for path in to_fetch:
            response = walk.responses[path]
            if response.status != 200 or response.content_type != "text/html":
                continue
            page = PageParser()
            page.feed(response.text)
            for resource in page.resources:
                walk.resources.setdefault(urljoin(path, resource), path)
            for link in page.links:
                target = urlsplit(urljoin(path, link))
                if target.scheme or target.netloc or target.query or target.path in walk.responses:
                    continue
                name = url_name(target.path)
                if name:
                    found[target.path] = name
        to_fetch = {path: name for path, name in found.items() if path not in walk.responses and follow_links}
    return walk


@pytest.fixture(scope="session")
def public_walk(production_site):
    return walk_site(production_site, production_site.visitor(), no_argument_pages())


def sends_to_sign_in(response) -> bool:
    return response.status == 302 and urlsplit(response.headers.get("Location", "")).path == "/sign-in/"


def test_every_public_page_is_served_in_production(production_site, public_walk):
    problems = public_walk.problems(lambda response: response.status == 200 or sends_to_sign_in(response))
    assert not problems, "\n".join(problems) + production_site.log()

    reached = {
        public_walk.url_names[path]
        for path, response in public_walk.responses.items()
        if response.status == 200
    }
    missing = sorted(DETAIL_PAGES - reached)
    assert not missing, f"No page links to a demo object's {missing}: the walk could not reach them"


def loaded_from_elsewhere(site, walk: Walk) -> list[str]:
    return [
        f"{page} loads {resource}"
        for resource, page in sorted(walk.resources.items())
        if urlsplit(resource).netloc not in {"", site.host}
    ]


def files_not_served(site, walk: Walk) -> list[str]:
    """Files a page loads from this site that are not served. Static files must also have a hashed name
    (otherwise a browser could keep an old copy after a release) and be cached for ever."""
    local = {
        resource: page
        for resource, page in walk.resources.items()
        if not urlsplit(resource).scheme and not urlsplit(resource).netloc
    }
    problems = [
        f"{page} uses {resource}, which is not hashed"
        for resource, page in local.items()
        if resource.startswith("/static/") and not HASHED_NAME.search(resource)
    ]
    for response in site.get_all(sorted(local)):
        if response.status != 200:
            problems.append(f"{local[response.path]} uses {response.path}, which answered {response.status}")
        elif response.path.startswith("/static/") and "max-age=315360000" not in response.headers.get(
            "Cache-Control", ""
        ):
            problems.append(
                f"{response.path} is not cached for ever: {response.headers.get('Cache-Control')}"
            )
    return sorted(problems)


def test_no_page_loads_anything_from_another_host(production_site, public_walk):
    elsewhere = loaded_from_elsewhere(production_site, public_walk)
    assert not elsewhere, "\n".join(elsewhere)


def test_every_file_a_page_uses_is_served_and_static_files_under_their_hashed_names(
    production_site, public_walk
):
    assert any(resource.endswith(".css") for resource in public_walk.resources), "No page links a stylesheet"
    problems = files_not_served(production_site, public_walk)
    assert not problems, "\n".join(problems) + production_site.log()


def test_a_missing_page_answers_not_found_in_the_service_s_own_layout(production_site):
    missing = production_site.visitor().get("/no-such-page/")
    assert missing.status == 404
    assert "Page not found" in missing.text and "ostrom-nhsuk" in missing.text


def test_pages_behind_sign_in_are_served_to_a_coordinator(production_site, public_walk):
    """Each page that sent the anonymous visitor to sign in, fetched again by a coordinator: the page itself,
    403 where it is another role's (the audit log is the administrators'), or 405 where it is only the
    target of a form (withdrawing consent)."""
    # The code page is a step of signing in: someone already signed in (no code asked) is sent on to their page.
    code_step = reverse("accounts:two-factor-code")
    behind_sign_in = [
        (path, public_walk.url_names[path])
        for path, response in sorted(public_walk.responses.items())
        if sends_to_sign_in(response) and path != code_step
    ]
    coordinator = production_site.visitor()
    assert coordinator.sign_in("coordinator@demo.ostrom.invalid", PASSWORD).status == 302
    assert (
        walk_site(
            production_site, coordinator, [(code_step, "accounts:two-factor-code")], follow_links=False
        ).problems(lambda response: response.status == 302)
        == []
    )

    walk = walk_site(production_site, coordinator, behind_sign_in, follow_links=False)
    problems = walk.problems(lambda response: response.status in {200, 403, 405})
    assert not problems, "\n".join(problems) + production_site.log()
    assert not loaded_from_elsewhere(production_site, walk)
    assert not files_not_served(production_site, walk)


def test_stylesheets_load_nothing_from_another_host_and_every_file_they_use_is_served(
    production_site, public_walk
):
    stylesheets = sorted(r for r in public_walk.resources if r.startswith("/static/") and r.endswith(".css"))
    problems = []
    for stylesheet in production_site.get_all(stylesheets):
        used = {
            urljoin(stylesheet.path, url)
            for url in CSS_URL.findall(stylesheet.text)
            if not url.startswith("data:")
        }
        problems += [f"{stylesheet.path} loads {url}" for url in sorted(used) if urlsplit(url).netloc]
        local = sorted(url for url in used if not urlsplit(url).netloc)
        problems += [
            f"{stylesheet.path} uses {response.path}: {response.status}"
            for response in production_site.get_all(local)
            if response.status != 200
        ]
    assert not problems, "\n".join(problems)


def test_plain_http_is_sent_to_https_and_browsers_are_told_to_stay_there(production_site):
    visitor = production_site.visitor()
    plain = visitor.get("/", https=False)
    assert plain.status == 301 and plain.headers["Location"] == f"https://{production_site.host}/"

    secure = visitor.get("/sign-in/")
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    csrf_cookie = _set_cookie(secure, "csrftoken")
    assert "Secure" in csrf_cookie, csrf_cookie


def _set_cookie(response, name: str) -> str:
    return next(
        header for header in response.headers.get_all("Set-Cookie") or [] if header.startswith(f"{name}=")
    )


ROLE_PAGES = [
    # (demo account, their page, words only they see on it)
    ("resident001", "/my-account/", "Your account"),
    ("coordinator", "/people/", "People"),
    ("partner", "reach", "Who took part"),
    ("admin", "/audit/", "Audit log"),
    ("admin", "/admin/", "Site administration"),
]


@pytest.mark.parametrize(("account", "path", "words"), ROLE_PAGES)
def test_each_role_signs_in_and_sees_their_page(production_site, public_walk, account, path, words):
    if path == "reach":
        round_page = next(
            p for p, name in sorted(public_walk.url_names.items()) if name == "grants:round-detail"
        )
        path = round_page + "reach/"
    anonymous = production_site.visitor().get(path)
    assert anonymous.status != 200, f"{path} is not a signed-in page: anyone can see it"

    person = production_site.visitor()
    signed_in = person.sign_in(f"{account}@demo.ostrom.invalid", PASSWORD)
    assert signed_in.status == 302, (
        f"Signing in as {account} answered {signed_in.status}" + production_site.log()
    )
    session_cookie = _set_cookie(signed_in, "sessionid")
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie, session_cookie

    walk = walk_site(production_site, person, [(path, account)], follow_links=False)
    page = walk.responses[path]
    assert page.status == 200, f"GET {path} as {account} answered {page.status}" + production_site.log()
    assert words in page.text
    assert "Sign out" in page.text or "Log out" in page.text
    assert not loaded_from_elsewhere(production_site, walk)
    assert not files_not_served(production_site, walk)


def test_every_page_sends_a_content_security_policy_that_refuses_inline_script(production_site, public_walk):
    """The header itself is tested in tests/core/test_content_security_policy.py; here, that the production
    server sends it on every page, the error pages included."""
    pages = [
        response
        for response in [*public_walk.responses.values(), production_site.visitor().get("/no-such-page/")]
        if response.content_type == "text/html"
    ]
    assert len(pages) > 20
    without = [
        response.path
        for response in pages
        if "script-src 'self'" not in (policy := response.headers.get("Content-Security-Policy", ""))
        or "unsafe" in policy
        or "frame-ancestors 'none'" not in policy
    ]
    assert not without, f"No policy, or one allowing inline script, on {without}"
