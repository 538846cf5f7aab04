"""The rules a directory entry is checked with, shared by the entry form, the API and the review.

An entry travels as one plain dict (the `proposed` JSON of a `ServiceChange`): `checked_entry()` takes
what a person typed or a system sent and returns the entry as it is stored, or raises one
ValidationError with every problem on its field. Fields inside lists are named like the Open Referral
paths the import report uses: `schedules[0].opens_at`, `costs[1].amount`, `languages[0]`.
"""

import re
from datetime import time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.validation import check_text, raise_problems
from ostrom.places.models import Postcode

from .models import Accessibility, Service, TaxonomyTerm

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
# The days as a person reads them, in their language (DAYS stays English: imports and the API read those
# names).
DAY_NAMES = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}
OLDEST_AGE = 120
MOST_ROWS = 20
LARGEST_COST = Decimal("9999999.99")

# Languages offered in the directory, by ISO 639-1 code where there is one (ISO 639-3 otherwise):
# the ones most spoken in the West Midlands after English (ONS Census 2021, main language), and
# British Sign Language.
LANGUAGES = {
    "en": "English",
    "bfi": "British Sign Language",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "syl": "Sylheti",
    "ar": "Arabic",
    "so": "Somali",
    "pl": "Polish",
    "ro": "Romanian",
    "gu": "Gujarati",
    "hi": "Hindi",
    "ps": "Pashto",
    "fa": "Persian (Farsi)",
    "prs": "Dari",
    "ku": "Kurdish",
    "ti": "Tigrinya",
    "am": "Amharic",
    "zh": "Chinese",
    "yue": "Cantonese",
    "cmn": "Mandarin",
    "vi": "Vietnamese",
    "ta": "Tamil",
    "ml": "Malayalam",
    "ne": "Nepali",
    "pt": "Portuguese",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "bg": "Bulgarian",
    "cs": "Czech",
    "sk": "Slovak",
    "hu": "Hungarian",
    "tr": "Turkish",
    "el": "Greek",
    "sq": "Albanian",
    "uk": "Ukrainian",
    "ru": "Russian",
    "sw": "Swahili",
    "yo": "Yoruba",
    "ig": "Igbo",
    "sn": "Shona",
    "cy": "Welsh",
    "ga": "Irish",
}
PHONE = re.compile(r"\+?[0-9 ()-]{6,30}")
# "18:00", "9.30", and the ISO forms feeds use: "09:30:00", "09:30:00.000Z", "09:30+01:00".
TIME = re.compile(
    r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)

NAME_REQUIRED = gettext_lazy("Enter the name of the service")
WEB_ADDRESS = gettext_lazy(
    "Enter a web address that starts with https:// or http://, like https://example.org"
)
EMAIL = gettext_lazy("Enter an email address in the correct format, like name@example.org")
LATITUDE = gettext_lazy("Latitude must be a number from -90 to 90, like 52.4862")
LONGITUDE = gettext_lazy("Longitude must be a number from -180 to 180, like -1.8904")
BOTH_COORDINATES = gettext_lazy("Enter both the latitude and the longitude, or neither")
UNKNOWN_POSTCODE = gettext_lazy("Enter a postcode in the area we cover, like B16 8QG")
AGES_IN_ORDER = gettext_lazy("The youngest age must be the same as or lower than the oldest age")
OPENS_BEFORE_CLOSES = gettext_lazy("The opening time must be before the closing time")
DAY = gettext_lazy("Select a day from Monday to Sunday")
LANGUAGE = gettext_lazy("Enter a language by its name or code, like Urdu or ur")
CATEGORY = gettext_lazy("Select categories from the list")
FEATURE = gettext_lazy("Select accessibility features from the list")
PHONE_NUMBER = gettext_lazy("Enter a phone number, like 0121 496 0000")


def language_for(text) -> tuple[str, str] | None:
    """(code, name) for a language given by its code or its name, in any case; None if unknown."""
    if not isinstance(text, str):
        return None
    wanted = text.strip().lower()
    for code, name in LANGUAGES.items():
        if wanted in (code, name.lower()) or (wanted and wanted == name.lower().split(" (")[0]):
            return code, name
    return None


def day_code(value: str) -> str | None:
    """The day's code ("MO") from its code or name in any case ("mo", "Monday"); None when it is not a day."""
    wanted = value.strip().lower()
    return next((code for code, name in DAYS.items() if wanted in (code.lower(), name.lower())), None)


