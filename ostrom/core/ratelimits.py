"""Rate limits on public writes, per network address, with django-ratelimit.

The rates live in `settings.RATE_LIMITS`, one per group ("sign-up", "ballot", "new-participant" …),
so a deployment can loosen or tighten them without code. A page decorated with `limit_posts` answers
a person over the limit with the plain 429 page (`core.views.too_many_requests`); a service or API
operation calls `check` and lets `django_ratelimit.exceptions.Ratelimited` become a 429 there too.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

__all__ = ["Ratelimited", "check", "limit_posts", "rate_for"]


def rate_for(group: str, request) -> str:
    return settings.RATE_LIMITS[group]


def limit_posts(group: str):
    """Decorate a view: its POSTs count against the group's limit for the caller's address."""
    return ratelimit(group=group, key="ip", rate=rate_for, method="POST", block=True)


def check(request, group: str) -> None:
    """Count one attempt against the group's limit; raise `Ratelimited` once it is exceeded."""
    if is_ratelimited(request, group=group, key="ip", rate=rate_for, increment=True):
        raise Ratelimited(f"Too many attempts from your network ({group})")
