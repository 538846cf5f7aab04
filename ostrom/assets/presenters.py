"""Display shaping for the directory: opening times and costs in words, a search result, the map's
markers, an entry's page and the review's field-by-field comparison."""

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.jinja_env import format_date
from ostrom.network.models import Organisation, is_web_address

from .models import Accessibility, Service, TaxonomyTerm
from .validation import DAYS, LANGUAGES, parse_time

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def time_in_words(moment: time) -> str:
    """10am, 6:30pm, 12pm."""
    hour = moment.hour % 12 or 12
    clock = f"{hour}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}"
    if moment.hour < 12:
        # Translators: a time in the morning, such as 10am or 9:30am.
        return gettext("%(time)sam") % {"time": clock}
    # Translators: a time from midday on, such as 12pm or 6:30pm.
    return gettext("%(time)spm") % {"time": clock}


def _joined(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    # Translators: the last two of a list, such as "Mondays, Tuesdays and Wednesdays".
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


# The days in the plural, as in "Tuesdays 10am to 12pm".
DAYS_PLURAL = {
    "MO": gettext_lazy("Mondays"),
    "TU": gettext_lazy("Tuesdays"),
    "WE": gettext_lazy("Wednesdays"),
    "TH": gettext_lazy("Thursdays"),
    "FR": gettext_lazy("Fridays"),
    "SA": gettext_lazy("Saturdays"),
    "SU": gettext_lazy("Sundays"),
}


def days_in_words(byday: str) -> str:
    """ "MO,WE" as "Mondays and Wednesdays"; every weekday as "Monday to Friday"."""
    days = [day for day in DAYS if day in byday.split(",")]
    if len(days) == 7:
        return gettext("Every day")
    if days == WEEKDAYS:
        return gettext("Monday to Friday")
    return _joined([str(DAYS_PLURAL[day]) for day in days])


def opening_in_words(byday: str, opens_at, closes_at, description: str = "") -> str:
    """ "Tuesdays 10am to 12pm"."""
    if not byday:
        return description
    words = days_in_words(byday)
    opens_at = parse_time(opens_at) if isinstance(opens_at, str) else opens_at
    closes_at = parse_time(closes_at) if isinstance(closes_at, str) else closes_at
    if opens_at and closes_at:
        # Translators: opening times, such as "Tuesdays 10am to 12pm".
        return gettext("%(days)s %(opens)s to %(closes)s") % {
            "days": words,
            "opens": time_in_words(opens_at),
            "closes": time_in_words(closes_at),
        }
    return words


def opening_times(service: Service) -> list[str]:
    schedules = list(service.schedules.all())
    for at in service.service_at_locations.all():
        schedules += list(at.schedules.all())
    return [
        text
        for schedule in schedules
        if (
            text := opening_in_words(
                schedule.byday, schedule.opens_at, schedule.closes_at, schedule.description
            )
        )
    ]


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}".replace(".00", "")


def cost_in_words(service: Service) -> str:
    """ "Free", or each amount with what it is for ("£2.50 per session")."""
    paid = [cost for cost in service.cost_options.all() if cost.amount is not None and cost.amount > 0]
    if not paid:
        return gettext("Free")
    return "; ".join(" ".join(filter(None, [_pounds(cost.amount), cost.option])) for cost in paid)


def _locations(service: Service):
    return [at.location for at in service.service_at_locations.all()]


def address_of(location) -> str:
    return ", ".join(
        part for part in (location.name, location.address_1, location.city, location.postal_code) if part
    )


def where_in_words(service: Service) -> str:
    locations = _locations(service)
    if not locations:
        return gettext("No address: ask the organisation")
    return "; ".join(address_of(location) for location in locations)


def checked_in_words(service: Service, today=None) -> str:
    today = today or timezone.localdate()
    if service.assured_date is None:
        return gettext("Not checked yet")
    if service.assured_date == today:
        return gettext("Last checked today")
    return gettext("Last checked %(date)s") % {"date": format_date(service.assured_date)}


def ages_in_words(service_or_entry) -> str:
    get = (
        service_or_entry.get
        if isinstance(service_or_entry, dict)
        else lambda name: getattr(service_or_entry, name)
    )
    youngest, oldest = get("minimum_age"), get("maximum_age")
    if youngest is not None and oldest is not None:
        return gettext("Ages %(youngest)s to %(oldest)s") % {"youngest": youngest, "oldest": oldest}
    if youngest is not None:
        return gettext("Aged %(youngest)s and over") % {"youngest": youngest}
    if oldest is not None:
        return gettext("Up to age %(oldest)s") % {"oldest": oldest}
    return gettext("All ages")


@dataclass
class Result:
    service: Service
    name: str
    href: str
    organisation: str
    categories: str
    where: str
    when: list[str]
    cost: str
    checked: str
    is_stale: bool
    marker: dict | None = None


def _marker(service: Service) -> dict | None:
    for location in _locations(service):
        if location.latitude is not None and location.longitude is not None:
            return {
                "name": service.name,
                "url": service.get_absolute_url(),
                "lat": float(location.latitude),
                "lng": float(location.longitude),
                "where": address_of(location),
            }
    return None


