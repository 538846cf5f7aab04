"""The theory of change's rules, as the services keep them: arrows only go forward, indicators only on
outputs and outcomes, measurements inside the indicator's range and in its unit, and only the
coordinators of the programme's place change anything."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.impact import services
from ostrom.impact.models import Measurement, Programme, Step
from tests.factories import PlaceFactory, UserFactory
from tests.impact.toc_factories import IndicatorFactory, ProgrammeFactory, StepFactory
from tests.insight.factories import coordinator_of


@pytest.fixture
def programme():
    return ProgrammeFactory(place=PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality"))


@pytest.fixture
def runner(programme):
    return coordinator_of(programme.place)


@pytest.mark.django_db
def test_a_coordinator_sets_up_a_programme_and_it_is_audited():
    place = PlaceFactory(kind="locality")
    coordinator = coordinator_of(place)

    programme = services.create_programme(
        runner=coordinator, place=place, name="Flourish", kind=Programme.Kind.PROGRAMME
    )

    assert programme.slug == "flourish"
    assert audit.entries_for(programme).count() == 1


@pytest.mark.django_db
def test_a_programme_called_returns_or_new_never_hides_the_pages_with_those_addresses(client):
    place = PlaceFactory(kind="locality")
    coordinator = coordinator_of(place)

    returns = services.create_programme(runner=coordinator, place=place, name="Returns", kind="programme")
    new = services.create_programme(runner=coordinator, place=place, name="New", kind="programme")

    assert (returns.slug, new.slug) == ("returns-2", "new-2")
    assert client.get(returns.get_absolute_url()).status_code == 200
    client.force_login(coordinator)
    assert '<h1 class="nhsuk-heading-l">Your returns</h1>' in client.get("/impact/returns/").content.decode()


@pytest.mark.django_db
def test_a_coordinator_of_another_place_cannot_set_up_or_change_a_programme(programme):
    elsewhere = coordinator_of(PlaceFactory(kind="locality"))
    with pytest.raises(permissions.NotAllowed):
        services.create_programme(runner=elsewhere, place=programme.place, name="X", kind="programme")
    with pytest.raises(permissions.NotAllowed):
        services.add_step(runner=elsewhere, programme=programme, stage="input", text="Money")
    with pytest.raises(permissions.NotAllowed):
        services.record_measurement(
            runner=UserFactory(),
            indicator=IndicatorFactory(step__programme=programme),
            measured_on=date(2026, 1, 1),
            value=Decimal(3),
        )
    assert not programme.steps.filter(stage="input").exists()
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_steps_go_to_the_end_of_their_stage_and_can_be_moved(programme, runner):
    first = services.add_step(runner=runner, programme=programme, stage="activity", text="Walks")
    second = services.add_step(runner=runner, programme=programme, stage="activity", text="Cooking")

    services.move_step(runner=runner, step=second, direction="up")

    assert list(programme.steps.filter(stage="activity").order_by("position")) == [second, first]


@pytest.mark.django_db
def test_an_arrow_only_goes_forward(programme, runner):
    activity = services.add_step(runner=runner, programme=programme, stage="activity", text="Walks")
    output = services.add_step(runner=runner, programme=programme, stage="output", text="People walking")
    other = services.add_step(runner=runner, programme=programme, stage="activity", text="Cooking")

    services.edit_step(runner=runner, step=activity, text="Walks", leads_to=[output])
    assert list(activity.leads_to.all()) == [output]

    with pytest.raises(ValidationError, match="An arrow can only go forward"):
        services.edit_step(runner=runner, step=output, text="People walking", leads_to=[activity])
    with pytest.raises(ValidationError, match="An arrow can only go forward"):
        services.draw_arrow(runner=runner, source=activity, target=other)
    assert not output.leads_to.exists()
    assert list(activity.leads_to.all()) == [output]


@pytest.mark.django_db
def test_an_arrow_cannot_reach_into_another_programme(programme, runner):
    activity = services.add_step(runner=runner, programme=programme, stage="activity", text="Walks")
    elsewhere = StepFactory(programme=ProgrammeFactory(place=programme.place), stage="output")
    with pytest.raises(ValidationError, match="another programme"):
        services.draw_arrow(runner=runner, source=activity, target=elsewhere)


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["input", "activity"])
def test_an_indicator_on_an_input_or_activity_is_refused(programme, runner, stage):
    step = services.add_step(runner=runner, programme=programme, stage=stage, text="Money")
    with pytest.raises(ValidationError, match="Only outputs and outcomes have indicators"):
        services.add_indicator(runner=runner, step=step, name="Pounds", unit="£")
    assert not step.indicators.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["output", "short_term", "medium_term", "long_term"])
def test_an_indicator_on_an_output_or_outcome_is_kept(programme, runner, stage):
    step = services.add_step(runner=runner, programme=programme, stage=stage, text="People walking")
    indicator = services.add_indicator(
        runner=runner,
        step=step,
        name="Walkers",
        unit="people",
        maximum=Decimal(500),
        baseline=Decimal(10),
        baseline_on=date(2025, 1, 1),
        target=Decimal(100),
        target_on=date(2026, 12, 31),
        source="Walk registers",
        frequency="monthly",
    )
    assert indicator.step == step and audit.entries_for(indicator).count() == 1


@pytest.mark.django_db
def test_an_indicator_target_must_be_inside_its_range_and_after_the_baseline(programme, runner):
    step = StepFactory(programme=programme, stage="short_term")
    with pytest.raises(ValidationError) as problem:
        services.add_indicator(
            runner=runner,
            step=step,
            name="Share",
            unit="%",
            maximum=Decimal(100),
            baseline=Decimal(10),
            baseline_on=date(2026, 1, 1),
            target=Decimal(120),
            target_on=date(2025, 1, 1),
        )
    assert problem.value.message_dict["target"] == ["The target must be inside the indicator's range"]
    assert problem.value.message_dict["target_on"] == ["The target date must be after the baseline date"]


@pytest.mark.django_db
def test_a_measurement_outside_the_range_is_refused(programme, runner):
    indicator = IndicatorFactory(step__programme=programme, unit="%", maximum=Decimal(100))
    with pytest.raises(ValidationError) as problem:
        services.record_measurement(
            runner=runner, indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(140)
        )
    assert problem.value.message_dict["value"] == ["Value must be between 0 and 100 %"]
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_measurement_in_another_unit_is_refused(programme, runner):
    indicator = IndicatorFactory(step__programme=programme, unit="people")
    with pytest.raises(ValidationError) as problem:
        services.record_measurement(
            runner=runner, indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(40), unit="%"
        )
    assert problem.value.message_dict["unit"] == ["The unit must be people (the indicator's unit), not %"]
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_measurement_in_range_is_kept_and_audited(programme, runner):
    indicator = IndicatorFactory(step__programme=programme, unit="people")
    measurement = services.record_measurement(
        runner=runner, indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(40), unit="People"
    )
    assert measurement.source == "typed" and measurement.recorded_by == runner
    assert audit.entries_for(measurement).count() == 1


@pytest.mark.django_db
def test_removing_a_step_takes_its_indicators_and_is_audited_on_the_programme(programme, runner):
    indicator = IndicatorFactory(step__programme=programme)
    services.remove_step(runner=runner, step=indicator.step)
    assert not Step.objects.filter(programme=programme).exists()
    assert "removed" in str(audit.entries_for(programme).first().additional_data)


@pytest.mark.django_db
def test_a_coordinators_download_lists_their_measurements_and_erasure_keeps_the_figures(programme, runner):
    from ostrom.accounts.services import erase_person, export_personal_data

    indicator = IndicatorFactory(step__programme=programme, name="Walkers", unit="people")
    measurement = services.record_measurement(
        runner=runner, indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(40)
    )
    assert export_personal_data(user=runner)["impact_measurements_recorded"][0]["indicator"] == "Walkers"

    erase_person(user=runner, requested_by=runner)

    measurement.refresh_from_db()
    assert measurement.value == Decimal(40) and measurement.recorded_by is None


@pytest.mark.django_db
def test_a_computed_indicator_cannot_be_typed_in(programme, runner):
    indicator = IndicatorFactory(
        step__programme=programme, unit="organisations", computed_from="member_organisations"
    )
    with pytest.raises(ValidationError, match="is worked out by Ostrom"):
        services.record_measurement(
            runner=runner, indicator=indicator, measured_on=date(2026, 3, 31), value=Decimal(4)
        )
    assert not Measurement.objects.exists()
