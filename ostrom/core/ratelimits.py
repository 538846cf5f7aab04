"""Rate limits on public writes, per network address, counted exactly in the database.

The rates live in `settings.RATE_LIMITS`, one per group ("sign-up", "ballot", "new-participant" …),
so a deployment can loosen or tighten them without code. A page decorated with `limit_posts` answers
a person over the limit with the plain 429 page (`core.views.too_many_requests`, through
django-ratelimit's middleware); a service or API operation calls `check` and lets `Ratelimited` become a
429 there too.

Each attempt is one statement (`count_attempt`), an insert that adds one to the window's counter if it
exists, so simultaneous requests are each counted, on SQLite and PostgreSQL alike, with no cache server.
"""

import ipaddress
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, ngettext
from django_ratelimit.exceptions import Ratelimited

from .models import RateLimitCounter

__all__ = [
    "Rate",
    "Ratelimited",
    "TooManyAttempts",
    "check",
    "client_address",
    "count_attempt",
    "limit_posts",
    "parse_rate",
    "wait_of",
]

# An IPv6 home or office network is a /64 and its devices pick addresses within it at will, so a /64 counts
# as one address, as django-ratelimit's `ip` key does by default (RATELIMIT_IPV6_MASK). An IPv4 address
# counts alone.
IPV6_NETWORK_PREFIX = 64

# As django-ratelimit reads a rate: attempts, "/", then an optional multiplier and unit ("10/5m" is ten
# every five minutes); no unit means seconds, and anything after the unit ("30/hour") is ignored.
_RATE = re.compile(r"(\d+)/(\d*)([smhd])?", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


@dataclass(frozen=True)
class Rate:
    limit: int
    period_seconds: int


class TooManyAttempts(Ratelimited):
    """Over a group's limit until its window ends, `retry_after` seconds from now."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def wait_of(problem: Exception) -> str:
    """When to try again, in words: "Wait 12 minutes and try again". A limit that is not ours (none is
    known to reach a page) gets the longest wait our default rates give."""
    seconds = problem.retry_after if isinstance(problem, TooManyAttempts) else 60 * 60
    minutes = -(-seconds // 60)
    if minutes <= 1:
        return gettext("Wait a minute and try again")
    if minutes < 60:
        return ngettext(
            "Wait %(count)d minute and try again", "Wait %(count)d minutes and try again", minutes
        ) % {"count": minutes}
    hours = -(-minutes // 60)
    if hours == 1:
        return gettext("Wait an hour and try again")
    if hours < 24:
        return ngettext("Wait %(count)d hour and try again", "Wait %(count)d hours and try again", hours) % {
            "count": hours
        }
    return gettext("Try again tomorrow")


def parse_rate(rate: str) -> Rate:
    """A rate such as "30/h", "100/d", "5/m", "30/s" or "10/5m" as the most attempts per period."""
    match = _RATE.match(rate.strip())
    if not match:
        raise ImproperlyConfigured(
            f'The rate limit "{rate}" should look like "30/h": attempts per s, m, h or d'
        )
    limit, multiplier, unit = match.groups()
    period_seconds = _UNIT_SECONDS[(unit or "s").lower()] * int(multiplier or 1)
    if period_seconds <= 0:
        raise ImproperlyConfigured(f'The rate limit "{rate}" needs a period of at least one second')
    return Rate(limit=int(limit), period_seconds=period_seconds)


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


def _counter_key(group: str, address: str) -> str:
    """A keyed hash (the key comes from SECRET_KEY) of the group and the caller's network, so the table
    never holds an address and a copy of it cannot be turned back into addresses by trying them all."""
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6 and parsed.ipv4_mapped:  # an IPv4 caller as a dual-stack server sees it
        parsed = parsed.ipv4_mapped
    prefix = IPV6_NETWORK_PREFIX if parsed.version == 6 else 32
    network = ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address
    return salted_hmac("ostrom.core.ratelimits", f"{group}|{network}", algorithm="sha256").hexdigest()


_COUNT_ATTEMPT = (
    "INSERT INTO {table} ({key}, {starts}, {expires}, {count}) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT ({key}, {starts}) DO UPDATE SET {count} = {table}.{count} + 1 "
    "RETURNING {count}"
)


def count_attempt(*, group: str, address: str, at: datetime) -> int:
    """Count one attempt from `address` in `group` and return the attempts in the window that holds `at`,
    this one included. Windows are fixed stretches of the group's period counted from the Unix epoch (a
    "30/h" window runs from one o'clock to two), as django-ratelimit's were, except that it shifted each
    address's windows within the period so that cache entries would not all expire at once, which a table
    does not need.

    One statement, exact under concurrency: the insert takes the counter's primary key, and a second
    request for the same counter waits for it and then adds one to the stored count, never to a count
    it read before. Outside a transaction it commits at once; inside one (a service's) it holds the
    counter until that commits, so requests from one address in one group wait for each other."""
    window_starts, period_seconds = _window(group, at)
    quote = connection.ops.quote_name
    sql = _COUNT_ATTEMPT.format(
        table=quote(RateLimitCounter._meta.db_table),
        key=quote("key"),
        starts=quote("window_starts_at"),
        expires=quote("expires_at"),
        count=quote("attempt_count"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                _counter_key(group, address),
                connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(window_starts, UTC)),
                connection.ops.adapt_datetimefield_value(
                    datetime.fromtimestamp(window_starts + period_seconds, UTC)
                ),
            ],
        )
        return cursor.fetchone()[0]


def _window(group: str, at: datetime) -> tuple[int, int]:
    """The start of the group's window that holds `at` (seconds since the Unix epoch), and its length."""
    period_seconds = parse_rate(settings.RATE_LIMITS[group]).period_seconds
    epoch_seconds = int(at.timestamp())
    return epoch_seconds - epoch_seconds % period_seconds, period_seconds


def check(request, group: str) -> None:
    """Count one attempt against the group's limit; raise `TooManyAttempts` once it is exceeded."""
    now = timezone.now()
    attempts = count_attempt(group=group, address=client_address(request), at=now)
    if attempts > parse_rate(settings.RATE_LIMITS[group]).limit:
        window_starts, period_seconds = _window(group, now)
        raise TooManyAttempts(
            f"Too many attempts from your network ({group})",
            retry_after=max(1, window_starts + period_seconds - int(now.timestamp())),
        )


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
