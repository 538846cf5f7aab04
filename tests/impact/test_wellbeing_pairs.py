"""Wellbeing pairs from the community panel's surveys: who may link them, what is copied, and how."""

import pytest
from django.core.exceptions import ValidationError

from ostrom.accounts import services as account_services
from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.impact import wellbeing_copying, wellbeing_selectors, wellbeing_services
from ostrom.impact.models import WellbeingScore
from ostrom.surveys.models import Survey
from tests.factories import PlaceFactory, UserFactory
from tests.impact.wellbeing_factories import answer, answers, programme_in, swemwbs_survey
from tests.surveys.factories import coordinator_of

pytestmark = pytest.mark.django_db


def link_and_copy(programme, baseline, follow_up, coordinator, run_tasks):
    """Link the surveys as a coordinator does, then let the task worker copy their scores."""
    wellbeing_services.link_wellbeing_surveys(
        programme=programme, baseline_survey=baseline, follow_up_survey=follow_up, linked_by=coordinator
    )
    wellbeing_services.start_copying(programme=programme, started_by=coordinator)
    run_tasks()


@pytest.fixture
def setting():
    ladywood = PlaceFactory(name="Ladywood")
    programme = programme_in(ladywood)
    baseline = swemwbs_survey(place=ladywood, title="Spring", days_ago=200)
    follow_up = swemwbs_survey(place=ladywood, title="Winter", days_ago=20)
    return ladywood, programme, baseline, follow_up, coordinator_of(ladywood)


def test_linking_the_surveys_pairs_each_panel_members_answers_under_a_code_that_is_not_them(
    setting, run_tasks
):
    ladywood, programme, baseline, follow_up, coordinator = setting
    people = [UserFactory(full_name=f"Person {n}") for n in range(6)]
    for person in people:
        answer(baseline, person, answers(20))
        answer(follow_up, person, answers(26))

    link_and_copy(programme, baseline, follow_up, coordinator, run_tasks)

    scores = WellbeingScore.objects.filter(programme=programme)
    assert scores.count() == 12
    codes = set(scores.values_list("participant", flat=True))
    assert len(codes) == 6
    for person in people:
        code = scores.filter(user=person).values_list("participant", flat=True).distinct().get()
        assert code not in (str(person.pk), f"panel-{person.pk}")
        assert person.full_name not in code and person.email not in code
    summary = wellbeing_selectors.summary_of(programme)
    assert summary.pair_count == 6
    assert summary.improved.share == 1


def test_the_same_person_gets_unrelated_codes_in_two_programmes(setting):
    ladywood, programme, *_ = setting
    other = programme_in(ladywood, slug="walking-for-health")
    person = UserFactory()
    first = wellbeing_copying.participant_code(programme=programme, user_id=person.pk)
    second = wellbeing_copying.participant_code(programme=other, user_id=person.pk)
    assert first != second


