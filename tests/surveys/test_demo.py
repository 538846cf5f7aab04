import statistics

import pytest
from django.core.management import call_command

from ostrom.surveys import swemwbs
from ostrom.surveys.models import Answer, PanelMembership, Question, Response, Survey
from ostrom.surveys.results import survey_results


@pytest.mark.django_db
def test_the_demo_panel_survey_has_250_responses_with_realistic_wellbeing_and_loads_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (
        Survey.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        PanelMembership.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert (
        Survey.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        PanelMembership.objects.count(),
    ) == counts

    survey = Survey.objects.get(title="Community panel survey – winter 2026")
    assert survey.is_open and survey.audience == "panel"
    assert PanelMembership.objects.current().count() == 300
    assert survey.responses.submitted().count() == 250
    assert survey.responses.filter(submitted_at=None).count() == 12
    block = Question.objects.get(section__survey=survey, kind="swemwbs")
    scores = [
        swemwbs.metric_score(a.value)
        for a in Answer.objects.filter(question=block, response__submitted_at__isnull=False)
    ]
    assert 22.5 <= statistics.fmean(scores) <= 24.5 and 3 <= statistics.stdev(scores) <= 5
    skip = Question.objects.get(section__survey=survey, kind="single").options.get(label="No")
    assert skip.skip_to == block.section
    shown = survey_results(survey)
    assert all(not breakdown.too_few_text and breakdown.rows for breakdown in shown["breakdowns"])
    assert any(r.texts for _, rs in shown["sections"] for r in rs)
    waiting = survey.invitations.get(user__email="resident001@demo.ostrom.invalid").user
    assert not survey.responses.filter(user=waiting).exists()

    # Its open-link round: about 2,700 people without an account answered one free-text question,
    # in their own words (mostly different answers, some short, some long).
    open_round = Survey.objects.get(title="Your health where you live – winter 2026")
    assert open_round.is_open and open_round.is_open_link
    assert open_round.responses.submitted().count() == 2700
    assert not open_round.responses.filter(user__isnull=False).exists()
    said = list(Answer.objects.filter(response__survey=open_round).values_list("value", flat=True))
    assert len(said) == 2700 and all(isinstance(text, str) and text.strip() for text in said)
    assert len(set(said)) >= 2000
    lengths = sorted(len(text) for text in said)
    assert lengths[0] < 40 and lengths[-1] > 150
