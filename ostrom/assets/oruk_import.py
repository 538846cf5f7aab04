"""Importing an Open Referral UK feed or file into the directory: read, check entry by entry, then apply
all of it or none of it.

- Reads v3 (a single fully nested service, a list of them, or an API page with `contents`) and v1, the
  older UK shape many feeds still serve (`regular_schedules`, `eligibilitys`, `service_taxonomys`,
  `physical_addresses`, …, and the v1 API's page `{"content": [...], "totalElements": …}`). A v1 entry is
  first turned into the v3 shape, so one set of checks covers both; problems name the v3 field.
- Every problem is `{"entry": n, "id": "…", "path": "service_at_locations[0].location.latitude",
  "problem": "100 is not a latitude"}`. Entries count from 1; entry 0 is the feed as a whole.
- Duplicate service ids in one feed are reported on both entries, never merged.
- Organisations, services and every nested record are matched by their Open Referral id (`oruk_id`), so a
  re-import updates and never duplicates. A member organisation of the collective keeps its own details
  and status; an organisation new to Ostrom comes in as "in the directory only" (listed).
- Unknown taxonomy terms are created under their taxonomy (found by id, then by name, else created).
- ALL OR NOTHING: if any entry is rejected, nothing is written.
"""

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop, ngettext

from ostrom.core import audit
from ostrom.network.models import Organisation
from ostrom.places.models import Place, Postcode

