"""Grants as 360Giving open data: the JSON package, its validation against the standard's schema,
and the spreadsheet form (made by flattentool, as 360Giving's own tools do)."""

import json
import tempfile
import warnings
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ostrom.core.spreadsheets import neutralise_workbook

from .models import Grant

SCHEMA_DIR = Path(__file__).parent / "data" / "360giving"
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
)
GEOCODE_TYPE = {"lsoa": "LSOA", "ward": "WD", "place": "LAD", "ics": "ICB"}


def organisation_id(organisation) -> str:
    """org-id.guide where the organisation is registered (GB-CHC, GB-COH), else our 360G- id for it."""
    return organisation.org_id or f"{settings.GRANTS_360G_PREFIX}-org-{organisation.pk}"


def grant_record(grant: Grant) -> dict:
    application = grant.application
    funding_round = application.funding_round
    organisation = application.organisation
    recipient = {"id": organisation_id(organisation), "name": organisation.name}
    if organisation.charity_number:
        recipient["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        recipient["companyNumber"] = organisation.company_number
    record = {
        "id": grant.identifier,
        "title": application.title,
        "description": application.summary,
        "currency": "GBP",
        "amountAppliedFor": float(application.amount_requested),
        "amountAwarded": float(grant.amount_awarded),
        "amountDisbursed": float(grant.amount_paid),
        "awardDate": grant.award_date.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [
            {"id": funding_round.fund.funder_org_id, "name": funding_round.fund.funder_name}
        ],
        "grantProgramme": [{"code": funding_round.slug, "title": funding_round.name}],
        "beneficiaryLocation": [_location(place) for place in application.places.all()],
        "fromOpenCall": "Yes",
        "dateModified": timezone.localtime(grant.updated_at).isoformat(timespec="seconds"),
    }
    if grant.planned_start_on and grant.planned_end_on:
        record["plannedDates"] = [
            {"startDate": grant.planned_start_on.isoformat(), "endDate": grant.planned_end_on.isoformat()}
        ]
    return record


def _location(place) -> dict:
    location = {"name": place.name, "countryCode": "GB"}
    if not place.is_demo and place.kind in GEOCODE_TYPE:
        location.update(geoCode=place.code, geoCodeType=GEOCODE_TYPE[place.kind])
    return location


def package(grants: Iterable[Grant]) -> dict:
    return {
        "grants": [grant_record(grant) for grant in grants],
        "version": "1.4",
        "title": f"{settings.SERVICE_NAME} community grants",
    }


@cache
def _schemas() -> tuple[dict, dict]:
    grant_schema = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))
    package_schema = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    return grant_schema, package_schema


def problems(data: dict) -> list[str]:
    """Every way the package breaks the 360Giving schema (formats checked too), as readable messages."""
    grant_schema, package_schema = _schemas()
    # The schema names its dialect with http://, which `referencing` does not recognise: say it outright.
    registry = Registry().with_resource(
        GRANT_SCHEMA_URL, Resource(contents=grant_schema, specification=DRAFT202012)
    )
    validator = Draft202012Validator(
        package_schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or 'package'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def spreadsheet(data: dict) -> bytes:
    """The package as a 360Giving spreadsheet (.xlsx with the standard's column titles)."""
    from flattentool import flatten
    from flattentool.exceptions import FlattenToolWarning

    grant_schema, _ = _schemas()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # Each row of the main sheet is one grant, so flattentool reads the grant schema for the titles.
        (work / "schema.json").write_text(json.dumps(grant_schema), encoding="utf-8")
        (work / "grants.json").write_text(json.dumps(data), encoding="utf-8")
        with warnings.catch_warnings():
            # The standard leaves its transaction fields untitled, so they have no spreadsheet column.
            warnings.simplefilter("ignore", FlattenToolWarning)
            flatten(
                str(work / "grants.json"),
                schema=str(work / "schema.json"),
                output_name=str(work / "grants.xlsx"),
                output_format="xlsx",
                main_sheet_name="grants",
                root_list_path="grants",
                root_id="",
                use_titles=True,
                rollup=True,
            )
        # An organisation named "=HYPERLINK(…)" must stay text, not become a live formula.
        neutralise_workbook(work / "grants.xlsx")
        return (work / "grants.xlsx").read_bytes()
