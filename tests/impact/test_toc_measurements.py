"""Measurements imported from a spreadsheet (all or nothing, each problem naming its row) and computed
from Ostrom's own records (kept up to date, never duplicated)."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from ostrom.core.models import Progress
from ostrom.core.tables import ImportRejected
from ostrom.impact import importing, measuring, services
from ostrom.impact.models import Measurement
from ostrom.surveys.models import Response
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory
from tests.impact.toc_factories import IndicatorFactory, MeasurementFactory, ProgrammeFactory
from tests.insight.factories import coordinator_of
from tests.surveys.factories import built_survey


@pytest.fixture
def programme():
    return ProgrammeFactory(place=PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality"))


@pytest.fixture
def runner(programme):
    return coordinator_of(programme.place)


HEADER = "indicator,measured_on,value,unit,note\n"


def _import(runner, programme, text: str, filename="m.csv"):
    return importing.import_measurements(
        runner=runner, programme=programme, content=text.encode(), filename=filename
    )


@pytest.mark.django_db
def test_a_good_file_imports_every_row(programme, runner):
    walkers = IndicatorFactory(step__programme=programme, name="Walkers", unit="people")
    share = IndicatorFactory(step__programme=programme, name="Feeling less lonely", unit="%", maximum=100)

    count = _import(
        runner,
        programme,
        HEADER + "Walkers,2026-03-31,45,people,\nfeeling less lonely,2026-03-31,61.5,%,From the survey\n",
    )

    assert count == 2
    assert Measurement.objects.get(indicator=walkers).value == Decimal(45)
    imported = Measurement.objects.get(indicator=share)
    assert (
        imported.value == Decimal("61.5") and imported.source == "imported" and imported.recorded_by == runner
    )


@pytest.mark.django_db
def test_a_failed_import_changes_nothing_and_names_each_row_and_why(programme, runner):
    IndicatorFactory(step__programme=programme, name="Walkers", unit="people", maximum=500)
    kept = MeasurementFactory(indicator__step__programme=programme, value=Decimal(7))

    with pytest.raises(ImportRejected) as rejected:
        _import(
            runner,
            programme,
            HEADER
            + "Walkers,2026-03-31,45,people,\n"
            + "Walkers,2026-06-30,900,people,\n"
            + "Walkers,2026-09-30,40,%,\n"
            + "Runners,2026-09-30,40,people,\n"
            + "Walkers,30/09/2026,forty,people,\n",
        )

    problems = {(problem.row, problem.problem) for problem in rejected.value.problems}
    assert (3, "Value must be between 0 and 500 people") in problems
    assert (4, "The unit must be people (the indicator's unit), not %") in problems
    assert (5, "No indicator of this programme is called “Runners”") in problems
    assert (6, "“30/09/2026” is not a date like 2026-11-23") in problems
    assert (6, "Enter the value as a number, like 42 or 7.5") in problems
    assert str(rejected.value) == "Nothing was imported: 4 rows had a problem"
    assert list(Measurement.objects.all()) == [kept]


@pytest.mark.django_db
def test_an_excel_file_imports_too(programme, runner):
    IndicatorFactory(step__programme=programme, name="Walkers", unit="people")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "measured_on", "value", "unit"])
    sheet.append(["Walkers", "2026-03-31", 12, "people"])
    out = io.BytesIO()
    workbook.save(out)
    count = importing.import_measurements(
        runner=runner, programme=programme, content=out.getvalue(), filename="m.xlsx"
    )
    assert count == 1 and Measurement.objects.get().value == Decimal(12)


@pytest.mark.django_db(transaction=True)
def test_the_import_runs_in_the_background_and_reports_its_problems(programme, runner, run_tasks):
    IndicatorFactory(step__programme=programme, name="Walkers", unit="people", maximum=100)

    services.start_measurement_import(
        runner=runner,
        programme=programme,
        content=(HEADER + "Walkers,2026-03-31,450,people,\n").encode(),
        filename="m.csv",
    )
    run_tasks()

    progress = Progress.objects.get()
    assert progress.status == "failed" and progress.message == "Nothing was imported: 1 row had a problem"
    assert progress.details[0]["row"] == 2
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_member_organisations_are_counted_at_each_quarter_end_and_a_second_refresh_changes_nothing(programme):
    today = timezone.localdate()
    indicator = IndicatorFactory(
        step__programme=programme,
        unit="organisations",
        computed_from="member_organisations",
        baseline_on=today - timedelta(days=200),
        frequency="quarterly",
    )
    OrganisationFactory(places_served=[programme.place], joined_on=today - timedelta(days=300))
    OrganisationFactory(places_served=[programme.place], joined_on=today)
    OrganisationFactory(places_served=[PlaceFactory()], joined_on=today - timedelta(days=300))

    measuring.refresh_programme(programme)
    first = list(Measurement.objects.filter(indicator=indicator).values_list("measured_on", "value"))
    measuring.refresh_programme(programme)
    second = list(Measurement.objects.filter(indicator=indicator).values_list("measured_on", "value"))

    assert first == second
    assert len(first) == len(measuring.periods(indicator, today)) >= 3
    assert first[0][1] == Decimal(1) and first[-1] == (today, Decimal(2))
    assert all(source == "computed" for source in Measurement.objects.values_list("source", flat=True))


@pytest.mark.django_db
def test_a_refresh_updates_the_current_period_rather_than_adding_one(programme):
    indicator = IndicatorFactory(
        step__programme=programme, unit="organisations", computed_from="member_organisations"
    )
    today = timezone.localdate()
    OrganisationFactory(places_served=[programme.place], joined_on=today)
    measuring.refresh_indicator(indicator, today)
    count = Measurement.objects.count()
    OrganisationFactory(places_served=[programme.place], joined_on=today)

    out = io.StringIO()
    call_command("refresh_indicators", programme=programme.slug, stdout=out)

    assert Measurement.objects.count() == count
    assert Measurement.objects.order_by("measured_on").last().value == Decimal(2)
    assert f"{programme.name}: " in out.getvalue()


def _respond(survey, block, items, *, days_ago=1):
    response = Response.objects.create(
        survey=survey, user=UserFactory(), submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    response.answers.create(question=block, value=list(items))


@pytest.mark.django_db
def test_the_mean_wellbeing_of_a_survey_is_scored_with_swemwbs_and_hidden_under_five(programme):
    survey, parts = built_survey(place=programme.place)
    indicator = IndicatorFactory(
        step__programme=programme,
        unit="score",
        minimum=7,
        maximum=35,
        computed_from="survey_swemwbs",
        survey=survey,
    )
    for _ in range(4):
        _respond(survey, parts["block"], [3] * 7)  # raw 21: metric 19.25
    today = timezone.localdate()
    assert measuring.survey_swemwbs(indicator, today) is None
    _respond(survey, parts["block"], [5] * 7)  # raw 35: metric 35.00
    _respond(survey, parts["block"], [5, 5, None, 5, 5, 5, 5])  # not scorable: left out

    assert measuring.survey_swemwbs(indicator, today) == Decimal("22.40")  # (4 × 19.25 + 35) / 5


@pytest.mark.django_db
def test_people_reached_is_not_shown_under_five(programme):
    indicator = IndicatorFactory(step__programme=programme, unit="people", computed_from="people_reached")
    assert measuring.people_reached(indicator, timezone.localdate()) is None


@pytest.mark.django_db
def test_a_computed_indicator_needs_the_computation_unit(programme, runner):
    from django.core.exceptions import ValidationError

    step = IndicatorFactory(step__programme=programme).step
    with pytest.raises(ValidationError, match="The unit of “Grants paid” is £"):
        services.add_indicator(
            runner=runner, step=step, name="Paid", unit="people", computed_from="grants_paid"
        )
    indicator = services.add_indicator(
        runner=runner, step=step, name="Paid", unit="£", computed_from="grants_paid"
    )
    assert indicator.computed_from == "grants_paid"
    assert date.today()  # the computation is found in the registry
    assert measuring.computation("grants_paid").unit == "£"


@pytest.mark.django_db(transaction=True)
def test_a_good_import_in_the_background_says_how_many_and_links_to_the_dashboard(
    programme, runner, run_tasks
):
    IndicatorFactory(step__programme=programme, name="Walkers", unit="people")

    services.start_measurement_import(
        runner=runner,
        programme=programme,
        content=(HEADER + "Walkers,2026-03-31,45,people,\nWalkers,2026-06-30,50,people,\n").encode(),
        filename="m.csv",
    )
    run_tasks()

    progress = Progress.objects.get()
    assert progress.status == "finished" and progress.message == "2 measurements imported"
    assert progress.result_url == programme.get_absolute_url()
    assert Measurement.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_refresh_now_works_out_the_computed_indicators_in_the_background(programme, runner, run_tasks):
    indicator = IndicatorFactory(step__programme=programme, unit="actions", computed_from="actions_done")

    services.start_refresh(runner=runner, programme=programme)
    run_tasks()

    progress = Progress.objects.get()
    assert progress.status == "finished" and progress.result_url == programme.get_absolute_url()
    assert Measurement.objects.filter(indicator=indicator, source="computed").exists()


@pytest.mark.django_db
def test_grants_paid_add_up_the_payments_of_funds_serving_the_place_up_to_the_date(programme):
    from ostrom.grants.models import Grant, Payment
    from tests.grants.factories import ApplicationFactory

    indicator = IndicatorFactory(step__programme=programme, unit="£", computed_from="grants_paid")
    here = ApplicationFactory()
    here.funding_round.fund.places_served.set([programme.place])
    elsewhere = ApplicationFactory()
    elsewhere.funding_round.fund.places_served.set([PlaceFactory()])
    for number, application in enumerate([here, elsewhere]):
        grant = Grant.objects.create(
            application=application,
            identifier=f"360G-test-{number}",
            amount_awarded=Decimal(2000),
            award_date=date(2026, 1, 1),
        )
        Payment.objects.create(grant=grant, amount=Decimal(1500), paid_on=date(2026, 1, 15))
        Payment.objects.create(grant=grant, amount=Decimal(500), paid_on=date(2026, 7, 15))

    assert measuring.grants_paid(indicator, date(2026, 3, 31)) == Decimal(1500)
    assert measuring.grants_paid(indicator, date(2026, 9, 30)) == Decimal(2000)


@pytest.mark.django_db
def test_every_computation_gives_a_value_or_nothing_for_a_place_with_no_records(programme):
    for key, item in measuring.COMPUTATIONS.items():
        indicator = IndicatorFactory(step__programme=programme, unit=item.unit, computed_from=key)
        value = item.value_at(indicator, timezone.localdate())
        assert value is None or value == Decimal(0), key


@pytest.mark.django_db
def test_recommendations_accepted_count_the_bodys_responses_up_to_the_date():
    from ostrom.panels.models import Recommendation
    from ostrom.panels.models import Response as PanelResponse
    from tests.panels.factories import AssemblyFactory, ladywood

    programme = ProgrammeFactory(place=ladywood())
    indicator = IndicatorFactory(
        step__programme=programme, unit="recommendations", computed_from="recommendations_accepted"
    )
    assembly = AssemblyFactory()
    outcomes = ["accepted", "accepted_in_part", "not_accepted"]
    for number, outcome in enumerate(outcomes, start=1):
        recommendation = Recommendation.objects.create(
            assembly=assembly, number=number, title=f"R{number}", text="Do it", support_for=8
        )
        PanelResponse.objects.create(
            recommendation=recommendation,
            outcome=outcome,
            reasons="Because",
            action_owner="" if outcome == "not_accepted" else "ICB",
            action_due_on=None if outcome == "not_accepted" else date(2027, 1, 1),
            responded_at=timezone.make_aware(timezone.datetime(2026, number, 10)),
        )

    assert measuring.recommendations_accepted(indicator, date(2026, 1, 31)) == Decimal(1)
    assert measuring.recommendations_accepted(indicator, date(2026, 12, 31)) == Decimal(2)


@pytest.mark.django_db
def test_open_space_actions_done_are_counted_by_the_day_they_were_done():
    from ostrom.events.models import Action
    from tests.events.factories import open_space

    space = open_space()
    programme = ProgrammeFactory(place=space.place)
    indicator = IndicatorFactory(step__programme=programme, unit="actions", computed_from="actions_done")
    for done_on in (date(2026, 2, 1), date(2026, 5, 1), None):
        Action.objects.create(
            event=space.event,
            text="Walking group",
            kind="ourselves",
            status="done" if done_on else "under_way",
            done_on=done_on,
        )

    assert measuring.actions_done(indicator, date(2026, 3, 31)) == Decimal(1)
    assert measuring.actions_done(indicator, date(2026, 6, 30)) == Decimal(2)
