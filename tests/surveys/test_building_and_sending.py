"""Building, sending, the one reminder, the community panel, results and the anonymised export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from ostrom.accounts import permissions
from ostrom.events import services as event_services
from ostrom.surveys import decision_inputs, results, services
from ostrom.surveys.models import Invitation, PanelMembership, Question, Survey
from tests.events.factories import open_space
from tests.factories import PlaceFactory, UserFactory
from tests.surveys.factories import built_survey, coordinator_of, option, sent_survey

pytestmark = pytest.mark.django_db


def test_joining_and_leaving_the_panel_records_when():
    person = UserFactory()
    membership = services.join_panel(person=person)
    assert services.join_panel(person=person) == membership
    services.leave_panel(person=person)
    membership.refresh_from_db()
    assert membership.left_at is not None
    services.join_panel(person=person)
    assert PanelMembership.objects.filter(user=person).count() == 2
    assert PanelMembership.objects.current().filter(user=person).count() == 1


def test_only_the_coordinators_of_the_place_build_a_survey():
    survey, parts = built_survey()
    elsewhere = coordinator_of(PlaceFactory(name="Perry Barr"))
    with pytest.raises(permissions.NotAllowed):
        services.add_section(coordinator=elsewhere, survey=survey, title="More")
    with pytest.raises(permissions.NotAllowed):
        services.create_survey(coordinator=elsewhere, title="Mine", place=survey.place)


def test_a_sent_survey_can_no_longer_change():
    survey, parts = sent_survey(members=[UserFactory()])
    with pytest.raises(ValidationError, match="can no longer change"):
        services.add_question(
            coordinator=parts["coordinator"], section=parts["sections"][0], kind="text", text="More?"
        )


def test_choice_questions_need_two_different_answers_and_skips_go_forward():
    survey, parts = built_survey()
    section = parts["sections"][0]
    with pytest.raises(ValidationError) as refused:
        services.add_question(
            coordinator=parts["coordinator"], section=section, kind="single", text="Q", options=["Only"]
        )
    assert "options" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.change_question(
            coordinator=parts["coordinator"],
            question=parts["block"],
            text="Wellbeing",
            skips={"Yes": section.pk},
        )
    assert "skips" in refused.value.message_dict
    with pytest.raises(ValidationError, match="later section"):
        services.change_question(
            coordinator=parts["coordinator"],
            question=parts["used"],
            text="Used?",
            options=["Yes", "No"],
            skips={"No": section.pk},
        )


def test_moving_and_removing_sections_and_questions():
    survey, parts = built_survey()
    coordinator = parts["coordinator"]
    services.arrange(
        coordinator=coordinator, survey=survey, what="section", item_id=parts["sections"][2].pk, action="up"
    )
    assert [s.title for s in survey.sections.all()] == ["About you", "Wellbeing", "Services"]
    services.arrange(
        coordinator=coordinator, survey=survey, what="question", item_id=parts["visits"].pk, action="up"
    )
    assert [q.text for q in parts["sections"][0].questions.all()][0] == "How many visits?"
    services.arrange(
        coordinator=coordinator,
        survey=survey,
        what="section",
        item_id=parts["sections"][1].pk,
        action="remove",
    )
    assert survey.sections.count() == 2


def test_sending_invites_the_panel_by_email_in_the_background(run_tasks):
    members = [UserFactory(), UserFactory()]
    gone = UserFactory()
    services.join_panel(person=gone)
    services.leave_panel(person=gone)
    survey, parts = sent_survey(members=members)
    assert survey.status == Survey.Status.SENT
    assert set(Invitation.objects.values_list("user_id", flat=True)) == {m.pk for m in members}
    assert mail.outbox == []  # nothing goes out in the request
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert "http://testserver/surveys/" in mail.outbox[0].body
    parts["progress"].refresh_from_db()
    assert parts["progress"].status == "finished" and parts["progress"].message == "2 emails sent"


def test_a_survey_for_an_open_space_goes_to_the_account_holders_who_came(run_tasks):
    day = open_space()
    came, only_signed_up = UserFactory(), UserFactory()
    day.check_in("Amira", user=came)
    day.check_in("Bo")  # without an account: nobody to email
    event_services.sign_up(event=day.event, user=only_signed_up, name="Cal")
    with pytest.raises(ValidationError) as refused:
        built_survey(audience="event", place=day.place, coordinator=day.coordinator)
    assert "event" in refused.value.message_dict
    elsewhere = PlaceFactory(name="Aston")
    with pytest.raises(ValidationError) as refused:
        built_survey(
            audience="event", place=elsewhere, coordinator=coordinator_of(elsewhere), event=day.event
        )
    assert refused.value.message_dict["event"] == ["You can only ask the people who came to an event you run"]

    survey, parts = built_survey(
        audience="event", place=day.place, coordinator=day.coordinator, event=day.event
    )
    services.send_survey(
        coordinator=day.coordinator, survey=survey, closes_at=timezone.now() + timedelta(days=14)
    )
    run_tasks()

    assert set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True)) == {came.pk}
    assert [m.to[0] for m in mail.outbox] == [came.email]


def test_one_reminder_goes_to_those_who_have_not_finished(run_tasks):
    finished, waiting = UserFactory(), UserFactory()
    survey, parts = sent_survey(members=[finished, waiting])
    run_tasks()
    from tests.surveys.test_answering import answer_everything

    answer_everything(services.response_for(survey=survey, user=finished), parts)
    mail.outbox.clear()
    services.send_reminder(coordinator=parts["coordinator"], survey=survey, site_url="http://testserver")
    run_tasks()
    assert [m.to[0] for m in mail.outbox] == [waiting.email]
    assert mail.outbox[0].subject.startswith("Reminder:")
    survey.refresh_from_db()
    assert survey.reminder_sent_at is not None
    with pytest.raises(ValidationError, match="already been sent"):
        services.send_reminder(coordinator=parts["coordinator"], survey=survey)


def test_sending_needs_a_future_closing_date_and_an_audience():
    survey, parts = built_survey()
    with pytest.raises(ValidationError, match="Nobody"):
        services.send_survey(
            coordinator=parts["coordinator"], survey=survey, closes_at=timezone.now() + timedelta(days=3)
        )
    with pytest.raises(ValidationError) as refused:
        services.send_survey(
            coordinator=parts["coordinator"], survey=survey, closes_at=timezone.now() - timedelta(days=1)
        )
    assert "closes_at" in refused.value.message_dict


@pytest.fixture
def answered(run_tasks):
    from tests.surveys.test_answering import answer_everything

    people = [UserFactory() for _ in range(6)]
    survey, parts = sent_survey(members=people)
    # An optional block, so one person can leave a statement out: their score is not computable.
    Question.objects.filter(pk=parts["block"].pk).update(required=False)
    parts["block"].refresh_from_db()
    for n, person in enumerate(people):
        response = services.response_for(survey=survey, user=person)
        if n == 5:  # half-finished: not counted
            services.save_section(
                response=response,
                section=parts["sections"][0],
                raw={parts["used"].field_name: str(option(parts["used"], "Yes"))},
            )
            continue
        answer_everything(
            response,
            parts,
            used="Yes" if n < 3 else "No",
            items=(n + 1,) * 7 if n < 4 else (4, 4, None, 4, 4, 4, 4),
        )
    return survey, parts, people


def test_results_give_the_swemwbs_mean_from_computable_responses_only(answered):
    survey, parts, _ = answered
    shown = results.survey_results(survey)
    assert shown["submitted"] == 5 and shown["started"] == 1 and shown["shown"]
    by_question = {r.question.pk: r for _, rs in shown["sections"] for r in rs}
    block = by_question[parts["block"].pk]
    # Items all 1, 2, 3, 4 → raw 7, 14, 21, 28 → metric 7.00, 15.32, 19.25, 25.03; the fifth has a missing item.
    assert block.computable == 4
    assert block.mean == pytest.approx((7.0 + 15.32 + 19.25 + 25.03) / 4)
    assert "from 4 responses" in block.summary
    used = by_question[parts["used"].pk]
    assert [(row.label, row.count) for row in used.rows] == [("Yes", 3), ("No", 2)]
    assert by_question[parts["comments"].pk].texts == ["Kind staff"] * 3


def test_results_wait_for_five_responses():
    survey, parts = sent_survey(members=[UserFactory()])
    assert not results.survey_results(survey)["shown"]
    assert decision_inputs.candidates([]) == []


def test_the_export_names_no_one(answered):
    survey, parts, people = answered
    text = results.export_csv(survey)
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 6
    assert rows[0][0] == "response_id" and "q5_metric_score" in rows[0]
    for person in people:
        assert person.email not in text and person.full_name not in text
    ids = {row[0] for row in rows[1:]}
    assert len(ids) == 5 and not ids & {str(r.pk) for r in survey.responses.all()}
    assert ids.isdisjoint({row[0] for row in list(csv.reader(io.StringIO(results.export_csv(survey))))[1:]})
    workbook = load_workbook(io.BytesIO(results.export_xlsx(survey)))
    assert workbook.sheetnames == ["Responses", "Data dictionary"]
    dictionary = list(csv.reader(io.StringIO(results.dictionary_csv(survey))))
    assert [row[0] for row in dictionary[1:]] == rows[0]


def test_a_survey_result_is_a_decision_input_with_who_took_part(answered):
    survey, parts, people = answered
    item = decision_inputs.item(parts["block"].pk)
    assert item.quote.startswith("SWEMWBS mean metric score 16.6 from 4 responses")
    assert parts["block"].pk in {i.object_id for i in decision_inputs.candidates([survey.place])}
    taking_part = decision_inputs.participation([parts["block"].pk])
    assert taking_part.user_ids == frozenset(p.pk for p in people[:5]) and taking_part.anonymous == 0