def test_copying_again_updates_the_scores_and_never_duplicates_them(setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    person = UserFactory()
    answer(baseline, person, answers(20))
    answer(follow_up, person, answers(22))
    link_and_copy(programme, baseline, follow_up, coordinator, run_tasks)
    answer(follow_up, person, answers(30))

    progress = wellbeing_services.start_copying(programme=programme, started_by=coordinator)
    run_tasks()

    progress.refresh_from_db()
    assert progress.message == "2 wellbeing scores copied from the surveys"
    assert progress.result_url == f"/impact/{programme.slug}/wellbeing/"
    assert WellbeingScore.objects.filter(programme=programme).count() == 2
    follow = WellbeingScore.objects.get(programme=programme, stage="follow_up")
    assert follow.items == answers(30)


def test_unfinished_responses_and_people_in_only_one_survey_make_no_pair(setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    only_before, unfinished = UserFactory(), UserFactory()
    answer(baseline, only_before, answers(20))
    answer(baseline, unfinished, answers(20))
    answer(follow_up, unfinished, answers(25), submitted=False)

    link_and_copy(programme, baseline, follow_up, coordinator, run_tasks)

    assert WellbeingScore.objects.filter(programme=programme, stage="follow_up").count() == 0
    assert wellbeing_selectors.pairs_of(programme) == []


def test_a_pair_with_a_missing_item_is_excluded_and_counted_as_excluded(setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    for n in range(11):
        person = UserFactory()
        answer(baseline, person, [3, 3, None, 3, 3, 3, 3] if n < 5 else answers(20))
        answer(follow_up, person, answers(25))

    link_and_copy(programme, baseline, follow_up, coordinator, run_tasks)

    summary = wellbeing_selectors.summary_of(programme)
    assert summary.pair_count == 6
    assert summary.excluded_count == 5


def test_only_the_coordinators_of_the_programmes_place_link_its_surveys(setting):
    ladywood, programme, baseline, follow_up, _ = setting
    perry_barr = PlaceFactory(name="Perry Barr", parent=ladywood.parent)
    for outsider in (UserFactory(), coordinator_of(perry_barr)):
        with pytest.raises(NotAllowed):
            wellbeing_services.link_wellbeing_surveys(
                programme=programme, baseline_survey=baseline, follow_up_survey=follow_up, linked_by=outsider
            )
    assert not hasattr(programme, "wellbeing_surveys") or programme.wellbeing_surveys is None


def test_a_survey_from_elsewhere_an_open_link_survey_or_the_same_survey_twice_is_refused(setting):
    ladywood, programme, baseline, follow_up, coordinator = setting
    elsewhere = swemwbs_survey(place=PlaceFactory(name="Perry Barr"), title="Perry Barr")
    open_link = swemwbs_survey(place=ladywood, title="Open", audience=Survey.Audience.OPEN_LINK)

    for bad, field in (
        (elsewhere, "follow_up_survey"),
        (open_link, "follow_up_survey"),
        (baseline, "follow_up_survey"),
    ):
        with pytest.raises(ValidationError) as problem:
            wellbeing_services.link_wellbeing_surveys(
                programme=programme, baseline_survey=baseline, follow_up_survey=bad, linked_by=coordinator
            )
        assert field in problem.value.message_dict


def test_linking_and_copying_are_in_the_audit_log_without_anyones_scores(setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    person = UserFactory()
    answer(baseline, person, answers(20))
    answer(follow_up, person, answers(26))

    link_and_copy(programme, baseline, follow_up, coordinator, run_tasks)
    link = programme.wellbeing_surveys

    actions = sorted(audit.action_of(entry) for entry in audit.entries_for(link))
    assert actions == ["wellbeing_scores.copied", "wellbeing_surveys.linked"]
    for entry in audit.entries_for(link):
        assert set(entry.changes or {}) <= {"baseline_survey", "follow_up_survey"}
        assert "items" not in str(entry.additional_data)


def test_a_person_downloads_their_scores_and_erasing_them_removes_them(setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    person = UserFactory()
    answer(baseline, person, answers(20))
    answer(follow_up, person, answers(26))
    link_and_copy(programme, baseline, follow_up, coordinator, run_tasks)

    download = account_services.export_personal_data(user=person)
    assert len(download["wellbeing_scores"]) == 2

    account_services.erase_person(user=person, requested_by=person)
    assert not WellbeingScore.objects.filter(programme=programme).exists()


def test_pairs_from_returns_join_the_summary_and_copying_surveys_leaves_them_alone(run_tasks):
    from tests.impact.opendata_factories import programme_with_returns

    programme, parts = programme_with_returns()
    first, second = parts["returns"]
    WellbeingScore.objects.filter(programme=programme).delete()
    for n in range(5):
        for stage, sent, raw in (("baseline", first, 20), ("follow_up", second, 27)):
            WellbeingScore.objects.create(
                programme=programme,
                participant=f"HW-{n}",
                stage=stage,
                items=answers(raw),
                taken_on=sent.period_end,
                from_return=sent,
            )
    baseline = swemwbs_survey(place=programme.place, title="Spring", days_ago=200)
    follow_up = swemwbs_survey(place=programme.place, title="Winter", days_ago=20)
    person = UserFactory()
    answer(baseline, person, answers(22))
    answer(follow_up, person, answers(22))

    link_and_copy(programme, baseline, follow_up, coordinator_of(programme.place), run_tasks)

    assert WellbeingScore.objects.filter(programme=programme, from_return__isnull=False).count() == 10
    summary = wellbeing_selectors.summary_of(programme)
    assert summary.pair_count == 6
    # Five return pairs of +5.52 (18.59 → 24.11) and one survey pair of 0: 27.6 / 6.
    assert summary.mean_change == pytest.approx(4.6)
