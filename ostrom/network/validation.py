"""The rules for an organisation's details, shared by the join form, the coordinator API, edits and
the spreadsheet import (which must not import the services: see `importing.py`)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext

from ostrom.core.validation import check_text

from .models import Organisation

_CHARITY_NUMBER = re.compile(r"^\d{6,8}(-\d{1,2})?$")
_COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
_WEBSITE = URLValidator(schemes=["http", "https"])


def check_organisation_details(
    *,
    name,
    kind,
    contact_name,
    contact_email,
    description="",
    charity_number="",
    company_number="",
    contact_phone="",
    website="",
) -> None:
    """The rules for an organisation's details, shared by the join form, the coordinator API and edits."""
    problems: dict = {}
    check_text(problems, "name", name, max_length=200, required=gettext("Enter the organisation's name"))
    if kind not in Organisation.Kind.values:
        problems["kind"] = gettext("Select what kind of organisation it is")
    check_text(problems, "description", description, max_length=2000)
    check_text(
        problems,
        "contact_name",
        contact_name,
        max_length=150,
        required=gettext("Enter the name of a contact person"),
    )
    check_text(
        problems,
        "contact_email",
        contact_email,
        max_length=254,
        required=gettext("Enter the contact's email address"),
    )
    if "contact_email" not in problems:
        try:
            EmailValidator()(contact_email)
        except ValidationError:
            problems["contact_email"] = gettext(
                "Enter an email address in the correct format, like name@example.com"
            )
    check_text(problems, "contact_phone", contact_phone, max_length=30)
    check_text(problems, "charity_number", charity_number, max_length=20)
    if "charity_number" not in problems and charity_number and not _CHARITY_NUMBER.match(charity_number):
        problems["charity_number"] = gettext("Charity number should be 6 to 8 digits, like 1164883")
    check_text(problems, "company_number", company_number, max_length=8)
    if "company_number" not in problems and company_number and not _COMPANY_NUMBER.match(company_number):
        problems["company_number"] = gettext("Company number should be 8 characters, like 01234567")
    check_text(problems, "website", website, max_length=200)
    if "website" not in problems and website:
        try:
            _WEBSITE(website)
        except ValidationError:
            problems["website"] = gettext(
                "Enter a full web address starting with https://, like https://example.org"
            )
    if problems:
        raise ValidationError(problems)
