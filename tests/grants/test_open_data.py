import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ostrom.core import audit
from ostrom.grants import opendata
from ostrom.grants.models import Grant, Round
from ostrom.grants.services import awards
from ostrom.network.models import Membership
from tests.factories import CoordinatorFactory, LsoaFactory, OrganisationFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, RoundFactory


def _awarded_grants():
    funding_round = RoundFactory(in_phase="decision")
    ward = PlaceFactory(code="E05011151", name="Ladywood", kind="ward")
    lsoa = LsoaFactory(code="E01009151", name="Birmingham 059C", parent=ward)
    charity = OrganisationFactory(name="Caribbean Elders Lunch Club", charity_number="1164883")
    company = OrganisationFactory(name="Nechells Food Co-op", company_number="09876543")
    unregistered = OrganisationFactory(name="Lozells Mums and Tots")
    for organisation, place in [(charity, ward), (company, lsoa), (unregistered, ward)]:
        application = ApplicationFactory(
            funding_round=funding_round,
            organisation=organisation,
            status="funded",
            amount_requested=Decimal("2450.50"),
        )
        application.places.add(place)
    coordinator = CoordinatorFactory()
    grants = awards.award_grants(coordinator=coordinator, funding_round=funding_round)
    # Grants are open data once the round's result is published.
    Round.objects.filter(pk=funding_round.pk).update(published_at=timezone.now())
    return grants, coordinator


@pytest.mark.django_db
def test_the_360giving_package_validates_against_the_standard_with_formats_checked():
    grants, _ = _awarded_grants()
    data = opendata.package(Grant.objects.all())

    assert opendata.problems(data) == []
    by_name = {g["recipientOrganization"][0]["name"]: g for g in data["grants"]}
    assert by_name["Caribbean Elders Lunch Club"]["recipientOrganization"][0]["id"] == "GB-CHC-1164883"
    assert by_name["Nechells Food Co-op"]["recipientOrganization"][0]["id"] == "GB-COH-09876543"
    assert by_name["Lozells Mums and Tots"]["recipientOrganization"][0]["id"].startswith("360G-ostrom-org-")
    assert all(g["id"].startswith("360G-ostrom-") for g in data["grants"])
    assert by_name["Nechells Food Co-op"]["beneficiaryLocation"] == [
        {"name": "Birmingham 059C", "countryCode": "GB", "geoCode": "E01009151", "geoCodeType": "LSOA"}
    ]


@pytest.mark.django_db
def test_the_validator_catches_what_breaks_the_standard():
    _awarded_grants()
    data = opendata.package(Grant.objects.all())
    data["grants"][0]["awardDate"] = "23/11/2026"
    del data["grants"][1]["fundingOrganization"]

    found = opendata.problems(data)
    assert found
    assert any(problem.startswith("grants/0") for problem in found)


