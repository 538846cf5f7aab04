import pytest
from django.core.management import call_command

from ostrom.impact import wellbeing_selectors
from ostrom.impact.models import Programme, WellbeingScore


@pytest.mark.django_db
def test_the_demo_programme_has_200_wellbeing_pairs_about_two_thirds_improving_and_loads_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    scores = WellbeingScore.objects.count()
    call_command("seed_demo", verbosity=0)
    assert WellbeingScore.objects.count() == scores

    summary = wellbeing_selectors.summary_of(Programme.objects.get(slug="social-prescribing"))
    assert summary.pair_count == 200
    assert summary.excluded_count == 5
    assert 0.6 <= summary.improved.share <= 0.72
    assert 20 <= summary.mean_baseline <= 23
    assert summary.confidence_low > 0
    assert summary.meaningful_decline.count >= 5
