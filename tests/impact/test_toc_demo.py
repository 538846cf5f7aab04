import pytest
from django.core.management import call_command

from ostrom.impact.models import Indicator, Measurement, Programme


@pytest.mark.django_db
def test_the_demo_has_flourishs_theory_of_change_with_12_indicators_over_two_years(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (Programme.objects.count(), Indicator.objects.count(), Measurement.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Programme.objects.count(), Indicator.objects.count(), Measurement.objects.count()) == counts

    flourish = Programme.objects.get(slug="flourish")
    assert {step.stage for step in flourish.steps.all()} == {
        "input",
        "activity",
        "output",
        "short_term",
        "medium_term",
        "long_term",
    }
    indicators = Indicator.objects.filter(step__programme=flourish)
    assert indicators.count() == 12
    computed = indicators.exclude(computed_from="")
    assert sorted(computed.values_list("computed_from", flat=True)) == [
        "actions_done",
        "grants_paid",
        "member_organisations",
        "survey_swemwbs",
    ]
    from_returns = indicators.get(source="Member organisations' quarterly returns")
    for indicator in indicators.filter(computed_from="").exclude(pk=from_returns.pk):
        measured = list(indicator.measurements.order_by("measured_on"))
        assert len(measured) >= 7 and (measured[-1].measured_on - measured[0].measured_on).days > 540
    # The organisations' returns feed one indicator: one measurement per quarter they cover, never typed.
    assert set(from_returns.measurements.values_list("source", flat=True)) == {"returns"}
    assert from_returns.measurements.count() >= 3
    assert all(indicator.measurements.filter(source="computed").exists() for indicator in computed)