from .models import (
    Accessibility,
    Contact,
    CostOption,
    Language,
    Location,
    OrukImport,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .oruk import LISTED_CHARITY, LISTED_COMPANY, ONS_GEOGRAPHY
from .validation import DAYS, parse_time

MAX_ENTRIES = 20_000
MAX_FEED_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
FETCH_TIMEOUT_SECONDS = 20
V1_NAMESPACE = uuid.UUID("6f1d9a57-3c2e-4f0b-9a51-0b7c1e2d4a10")
V1_KEYS = {"regular_schedules", "service_taxonomys", "eligibilitys", "holiday_schedules", "fundings"}
DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
UK_NAMES = {"uk", "united kingdom", "great britain", "england", "scotland", "wales", "northern ireland", "gb"}
FEATURES_BY_WORD = {choice.value: choice.value for choice in Accessibility.Feature} | {
    choice.label.lower(): choice.value for choice in Accessibility.Feature
}
_is_url = URLValidator(schemes=["http", "https"])
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FeedUnreadable(Exception):
    """The feed or file could not be read at all (not JSON, too big, not reachable)."""


# Problems -----------------------------------------------------------------------------------------------


@dataclass
class Problems:
    items: list[dict] = field(default_factory=list)

    def add(self, entry: int, entry_id: str, path: str, problem: str) -> None:
        # Kept as JSON in the database (PostgreSQL stores no NUL): a feed's control characters are shown as �.
        entry_id, problem = (
            CONTROL.sub("\ufffd", text).encode("utf-8", "replace").decode() for text in (entry_id, problem)
        )
        self.items.append({"entry": entry, "id": entry_id, "path": path, "problem": problem})

    def entries(self) -> set[int]:
        return {item["entry"] for item in self.items}


def _shown(value) -> str:
    """A value from the feed as it is written in JSON (null, true, [1, 2]), not as Python writes it."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


class Reader:
    """Reads one entry's fields, keeping a problem for each one that cannot be stored."""

    def __init__(self, entry: int, entry_id: str, problems: Problems):
        self.entry, self.entry_id, self.problems = entry, entry_id, problems

    def problem(self, path: str, text: str) -> None:
        self.problems.add(self.entry, self.entry_id, path, text)

    def text(self, obj: dict, key: str, path: str, max_length: int, *, required: bool = False) -> str:
        value = obj.get(key)
        where = f"{path}{key}"
        if value is None or value == "":
            if required:
                self.problem(where, gettext("is missing"))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(where, gettext("%(value)s is not text") % {"value": _shown(value)})
            return ""
        value = str(value).strip()
        if "\x00" in value or any(ord(c) < 32 and c not in "\n\r\t" for c in value):
            self.problem(where, gettext("has an invisible control character"))
            return ""
        if any("\ud800" <= c <= "\udfff" for c in value):
            self.problem(where, gettext("has a broken character (half of a pair)"))
            return ""
        if len(value) > max_length:
            self.problem(where, gettext("is longer than %(limit)s characters") % {"limit": f"{max_length:,}"})
            return ""
        if required and not value:
            self.problem(where, gettext("is missing"))
        return value

    def id(self, obj: dict, path: str, key: str = "id", *, required: bool = True) -> uuid.UUID | None:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{path}{key}", gettext("is missing"))
            return None
        try:
            return uuid.UUID(value) if isinstance(value, str) and len(value) <= 40 else _not_a_uuid(value)
        except (ValueError, TypeError):
            self.problem(f"{path}{key}", gettext("%(value)s is not a UUID") % {"value": _shown(value)})
            return None

    def number(self, obj: dict, key: str, path: str, *, low: float, high: float, what: str | None = None):
        value = obj.get(key)
        if value is None or value == "":
            return None
        where = f"{path}{key}"
        number = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and len(value) <= 30:
            try:
                number = float(value)
            except ValueError:
                number = None
        if number is None or (isinstance(number, float) and not math.isfinite(number)):
            self.problem(where, gettext("%(value)s is not a number") % {"value": _shown(value)})
            return None
        if not low <= number <= high:
            if what:
                self.problem(
                    where,
                    gettext("%(value)s is not %(what)s") % {"value": _shown(value), "what": gettext(what)},
                )
            else:
                self.problem(
                    where,
                    gettext("%(value)s is not between %(low)s and %(high)s")
                    % {"value": _shown(value), "low": f"{int(low):,}", "high": f"{int(high):,}"},
                )
            return None
        return number

    def whole(self, obj: dict, key: str, path: str, *, low: int, high: int) -> int | None:
        number = self.number(obj, key, path, low=low, high=high)
        if number is None:
            return None
        if number != int(number):
            self.problem(
                f"{path}{key}", gettext("%(value)s is not a whole number") % {"value": _shown(obj.get(key))}
            )
            return None
        return int(number)

    def date(self, obj: dict, key: str, path: str) -> date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str) and len(value) <= 40:
            try:
                parsed = parse_date(value[:10])
            except ValueError:
                parsed = None
            if parsed:
                return parsed
        self.problem(
            f"{path}{key}", gettext("%(value)s is not a date (YYYY-MM-DD)") % {"value": _shown(value)}
        )
        return None

    def time(self, obj: dict, key: str, path: str) -> time | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str) and (moment := parse_time(value[:40])):
            return moment
        self.problem(f"{path}{key}", gettext("%(value)s is not a time (HH:MM)") % {"value": _shown(value)})
        return None

    def moment(self, obj: dict, key: str, path: str) -> datetime | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str) and len(value) <= 40:
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
            if parsed:
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        self.problem(f"{path}{key}", gettext("%(value)s is not a date and time") % {"value": _shown(value)})
        return None

    def email(self, obj: dict, key: str, path: str) -> str:
        value = self.text(obj, key, path, 254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.problem(
                    f"{path}{key}", gettext("%(value)s is not an email address") % {"value": _shown(value)}
                )
                return ""
        return value

    def url(self, obj: dict, key: str, path: str, max_length: int = 500) -> str:
        value = self.text(obj, key, path, max_length)
        if value:
            try:
                _is_url(value)
            except ValidationError:
                self.problem(
                    f"{path}{key}",
                    gettext("%(value)s is not a web address (http or https)") % {"value": _shown(value)},
                )
                return ""
        return value

    def records(self, obj: dict, key: str, path: str) -> list[tuple[str, dict]]:
        """(path of the item, item) for each object in the list `obj[key]`."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{path}{key}", gettext("is not a list"))
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{path}{key}[{index}].", item))
            else:
                self.problem(
                    f"{path}{key}[{index}]", gettext("%(value)s is not an object") % {"value": _shown(item)}
                )
        return found

    def record(self, obj: dict, key: str, path: str) -> tuple[str, dict] | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(f"{path}{key}", gettext("is not an object"))
            return None
        return f"{path}{key}.", value


def _not_a_uuid(value):
    raise ValueError(value)


# Reading the feed ----------------------------------------------------------------------------------------


def parse(content: bytes) -> object:
    if len(content) > MAX_FEED_BYTES:
        raise FeedUnreadable(
            gettext("The feed is larger than %(size)dMB") % {"size": MAX_FEED_BYTES // (1024 * 1024)}
        )
    try:
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as problem:
        raise FeedUnreadable(gettext("The file is not text in UTF-8")) from problem
    except (json.JSONDecodeError, RecursionError) as problem:
        if hasattr(problem, "lineno"):
            raise FeedUnreadable(
                gettext("The file is not JSON (line %(line)d, column %(column)d)")
                % {"line": problem.lineno, "column": problem.colno}
            ) from problem
        raise FeedUnreadable(gettext("The file is not JSON")) from problem
    except ValueError as problem:  # a whole number of more than 4,300 digits, which Python will not read
        raise FeedUnreadable(gettext("The file has a number too long to be a real value")) from problem


def entries_of(data) -> list:
    """The services in a parsed feed: a list, a v3 page (`contents`), a v1 page (`content`), a v1 or v3
    service package, or one service."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("contents", "content"):
            if isinstance(data.get(key), list):
                return data[key]
        if isinstance(data.get("services"), list):  # a fully nested organization: its services run by it
            organisation = {key: value for key, value in data.items() if key != "services"}
            return [
                {"organization": organisation} | service
                if isinstance(service, dict) and "organization" not in service
                else service
                for service in data["services"]
            ]
        if "id" in data or "name" in data:
            return [data]
    raise FeedUnreadable(
        gettext(
            "The file is not an Open Referral feed: expected a service, a list of services or a page of them"
        )
    )


def next_page_url(url: str, data) -> str | None:
    """The next page of a paged API answer, if there is one (v3 `last_page`/`page_number`, v1 `last`/`number`)."""
    if not isinstance(data, dict):
        return None
    if data.get("last_page") is True or data.get("last") is True or data.get("empty") is True:
        return None
    items = data.get("contents", data.get("content"))
    if not isinstance(items, list) or not items:
        return None
    total_pages = data.get("total_pages", data.get("totalPages"))
    page = data.get("page_number", data.get("number"))
    if not isinstance(page, int) or isinstance(page, bool):
        return None
    no_last_flag = data.get("last_page") is None and data.get("last") is None
    if no_last_flag and (not isinstance(total_pages, int) or page >= total_pages):
        return None
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | {"page": str(page + 1)}
    return urlunsplit(parts._replace(query=urlencode(query)))


def fetch_feed(url: str, *, progress=None) -> list:
    """Every entry of a feed URL, following its pages, within a size limit and a timeout per page."""
    import requests  # only the task fetches

    entries, seen, total = [], set(), 0
    page_url = url
    for page in range(1, MAX_PAGES + 1):
        if page_url in seen:
            break
        seen.add(page_url)
        try:
            with requests.get(
                page_url, timeout=FETCH_TIMEOUT_SECONDS, stream=True, allow_redirects=False
            ) as answer:
                if answer.status_code != 200:
                    raise FeedUnreadable(
                        gettext("The feed answered %(status)s for page %(page)d")
                        % {"status": answer.status_code, "page": page}
                    )
                chunks = []
                for chunk in answer.iter_content(64 * 1024):
                    total += len(chunk)
                    if total > MAX_FEED_BYTES:
                        raise FeedUnreadable(
                            gettext("The feed is larger than %(size)dMB")
                            % {"size": MAX_FEED_BYTES // (1024 * 1024)}
                        )
                    chunks.append(chunk)
        except requests.RequestException as problem:
            raise FeedUnreadable(
                gettext("The feed could not be reached (%(problem)s)") % {"problem": type(problem).__name__}
            ) from problem
        data = parse(b"".join(chunks))
        entries += entries_of(data)
        if len(entries) > MAX_ENTRIES:
            raise FeedUnreadable(
                gettext("The feed has more than %(count)s services") % {"count": f"{MAX_ENTRIES:,}"}
            )
        if progress is not None:
            progress.advance(min(20, page), gettext("Read page %(page)d of the feed") % {"page": page})
        page_url = next_page_url(page_url, data)
        if page_url is None:
            break
    return entries


# v1 into v3 ----------------------------------------------------------------------------------------------


def looks_v1(entry) -> bool:
    if not isinstance(entry, dict):
        return False
    if V1_KEYS & entry.keys():
        return True
    for at_location in entry.get("service_at_locations") or []:
        location = at_location.get("location") if isinstance(at_location, dict) else None
        if isinstance(location, dict) and (
            "physical_addresses" in location or "accessibility_for_disabilities" in location
        ):
            return True
    return False


def _v1_id(kind: str, value):
    """v1 ids are often numbers or short codes: a stable UUID from them (a UUID stays as it is)."""
    if isinstance(value, bool) or value is None or value == "":
        return value
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    if isinstance(value, str | int):
        return str(uuid.uuid5(V1_NAMESPACE, f"{kind}:{value}"))
    return value


def _list(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else value


def _v1_schedule(item: dict) -> dict:
    byday = item.get("byday")
    weekday = item.get("weekday")
    if not byday and isinstance(weekday, str):
        byday = DAY_NAMES.get(weekday.strip().lower(), weekday)
    elif not byday and isinstance(weekday, int) and 1 <= weekday <= 7:
        byday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][weekday - 1]
    return {
        "id": _v1_id("regular_schedule", item.get("id")),
        "freq": item.get("freq") or "WEEKLY",
        "interval": item.get("interval"),
        "byday": byday,
        "bymonthday": item.get("bymonthday"),
        "opens_at": item.get("opens_at"),
        "closes_at": item.get("closes_at"),
        "valid_from": item.get("valid_from"),
        "valid_to": item.get("valid_to"),
        "description": item.get("description"),
    }


def _v1_address(item: dict) -> dict:
    lines = [item.get(key) for key in ("address_1", "address_2", "address_3", "address_4")]
    first = ", ".join(line for line in lines if isinstance(line, str) and line.strip())
    return {
        "id": _v1_id("physical_address", item.get("id")),
        "address_1": first or item.get("address_1"),
        "city": item.get("city"),
        "state_province": item.get("state_province"),
        "postal_code": item.get("postal_code"),
        "country": item.get("country"),
        "address_type": "physical",
    }


def _v1_location(item: dict) -> dict:
    return {
        "id": _v1_id("location", item.get("id")),
        "location_type": "physical",
        "name": item.get("name"),
        "description": item.get("description"),
        "latitude": item.get("latitude"),
        "longitude": item.get("longitude"),
        "addresses": [_v1_address(a) for a in _list(item.get("physical_addresses")) or []],
        "accessibility": [
            {
                "id": _v1_id("accessibility", a.get("id")),
                "accessibility": a.get("accessibility"),
                "details": a.get("details"),
            }
            for a in _list(item.get("accessibility_for_disabilities")) or []
        ],
    }


def from_v1(entry: dict) -> dict:
    """A v1 nested service in the v3 shape (fields v3 has no place for are left behind)."""
    organisation = entry.get("organization")
    eligibilities = _list(entry.get("eligibilitys")) or []
    first = eligibilities[0] if isinstance(eligibilities, list) and eligibilities else {}
    service = {
        "id": _v1_id("service", entry.get("id")),
        "name": entry.get("name"),
        "description": entry.get("description"),
        "url": entry.get("url"),
        "email": entry.get("email"),
        "status": entry.get("status") or "active",
        "fees": entry.get("fees"),
        "assured_date": entry.get("assured_date"),
        "eligibility_description": "; ".join(
            e["eligibility"] for e in eligibilities if isinstance(e.get("eligibility"), str)
        )
        if isinstance(eligibilities, list)
        else None,
        "minimum_age": first.get("minimum_age"),
        "maximum_age": first.get("maximum_age"),
        "schedules": [_v1_schedule(s) for s in _list(entry.get("regular_schedules")) or []],
        "service_areas": [
            {
                "id": _v1_id("service_area", a.get("id")),
                "name": a.get("service_area"),
                "extent": a.get("extent"),
                "uri": a.get("uri"),
            }
            for a in _list(entry.get("service_areas")) or []
        ],
        "service_at_locations": [
            {
                "id": _v1_id("service_at_location", sal.get("id")),
                "location": _v1_location(sal["location"])
                if isinstance(sal.get("location"), dict)
                else sal.get("location"),
                "schedules": [_v1_schedule(s) for s in _list(sal.get("regular_schedules")) or []],
            }
            for sal in _list(entry.get("service_at_locations")) or []
        ],
        "contacts": [
            {
                "id": _v1_id("contact", c.get("id")),
                "name": c.get("name"),
                "title": c.get("title"),
                "email": c.get("email"),
                "phones": [
                    {
                        "id": _v1_id("phone", p.get("id")),
                        "number": p.get("number"),
                        "description": p.get("description"),
                    }
                    for p in _list(c.get("phones")) or []
                ],
            }
            for c in _list(entry.get("contacts")) or []
        ],
        "cost_options": [
            {
                "id": _v1_id("cost_option", c.get("id")),
                "option": c.get("option"),
                "amount": c.get("amount"),
                "amount_description": c.get("amount_description"),
                "valid_from": c.get("valid_from"),
                "valid_to": c.get("valid_to"),
            }
            for c in _list(entry.get("cost_options")) or []
        ],
        "languages": [
            {"id": _v1_id("language", lang.get("id")), "name": lang.get("language")}
            for lang in _list(entry.get("languages")) or []
        ],
        "attributes": [
            {
                "taxonomy_term": {
                    "id": _v1_id("taxonomy", t["taxonomy"].get("id")),
                    "name": t["taxonomy"].get("name"),
                    "taxonomy": t["taxonomy"].get("vocabulary"),
                }
            }
            for t in _list(entry.get("service_taxonomys")) or []
            if isinstance(t.get("taxonomy"), dict)
        ],
    }
    if isinstance(organisation, dict):
        service["organization"] = {
            "id": _v1_id("organization", organisation.get("id")),
            "name": organisation.get("name"),
            "description": organisation.get("description"),
            "email": organisation.get("email"),
            "website": organisation.get("url"),
        }
    elif organisation is not None:
        service["organization"] = organisation
    for key in (
        "schedules",
        "service_areas",
        "service_at_locations",
        "contacts",
        "cost_options",
        "languages",
    ):
        if not isinstance(service[key], list):
            service[key] = entry.get(key)
    return service


# Checking one entry --------------------------------------------------------------------------------------


def _days(reader: Reader, value: str, path: str) -> str:
    days = [part.strip().upper() for part in value.split(",") if part.strip()]
    for day in days:
        if re.sub(r"^[+-]?\d{1,2}", "", day) not in DAYS:
            reader.problem(
                path,
                gettext("%(value)s is not a day (MO, TU, WE, TH, FR, SA or SU)") % {"value": _shown(day)},
            )
            return ""
    return ",".join(days)


def _schedule(reader: Reader, path: str, item: dict) -> dict:
    schedule = {
        "oruk_id": reader.id(item, path),
        "freq": (reader.text(item, "freq", path, 10) or "WEEKLY").upper(),
        "interval": reader.whole(item, "interval", path, low=1, high=366) or 1,
        "byday": _days(reader, reader.text(item, "byday", path, 40), f"{path}byday"),
        "bymonthday": reader.text(item, "bymonthday", path, 40),
        "opens_at": reader.time(item, "opens_at", path),
        "closes_at": reader.time(item, "closes_at", path),
        "valid_from": reader.date(item, "valid_from", path),
        "valid_to": reader.date(item, "valid_to", path),
        "description": reader.text(item, "description", path, 500),
    }
    if schedule["freq"] not in {"WEEKLY", "MONTHLY"}:
        reader.problem(
            f"{path}freq", gettext("%(value)s is not WEEKLY or MONTHLY") % {"value": _shown(item.get("freq"))}
        )
    if schedule["opens_at"] and schedule["closes_at"] and schedule["opens_at"] >= schedule["closes_at"]:
        reader.problem(f"{path}closes_at", gettext("is not after the time it opens"))
    return schedule


def _country(reader: Reader, item: dict, path: str) -> str:
    value = reader.text(item, "country", path, 60)
    if not value:
        return "GB"
    if len(value) == 2 and value.isalpha():
        return value.upper()
    if value.lower() in UK_NAMES:
        return "GB"
    reader.problem(
        f"{path}country", gettext("%(value)s is not a two-letter country code") % {"value": _shown(value)}
    )
    return "GB"


def _location(reader: Reader, path: str, item: dict) -> dict:
    location = {
        "oruk_id": reader.id(item, path),
        "location_type": reader.text(item, "location_type", path, 10) or "physical",
        "name": reader.text(item, "name", path, 200),
        "description": reader.text(item, "description", path, 10_000),
        "latitude": reader.number(item, "latitude", path, low=-90, high=90, what=gettext_noop("a latitude")),
        "longitude": reader.number(
            item, "longitude", path, low=-180, high=180, what=gettext_noop("a longitude")
        ),
        "accessibility": [],
    }
    if location["location_type"] not in Location.Kind.values:
        reader.problem(
            f"{path}location_type",
            gettext("%(value)s is not physical, postal or virtual")
            % {"value": _shown(item.get("location_type"))},
        )
    addresses = reader.records(item, "addresses", path)
    if addresses:
        address_path, address = addresses[0]
        location |= {
            "address_1": reader.text(address, "address_1", address_path, 200),
            "city": reader.text(address, "city", address_path, 100),
            "state_province": reader.text(address, "state_province", address_path, 100),
            "postal_code": reader.text(address, "postal_code", address_path, 10),
            "country": _country(reader, address, address_path),
        }
    for feature_path, feature in reader.records(item, "accessibility", path):
        code = reader.text(feature, "accessibility", feature_path, 500)
        description = reader.text(feature, "description", feature_path, 500)
        details = reader.text(feature, "details", feature_path, 500)
        kind = FEATURES_BY_WORD.get(code.lower()) or FEATURES_BY_WORD.get(description.lower())
        if (
            kind is None and code and not description
        ):  # "Hearing loop at reception": the feature and its details
            kind = next(
                (value for word, value in FEATURES_BY_WORD.items() if len(word) > 5 and word in code.lower()),
                None,
            )
            details = details or code
        if kind is None:
            kind = Accessibility.Feature.OTHER
            details = "; ".join(text for text in (code, description, details) if text)[:500]
        location["accessibility"].append(
            {"oruk_id": reader.id(feature, feature_path), "feature": kind, "details": details}
        )
    return location


def _organisation(reader: Reader, entry: dict) -> dict | None:
    nested = reader.record(entry, "organization", "")
    if nested is None:
        oruk_id = reader.id(entry, "", "organization_id", required=False)
        if oruk_id and Organisation.objects.filter(oruk_id=oruk_id).exists():
            return {"oruk_id": oruk_id, "known_only": True}
        reader.problem(
            "organization", gettext("is missing: every service needs the organisation that runs it")
        )
        return None
    path, item = nested
    organisation = {
        "oruk_id": reader.id(item, path),
        "name": reader.text(item, "name", path, 200, required=True),
        "description": reader.text(item, "description", path, 10_000),
        "email": reader.email(item, "email", path),
        "phone": reader.text(item, "phone", path, 30),
        "website": reader.url(item, "website", path, 200),
        "charity_number": "",
        "company_number": "",
    }
    for identifier_path, identifier in reader.records(item, "organization_identifiers", path):
        scheme = reader.text(identifier, "identifier_scheme", identifier_path, 50)
        if scheme == LISTED_CHARITY:
            organisation["charity_number"] = reader.text(identifier, "identifier", identifier_path, 20)
        elif scheme == LISTED_COMPANY:
            organisation["company_number"] = reader.text(identifier, "identifier", identifier_path, 8)
    return organisation


def _term(reader: Reader, path: str, item: dict) -> dict:
    term = {
        "oruk_id": reader.id(item, path),
        "name": reader.text(item, "name", path, 200, required=True),
        "code": reader.text(item, "code", path, 100) or reader.text(item, "term", path, 200),
        "description": reader.text(item, "description", path, 10_000),
        "term_uri": reader.url(item, "term_uri", path),
        "parent_id": reader.id(item, path, "parent_id", required=False),
        "taxonomy_id": reader.id(item, path, "taxonomy_id", required=False),
        "taxonomy": reader.text(item, "taxonomy", path, 200),
    }
    term["code"] = slugify(term["code"] or term["name"])[:100] or "term"
    return term


def _area(item: dict) -> str | None:
    """The code of the place a service area names, when it names one Ostrom knows."""
    for value in (item.get("extent"), item.get("uri")):
        if isinstance(value, str) and value and "\x00" not in value:
            code = value.removeprefix(ONS_GEOGRAPHY).rstrip("/").rsplit("/", 1)[-1][:20]
            if Place.objects.filter(code=code).exists():
                return code
    name = item.get("name") or item.get("service_area")
    if isinstance(name, str) and name and "\x00" not in name:
        matches = list(Place.objects.filter(name__iexact=name[:150]).values_list("code", flat=True)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def check_entry(number: int, entry, problems: Problems, notes: list) -> dict | None:
    """One entry, checked and cleaned; its problems (if any) go into `problems`."""
    if not isinstance(entry, dict):
        problems.add(
            number, "", "", gettext("%(value)s is not a service (an object)") % {"value": _shown(entry)}
        )
        return None
    if isinstance(entry.get("service"), dict) and "location" in entry:  # a service at one location
        at_location = {key: value for key, value in entry.items() if key != "service"}
        entry = entry["service"] | {"service_at_locations": [at_location]}
    raw_id = entry.get("id")
    if looks_v1(entry):
        entry = from_v1(entry)
    reader = Reader(number, str(raw_id)[:60] if isinstance(raw_id, str | int) else "", problems)
    service = {
        "oruk_id": reader.id(entry, ""),
        "name": reader.text(entry, "name", "", 200, required=True),
        "description": reader.text(entry, "description", "", 10_000),
        "url": reader.url(entry, "url", ""),
        "email": reader.email(entry, "email", ""),
        "status": reader.text(entry, "status", "", 20) or Service.Status.ACTIVE,
        "fees_description": reader.text(entry, "fees", "", 10_000)
        or reader.text(entry, "fees_description", "", 10_000),
        "eligibility_description": reader.text(entry, "eligibility_description", "", 10_000),
        "minimum_age": reader.whole(entry, "minimum_age", "", low=0, high=150),
        "maximum_age": reader.whole(entry, "maximum_age", "", low=0, high=150),
        "alert": reader.text(entry, "alert", "", 500),
        "assured_date": reader.date(entry, "assured_date", ""),
        "assurer_email": reader.email(entry, "assurer_email", ""),
        "last_modified": reader.moment(entry, "last_modified", ""),
        "organisation": _organisation(reader, entry),
    }
    if service["status"] not in Service.Status.values:
        reader.problem(
            "status",
            gettext("%(value)s is not active, inactive, defunct or temporarily closed")
            % {"value": _shown(service["status"])},
        )
    low, high = service["minimum_age"], service["maximum_age"]
    if low is not None and high is not None and low > high:
        reader.problem(
            "maximum_age", gettext("%(high)s is below the minimum age %(low)s") % {"high": high, "low": low}
        )
    service["schedules"] = [_schedule(reader, p, item) for p, item in reader.records(entry, "schedules", "")]
    service["places"] = []
    for area_path, area in reader.records(entry, "service_areas", ""):
        code = _area(area)
        if code:
            service["places"].append(code)
        else:
            notes.append(
                {
                    "entry": number,
                    "id": reader.entry_id,
                    "path": area_path.rstrip("."),
                    "note": gettext("names no place Ostrom knows, so it was left out"),
                }
            )
    service["at_locations"] = []
    seen_locations = set()
    for sal_path, sal in reader.records(entry, "service_at_locations", ""):
        at_location = {
            "oruk_id": reader.id(sal, sal_path),
            "description": reader.text(sal, "description", sal_path, 10_000),
            "schedules": [
                _schedule(reader, p, item) for p, item in reader.records(sal, "schedules", sal_path)
            ],
            "location": None,
        }
        nested = reader.record(sal, "location", sal_path)
        if nested is None:
            reader.problem(f"{sal_path}location", gettext("is missing"))
        else:
            at_location["location"] = _location(reader, *nested)
            location_id = at_location["location"]["oruk_id"]
            if location_id and location_id in seen_locations:
                reader.problem(
                    f"{sal_path}location.id",
                    gettext("is the same location as an earlier service_at_location"),
                )
            seen_locations.add(location_id)
        service["at_locations"].append(at_location)
    service["phones"] = [
        {
            "oruk_id": reader.id(item, p),
            "number": reader.text(item, "number", p, 30, required=True),
            "description": reader.text(item, "description", p, 200),
        }
        for p, item in reader.records(entry, "phones", "")
    ]
    service["contacts"] = []
    for contact_path, item in reader.records(entry, "contacts", ""):
        service["contacts"].append(
            {
                "oruk_id": reader.id(item, contact_path),
                "name": reader.text(item, "name", contact_path, 150),
                "title": reader.text(item, "title", contact_path, 150),
                "email": reader.email(item, "email", contact_path),
                "phones": [
                    {
                        "oruk_id": reader.id(phone, p),
                        "number": reader.text(phone, "number", p, 30, required=True),
                        "description": reader.text(phone, "description", p, 200),
                    }
                    for p, phone in reader.records(item, "phones", contact_path)
                ],
            }
        )
    service["cost_options"] = []
    for cost_path, item in reader.records(entry, "cost_options", ""):
        amount = reader.number(item, "amount", cost_path, low=0, high=9_999_999)
        service["cost_options"].append(
            {
                "oruk_id": reader.id(item, cost_path),
                "option": reader.text(item, "option", cost_path, 200),
                "amount": Decimal(str(amount)).quantize(Decimal("0.01")) if amount is not None else None,
                "amount_description": reader.text(item, "amount_description", cost_path, 300),
                "valid_from": reader.date(item, "valid_from", cost_path),
                "valid_to": reader.date(item, "valid_to", cost_path),
            }
        )
    service["languages"] = [
        {
            "oruk_id": reader.id(item, p),
            "name": reader.text(item, "name", p, 100),
            "code": reader.text(item, "code", p, 10),
        }
        for p, item in reader.records(entry, "languages", "")
    ]
    service["terms"] = []
    for attribute_path, attribute in reader.records(entry, "attributes", ""):
        nested = reader.record(attribute, "taxonomy_term", attribute_path)
        if nested is not None:
            service["terms"].append(_term(reader, *nested))
            continue
        term_id = reader.id(attribute, attribute_path, "taxonomy_term_id")
        if term_id and not TaxonomyTerm.objects.filter(oruk_id=term_id).exists():
            reader.problem(
                f"{attribute_path}taxonomy_term_id",
                gettext("%(term)s is not a taxonomy term this feed or Ostrom has") % {"term": term_id},
            )
        elif term_id:
            service["terms"].append({"oruk_id": term_id, "known_only": True})
    return service


OWNED = {
    "schedules": lambda s: s["schedules"] + [x for sal in s["at_locations"] for x in sal["schedules"]],
    "service_at_locations": lambda s: s["at_locations"],
    "phones": lambda s: s["phones"] + [p for c in s["contacts"] for p in c["phones"]],
    "contacts": lambda s: s["contacts"],
    "cost_options": lambda s: s["cost_options"],
    "languages": lambda s: s["languages"],
}


def check_feed(entries: list) -> tuple[list[dict], Problems, list]:
    """Every entry checked; duplicate service ids (and records that two services both claim) reported on
    every entry that has them."""
    problems, notes, cleaned = Problems(), [], []
    if len(entries) > MAX_ENTRIES:
        problems.add(
            0, "", "", gettext("The feed has more than %(count)s services") % {"count": f"{MAX_ENTRIES:,}"}
        )
        return [], problems, notes
    for number, entry in enumerate(entries, start=1):
        service = check_entry(number, entry, problems, notes)
        if service is not None:
            service["entry"] = number
            cleaned.append(service)
    by_id: dict = {}
    for service in cleaned:
        if service["oruk_id"]:
            by_id.setdefault(service["oruk_id"], []).append(service)
    for oruk_id, same in by_id.items():
        if len(same) > 1:
            numbers = [s["entry"] for s in same]
            for service in same:
                others = ", ".join(str(n) for n in numbers if n != service["entry"])
                problems.add(
                    service["entry"],
                    str(oruk_id),
                    "id",
                    gettext("is the id of entry %(others)s too: one id, one service") % {"others": others},
                )
    for kind, records_of in OWNED.items():
        claimed: dict = {}
        for service in cleaned:
            for record in records_of(service):
                if record["oruk_id"]:
                    claimed.setdefault(record["oruk_id"], []).append(service["entry"])
        for record_id, numbers in claimed.items():
            if len(numbers) > 1:
                for number in sorted(set(numbers)):
                    problems.add(
                        number,
                        str(record_id),
                        kind,
                        gettext("%(id)s appears more than once (entries %(entries)s)")
                        % {"id": record_id, "entries": ", ".join(map(str, sorted(set(numbers))))},
                    )
    return cleaned, problems, notes


# Applying ---------------------------------------------------------------------------------------------------


def _upsert(model, oruk_id, values: dict, **lookup):
    item = model.objects.filter(oruk_id=oruk_id).first()
    if item is None:
        return model.objects.create(oruk_id=oruk_id, **lookup, **values)
    for name, value in {**lookup, **values}.items():
        setattr(item, name, value)
    item.save()
    return item


def _apply_organisation(data: dict) -> Organisation:
    existing = Organisation.objects.filter(oruk_id=data["oruk_id"]).first()
    if data.get("known_only"):
        return existing
    if existing is None:
        return Organisation.objects.create(
            oruk_id=data["oruk_id"],
            name=data["name"],
            kind=Organisation.Kind.OTHER,
            description=data["description"],
            contact_name="",
            contact_email=data["email"],
            contact_phone=data["phone"],
            website=data["website"],
            charity_number=data["charity_number"],
            company_number=data["company_number"],
            show_contact_details=bool(data["email"] or data["phone"]),
            status=Organisation.Status.LISTED,
        )
    if existing.status == Organisation.Status.LISTED:
        existing.name, existing.description, existing.website = (
            data["name"],
            data["description"],
            data["website"],
        )
        for name in ("charity_number", "company_number"):
            setattr(existing, name, data[name])
        if data["email"] or data["phone"]:
            existing.contact_email, existing.contact_phone = data["email"], data["phone"]
            existing.show_contact_details = True
        existing.save()
    return existing  # a member organisation keeps its own details and status


def _apply_term(data: dict, terms_in_feed: dict) -> TaxonomyTerm:
    existing = TaxonomyTerm.objects.filter(oruk_id=data["oruk_id"]).first()
    if data.get("known_only"):
        return existing
    if existing is not None:
        taxonomy = existing.taxonomy
    else:
        taxonomy = (
            Taxonomy.objects.filter(oruk_id=data["taxonomy_id"]).first() if data["taxonomy_id"] else None
        )
        name = data["taxonomy"] or "Imported categories"
        taxonomy = taxonomy or Taxonomy.objects.filter(name=name).first()
        if taxonomy is None:
            taxonomy = Taxonomy.objects.create(
                **({"oruk_id": data["taxonomy_id"]} if data["taxonomy_id"] else {}), name=name
            )
    code = data["code"]
    clash = TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=code).exclude(oruk_id=data["oruk_id"])
    if clash.exists():
        code = f"{code[:90]}-{str(data['oruk_id'])[:8]}"
    values = {
        "taxonomy": taxonomy,
        "code": code,
        "name": data["name"],
        "description": data["description"],
        "term_uri": data["term_uri"],
    }
    term = _upsert(TaxonomyTerm, data["oruk_id"], values)
    terms_in_feed[data["oruk_id"]] = (term, data["parent_id"])
    return term


def _place_of(postcode: str):
    if not postcode:
        return None
    found = Postcode.objects.filter(postcode=Postcode.normalise(postcode)[:8]).select_related("lsoa").first()
    return found.lsoa if found else None


def _apply_location(data: dict, organisation) -> Location:
    values = {
        key: data.get(key, "")
        for key in ("name", "description", "address_1", "city", "state_province", "postal_code")
    }
    values |= {
        "location_type": data["location_type"],
        "country": data.get("country", "GB"),
        "latitude": Decimal(str(data["latitude"])).quantize(Decimal("0.000001"))
        if data["latitude"] is not None
        else None,
        "longitude": Decimal(str(data["longitude"])).quantize(Decimal("0.000001"))
        if data["longitude"] is not None
        else None,
        "place": _place_of(values["postal_code"]),
    }
    location = Location.objects.filter(oruk_id=data["oruk_id"]).first()
    if location is None:
        location = Location.objects.create(oruk_id=data["oruk_id"], organisation=organisation, **values)
    else:
        for name, value in values.items():
            setattr(location, name, value)
        location.save()
    keep = []
    for feature in data["accessibility"]:
        keep.append(
            _upsert(
                Accessibility,
                feature["oruk_id"],
                {"feature": feature["feature"], "details": feature["details"]},
                location=location,
            ).pk
        )
    location.accessibility.exclude(pk__in=keep).delete()
    return location


def _schedule_values(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "oruk_id"}


def apply_service(data: dict, *, actor, source: str) -> tuple[Service, bool]:
    organisation = _apply_organisation(data["organisation"])
    terms_in_feed: dict = {}
    terms = [_apply_term(term, terms_in_feed) for term in data["terms"]]
    for term, parent_id in terms_in_feed.values():
        parent = (
            TaxonomyTerm.objects.filter(oruk_id=parent_id, taxonomy=term.taxonomy).first()
            if parent_id
            else None
        )
        if parent is not None and parent.pk != term.pk and term.parent_id != parent.pk:
            term.parent = parent
            term.save(update_fields=["parent"])
    fields = {
        key: data[key]
        for key in (
            "name",
            "description",
            "url",
            "email",
            "status",
            "fees_description",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "alert",
            "assured_date",
            "assurer_email",
        )
    }
    fields |= {"organisation": organisation, "last_modified": data["last_modified"] or timezone.now()}
    service = Service.objects.filter(oruk_id=data["oruk_id"]).first()
    added = service is None
    before = {} if added else {key: getattr(service, key) for key in fields}
    service = _upsert(Service, data["oruk_id"], fields)
    service.categories.set(terms)
    service.places.set(Place.objects.filter(code__in=data["places"]))
    kept = {"sal": [], "schedule": [], "contact": [], "phone": [], "cost": [], "language": []}
    for item in data["at_locations"]:
        location = _apply_location(item["location"], organisation)
        at_location = _upsert(
            ServiceAtLocation,
            item["oruk_id"],
            {"location": location, "description": item["description"]},
            service=service,
        )
        kept["sal"].append(at_location.pk)
        for schedule in item["schedules"]:
            values = _schedule_values(schedule) | {"service": service, "service_at_location": at_location}
            kept["schedule"].append(_upsert(Schedule, schedule["oruk_id"], values).pk)
    for schedule in data["schedules"]:
        values = _schedule_values(schedule) | {"service": service, "service_at_location": None}
        kept["schedule"].append(_upsert(Schedule, schedule["oruk_id"], values).pk)
    Schedule.objects.filter(service=service).exclude(pk__in=kept["schedule"]).delete()
    Schedule.objects.filter(service_at_location__service=service).exclude(pk__in=kept["schedule"]).delete()
    service.service_at_locations.exclude(pk__in=kept["sal"]).delete()
    for item in data["contacts"]:
        contact = _upsert(
            Contact,
            item["oruk_id"],
            {"name": item["name"], "title": item["title"], "email": item["email"]},
            service=service,
        )
        kept["contact"].append(contact.pk)
        for phone in item["phones"]:
            kept["phone"].append(
                _upsert(
                    Phone,
                    phone["oruk_id"],
                    {"number": phone["number"], "description": phone["description"], "service": None},
                    contact=contact,
                ).pk
            )
    for phone in data["phones"]:
        kept["phone"].append(
            _upsert(
                Phone,
                phone["oruk_id"],
                {"number": phone["number"], "description": phone["description"], "contact": None},
                service=service,
            ).pk
        )
    Phone.objects.filter(contact__service=service).exclude(pk__in=kept["phone"]).delete()
    service.phones.exclude(pk__in=kept["phone"]).delete()
    service.contacts.exclude(pk__in=kept["contact"]).delete()
    for item in data["cost_options"]:
        kept["cost"].append(_upsert(CostOption, item["oruk_id"], _schedule_values(item), service=service).pk)
    service.cost_options.exclude(pk__in=kept["cost"]).delete()
    for item in data["languages"]:
        kept["language"].append(
            _upsert(Language, item["oruk_id"], _schedule_values(item), service=service).pk
        )
    service.languages.exclude(pk__in=kept["language"]).delete()
    changes = {
        key: (before.get(key), getattr(service, key))
        for key in ("name", "status")
        if before.get(key) != getattr(service, key)
    }
    audit.record(
        actor=actor,
        action="asset.imported" if added else "asset.updated_by_import",
        target=service,
        changes=changes,
        note=f"From the Open Referral UK feed {source}"[:500],
    )
    return service, added


def _rejected_entries(problems: Problems) -> int:
    return len(problems.entries())


def import_entries(entries: list, *, oruk_import: OrukImport, actor=None, progress=None) -> dict:
    """Check every entry, then apply all of them in one transaction or none; the report is kept on
    `oruk_import` and returned."""
    versions = {"v1" if looks_v1(entry) else "v3" for entry in entries} or {"v3"}
    cleaned, problems, notes = check_feed(entries)
    report = {
        "version": " and ".join(sorted(versions)),
        "entries": len(entries),
        "added": [],
        "updated": [],
        "rejected": problems.items,
        "notes": notes,
    }
    if progress is not None:
        progress.advance(
            50,
            ngettext("Checked %(count)d entry", "Checked %(count)d entries", len(entries))
            % {"count": len(entries)},
        )
    if not problems.items and not entries:
        problems.add(0, "", "", gettext("The feed has no services in it"))
    if problems.items:
        report["imported"] = False
        return _keep(oruk_import, report, rejected=max(1, _rejected_entries(problems)))
    if progress is not None:
        # The last report before the transaction: one inside it would hold the progress record's lock, and
        # the worker's heartbeat would wait on it until the end (and the page would not see it anyway).
        progress.advance(
            60,
            ngettext(
                "Saving %(count)d service, all together so that none is half saved",
                "Saving %(count)d services, all together so that none is half saved",
                len(cleaned),
            )
            % {"count": len(cleaned)},
        )
    with transaction.atomic():
        for data in cleaned:
            service, added = apply_service(data, actor=actor, source=oruk_import.source_name)
            (report["added"] if added else report["updated"]).append(
                {"entry": data["entry"], "id": str(service.oruk_id), "name": service.name}
            )
        report["imported"] = True
        _keep(oruk_import, report, rejected=0)
        audit.record(
            actor=actor,
            action="oruk_import.finished",
            target=oruk_import,
            note=f"{len(report['added'])} added, {len(report['updated'])} updated",
        )
    return report


def _keep(oruk_import: OrukImport, report: dict, *, rejected: int) -> dict:
    oruk_import.report = report
    oruk_import.added, oruk_import.updated, oruk_import.rejected = (
        len(report["added"]),
        len(report["updated"]),
        rejected,
    )
    oruk_import.save(update_fields=["report", "added", "updated", "rejected"])
    return report


def unreadable(oruk_import: OrukImport, problem: str) -> dict:
    report = {
        "version": "",
        "entries": 0,
        "added": [],
        "updated": [],
        "rejected": [{"entry": 0, "id": "", "path": "", "problem": problem}],
        "notes": [],
        "imported": False,
    }
    return _keep(oruk_import, report, rejected=1)


def import_content(content: bytes, *, oruk_import: OrukImport, actor=None, progress=None) -> dict:
    try:
        entries = entries_of(parse(content))
    except FeedUnreadable as problem:
        return unreadable(oruk_import, str(problem))
    return import_entries(entries, oruk_import=oruk_import, actor=actor, progress=progress)


def import_url(url: str, *, oruk_import: OrukImport, actor=None, progress=None) -> dict:
    try:
        entries = fetch_feed(url, progress=progress)
    except FeedUnreadable as problem:
        return unreadable(oruk_import, str(problem))
    return import_entries(entries, oruk_import=oruk_import, actor=actor, progress=progress)


def summary(report: dict) -> str:
    """One line for the progress page and the command."""
    if not report.get("imported"):
        problems = len(report.get("rejected", []))
        return ngettext(
            "Nothing was imported: the feed had %(count)d problem",
            "Nothing was imported: the feed had %(count)d problems",
            problems,
        ) % {"count": problems}
    added, updated = len(report["added"]), len(report["updated"])
    return ngettext(
        "Imported: %(added)d service added, %(updated)d updated",
        "Imported: %(added)d services added, %(updated)d updated",
        added,
    ) % {"added": added, "updated": updated}