@pytest.mark.django_db
def test_the_spreadsheet_has_the_standards_column_titles(client):
    _awarded_grants()
    content = client.get(reverse("grants:grants-360giving-xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    titles = [cell.value for cell in next(sheet.iter_rows(max_row=1))]

    assert "Identifier" in titles and "Amount Awarded" in titles and "Recipient Org:Identifier" in titles
    assert sheet.max_row == 4


@pytest.mark.django_db
def test_the_spreadsheet_turns_back_into_the_same_valid_grants(client, tmp_path):
    from flattentool import unflatten

    _awarded_grants()
    (tmp_path / "grants.xlsx").write_bytes(client.get(reverse("grants:grants-360giving-xlsx")).content)
    (tmp_path / "schema.json").write_text((opendata.SCHEMA_DIR / "360-giving-schema.json").read_text())
    unflatten(
        str(tmp_path / "grants.xlsx"),
        output_name=str(tmp_path / "back.json"),
        input_format="xlsx",
        schema=str(tmp_path / "schema.json"),
        root_list_path="grants",
        root_id="",
        convert_titles=True,
    )
    back = json.loads((tmp_path / "back.json").read_text())

    original = opendata.package(Grant.objects.all())
    assert opendata.problems(back | {"version": "1.4"}) == []
    assert sorted(g["id"] for g in back["grants"]) == sorted(g["id"] for g in original["grants"])
    assert {g["amountAwarded"] for g in back["grants"]} == {2450.5}


@pytest.mark.django_db
def test_the_export_command_writes_valid_json(tmp_path):
    _awarded_grants()
    call_command("export_360giving", str(tmp_path / "grants.json"), "--xlsx", str(tmp_path / "grants.xlsx"))
    data = json.loads((tmp_path / "grants.json").read_text())
    assert len(data["grants"]) == 3 and (tmp_path / "grants.xlsx").stat().st_size > 0


@pytest.mark.django_db
def test_payments_cannot_exceed_the_grant_and_are_audited(client):
    grants, coordinator = _awarded_grants()
    grant = grants[0]
    client.force_login(coordinator)
    url = reverse("grants:grant-detail", args=[grant.pk])

    client.post(url, {"form": "payment", "amount": "2000", "paid_on": "2026-04-30"})
    page = client.post(url, {"form": "payment", "amount": "500", "paid_on": "2026-05-30"}).content.decode()

    assert "Payment must be £450.50 or less" in page
    assert grant.amount_paid == Decimal("2000")
    assert opendata.grant_record(Grant.objects.get(pk=grant.pk))["amountDisbursed"] == 2000.0
    assert audit.action_of(audit.entries_for(grant).first()) == "payment.created"


@pytest.mark.django_db
def test_the_funded_group_sends_its_light_return_as_an_impact_return(client):
    grants, _ = _awarded_grants()
    grant = grants[0]
    member = UserFactory()
    Membership.objects.create(user=member, organisation=grant.application.organisation, is_contact=True)
    assert [(r.is_final, r.submitted_at) for r in grant.returns.all()] == [(False, None), (True, None)]
    progress = grant.returns.first()
    questions = {q.kind: q.pk for q in progress.template.questions.all()}
    client.force_login(member)
    assert progress.get_absolute_url() in client.get(grant.get_absolute_url()).content.decode()

    client.post(
        progress.get_absolute_url(),
        {
            "action": "submit",
            f"q{questions['story']}": "Weekly lunches for 40 elders",
            f"q{questions['count']}": "40",
            f"q{questions['people_by_group']}_not_known": "40",
        },
    )

    first = grant.returns.first()
    assert first.submitted_by == member
    assert {a.question.kind: a.value for a in first.answers.all()}["count"] == 40
    assert grant.returns.due().get().is_final
    assert date.today() < first.due_on
    assert "40 people reached" in client.get(grant.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_reach_shows_who_took_part_to_partners_but_not_residents(client):
    from ostrom.accounts.models import Role
    from tests.factories import EqualityAnswerFactory

    funding_round = RoundFactory(in_phase="decision")
    for _ in range(12):
        ApplicationFactory(
            funding_round=funding_round, applicant=EqualityAnswerFactory(ethnic_group="asian_indian").user
        )
    for _ in range(8):
        ApplicationFactory(
            funding_round=funding_round, applicant=EqualityAnswerFactory(ethnic_group="asian_pakistani").user
        )
    ApplicationFactory(
        funding_round=funding_round, applicant=EqualityAnswerFactory(ethnic_group="white_roma").user
    )
    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)
    url = reverse("grants:reach", args=[funding_round.slug])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(partner)
    page = client.get(url).content.decode()

    assert "People who applied" in page and "The decision panel" in page
    assert re.search(r">\s*(10|15)\s*</td>", page)  # 12 applicants, rounded to 5
    assert "fewer than 5" in page
    assert "Fewer than 20 people: too few to break down without identifying someone" in page  # no panel yet


@pytest.mark.django_db
def test_a_name_written_as_a_formula_stays_text_in_the_spreadsheet(client):
    grants, _ = _awarded_grants()
    name = '=HYPERLINK("http://x","y")'
    grants[0].application.organisation.__class__.objects.filter(
        pk=grants[0].application.organisation_id
    ).update(name=name)

    content = client.get(reverse("grants:grants-360giving-xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]

    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.django_db
def test_grants_of_an_unpublished_round_are_not_open_data(client):
    grants, _ = _awarded_grants()
    Round.objects.filter(pk=grants[0].application.funding_round_id).update(published_at=None)

    assert client.get(reverse("grants:grants-360giving-json")).json()["grants"] == []
    assert client.get("/api/grants").json() == []
    assert grants[0].identifier not in client.get(reverse("grants:grant-list")).content.decode()
