"""The trend in words under each indicator's table, and the drawing's arrows."""

from datetime import date
from decimal import Decimal

import pytest

from ostrom.impact import presenters
from ostrom.impact.models import Indicator, Measurement
from tests.impact.toc_factories import ProgrammeFactory, StepFactory


def _trend(values, *, baseline=Decimal(10), target=Decimal(40), unit="people"):
    indicator = Indicator(name="X", unit=unit, baseline=baseline, target=target)
    measurements = [Measurement(measured_on=date(2026, 3, 31), value=Decimal(value)) for value in values]
    return presenters.trend(indicator, measurements)


def test_the_trend_says_how_far_it_moved_and_how_far_to_the_target():
    assert (
        _trend([20, 33])
        == "Latest: 33 people on 31 March 2026; up 23 since the baseline; 77% of the way to the target."
    )
    assert _trend([]) == "No measurements yet."
    assert _trend([45]).endswith("up 35 since the baseline; the target is reached.")
    assert _trend([8]).endswith("down 2 since the baseline; no nearer the target.")
    assert _trend([10], target=None).endswith("the same as the baseline.")


def test_a_target_below_the_baseline_counts_going_down_as_progress():
    trend = _trend(["30"], baseline=Decimal(40), target=Decimal(20), unit="%")
    assert trend == "Latest: 30% on 31 March 2026; down 10 since the baseline; 50% of the way to the target."
    assert _trend(["12.5"], baseline=None, unit="£") == "Latest: £12.50 on 31 March 2026."


@pytest.mark.django_db
def test_an_arrow_passing_a_column_runs_between_the_rows():
    programme = ProgrammeFactory()
    activity = StepFactory(programme=programme, stage="activity")
    output = StepFactory(programme=programme, stage="output")
    outcome = StepFactory(programme=programme, stage="short_term")
    activity.leads_to.add(output, outcome)

    diagram = presenters.diagram(programme)

    curved, routed = sorted((arrow.path for arrow in diagram.arrows), key=lambda path: "H" in path)
    assert " C" in curved and "H" in routed and "V" in routed
    assert [box.number for box in diagram.boxes] == ["A1", "O1", "S1"]
