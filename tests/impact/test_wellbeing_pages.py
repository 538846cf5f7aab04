"""The wellbeing page: a programme's summary for its coordinators and partners, never anyone's scores."""

import pytest
from django.urls import reverse

from ostrom.accounts.models import Role
from ostrom.core.models import Progress
from ostrom.impact.models import WellbeingScore, WellbeingSurveys
from tests.factories import PlaceFactory, UserFactory
from tests.impact.wellbeing_factories import answer, answers, programme_in, swemwbs_survey
from tests.surveys.factories import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    ics = PlaceFactory(name="Birmingham and Solihull")
    ladywood = PlaceFactory(name="Ladywood", parent=ics)
    programme = programme_in(ladywood)
    baseline = swemwbs_survey(place=ladywood, title="Spring panel survey", days_ago=200)
    follow_up = swemwbs_survey(place=ladywood, title="Winter panel survey", days_ago=20)
    return ladywood, programme, baseline, follow_up, coordinator_of(ladywood)


def _answered(baseline, follow_up, changes):
    for before, after in changes:
        person = UserFactory()
        answer(baseline, person, answers(before) if before else [None] * 7)
        answer(follow_up, person, answers(after))


def test_a_coordinator_links_the_surveys_and_sees_the_summary_in_words_and_in_a_table(
    client, setting, run_tasks
):
    ladywood, programme, baseline, follow_up, coordinator = setting
    _answered(baseline, follow_up, [(20, 26)] * 8 + [(25, 24)] * 6 + [(None, 25)] * 5)
    client.force_login(coordinator)

    response = client.post(
        reverse("impact:wellbeing-surveys", args=[programme.slug]),
        {"baseline_survey": baseline.pk, "follow_up_survey": follow_up.pk},
    )
    # The copying waits for the task worker, with its progress shown; then the summary is there.
    progress = Progress.objects.get()
    assert response.url == progress.get_absolute_url()
    run_tasks()
    progress.refresh_from_db()
    assert progress.message == "38 wellbeing scores copied from the surveys"

    page = client.get(progress.result_url).content.decode()
    assert "14 people answered the wellbeing statements at the start and at follow-up" in page
    assert "57% of them scored higher at follow-up" in page  # 8 of 14
    assert "57% (8 of 14)" in page
    assert "5 pairs were left out because an answer was missing" in page
    assert "a change of 3 points or more" in page
    assert "doi.org/10.1186/s12955-018-1060-2" in page
    assert "Spring panel survey" in page and "Winter panel survey" in page
    for code in WellbeingScore.objects.values_list("participant", flat=True):
        assert code not in page


def test_a_partner_sees_the_summary_but_cannot_change_the_surveys(client, setting):
    ladywood, programme, baseline, follow_up, coordinator = setting
    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER, place=ladywood)
    client.force_login(partner)

    page = client.get(reverse("impact:wellbeing", args=[programme.slug])).content.decode()

    assert "There are 0 complete pairs of scores so far" in page
    assert "Link the surveys" not in page
    response = client.post(
        reverse("impact:wellbeing-surveys", args=[programme.slug]),
        {"baseline_survey": baseline.pk, "follow_up_survey": follow_up.pk},
    )
    assert response.status_code == 403
    assert not WellbeingSurveys.objects.exists()


def test_residents_and_other_places_coordinators_are_refused(client, setting):
    ladywood, programme, *_ = setting
    for outsider in (UserFactory(), coordinator_of(PlaceFactory(name="Perry Barr"))):
        client.force_login(outsider)
        assert client.get(reverse("impact:wellbeing", args=[programme.slug])).status_code == 403


def test_choosing_the_same_survey_twice_is_refused_with_the_choices_kept(client, setting):
    ladywood, programme, baseline, follow_up, coordinator = setting
    client.force_login(coordinator)

    response = client.post(
        reverse("impact:wellbeing-surveys", args=[programme.slug]),
        {"baseline_survey": baseline.pk, "follow_up_survey": baseline.pk},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a follow-up survey that is not the baseline survey" in page
    assert f'value="{baseline.pk}" selected' in page


def test_with_fewer_than_five_pairs_no_figure_is_shown(client, setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    _answered(baseline, follow_up, [(20, 26)] * 4)
    client.force_login(coordinator)
    client.post(
        reverse("impact:wellbeing-surveys", args=[programme.slug]),
        {"baseline_survey": baseline.pk, "follow_up_survey": follow_up.pk},
    )
    run_tasks()

    page = client.get(reverse("impact:wellbeing", args=[programme.slug])).content.decode()
    answer = client.get(f"/api/impact/programmes/{programme.slug}/wellbeing").json()

    # Four people is a count under 5: it is shown nowhere, only that there are fewer than 5.
    assert (
        "There are fewer than 5 complete pairs of scores so far. Figures are shown once there are 5" in page
    )
    assert "4 complete pairs" not in page
    assert "scored higher" not in page and "<table" not in page
    assert answer["pairs"] is None and answer["improved"] == {"count": None, "share": None}


def test_copying_again_picks_up_new_answers(client, setting, run_tasks):
    ladywood, programme, baseline, follow_up, coordinator = setting
    _answered(baseline, follow_up, [(20, 26)] * 5)
    client.force_login(coordinator)
    client.post(
        reverse("impact:wellbeing-surveys", args=[programme.slug]),
        {"baseline_survey": baseline.pk, "follow_up_survey": follow_up.pk},
    )
    run_tasks()
    _answered(baseline, follow_up, [(22, 21)] * 5)

    response = client.post(reverse("impact:wellbeing-copy", args=[programme.slug]))
    run_tasks()

    progress = Progress.objects.latest("pk")
    assert response.url == progress.get_absolute_url()
    assert progress.message == "20 wellbeing scores copied from the surveys"
    page = client.get(progress.result_url).content.decode()
    assert "10 people answered" in page


def test_copying_before_any_surveys_are_linked_says_to_choose_them_first(client, setting):
    ladywood, programme, baseline, follow_up, coordinator = setting
    client.force_login(coordinator)

    page = client.post(reverse("impact:wellbeing-copy", args=[programme.slug]), follow=True).content.decode()

    assert "Choose the baseline and follow-up surveys first" in page
    assert not Progress.objects.exists()
