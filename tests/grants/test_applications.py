from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.core import audit
from ostrom.grants.models import Application, PriorityVote
from ostrom.network.models import Membership
from tests.factories import CoordinatorFactory, OrganisationFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, PriorityFactory, RoundFactory


def _applicant_and_round(**round_options):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    funding_round = RoundFactory(in_phase="applications", **round_options)
    funding_round.fund.places_served.add(ladywood)
    priority = PriorityFactory(funding_round=funding_round, title="Healthy food")
    PriorityVote.objects.create(priority=priority, voter=UserFactory())
    organisation = OrganisationFactory(name="Nechells Food Co-op")
    applicant = UserFactory()
    Membership.objects.create(user=applicant, organisation=organisation, is_contact=True)
    return funding_round, organisation, applicant, ladywood, priority


def _form(organisation, ladywood, priority, **changes):
    return {
        "organisation": organisation.pk,
        "title": "Cook and eat",
        "summary": "Weekly cooking for families",
        "who_benefits": "Families in Nechells",
        "places": [ladywood.pk],
        "amount_requested": "2400",
        "priority": priority.pk,
    } | changes


@pytest.mark.django_db
def test_an_applicant_saves_a_draft_then_sends_it(client):
    funding_round, organisation, applicant, ladywood, priority = _applicant_and_round()
    client.force_login(applicant)
    url = reverse("grants:application-create", args=[funding_round.slug])

    client.post(url, _form(organisation, ladywood, priority) | {"priority": "", "action": "draft"})
    application = Application.objects.get()
    assert application.status == "draft" and application.priority is None
    editing = client.get(reverse("grants:application-edit", args=[application.pk])).content.decode()
    assert 'value="Cook and eat"' in editing and "Weekly cooking for families" in editing
    assert 'value="2400.00"' in editing

    client.post(
        reverse("grants:application-edit", args=[application.pk]),
        _form(organisation, ladywood, priority) | {"action": "send"},
    )
    application.refresh_from_db()
    assert application.status == "submitted" and application.submitted_at is not None
    assert [audit.action_of(e) for e in audit.entries_for(application)] == [
        "application.submitted",
        "application.created",
    ]
    assert "Sent" in client.get(reverse("grants:my-applications")).content.decode()


@pytest.mark.django_db
def test_an_amount_over_the_largest_grant_is_refused_and_the_form_keeps_the_typing(client):
    funding_round, organisation, applicant, ladywood, priority = _applicant_and_round()
    client.force_login(applicant)

    page = client.post(
        reverse("grants:application-create", args=[funding_round.slug]),
        _form(organisation, ladywood, priority, amount_requested="9000") | {"action": "send"},
    ).content.decode()

    assert "Amount must be £5,000 or less" in page
    assert 'value="Cook and eat"' in page and "Weekly cooking for families" in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_bigger_grant_needs_a_budget_and_outcomes(client):
    funding_round, organisation, applicant, ladywood, priority = _applicant_and_round()
    client.force_login(applicant)
    url = reverse("grants:application-create", args=[funding_round.slug])

    page = client.post(
        url, _form(organisation, ladywood, priority, amount_requested="4000") | {"action": "send"}
    ).content.decode()
    assert "Grants over £2,500 need a breakdown" in page

    client.post(
        url,
        _form(
            organisation,
            ladywood,
            priority,
            amount_requested="4000",
            budget_breakdown="Food £3,000",
            outcomes="40 families cooking at home",
        )
        | {"action": "send"},
    )
    assert Application.objects.get().amount_requested == Decimal("4000")


@pytest.mark.django_db
def test_applications_are_only_for_member_organisations_you_belong_to(client):
    funding_round, organisation, _, ladywood, priority = _applicant_and_round()
    stranger = UserFactory()
    client.force_login(stranger)
    page = client.get(reverse("grants:application-create", args=[funding_round.slug])).content.decode()
    assert "Join the collective first" in page


@pytest.mark.django_db
def test_nothing_can_be_changed_after_applications_close(client):
    application = ApplicationFactory(funding_round=RoundFactory(in_phase="assessment"))
    client.force_login(application.applicant)
    response = client.post(reverse("grants:application-withdraw", args=[application.pk]), follow=True)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert "can no longer be withdrawn" in response.content.decode()


@pytest.mark.django_db
def test_other_residents_cannot_see_an_application_before_shortlisting(client):
    application = ApplicationFactory()
    client.force_login(UserFactory())
    assert client.get(application.get_absolute_url()).status_code == 403
    client.force_login(CoordinatorFactory())
    assert client.get(application.get_absolute_url()).status_code == 200
