"""What decisions hold about a person: only what they did as staff (decisions recorded, input linked,
checklist answers and reviews, commitment updates, documents uploaded). The public record stays as it
is; erasure forgets who wrote each part. The audit log keeps its own entries."""

from .models import Assurance, AssuranceAnswer, CommitmentUpdate, Decision, Document, InputLink

MODELS = [Assurance, AssuranceAnswer, CommitmentUpdate, Decision, Document, InputLink]


def personal_data_of(user) -> dict:
    return {
        "decisions_recorded": [
            {"question": d.question, "body": d.body.name, "created_at": d.created_at.isoformat()}
            for d in Decision.objects.filter(created_by=user).select_related("body")
        ],
        "decision_input_linked": [
            {"decision": link.decision.question, "input": link.title, "how": link.how}
            for link in InputLink.objects.filter(linked_by=user).select_related("decision")
        ],
        "assurance_answers": [
            {
                "decision": a.assurance.decision.question,
                "question": a.get_question_display(),
                "answer": a.text,
            }
            for a in AssuranceAnswer.objects.filter(answered_by=user).select_related("assurance__decision")
        ],
        "assurance_reviews": [
            {"decision": a.decision.question, "verdict": a.get_verdict_display(), "reason": a.verdict_reason}
            for a in Assurance.objects.filter(reviewed_by=user).select_related("decision")
        ],
        "commitment_updates": [
            {"commitment": u.commitment.text, "written_on": u.written_on.isoformat(), "text": u.text}
            for u in CommitmentUpdate.objects.filter(written_by=user).select_related("commitment")
        ],
        "decision_documents_uploaded": [
            {"decision": d.decision.question, "title": d.title}
            for d in Document.objects.filter(uploaded_by=user).select_related("decision")
        ],
    }


def erase_personal_data_of(user) -> None:
    Decision.objects.filter(created_by=user).update(created_by=None)
    InputLink.objects.filter(linked_by=user).update(linked_by=None)
    AssuranceAnswer.objects.filter(answered_by=user).update(answered_by=None)
    Assurance.objects.filter(reviewed_by=user).update(reviewed_by=None)
    CommitmentUpdate.objects.filter(written_by=user).update(written_by=None)
    Document.objects.filter(uploaded_by=user).update(uploaded_by=None)