def result(service: Service, today=None) -> Result:
    categories = getattr(service, "wellbeing_categories", None)
    if categories is None:
        categories = list(service.categories.all())
    return Result(
        service=service,
        name=service.name,
        href=service.get_absolute_url(),
        organisation=service.organisation.name,
        categories=", ".join(term.name for term in categories),
        where=where_in_words(service),
        when=opening_times(service),
        cost=cost_in_words(service),
        checked=checked_in_words(service, today),
        is_stale=service.is_stale(today),
        marker=_marker(service),
    )


def map_text(markers: list) -> str:
    """The map's text alternative."""
    if not markers:
        return gettext(
            "None of these assets has a position to show on a map; every one is in the list below."
        )
    return gettext("The map shows %(count)s of these assets; every one is in the list below.") % {
        "count": len(markers)
    }


@dataclass
class EntryPage:
    """An entry's page in sections of (label, lines)."""

    service: Service
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    organisation_href: str = ""
    website: str = ""  # only a web address that is safe to link to (http or https)
    checked: str = ""
    is_stale: bool = False


def entry_page(service: Service, today=None) -> EntryPage:
    page = EntryPage(
        service=service, checked=checked_in_words(service, today), is_stale=service.is_stale(today)
    )
    categories = getattr(service, "wellbeing_categories", None) or list(service.categories.all())
    who = [text for text in (service.eligibility_description, ages_in_words(service)) if text]
    where = []
    for location in _locations(service):
        where.append(address_of(location))
        features = [feature.get_feature_display() for feature in location.accessibility.all()]
        if features:
            where.append(gettext("Accessibility: %(features)s") % {"features": ", ".join(features)})
    costs = [cost_in_words(service)] + ([service.fees_description] if service.fees_description else [])
    contact = []
    for person in service.contacts.all():
        contact.append(", ".join(filter(None, [person.name, person.title])))
        contact += [person.email] if person.email else []
        contact += [phone.number for phone in person.phones.all()]
    contact += [phone.number for phone in service.phones.all()]
    contact += [service.email] if service.email else []
    page.sections = [
        (gettext("Categories"), [", ".join(term.name for term in categories)] if categories else []),
        (gettext("Who it is for"), who),
        (gettext("Where"), where or [gettext("No address: ask the organisation")]),
        (gettext("When"), opening_times(service) or [gettext("Ask the organisation when it is on")]),
        (gettext("Cost"), costs),
        (
            gettext("Languages"),
            [", ".join(language.name for language in service.languages.all())]
            if service.languages.all()
            else [],
        ),
        (gettext("Contact"), [line for line in contact if line]),
    ]
    page.sections = [(label, lines) for label, lines in page.sections if lines]
    page.website = service.url if is_web_address(service.url) else ""
    if service.organisation.status == Organisation.Status.MEMBER:
        page.organisation_href = service.organisation.get_absolute_url()
    return page


# The review: the proposed entry beside the current one ---------------------------------------------


def entry_in_words(entry: dict | None) -> list[tuple[str, str]]:
    """(label, text) for each field of an entry dict (`validation.checked_entry`'s shape)."""
    if entry is None:
        return []
    names = dict(TaxonomyTerm.objects.wellbeing().values_list("code", "name"))
    features = dict(Accessibility.Feature.choices)
    location = entry.get("location") or {}
    coordinates = (
        f"{location['latitude']}, {location['longitude']}" if location.get("latitude") is not None else ""
    )
    contact = entry.get("contact") or {}
    return [
        (gettext("Name"), entry["name"]),
        (gettext("Description"), entry["description"]),
        (gettext("Status"), str(dict(Service.Status.choices).get(entry["status"], entry["status"]))),
        (gettext("Categories"), ", ".join(names.get(code, code) for code in entry["categories"])),
        (gettext("Who it is for"), entry["eligibility_description"]),
        (gettext("Ages"), ages_in_words(entry)),
        (
            gettext("Address"),
            ", ".join(
                filter(None, [location.get(k, "") for k in ("name", "address_1", "city", "postal_code")])
            ),
        ),
        (gettext("Position on the map"), coordinates),
        (
            gettext("Accessibility"),
            ", ".join(str(features.get(code, code)) for code in entry["accessibility"]),
        ),
        (
            gettext("Opening times"),
            "; ".join(
                opening_in_words(row["byday"], row["opens_at"], row["closes_at"])
                for row in entry["schedules"]
            ),
        ),
        (
            gettext("Costs"),
            "; ".join(
                " ".join(filter(None, [_pounds(Decimal(row["amount"])), row["option"]]))
                for row in entry["costs"]
            )
            or gettext("Free"),
        ),
        (gettext("What it costs, in words"), entry["fees_description"]),
        (
            gettext("Languages"),
            ", ".join(LANGUAGES.get(row["code"], row["name"]) for row in entry["languages"]),
        ),
        (gettext("Website"), entry["url"]),
        (gettext("Email"), entry["email"]),
        (
            gettext("Contact"),
            ", ".join(filter(None, [contact.get("name"), contact.get("email"), contact.get("phone")])),
        ),
        (gettext("Notice"), entry["alert"]),
    ]


def comparison(current: dict | None, proposed: dict) -> list[dict]:
    """One row per field: what it is now, what it would be, and whether it changes."""
    now = dict(entry_in_words(current))
    rows = []
    for label, text in entry_in_words(proposed):
        before = now.get(label, "")
        rows.append(
            {
                "label": label,
                "now": before,
                "proposed": text,
                "changes": current is not None and before != text,
            }
        )
    return rows
