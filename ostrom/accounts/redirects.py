"""Where to send someone after they sign in or create an account: back where they were, if that is
a page of this site."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

# The account pages pass `next` on rather than becoming it: signing in from the sign-up page should
# not lead back to the sign-up page.
ACCOUNT_PAGES = ("accounts:login", "accounts:sign-up", "accounts:sign-out")


def safe_next(request, url: str | None = None) -> str:
    """The `next` of the request (a form's hidden field, else the query string), or "" when it is
    missing or leads off this site (an open redirect would let a link to us send people anywhere)."""
    url = url if url is not None else request.POST.get("next") or request.GET.get("next") or ""
    is_safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and is_safe else ""


def with_next(url_name: str, next_url: str) -> str:
    """The address of a page with `?next=` to come back to (no `next` when there is none)."""
    address = reverse(url_name)
    if not next_url:
        return address
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{address}?{query.urlencode(safe='/')}"


def coming_back_to(request) -> str:
    """The page an account link in the header should come back to: this one, or, on an account page,
    the page that sent the person there."""
    match = request.resolver_match
    if match and match.view_name in ACCOUNT_PAGES:
        return safe_next(request)
    # From the home page, signing in leads to what needs doing rather than back home.
    if request.method != "GET" or (match and match.view_name == "core:home"):
        return ""
    return request.get_full_path()
