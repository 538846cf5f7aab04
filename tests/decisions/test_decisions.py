"""Recording a decision, the input behind it, the Board's co-production assurance and commitments."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.decisions import services
from ostrom.decisions.models import Assurance, Decision, InputLink
from tests.decisions.conftest import RECOMMENDATION, answer_everything, record
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_partner_records_a_decision_and_it_is_audited(partner, body):
    decision = record(partner, body)
    assert decision.status == Decision.Status.PROPOSED
    assert decision.assurance.verdict == ""
    assert [audit.action_of(entry) for entry in audit.entries_for(decision)] == ["decision.created"]


def test_only_partners_and_coordinators_for_the_bodys_places_record_its_decisions(body):
    elsewhere = PlaceFactory(name="Sutton Coldfield", kind="locality")
    outsider = UserFactory()
    Role.objects.create(user=outsider, kind=Role.Kind.PARTNER, place=elsewhere)
    with pytest.raises(NotAllowed):
        record(outsider, body)
    with pytest.raises(NotAllowed):
        record(UserFactory(), body)


def test_linked_input_keeps_what_was_said_and_how_it_shaped_the_decision(partner, body, recommendation):
    decision = record(partner, body)
    link = services.link_input(
        actor=partner,
        decision=decision,
        kind=RECOMMENDATION,
        object_id=recommendation.pk,
        shaped=InputLink.Shaped.ADOPTED,
        how="Two practices in Ladywood open until 8pm from April.",
    )
    assert link.title.startswith("Recommendation 3: Evening appointments")
    assert "Open two surgeries until 8pm." in link.quote
    assert "response (accepted): We agree." in link.quote
    recommendation.text = "Changed later"
    recommendation.save()
    link.refresh_from_db()
    assert "Open two surgeries until 8pm." in link.quote


def test_the_same_input_cannot_be_linked_twice(partner, body, recommendation):
    decision = record(partner, body)
    values = dict(kind=RECOMMENDATION, object_id=recommendation.pk, shaped="adopted", how="Adopted in full.")
    services.link_input(actor=partner, decision=decision, **values)
    with pytest.raises(ValidationError) as problem:
        services.link_input(actor=partner, decision=decision, **values)
    assert problem.value.message_dict["object_id"] == ["This input is already linked to the decision"]
    assert decision.inputs.count() == 1


@pytest.mark.parametrize(
    ("shaped", "how", "field", "message"),
    [
        ("", "It mattered.", "shaped", "Say how this input shaped the decision"),
        ("adopted", "  ", "how", "Say in plain words how this input shaped the decision"),
        ("not_adopted", "", "how", "Say why it was not adopted"),
    ],
)
def test_a_link_must_say_how_it_shaped_the_decision(
    partner, body, recommendation, shaped, how, field, message
):
    decision = record(partner, body)
    with pytest.raises(ValidationError) as problem:
        services.link_input(
            actor=partner,
            decision=decision,
            kind=RECOMMENDATION,
            object_id=recommendation.pk,
            shaped=shaped,
            how=how,
        )
    assert problem.value.message_dict[field] == [message]
    assert not decision.inputs.exists()


def test_input_that_does_not_exist_is_refused(partner, body):
    decision = record(partner, body)
    with pytest.raises(ValidationError) as problem:
        services.link_input(
            actor=partner,
            decision=decision,
            kind=RECOMMENDATION,
            object_id=999999,
            shaped="adopted",
            how="Yes",
        )
    assert "object_id" in problem.value.message_dict
    with pytest.raises(ValidationError):
        services.link_input(
            actor=partner, decision=decision, kind="no.such.kind", object_id=1, shaped="adopted", how="Y"
        )


def test_without_a_satisfied_checklist_the_decision_cannot_proceed(partner, reviewer, body):
    decision = record(partner, body)
    services.move_decision(actor=partner, decision=decision, status=Decision.Status.AT_BOARD)
    with pytest.raises(ValidationError) as problem:
        services.move_decision(actor=partner, decision=decision, status=Decision.Status.APPROVED)
    assert problem.value.message_dict["status"][0].startswith("Do not proceed – be prepared to start again")

    answer_everything(decision, partner)
    services.review_assurance(
        actor=reviewer, decision=decision, verdict="not_satisfied", reason="Nobody under 25 was involved."
    )
    with pytest.raises(ValidationError):
        services.move_decision(actor=partner, decision=decision, status=Decision.Status.APPROVED)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AT_BOARD

    services.review_assurance(actor=reviewer, decision=decision, verdict="satisfied")
    services.move_decision(actor=partner, decision=decision, status=Decision.Status.APPROVED)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    assert {audit.action_of(entry) for entry in audit.entries_for(decision)} >= {
        "decision.created",
        "decision.moved",
        "assurance.answered",
        "assurance.reviewed",
    }


def test_a_decision_without_a_board_needs_no_checklist(partner, body):
    decision = record(partner, body, goes_to_board=False)
    assert not Assurance.objects.filter(decision=decision).exists()
    services.move_decision(actor=partner, decision=decision, status=Decision.Status.APPROVED)


def test_a_reviewer_cannot_review_a_checklist_they_answered(partner, body):
    decision = record(partner, body)
    answer_everything(decision, partner)
    with pytest.raises(NotAllowed, match="someone else must review it"):
        services.review_assurance(actor=partner, decision=decision, verdict="satisfied")


def test_satisfied_needs_every_answer_and_not_satisfied_needs_a_reason(partner, reviewer, body):
    decision = record(partner, body)
    services.answer_assurance(actor=partner, decision=decision, question="who", text="Residents of Ladywood")
    with pytest.raises(ValidationError) as problem:
        services.review_assurance(actor=reviewer, decision=decision, verdict="satisfied")
    assert "Every question must be answered" in problem.value.message_dict["verdict"][0]
    with pytest.raises(ValidationError) as problem:
        services.review_assurance(actor=reviewer, decision=decision, verdict="not_satisfied", reason="")
    assert "reason" in problem.value.message_dict


def test_changing_an_answer_after_review_needs_a_fresh_review(partner, reviewer, body):
    decision = record(partner, body)
    answer_everything(decision, partner)
    services.review_assurance(actor=reviewer, decision=decision, verdict="satisfied")
    services.answer_assurance(
        actor=partner, decision=decision, question="who", text="Fewer people than we said"
    )
    decision.assurance.refresh_from_db()
    assert decision.assurance.verdict == ""
    with pytest.raises(ValidationError):
        services.move_decision(actor=partner, decision=decision, status=Decision.Status.APPROVED)


def test_implemented_needs_a_date_not_in_the_future(partner, body):
    decision = record(partner, body, goes_to_board=False)
    services.move_decision(actor=partner, decision=decision, status=Decision.Status.APPROVED)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as problem:
        services.move_decision(
            actor=partner, decision=decision, status=Decision.Status.IMPLEMENTED, implemented_on=tomorrow
        )
    assert problem.value.message_dict["implemented_on"] == [
        "The date it was done must be today or in the past"
    ]
    services.move_decision(
        actor=partner, decision=decision, status=Decision.Status.IMPLEMENTED, implemented_on=date(2026, 1, 5)
    )


def test_a_decision_moves_only_along_its_steps(partner, body):
    decision = record(partner, body, goes_to_board=False)
    with pytest.raises(ValidationError, match="cannot become implemented"):
        services.move_decision(
            actor=partner,
            decision=decision,
            status=Decision.Status.IMPLEMENTED,
            implemented_on=date(2026, 1, 5),
        )


def test_commitments_stand_out_when_overdue_and_keep_dated_updates(partner, body):
    decision = record(partner, body)
    today = timezone.localdate()
    late = services.add_commitment(
        actor=partner,
        decision=decision,
        text="We will open two surgeries late",
        owner="Primary care lead",
        due_on=today - timedelta(days=3),
    )
    on_time = services.add_commitment(
        actor=partner,
        decision=decision,
        text="We will report back",
        owner="Engagement team",
        due_on=today + timedelta(days=30),
    )
    assert late.is_overdue and late.tag_colour == "red"
    assert not on_time.is_overdue
    assert list(decision.commitments.overdue()) == [late]
    services.update_commitment(
        actor=partner, commitment=late, written_on=today, text="Both surgeries open until 8pm", status="done"
    )
    late.refresh_from_db()
    assert not late.is_overdue
    assert late.updates.get().text == "Both surgeries open until 8pm"
    with pytest.raises(ValidationError):
        services.update_commitment(
            actor=partner,
            commitment=on_time,
            written_on=today + timedelta(days=1),
            text="Later",
            status="done",
        )


def test_documents_are_checked_before_they_are_kept(partner, body):
    decision = record(partner, body)
    with pytest.raises(ValidationError) as problem:
        services.add_document(
            actor=partner,
            decision=decision,
            title="Script",
            filename="x.html",
            content_type="text/html",
            content=b"<p>",
        )
    assert "PDF" in problem.value.message_dict["file"][0]
    document = services.add_document(
        actor=partner,
        decision=decision,
        title="Board paper",
        filename="paper.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7 ...",
    )
    assert document.size == 12


def test_a_partners_download_holds_their_decision_work_and_erasure_forgets_them(partner, reviewer, body):
    from ostrom.accounts.services import erase_person, export_personal_data

    decision = record(partner, body)
    answer_everything(decision, partner)
    services.review_assurance(
        actor=reviewer, decision=decision, verdict="not_satisfied", reason="Too few voices"
    )
    download = export_personal_data(user=partner)
    assert download["decisions_recorded"][0]["question"] == "Extend GP opening into the evening"
    assert len(download["assurance_answers"]) == len(Assurance.QUESTIONS)
    assert export_personal_data(user=reviewer)["assurance_reviews"][0]["reason"] == "Too few voices"
    erase_person(user=partner, requested_by=partner)
    decision.refresh_from_db()
    assert decision.created_by is None
    assert not decision.assurance.answers.filter(answered_by=partner).exists()
    assert decision.assurance.answers.count() == len(Assurance.QUESTIONS)


def test_a_note_that_cannot_be_stored_is_refused_before_anything_changes(partner, body):
    decision = record(partner, body)
    with pytest.raises(ValidationError) as problem:
        services.move_decision(actor=partner, decision=decision, status="at_board", note="a\x00b")
    assert "note" in problem.value.message_dict
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