def parse_time(value) -> time | None:
    """A time of day to the minute from "18:00", "9.30", "09:30:00Z" or a time; None when it is not one."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str) and (match := TIME.fullmatch(value.strip())):
        return time(int(match[1]), int(match[2]))
    return None


def _text(problems, field, value, *, max_length, required=None) -> str:
    value = "" if value is None else value
    check_text(problems, field, value, max_length=max_length, required=required)
    return value.strip() if isinstance(value, str) and field not in problems else ""


def _web_address(problems, field, value) -> str:
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        problems[field] = WEB_ADDRESS
    return value


def _email(problems, field, value) -> str:
    if not value:
        return ""
    try:
        EmailValidator()(value)
    except ValidationError:
        problems[field] = EMAIL
    return value


def _age(problems, field, value, message) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= OLDEST_AGE:
        problems[field] = message % {"oldest": OLDEST_AGE}
        return None
    return value


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _coordinate(problems, field, value, limit, message) -> str | None:
    if value in (None, ""):
        return None
    number = _number(value)
    if number is None or not -limit <= number <= limit:
        problems[field] = message
        return None
    return str(number.quantize(Decimal("0.000001")).normalize())


def _list(problems, field, value, message) -> list:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple) or len(value) > MOST_ROWS:
        problems[field] = message
        return []
    return list(value)


def _location(problems, value) -> dict | None:
    if value in (None, {}):
        return None
    if not isinstance(value, dict):
        problems["location"] = gettext("Enter the address of the place to go")
        return None
    location = {
        "name": _text(problems, "location.name", value.get("name"), max_length=200),
        "address_1": _text(problems, "location.address_1", value.get("address_1"), max_length=200),
        "city": _text(problems, "location.city", value.get("city"), max_length=100),
        "postal_code": "",
        "latitude": _coordinate(problems, "location.latitude", value.get("latitude"), 90, LATITUDE),
        "longitude": _coordinate(problems, "location.longitude", value.get("longitude"), 180, LONGITUDE),
    }
    postcode = value.get("postal_code") or ""
    check_text(problems, "location.postal_code", postcode, max_length=10)
    if postcode and "location.postal_code" not in problems:
        postcode = Postcode.normalise(postcode)
        if not Postcode.objects.filter(postcode=postcode).exists():
            problems["location.postal_code"] = UNKNOWN_POSTCODE
        location["postal_code"] = postcode
    has_latitude = value.get("latitude") not in (None, "")
    has_longitude = value.get("longitude") not in (None, "")
    if has_latitude != has_longitude:
        problems["location.latitude" if not has_latitude else "location.longitude"] = BOTH_COORDINATES
    if not any(location.values()):
        return None
    return location


def _schedules(problems, value) -> list[dict]:
    schedules = []
    for index, row in enumerate(_list(problems, "schedules", value, gettext("Enter up to 20 opening times"))):
        where = f"schedules[{index}]"
        if not isinstance(row, dict):
            problems[where] = gettext("Enter the day, and the opening and closing times")
            continue
        days = row.get("byday")
        days = days.split(",") if isinstance(days, str) else days
        if (
            not isinstance(days, list | tuple)
            or not days
            or not all(isinstance(day, str) and day.strip().upper() in DAYS for day in days)
        ):
            problems[f"{where}.byday"] = DAY
            days = []
        days = [day.strip().upper() for day in days]
        opens_at, closes_at = parse_time(row.get("opens_at")), parse_time(row.get("closes_at"))
        if opens_at is None:
            problems[f"{where}.opens_at"] = gettext("Enter the opening time, like 10:00")
        if closes_at is None:
            problems[f"{where}.closes_at"] = gettext("Enter the closing time, like 14:30")
        elif opens_at is not None and not opens_at < closes_at:
            problems[f"{where}.closes_at"] = OPENS_BEFORE_CLOSES
        if days and opens_at and closes_at:
            schedules.append(
                {
                    "byday": ",".join(sorted(set(days), key=list(DAYS).index)),
                    "opens_at": opens_at.strftime("%H:%M"),
                    "closes_at": closes_at.strftime("%H:%M"),
                }
            )
    return schedules


def _costs(problems, value) -> list[dict]:
    costs = []
    for index, row in enumerate(_list(problems, "costs", value, gettext("Enter up to 20 costs"))):
        where = f"costs[{index}]"
        if not isinstance(row, dict):
            problems[where] = gettext("Enter what the cost is for and the amount")
            continue
        option = row.get("option") or ""
        check_text(problems, f"{where}.option", option, max_length=200)
        amount = _number(row.get("amount"))
        if amount is None:
            problems[f"{where}.amount"] = gettext("Enter the cost in pounds, like 2.50, or 0 if it is free")
        elif amount < 0:
            problems[f"{where}.amount"] = gettext("The cost must be £0 or more")
        elif amount > LARGEST_COST or amount != amount.quantize(Decimal("0.01")):
            problems[f"{where}.amount"] = gettext("Enter the cost in pounds and pence, like 2.50")
        else:
            costs.append(
                {"option": option.strip() if isinstance(option, str) else "", "amount": f"{amount:.2f}"}
            )
    return costs


def _languages(problems, value) -> list[dict]:
    languages = []
    for index, item in enumerate(_list(problems, "languages", value, gettext("Enter up to 20 languages"))):
        text = item.get("code") or item.get("name") if isinstance(item, dict) else item
        found = language_for(text)
        if found is None:
            problems[f"languages[{index}]"] = LANGUAGE
        elif found[0] not in [language["code"] for language in languages]:
            languages.append({"code": found[0], "name": found[1]})
    return languages


def _codes(problems, field, value, known, message) -> list[str]:
    codes = _list(problems, field, value, message)
    if not all(isinstance(code, str) and code in known for code in codes):
        problems[field] = message
        return []
    return sorted(set(codes))


def _contact(problems, value) -> dict:
    value = value if isinstance(value, dict) else {}
    contact = {}
    for field, limit in (("name", 150), ("email", 254), ("phone", 30)):
        text = value.get(field) or ""
        check_text(problems, f"contact.{field}", text, max_length=limit)
        contact[field] = text.strip() if isinstance(text, str) else ""
    _email(problems, "contact.email", contact["email"])
    if contact["phone"] and "contact.phone" not in problems and not PHONE.fullmatch(contact["phone"]):
        problems["contact.phone"] = PHONE_NUMBER
    return contact


def checked_entry(data) -> dict:
    """The entry as stored in a change's `proposed` JSON, or a ValidationError naming every problem."""
    if not isinstance(data, dict):
        raise ValidationError({"name": NAME_REQUIRED})
    problems: dict = {}
    entry = {
        "name": _text(problems, "name", data.get("name"), max_length=200, required=NAME_REQUIRED),
        "description": _text(problems, "description", data.get("description"), max_length=5000),
        "url": _text(problems, "url", data.get("url"), max_length=500),
        "email": _text(problems, "email", data.get("email"), max_length=254),
        "eligibility_description": _text(
            problems, "eligibility_description", data.get("eligibility_description"), max_length=2000
        ),
        "fees_description": _text(
            problems, "fees_description", data.get("fees_description"), max_length=1000
        ),
        "alert": _text(problems, "alert", data.get("alert"), max_length=500),
    }
    _web_address(problems, "url", entry["url"])
    _email(problems, "email", entry["email"])
    status = data.get("status") or Service.Status.ACTIVE
    if status not in Service.Status.values:
        problems["status"] = gettext("Select whether the service is running, paused or closed")
    entry["status"] = status
    entry["minimum_age"] = _age(
        problems,
        "minimum_age",
        data.get("minimum_age"),
        gettext("The youngest age must be a whole number from 0 to %(oldest)s"),
    )
    entry["maximum_age"] = _age(
        problems,
        "maximum_age",
        data.get("maximum_age"),
        gettext("The oldest age must be a whole number from 0 to %(oldest)s"),
    )
    if (
        None not in (entry["minimum_age"], entry["maximum_age"])
        and entry["minimum_age"] > entry["maximum_age"]
    ):
        problems["maximum_age"] = AGES_IN_ORDER
    entry["categories"] = _codes(
        problems,
        "categories",
        data.get("categories"),
        set(TaxonomyTerm.objects.wellbeing().values_list("code", flat=True)),
        CATEGORY,
    )
    entry["location"] = _location(problems, data.get("location"))
    entry["accessibility"] = _codes(
        problems, "accessibility", data.get("accessibility"), set(Accessibility.Feature.values), FEATURE
    )
    if entry["accessibility"] and entry["location"] is None:
        problems["accessibility"] = gettext("Enter the address of the place before its accessibility")
    entry["schedules"] = _schedules(problems, data.get("schedules"))
    entry["costs"] = _costs(problems, data.get("costs"))
    entry["languages"] = _languages(problems, data.get("languages"))
    entry["contact"] = _contact(problems, data.get("contact"))
    raise_problems(problems)
    return entry
