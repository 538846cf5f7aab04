"""The demo's money tells one story that adds up, and loading it again changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from ostrom.decisions.models import Body
from ostrom.demo.decisions import ICB
from ostrom.money import selectors
from ostrom.money.models import Agreement, AgreementPayment, BudgetLine, CostBenefit, DevolvedBudget


def _counts():
    return tuple(
        model.objects.count()
        for model in (BudgetLine, DevolvedBudget, Agreement, AgreementPayment, CostBenefit)
    )


@pytest.mark.django_db
def test_the_demo_follows_250000_from_a_pcn_to_groups_and_the_icbs_prevention_share_rises(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = _counts()

    years = selectors.budget_years(Body.objects.get(name=ICB))
    shares = [year.prevention_share for year in years]
    assert len(years) == 5 and shares == sorted(shares) and shares[0] < shares[-1]
    assert years[-1].commitment is not None

    budget = DevolvedBudget.objects.get()
    assert (budget.from_body.kind, budget.anchor.kind, budget.amount) == (
        "pcn",
        "collective",
        Decimal("250000"),
    )
    flow = selectors.flow_of(budget)
    kinds = [step.kind for step in flow.top.children]
    assert kinds.count("round") == 1 and kinds.count("agreement") == 6
    assert flow.top.committed == sum(step.passed_on for step in flow.top.children)
    assert budget.amount >= flow.top.committed >= flow.top.paid > 0
    assert flow.top.returned_on > 0

    summary = CostBenefit.objects.get(programme__slug="social-prescribing").summary()
    assert summary.ratio["low"] < summary.ratio["central"] < summary.ratio["high"]

    call_command("seed_demo", verbosity=0)
    assert _counts() == counts
