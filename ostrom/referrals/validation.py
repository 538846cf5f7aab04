"""The rules a referral's fields follow, shared by the pages and the API (services raise them, each on
its field)."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts.equality import AGE_BAND_CHOICES, ETHNIC_GROUP_CHOICES
from ostrom.core.validation import check_text
from ostrom.surveys import swemwbs

from .models import Need, Referral

NAME_LIMIT = 150
CONTACT_LIMIT = 200
WORDING_LIMIT = 2_000
NOTES_LIMIT = 5_000
REASON_LIMIT = 500
WORDS_LIMIT = 10_000
LONGEST_FOLLOW_UP = timedelta(days=366)
OLDEST_REFERRAL = timedelta(days=5 * 366)
MOST_SESSIONS = 500

ETHNIC_GROUPS = {code for code, _ in ETHNIC_GROUP_CHOICES}
AGE_BANDS = {code for code, _ in AGE_BAND_CHOICES}

NAME_NEEDED = gettext_lazy("Enter the person's name, or refer them by a reference number only")
CONSENT_NEEDED_FOR_NAME = gettext_lazy(
    "Confirm that the person agreed: without their consent a referral is by reference number only"
)
CONSENT_NEEDED_FOR_ANSWERS = gettext_lazy(
    "Their ethnic group, age band and postcode are kept only with their consent: confirm they agreed, "
    "or leave these blank"
)
WORDING_NEEDED = gettext_lazy("Enter the words the person agreed to")
NEED_NEEDED = gettext_lazy("Select at least one reason for the referral")
SERVICE_NEEDED = gettext_lazy("Select at least one service to refer the person to")
SERVICE_NOT_OPEN = gettext_lazy("Select services that are running now: {names} cannot take referrals")
UNKNOWN_POSTCODE = gettext_lazy("We do not know this postcode. Check it, or leave it blank")
DECLINE_REASON_NEEDED = gettext_lazy("Enter why the service cannot take this referral")
ITEMS_NEEDED = gettext_lazy("Answer at least one of the 7 wellbeing statements")
WORDS_CONSENT_NEEDED = gettext_lazy(
    "Their words are kept only with their consent: confirm they agreed, or leave them out"
)


def check_identity(problems: dict, *, identity, person_name, person_contact, consent_given) -> None:
    if identity not in Referral.Identity.values:
        problems["identity"] = gettext("Select how the person wants to be known to the services")
        return
    if identity == Referral.Identity.NAMED:
        check_text(problems, "person_name", person_name, max_length=NAME_LIMIT, required=NAME_NEEDED)
        check_text(problems, "person_contact", person_contact, max_length=CONTACT_LIMIT)
        if consent_given is not True:
            problems["consent_given"] = CONSENT_NEEDED_FOR_NAME


def check_consent(
    problems: dict, *, consent_given, consent_wording, ethnic_group, age_band, postcode
) -> None:
    if consent_given not in (True, False):
        problems["consent_given"] = gettext("Select whether the person agreed")
        return
    check_text(
        problems,
        "consent_wording",
        consent_wording,
        max_length=WORDING_LIMIT,
        required=WORDING_NEEDED if consent_given else None,
    )
    if ethnic_group not in ("", *ETHNIC_GROUPS):
        problems["ethnic_group"] = gettext("Select their ethnic group, or prefer not to say")
    if age_band not in ("", *AGE_BANDS):
        problems["age_band"] = gettext("Select their age band, or prefer not to say")
    check_text(problems, "postcode", postcode, max_length=10)
    has_answers = any(
        isinstance(value, str) and value.strip() for value in (ethnic_group, age_band, postcode)
    )
    if has_answers and not consent_given and "consent_given" not in problems:
        problems["consent_given"] = CONSENT_NEEDED_FOR_ANSWERS


def check_needs(problems: dict, needs) -> list[str]:
    if not isinstance(needs, list | tuple | set) or not all(isinstance(need, str) for need in needs):
        problems["needs"] = NEED_NEEDED
        return []
    if not needs:
        problems["needs"] = NEED_NEEDED
    elif any(need not in Need.values for need in needs):
        problems["needs"] = gettext("Select reasons from the list")
    return sorted(set(needs))


def check_referred_on(problems: dict, referred_on) -> None:
    today = timezone.localdate()
    if not isinstance(referred_on, date):
        problems["referred_on"] = gettext("Enter the date of the referral, like 2026-11-23")
    elif referred_on > today:
        problems["referred_on"] = gettext("The date of the referral must be today or in the past")
    elif referred_on < today - OLDEST_REFERRAL:
        problems["referred_on"] = gettext("The date of the referral must be within the last 5 years")


def check_follow_up_on(problems: dict, follow_up_on, *, referred_on) -> None:
    """On or after the referral (today, for a referral made now), and within a year of it."""
    start = referred_on if isinstance(referred_on, date) else timezone.localdate()
    if not isinstance(follow_up_on, date):
        problems["follow_up_on"] = gettext("Enter the date to follow up, like 2026-11-23")
    elif follow_up_on < start:
        problems["follow_up_on"] = (
            gettext("The follow-up date must be today or later")
            if start == timezone.localdate()
            else gettext("The follow-up date must be on or after the date of the referral")
        )
    elif follow_up_on > start + LONGEST_FOLLOW_UP:
        problems["follow_up_on"] = gettext("The follow-up date must be within a year of the referral")


# A past date's problems, by what the date is of (whole sentences, so that each translates as one).
PAST_DATE_PROBLEMS = {
    "they first came": (
        gettext_lazy("Enter the date they first came, like 2026-11-23"),
        gettext_lazy("The date they first came must be today or in the past"),
        gettext_lazy("The date they first came must be on or after the referral, %(date)s"),
    ),
    "of the follow-up": (
        gettext_lazy("Enter the date of the follow-up, like 2026-11-23"),
        gettext_lazy("The date of the follow-up must be today or in the past"),
        gettext_lazy("The date of the follow-up must be on or after the referral, %(date)s"),
    ),
}


def check_past_date(problems: dict, field: str, value, *, not_before: date, what: str) -> None:
    """`what` is a key of PAST_DATE_PROBLEMS."""
    enter, not_future, not_before_referral = PAST_DATE_PROBLEMS[what]
    if not isinstance(value, date):
        problems[field] = enter
    elif value > timezone.localdate():
        problems[field] = not_future
    elif value < not_before:
        problems[field] = not_before_referral % {"date": date_format(not_before, "j F Y")}


def check_items(problems: dict, items, *, field: str, required: bool) -> list | None:
    """The 7 SWEMWBS answers as given, None where not answered; None for no answers at all."""
    if items is None:
        if required:
            problems[field] = ITEMS_NEEDED
        return None
    if not isinstance(items, list | tuple) or len(items) != len(swemwbs.ITEMS):
        problems[field] = gettext(
            "Give an answer, or none, for each of the %(count)s wellbeing statements"
        ) % {"count": len(swemwbs.ITEMS)}
        return None
    if not all(value is None or swemwbs.is_item_value(value) for value in items):
        problems[field] = gettext("Each answer must be a whole number from %(lowest)s to %(highest)s") % {
            "lowest": swemwbs.LOWEST,
            "highest": swemwbs.HIGHEST,
        }
        return None
    if all(value is None for value in items):
        if required:
            problems[field] = ITEMS_NEEDED
        return None
    return list(items)


def check_sessions(problems: dict, sessions, *, attended: bool) -> None:
    if type(sessions) is not int or sessions < 0 or sessions > MOST_SESSIONS:
        problems["sessions"] = gettext("Enter how many sessions they came to, from 0 to %(most)s") % {
            "most": MOST_SESSIONS
        }
    elif attended and sessions < 1:
        problems["sessions"] = gettext("Enter how many sessions they came to: at least 1 if they attended")
