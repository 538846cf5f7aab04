"""Following the money: devolved ≥ committed ≥ paid, at every step, whatever is passed on and paid;
a refused step changes nothing; the database refuses a direct write that breaks the order."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.grants.models import Grant, Payment
from ostrom.impact.models import Programme, Return, ReturnTemplate
from ostrom.money import selectors, services
from ostrom.money.models import Agreement, AgreementPayment, Allocation, DevolvedBudget
from ostrom.network.models import Organisation
from tests.concurrency import at_once, needs_postgresql
from tests.factories import OrganisationFactory, PlaceFactory
from tests.grants.factories import ApplicationFactory, FundFactory, RoundFactory

START = date(2026, 4, 1)


def _agree(coordinator, budget, organisation, amount):
    return services.agree(
        actor=coordinator,
        budget=budget,
        organisation=organisation,
        amount=amount,
        purpose="Walking groups",
        agreed_on=START,
        starts_on=START,
        ends_on=START + timedelta(days=364),
    )


def _round(ladywood, budget_amount=Decimal("60000"), **kwargs):
    fund = FundFactory()
    fund.places_served.set([ladywood])
    return RoundFactory(fund=fund, budget=budget_amount, **kwargs)


def _totals(budget):
    budget = DevolvedBudget.objects.get(pk=budget.pk)
    return (
        budget.committed,
        budget.paid,
        Allocation.objects.count(),
        Agreement.objects.count(),
        AgreementPayment.objects.count(),
        list(Agreement.objects.order_by("pk").values_list("paid", flat=True)),
    )


def _check_adds_up(budget):
    """Every step's totals are the sum of their parts, and never out of order."""
    budget = DevolvedBudget.objects.get(pk=budget.pk)
    allocated = budget.allocations.aggregate(total=Sum("amount"))["total"] or 0
    agreed = budget.agreements.aggregate(total=Sum("amount"))["total"] or 0
    paid = (
        AgreementPayment.objects.filter(agreement__budget=budget).aggregate(total=Sum("amount"))["total"] or 0
    )
    assert budget.committed == allocated + agreed
    assert budget.paid == paid
    assert budget.amount >= budget.committed >= budget.paid >= 0
    for agreement in budget.agreements.all():
        assert agreement.paid == (agreement.payments.aggregate(total=Sum("amount"))["total"] or 0)
        assert agreement.amount >= agreement.paid >= 0
    flow = selectors.flow_of(budget)
    assert flow.top.passed_on == budget.amount
    assert flow.top.committed == sum(step.passed_on for step in flow.top.children)
    assert flow.top.paid == sum(step.paid for step in flow.top.children)
    assert flow.top.returned_on == sum(step.returned_on for step in flow.top.children)
    for step in flow.top.children:
        assert step.passed_on >= step.committed >= step.paid >= 0
        assert step.committed >= step.returned_on >= 0


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("120000"), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("agree"), amounts),
        st.tuples(st.just("pay"), st.integers(min_value=0, max_value=5), amounts),
        st.tuples(st.just("round"), st.decimals(min_value=5000, max_value=150000, places=2)),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_the_flow_never_breaks_devolved_committed_paid_and_a_refused_step_changes_nothing(
    steps, coordinator, budget, ladywood
):
    with transaction.atomic():
        organisation = OrganisationFactory(places_served=[ladywood])
        for step in steps:
            before = _totals(budget)
            try:
                if step[0] == "agree":
                    _agree(coordinator, budget, organisation, step[1])
                elif step[0] == "pay":
                    agreements = list(Agreement.objects.filter(budget=budget).order_by("pk"))
                    if not agreements:
                        continue
                    services.record_agreement_payment(
                        actor=coordinator,
                        agreement=agreements[step[1] % len(agreements)],
                        amount=step[2],
                        paid_on=START,
                    )
                else:
                    services.allocate_to_round(
                        actor=coordinator,
                        budget=budget,
                        funding_round=_round(ladywood, step[1], largest_grant=Decimal("5000")),
                        allocated_on=START,
                    )
            except ValidationError:
                assert _totals(budget) == before
            _check_adds_up(budget)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_committing_more_than_was_devolved_is_refused_with_the_amount_over(coordinator, budget, ladywood):
    organisation = OrganisationFactory(places_served=[ladywood])
    _agree(coordinator, budget, organisation, Decimal("200000"))

    with pytest.raises(ValidationError) as refused:
        _agree(coordinator, budget, organisation, Decimal("62000"))

    assert refused.value.message_dict["amount"] == [
        "This would commit £12,000 more than the £250,000 devolved (£50,000 is left to pass on)"
    ]
    assert Agreement.objects.count() == 1
    assert DevolvedBudget.objects.get(pk=budget.pk).committed == Decimal("200000")


