"""Slim returns: a handful of questions, issued to organisations, filled in once, feeding the
indicators, the programme's wellbeing scores and, only with consent, insight."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.impact import returns
from ostrom.impact.models import (
    Indicator,
    Measurement,
    Programme,
    Return,
    Step,
    WellbeingScore,
)
from ostrom.insight.models import Insight
from ostrom.network.models import Membership
from tests.concurrency import at_once, needs_postgresql
from tests.factories import CoordinatorFactory, OrganisationFactory, PlaceFactory, UserFactory

PERIOD_START, PERIOD_END = date(2026, 7, 1), date(2026, 9, 30)


def _programme(place=None):
    place = place or PlaceFactory()
    return Programme.objects.create(name="Flourish", slug="flourish", kind="programme", place=place)


def _indicator(programme, name="People taking part", unit="people"):
    step = Step.objects.create(programme=programme, stage=Step.Stage.OUTPUT, text="People take part")
    return Indicator.objects.create(step=step, name=name, unit=unit)


def _contact(organisation):
    person = UserFactory()
    Membership.objects.create(user=person, organisation=organisation, is_contact=True)
    return person


@pytest.fixture
def setup(db):
    place = PlaceFactory()
    programme = _programme(place)
    coordinator = CoordinatorFactory()
    indicator = _indicator(programme)
    referrals = _indicator(programme, name="Social prescriptions received", unit="referrals")
    template = returns.create_template(
        coordinator=coordinator,
        programme=programme,
        name="Quarterly return",
        questions=[
            {"kind": "count", "wording": "How many people came?", "indicator": indicator},
            {"kind": "people_by_group", "wording": "People reached by group"},
            {"kind": "referrals", "wording": "Social prescriptions received", "indicator": referrals},
            {"kind": "swemwbs", "wording": "Participants' wellbeing"},
            {"kind": "story", "wording": "One story"},
        ],
    )
    first, second = OrganisationFactory(places_served=[place]), OrganisationFactory(places_served=[place])
    issued = returns.issue_returns(
        coordinator=coordinator,
        template=template,
        organisations=[first, second],
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        due_on=PERIOD_END + timedelta(days=14),
    )
    questions = {q.kind: q.pk for q in template.questions.all()}
    return {
        "place": place,
        "programme": programme,
        "coordinator": coordinator,
        "indicator": indicator,
        "referrals": referrals,
        "template": template,
        "first": issued[0],
        "second": issued[1],
        "q": questions,
        "first_contact": _contact(first),
        "second_contact": _contact(second),
    }


def _answers(q, *, came=12, story="We ran a walking group and people made friends.", participant="P1"):
    return {
        q["count"]: came,
        q["people_by_group"]: {"white": 5, "asian": 4, "not_known": 3},
        q["referrals"]: 3,
        q["swemwbs"]: [{"participant": participant, "stage": "baseline", "items": [3, 3, 4, None, 2, 3, 3]}],
        q["story"]: story,
    }


def test_a_template_asks_six_questions_at_most(setup):
    questions = [{"kind": "count", "wording": f"Question {n}"} for n in range(7)]
    with pytest.raises(ValidationError) as refused:
        returns.create_template(
            coordinator=setup["coordinator"],
            programme=setup["programme"],
            name="Too long",
            questions=questions,
        )
    assert "6 questions at most" in str(refused.value)
    template = returns.create_template(
        coordinator=setup["coordinator"], programme=setup["programme"], name="Six", questions=questions[:6]
    )
    assert template.questions.count() == 6


def test_only_a_number_from_this_programme_feeds_an_indicator(setup):
    other = _indicator(_programme_other())
    with pytest.raises(ValidationError) as refused:
        returns.create_template(
            coordinator=setup["coordinator"],
            programme=setup["programme"],
            name="Mixed",
            questions=[
                {"kind": "count", "wording": "Sessions", "indicator": other},
                {"kind": "story", "wording": "A story", "indicator": setup["indicator"]},
            ],
        )
    assert refused.value.message_dict["questions.1.indicator"] == [
        "Choose one of this programme's indicators"
    ]
    assert "Only a number" in refused.value.message_dict["questions.2.indicator"][0]


def _programme_other():
    return Programme.objects.create(name="Other", slug="other", kind="programme", place=PlaceFactory())


def test_only_the_programmes_coordinators_set_up_and_issue_returns(setup):
    stranger = UserFactory()
    with pytest.raises(NotAllowed):
        returns.create_template(
            coordinator=stranger,
            programme=setup["programme"],
            name="Mine",
            questions=[{"kind": "count", "wording": "Sessions"}],
        )
    with pytest.raises(NotAllowed):
        returns.issue_returns(
            coordinator=stranger,
            template=setup["template"],
            organisations=[setup["first"].organisation],
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            due_on=PERIOD_END,
        )


def test_asking_the_same_organisation_for_the_same_period_twice_asks_once(setup):
    again = returns.issue_returns(
        coordinator=setup["coordinator"],
        template=setup["template"],
        organisations=[setup["first"].organisation],
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        due_on=PERIOD_END,
    )
    assert again == []
    assert Return.objects.filter(organisation=setup["first"].organisation).count() == 1


def test_a_return_cannot_be_submitted_for_another_organisation(setup, client):
    the_return = setup["second"]
    with pytest.raises(NotAllowed):
        returns.submit_return(
            person=setup["first_contact"], the_return=the_return, answers=_answers(setup["q"])
        )
    client.force_login(setup["first_contact"])
    assert client.get(the_return.get_absolute_url()).status_code == 403
    response = client.post(
        the_return.get_absolute_url(), {"action": "submit", f"q{setup['q']['count']}": "5"}
    )
    assert response.status_code == 403
    api = client.post(
        f"/api/returns/{the_return.pk}/submission",
        {"answers": {str(setup["q"]["count"]): 5}},
        content_type="application/json",
    )
    assert api.status_code == 403
    the_return.refresh_from_db()
    assert the_return.submitted_at is None and not the_return.answers.exists()


def test_a_submitted_return_feeds_the_indicator_for_the_period_without_doubling(setup):
    q = setup["q"]
    returns.submit_return(
        person=setup["first_contact"], the_return=setup["first"], answers=_answers(q, came=12)
    )
    measurement = Measurement.objects.get(indicator=setup["indicator"], source="returns")
    assert (measurement.measured_on, measurement.value) == (PERIOD_END, Decimal(12))

    returns.submit_return(
        person=setup["second_contact"],
        the_return=setup["second"],
        answers=_answers(q, came=30, participant="P2"),
    )
    returns.recompute_measurements(setup["first"])  # recomputing again changes nothing

    measurement = Measurement.objects.get(indicator=setup["indicator"], source="returns")
    assert measurement.value == Decimal(42)
    assert Measurement.objects.get(indicator=setup["referrals"]).value == Decimal(6)
    assert Measurement.objects.filter(indicator=setup["indicator"]).count() == 1


def test_a_second_submission_is_refused_and_the_first_stands(setup):
    q = setup["q"]
    returns.submit_return(
        person=setup["first_contact"], the_return=setup["first"], answers=_answers(q, came=12)
    )
    with pytest.raises(returns.AlreadySubmitted):
        returns.submit_return(
            person=setup["first_contact"], the_return=setup["first"], answers=_answers(q, came=99)
        )
    with pytest.raises(returns.AlreadySubmitted):
        returns.save_draft(person=setup["first_contact"], the_return=setup["first"], answers={})
    assert Measurement.objects.get(indicator=setup["indicator"]).value == Decimal(12)


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_count_once():
    needs_postgresql()
    place = PlaceFactory()
    programme = _programme(place)
    coordinator = CoordinatorFactory()
    indicator = _indicator(programme)
    template = returns.create_template(
        coordinator=coordinator,
        programme=programme,
        name="Q",
        questions=[{"kind": "count", "wording": "How many?", "indicator": indicator}],
    )
    organisation = OrganisationFactory(places_served=[place])
    the_return = returns.issue_returns(
        coordinator=coordinator,
        template=template,
        organisations=[organisation],
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        due_on=PERIOD_END,
    )[0]
    contact = _contact(organisation)
    question = template.questions.get()

    def submit():
        try:
            returns.submit_return(person=contact, the_return=the_return, answers={question.pk: 7})
        except returns.AlreadySubmitted:
            return "refused"
        return "submitted"

    outcomes = at_once([submit, submit])
    assert sorted(outcomes) == ["refused", "submitted"]
    assert Measurement.objects.get(indicator=indicator).value == Decimal(7)


def test_swemwbs_answers_become_the_programmes_scores_with_missing_items_kept(setup):
    returns.submit_return(
        person=setup["first_contact"], the_return=setup["first"], answers=_answers(setup["q"])
    )
    score = WellbeingScore.objects.get(programme=setup["programme"], participant="P1")
    assert score.stage == "baseline" and score.from_return == setup["first"]
    assert score.items == [3, 3, 4, None, 2, 3, 3]
    assert score.taken_on == PERIOD_END


def test_a_participant_cannot_have_two_baselines_in_one_programme(setup):
    returns.submit_return(
        person=setup["first_contact"], the_return=setup["first"], answers=_answers(setup["q"])
    )
    with pytest.raises(ValidationError) as refused:
        returns.submit_return(
            person=setup["second_contact"], the_return=setup["second"], answers=_answers(setup["q"])
        )
    assert "P1 already has a baseline score" in str(refused.value)


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ([3, 3, 3], "Send 7 answers"),
        ([3, 3, 3, 3, 3, 3, 6], "whole number from 1 to 5"),
        ([3, 3, 3, 3, 3, 3, "3"], "whole number from 1 to 5"),
        ([None] * 7, "at least one"),
    ],
)
def test_swemwbs_answers_must_be_on_the_scale(setup, items, problem):
    answers = _answers(setup["q"]) | {
        setup["q"]["swemwbs"]: [{"participant": "P2", "stage": "follow_up", "items": items}]
    }
    with pytest.raises(ValidationError) as refused:
        returns.submit_return(person=setup["first_contact"], the_return=setup["first"], answers=answers)
    assert problem in str(refused.value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (-1, "Enter 0 or more"),
        ("twelve", "whole number"),
        (2.5, "whole number"),
        (10**12, "smaller"),
        (None, "Enter a number"),
    ],
)
def test_counts_are_whole_numbers_from_zero(setup, value, problem):
    answers = _answers(setup["q"]) | {setup["q"]["count"]: value}
    with pytest.raises(ValidationError) as refused:
        returns.submit_return(person=setup["first_contact"], the_return=setup["first"], answers=answers)
    assert problem in refused.value.message_dict[f"answers.{setup['q']['count']}"][0]


def test_people_by_group_uses_the_equality_groups_and_not_known(setup):
    assert [key for key, _ in returns.GROUPS] == ["asian", "black", "mixed", "white", "other", "not_known"]
    answers = _answers(setup["q"]) | {setup["q"]["people_by_group"]: {"martians": 3}}
    with pytest.raises(ValidationError):
        returns.submit_return(person=setup["first_contact"], the_return=setup["first"], answers=answers)


def test_a_story_becomes_insight_only_with_consent(setup):
    returns.submit_return(
        person=setup["first_contact"],
        the_return=setup["first"],
        answers=_answers(setup["q"]),
        story_consent=False,
    )
    assert not Insight.objects.exists()
    assert setup["first"].story_consent_wording == ""

    returns.submit_return(
        person=setup["second_contact"],
        the_return=setup["second"],
        answers=_answers(setup["q"]) | {setup["q"]["swemwbs"]: []},
        story_consent=True,
    )
    insight = Insight.objects.get()
    assert insight.text == "We ran a walking group and people made friends."
    assert (
        insight.consent_wording
        == returns.STORY_CONSENT_WORDING
        == Return.objects.get(pk=setup["second"].pk).story_consent_wording
    )
    assert insight.place == setup["place"] and insight.source == "other"
    assert insight.publication == "not_published"
    assert (insight.origin_kind, insight.origin_id) == ("impact.return", setup["second"].pk)


def test_a_draft_keeps_what_was_typed_and_checks_nothing_as_required(setup):
    q = setup["q"]
    returns.save_draft(person=setup["first_contact"], the_return=setup["first"], answers={q["count"]: 4})
    the_return = Return.objects.get(pk=setup["first"].pk)
    assert the_return.submitted_at is None
    assert {a.question_id: a.value for a in the_return.answers.all()} == {q["count"]: 4}
    assert not Measurement.objects.exists()
    the_return.due_on = timezone.localdate() + timedelta(days=1)
    assert the_return.status == ("Draft saved", "yellow")


def test_submitting_is_audited(setup):
    returns.submit_return(
        person=setup["first_contact"], the_return=setup["first"], answers=_answers(setup["q"])
    )
    assert audit.action_of(audit.entries_for(setup["first"]).first()) == "return.submitted"


def test_the_page_prefills_referrals_from_last_time_and_says_so(setup, client):
    q = setup["q"]
    returns.submit_return(person=setup["first_contact"], the_return=setup["first"], answers=_answers(q))
    later = returns.issue_returns(
        coordinator=setup["coordinator"],
        template=setup["template"],
        organisations=[setup["first"].organisation],
        period_start=PERIOD_END + timedelta(days=1),
        period_end=date(2026, 12, 31),
        due_on=date(2027, 1, 14),
    )[0]
    client.force_login(setup["first_contact"])
    page = client.get(later.get_absolute_url()).content.decode()
    assert f'name="q{q["referrals"]}"' in page and 'value="3"' in page
    assert "What you told us last time (the period to 30 September 2026)" in page
    assert setup["first"].organisation.name in page and "1 July 2026 to 30 September 2026" not in page
    assert 'inputmode="numeric"' in page


def test_the_organisation_fills_in_on_the_page_and_sees_its_figures_back(setup, client):
    q = setup["q"]
    client.force_login(setup["first_contact"])
    response = client.post(
        setup["first"].get_absolute_url(),
        {
            "action": "submit",
            f"q{q['count']}": "12",
            f"q{q['people_by_group']}_white": "7",
            f"q{q['people_by_group']}_not_known": "5",
            f"q{q['referrals']}": "2",
            f"q{q['swemwbs']}_p1_code": "A7",
            f"q{q['swemwbs']}_p1_stage": "baseline",
            **{f"q{q['swemwbs']}_p1_i{n}": "3" for n in range(1, 8)},
            f"q{q['story']}": "A good quarter.",
        },
    )
    organisation = setup["first"].organisation
    assert response.status_code == 302
    assert response["Location"] == reverse("impact:organisation-returns", args=[organisation.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Flourish: How many people came?" in page
    assert re.search(r"Your figure\s*</span>\s*12\s*</td>", page)
    assert WellbeingScore.objects.get(participant="A7").items == [3] * 7
    told = client.get(setup["first"].get_absolute_url()).content.decode()
    assert "White: 7; Not known: 5" in told and "1 participant" in told and "Submit return" not in told
    assert Measurement.objects.get(indicator=setup["indicator"]).value == Decimal(12)


def test_a_problem_on_the_page_lands_on_its_field_and_keeps_what_was_typed(setup, client):
    q = setup["q"]
    client.force_login(setup["first_contact"])
    response = client.post(
        setup["first"].get_absolute_url(),
        {"action": "submit", f"q{q['count']}": "-4", f"q{q['story']}": "Kept"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter 0 or more" in page and f'href="#id_q{q["count"]}"' in page
    assert "Kept" in page


@override_settings(SITE_URL="https://ostrom.example.org")
def test_reminders_go_to_contacts_once_a_week_for_returns_due_soon_or_overdue(setup):
    today = timezone.localdate()
    Return.objects.filter(pk=setup["first"].pk).update(due_on=today + timedelta(days=3))
    Return.objects.filter(pk=setup["second"].pk).update(due_on=today + timedelta(days=30))
    call_command("send_return_reminders")
    assert [m.to for m in mail.outbox] == [[setup["first_contact"].email]]
    assert "due on" in mail.outbox[0].body
    assert "https://ostrom.example.org" + setup["first"].get_absolute_url() in mail.outbox[0].body

    call_command("send_return_reminders")
    assert len(mail.outbox) == 1  # not again within 7 days

    Return.objects.filter(pk=setup["first"].pk).update(reminded_at=timezone.now() - timedelta(days=8))
    call_command("send_return_reminders")
    assert len(mail.outbox) == 2


def test_an_overdue_return_shows_on_the_coordinators_overview(setup, client):
    Return.objects.filter(pk=setup["first"].pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(setup["coordinator"])
    page = client.get(reverse("overview:what-needs-doing")).content.decode()
    assert f"Return overdue from {setup['first'].organisation.name}" in page


def test_a_persons_download_holds_their_returns_and_erasure_removes_their_stories(setup):
    from ostrom.impact import returns_personal_data

    contact = setup["first_contact"]
    returns.submit_return(person=contact, the_return=setup["first"], answers=_answers(setup["q"]))
    exported = returns_personal_data.personal_data_of(contact)["returns_submitted"]
    assert exported[0]["answers"]["One story"] == "We ran a walking group and people made friends."

    returns_personal_data.erase_personal_data_of(contact)
    the_return = Return.objects.get(pk=setup["first"].pk)
    assert the_return.submitted_by is None and the_return.submitted_at is not None
    assert not the_return.answers.filter(question__kind="story").exists()
    assert the_return.answers.get(question__kind="count").value == 12
    assert returns_personal_data.personal_data_of(contact) == {"returns_submitted": []}
