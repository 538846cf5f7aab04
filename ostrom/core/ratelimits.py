"""Rate limits on public writes, per network address, with django-ratelimit.

The rates live in `settings.RATE_LIMITS`, one per group ("sign-up", "ballot", "new-participant" …),
so a deployment can loosen or tighten them without code. A page decorated with `limit_posts` answers
a person over the limit with the plain 429 page (`core.views.too_many_requests`); a service or API
operation calls `check` and lets `django_ratelimit.exceptions.Ratelimited` become a 429 there too.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

__all__ = ["Ratelimited", "check", "client_address", "limit_posts", "rate_for"]


def client_address(request) -> str:
    """The caller's address as the rate limits see it: from the header the proxy sets
    (settings.CLIENT_ADDRESS_META_KEY), else the connection's. django-axes uses it too, so behind a proxy
    sign-in lockouts do not count every visitor as the proxy. A missing or malformed address (a proxy
    that did not set its header, a Unix socket) is counted as one unknown caller, never a server error."""
    for value in (request.META.get(settings.CLIENT_ADDRESS_META_KEY), request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address(str(value or "").split(",")[0].strip()))
        except ValueError:
            continue
    return "0.0.0.0"


def rate_for(group: str, request) -> str:
    return settings.RATE_LIMITS[group]


def limit_posts(group: str):
    """Decorate a view: its POSTs count against the group's limit for the caller's address, in the same
    count as `check` (so a page and its API operation share one limit)."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST":
                check(request, group)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def check(request, group: str) -> None:
    """Count one attempt against the group's limit; raise `Ratelimited` once it is exceeded."""
    if is_ratelimited(request, group=group, key="ip", rate=rate_for, increment=True):
        raise Ratelimited(f"Too many attempts from your network ({group})")