@pytest.mark.django_db
def test_paying_more_than_was_agreed_is_refused(coordinator, budget, ladywood):
    agreement = _agree(coordinator, budget, OrganisationFactory(places_served=[ladywood]), Decimal("10000"))
    services.record_agreement_payment(
        actor=coordinator, agreement=agreement, amount=Decimal("6000"), paid_on=START
    )

    with pytest.raises(ValidationError) as refused:
        services.record_agreement_payment(
            actor=coordinator, agreement=agreement, amount=Decimal("4500"), paid_on=START
        )

    assert "This would pay £500 more than the £10,000 agreed" in refused.value.message_dict["amount"][0]
    agreement.refresh_from_db()
    assert agreement.paid == Decimal("6000")
    assert DevolvedBudget.objects.get(pk=budget.pk).paid == Decimal("6000")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("committed", Decimal("250000.01")), ("paid", Decimal("1")), ("paid", Decimal("-1"))],
)
def test_the_database_refuses_a_budget_whose_money_goes_out_of_order(budget, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        DevolvedBudget.objects.filter(pk=budget.pk).update(**{field: value})


@pytest.mark.django_db
def test_the_database_refuses_an_agreement_paid_more_than_agreed(coordinator, budget, ladywood):
    agreement = _agree(coordinator, budget, OrganisationFactory(places_served=[ladywood]), Decimal("10000"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(paid=Decimal("10000.01"))


@pytest.mark.django_db
def test_a_round_takes_its_whole_budget_once_and_its_grants_count_as_committed_and_paid(
    coordinator, budget, ladywood
):
    funding_round = _round(ladywood, in_phase="decision", published_at=timezone.now())
    allocation = services.allocate_to_round(
        actor=coordinator, budget=budget, funding_round=funding_round, allocated_on=START
    )
    application = ApplicationFactory(funding_round=funding_round, amount_requested=Decimal("4000"))
    grant = Grant.objects.create(
        application=application, identifier="360G-test-1", amount_awarded=Decimal("4000"), award_date=START
    )
    Payment.objects.create(grant=grant, amount=Decimal("1500"), paid_on=START)

    with pytest.raises(ValidationError) as refused:
        services.allocate_to_round(
            actor=coordinator, budget=budget, funding_round=funding_round, allocated_on=START
        )

    assert refused.value.message_dict["funding_round"] == [
        "This round is already funded from a devolved budget"
    ]
    assert allocation.amount == Decimal("60000")
    budget.refresh_from_db()
    flow = selectors.flow_of(budget)
    [round_step] = flow.top.children
    assert (round_step.passed_on, round_step.committed, round_step.paid) == (
        Decimal("60000"),
        Decimal("4000"),
        Decimal("1500"),
    )
    assert flow.top.committed == Decimal("60000")
    assert flow.top.paid == Decimal("1500")
    assert [step.organisation for step in flow.recipients] == [application.organisation]


@pytest.mark.django_db
def test_money_is_returned_on_once_the_organisation_submits_a_return_that_covers_it(
    coordinator, budget, ladywood
):
    organisation = OrganisationFactory(places_served=[ladywood])
    _agree(coordinator, budget, organisation, Decimal("8000"))
    programme = Programme.objects.create(
        name="Prevention", slug="prevention", kind="programme", place=ladywood
    )
    template = ReturnTemplate.objects.create(programme=programme, name="Quarterly return")
    a_return = Return.objects.create(
        template=template,
        organisation=organisation,
        period_start=START,
        period_end=START + timedelta(days=90),
        due_on=START + timedelta(days=100),
    )
    assert selectors.flow_of(budget).top.returned_on == 0

    Return.objects.filter(pk=a_return.pk).update(submitted_at=timezone.now())

    assert selectors.flow_of(budget).top.returned_on == Decimal("8000")


@pytest.mark.django_db
def test_only_the_anchors_coordinators_pass_money_on(outsider, budget, ladywood):
    with pytest.raises(NotAllowed):
        _agree(outsider, budget, OrganisationFactory(places_served=[ladywood]), Decimal("100"))
    assert DevolvedBudget.objects.get(pk=budget.pk).committed == 0


@pytest.mark.django_db
def test_money_is_devolved_only_by_an_icb_or_pcn_to_the_collective(coordinator, icb, pcn, collective):
    with pytest.raises(ValidationError) as refused:
        services.devolve_budget(
            actor=coordinator, from_body=collective, anchor=pcn, amount="-5", devolved_on=START, purpose=""
        )
    assert set(refused.value.message_dict) == {"from_body", "anchor", "amount", "purpose"}

    budget = services.devolve_budget(
        actor=coordinator,
        from_body=icb,
        anchor=collective,
        amount="1000",
        devolved_on=START,
        purpose="Anchors",
    )
    assert audit.entries_for(budget).count() == 1


@pytest.mark.django_db
def test_an_agreement_is_only_with_a_member_organisation(coordinator, budget, ladywood):
    applied = OrganisationFactory(status=Organisation.Status.APPLIED, joined_on=None)
    with pytest.raises(ValidationError) as refused:
        _agree(coordinator, budget, applied, Decimal("100"))
    assert "organisation" in refused.value.message_dict


@pytest.mark.django_db
def test_shares_by_place_size_and_kind_add_up_to_what_organisations_were_given(coordinator, budget, ladywood):
    small = OrganisationFactory(places_served=[ladywood], size="micro")
    large = OrganisationFactory(places_served=[ladywood], size="large", kind="community_business")
    _agree(coordinator, budget, small, Decimal("3000"))
    _agree(coordinator, budget, large, Decimal("9000"))

    shares = selectors.shares_of(selectors.flow_of(budget))

    for dimension in ("organisation", "place", "size", "kind"):
        assert sum(row.amount for row in shares[dimension]) == Decimal("12000")
    assert {row.label: row.share for row in shares["size"]} == {
        "Large (over £1 million a year)": Decimal("0.75"),
        "Micro (under £10,000 a year)": Decimal("0.25"),
    }


@pytest.mark.django_db(transaction=True)
def test_people_passing_money_on_at_the_same_moment_never_commit_more_than_was_devolved(
    coordinator, budget, ladywood
):
    needs_postgresql()
    organisation = OrganisationFactory(places_served=[ladywood])

    def agree_at_once():
        try:
            _agree(coordinator, budget, organisation, Decimal("20000"))
        except ValidationError:
            return "refused"
        return "agreed"

    outcomes = at_once([agree_at_once] * 20)
    # £250,000 holds twelve agreements of £20,000; the other eight are refused.
    assert outcomes.count("agreed") == 12
    budget.refresh_from_db()
    assert budget.committed == Decimal("240000") == Agreement.objects.aggregate(total=Sum("amount"))["total"]
    _check_adds_up(budget)


@pytest.mark.django_db
def test_money_shared_between_places_adds_up_to_the_penny(coordinator, budget, ladywood):
    places = [ladywood, PlaceFactory(name="Nechells"), PlaceFactory(name="Aston")]
    _agree(coordinator, budget, OrganisationFactory(places_served=places), Decimal("100"))

    by_place = {row.label: row.amount for row in selectors.shares_of(selectors.flow_of(budget))["place"]}

    assert by_place == {"Aston": Decimal("33.34"), "Ladywood": Decimal("33.33"), "Nechells": Decimal("33.33")}
    assert sum(by_place.values()) == Decimal("100")
