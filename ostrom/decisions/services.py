"""Every write to decisions: recording one, linking the input behind it, the Board's assurance checklist,
moving it through its statuses, documents and commitments. Each checks the person acting, runs in one
transaction and keeps an audit entry."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import check_text, raise_problems
from ostrom.places.models import Place

from . import inputs
from .models import (
    Assurance,
    AssuranceAnswer,
    Body,
    Commitment,
    CommitmentUpdate,
    Decision,
    Document,
    InputLink,
    Theme,
)

ONLY_RECORDERS = gettext_lazy(
    "Only partners and coordinators for the places this body serves can record its decisions"
)
DO_NOT_PROCEED = gettext_lazy(
    "Do not proceed – be prepared to start again. The Board's co-production assurance checklist is not "
    "marked satisfied"
)
LARGEST_DOCUMENT = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/plain": ".txt",
}
# Where a decision may go from each status. Approval is further held back by the assurance checklist.
NEXT_STATUSES = {
    Decision.Status.PROPOSED: {Decision.Status.AT_BOARD, Decision.Status.APPROVED, Decision.Status.WITHDRAWN},
    Decision.Status.AT_BOARD: {
        Decision.Status.APPROVED,
        Decision.Status.NOT_APPROVED,
        Decision.Status.WITHDRAWN,
    },
    Decision.Status.APPROVED: {Decision.Status.IMPLEMENTED, Decision.Status.WITHDRAWN},
    Decision.Status.NOT_APPROVED: {Decision.Status.PROPOSED},
    Decision.Status.IMPLEMENTED: set(),
    Decision.Status.WITHDRAWN: {Decision.Status.PROPOSED},
}


def _ensure_recorder(actor, body: Body) -> None:
    permissions.ensure(permissions.can_record_decisions(actor, body), str(ONLY_RECORDERS))


# Bodies -----------------------------------------------------------------------------------------


@transaction.atomic
def create_body(*, actor, name: str, kind: str, places: Sequence[Place]) -> Body:
    places = list(places)
    permissions.ensure(
        bool(places) and permissions.can_coordinate(actor, places=places),
        gettext("Only coordinators for these places can add a body that decides for them"),
    )
    problems = {}
    check_text(problems, "name", name, max_length=200, required=gettext("Enter the body's name"))
    if kind not in Body.Kind.values:
        problems["kind"] = gettext("Choose what kind of body it is")
    raise_problems(problems)
    body = Body.objects.create(name=name.strip(), slug=unique_slug(Body, name, fallback="body"), kind=kind)
    body.places.set(places)
    audit.record(actor=actor, action="body.created", target=body)
    return body


# Decisions --------------------------------------------------------------------------------------

DECISION_FIELDS = ["question", "decided_on", "options_considered", "outcome", "money", "goes_to_board"]


def _check_decision(problems: dict, *, question, options_considered, outcome, money) -> None:
    check_text(
        problems,
        "question",
        question,
        max_length=250,
        required=gettext("Enter the question the body decides"),
    )
    check_text(problems, "options_considered", options_considered, max_length=5000)
    check_text(problems, "outcome", outcome, max_length=5000)
    if money is not None and (not isinstance(money, Decimal) or money < 0 or money >= Decimal("1e10")):
        problems["money"] = gettext("Enter the money involved in pounds, such as 250000, or leave it blank")


@transaction.atomic
def record_decision(
    *,
    actor,
    body: Body,
    question: str,
    decided_on: date | None = None,
    options_considered: str = "",
    outcome: str = "",
    money: Decimal | None = None,
    goes_to_board: bool = True,
    themes: Sequence[Theme] = (),
) -> Decision:
    _ensure_recorder(actor, body)
    problems = {}
    _check_decision(
        problems, question=question, options_considered=options_considered, outcome=outcome, money=money
    )
    raise_problems(problems)
    decision = Decision.objects.create(
        body=body,
        question=question.strip(),
        slug=unique_slug(Decision, question, fallback="decision"),
        decided_on=decided_on,
        options_considered=options_considered,
        outcome=outcome,
        money=money,
        goes_to_board=goes_to_board,
        created_by=actor,
    )
    decision.themes.set(themes)
    if goes_to_board:
        Assurance.objects.create(decision=decision)
    audit.record(actor=actor, action="decision.created", target=decision)
    return decision


@transaction.atomic
def change_decision(
    *, actor, decision: Decision, themes: Sequence[Theme] | None = None, **values
) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _ensure_recorder(actor, decision.body)
    unknown = set(values) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown decision fields: {sorted(unknown)}")
    before = {field: getattr(decision, field) for field in DECISION_FIELDS}
    merged = {**before, **values}
    problems = {}
    _check_decision(
        problems,
        question=merged["question"],
        options_considered=merged["options_considered"],
        outcome=merged["outcome"],
        money=merged["money"],
    )
    if not merged["goes_to_board"] and decision.status != Decision.Status.PROPOSED and decision.goes_to_board:
        problems["goes_to_board"] = gettext("This decision has already gone to the Board")
    raise_problems(problems)
    for field, value in values.items():
        setattr(decision, field, value)
    decision.save()
    if themes is not None:
        before_themes = sorted(theme.name for theme in decision.themes.all())
        decision.themes.set(themes)
        after_themes = sorted(theme.name for theme in themes)
        if before_themes != after_themes:
            audit.record(
                actor=actor,
                action="decision.themes_changed",
                target=decision,
                changes={"themes": (", ".join(before_themes), ", ".join(after_themes))},
            )
    if decision.goes_to_board:
        Assurance.objects.get_or_create(decision=decision)
    audit.record(
        actor=actor,
        action="decision.changed",
        target=decision,
        changes=audit.changed_fields(decision, before, DECISION_FIELDS),
    )
    return decision


@transaction.atomic
def move_decision(
    *, actor, decision: Decision, status: str, implemented_on: date | None = None, note: str = ""
) -> Decision:
    """Move a decision on. A decision that goes to a Board cannot be approved to proceed (nor
    implemented) while its co-production assurance checklist is not marked satisfied."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _ensure_recorder(actor, decision.body)
    if status not in Decision.Status.values:
        raise ValidationError({"status": gettext("Choose a status")})
    problems = {}
    check_text(problems, "note", note, max_length=500)
    raise_problems(problems)
    if status not in NEXT_STATUSES[decision.status]:
        raise ValidationError(
            {
                "status": gettext("A decision that is %(status)s cannot become %(next_status)s")
                % {
                    "status": decision.get_status_display().lower(),
                    "next_status": str(Decision.Status(status).label).lower(),
                }
            }
        )
    if status in (Decision.Status.APPROVED, Decision.Status.IMPLEMENTED) and decision.goes_to_board:
        assurance = Assurance.objects.filter(decision=decision).first()
        if assurance is None or not assurance.is_satisfied:
            raise ValidationError({"status": str(DO_NOT_PROCEED)})
    if status == Decision.Status.IMPLEMENTED:
        if implemented_on is None:
            raise ValidationError({"implemented_on": gettext("Enter the date it was done")})
        if implemented_on > timezone.localdate():
            raise ValidationError(
                {"implemented_on": gettext("The date it was done must be today or in the past")}
            )
    before = decision.status
    decision.status = status
    decision.implemented_on = implemented_on if status == Decision.Status.IMPLEMENTED else None
    decision.save(update_fields=["status", "implemented_on"])
    audit.record(
        actor=actor, action="decision.moved", target=decision, changes={"status": (before, status)}, note=note
    )
    return decision


@transaction.atomic
def publish_decision(*, actor, decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _ensure_recorder(actor, decision.body)
    if decision.published_at is None:
        decision.published_at = timezone.now()
        decision.save(update_fields=["published_at"])
        audit.record(actor=actor, action="decision.published", target=decision)
    return decision


@transaction.atomic
def add_document(
    *, actor, decision: Decision, title: str, filename: str, content_type: str, content: bytes
) -> Document:
    _ensure_recorder(actor, decision.body)
    problems = {}
    check_text(problems, "title", title, max_length=200, required=gettext("Enter a title for the document"))
    if content_type not in DOCUMENT_TYPES:
        problems["file"] = gettext("The document must be a PDF, Word, OpenDocument, Excel or plain text file")
    elif not content:
        problems["file"] = gettext("The document is empty")
    elif len(content) > LARGEST_DOCUMENT:
        problems["file"] = gettext("The document must be 10 MB or smaller")
    raise_problems(problems)
    document = Document.objects.create(
        decision=decision,
        title=title.strip(),
        filename=filename[-200:],
        content_type=content_type,
        content=content,
        size=len(content),
        uploaded_by=actor,
    )
    audit.record(actor=actor, action="decision.document_added", target=decision, note=document.title)
    return document


# The input behind a decision --------------------------------------------------------------------


def _check_shaping(problems: dict, *, shaped: str, how: str) -> None:
    if shaped not in InputLink.Shaped.values:
        problems["shaped"] = gettext("Say how this input shaped the decision")
    check_text(problems, "how", how, max_length=3000)
    if "how" not in problems and not (how or "").strip():
        problems["how"] = (
            gettext("Say why it was not adopted")
            if shaped == InputLink.Shaped.NOT_ADOPTED
            else gettext("Say in plain words how this input shaped the decision")
        )


@transaction.atomic
def link_input(*, actor, decision: Decision, kind: str, object_id: int, shaped: str, how: str) -> InputLink:
    """Cite a piece of community input behind the decision, saying how it shaped it. The same input
    cannot be linked twice; "not adopted" needs the reason."""
    _ensure_recorder(actor, decision.body)
    input_kind = inputs.input_kind(kind)
    if input_kind is None:
        raise ValidationError({"kind": gettext("Choose a kind of input")})
    item = input_kind.item(object_id)
    if item is None:
        raise ValidationError({"object_id": gettext("Choose input that exists and can be cited")})
    problems = {}
    _check_shaping(problems, shaped=shaped, how=how)
    if InputLink.objects.filter(decision=decision, kind=kind, object_id=object_id).exists():
        problems["object_id"] = gettext("This input is already linked to the decision")
    raise_problems(problems)
    try:
        with transaction.atomic():
            link = InputLink.objects.create(
                decision=decision,
                kind=kind,
                object_id=object_id,
                title=item.title[:300],
                quote=item.quote,
                source=item.source[:300],
                shaped=shaped,
                how=how.strip(),
                linked_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"object_id": gettext("This input is already linked to the decision")}
        ) from None
    audit.record(actor=actor, action="decision.input_linked", target=decision, note=f"{kind} {object_id}")
    return link


@transaction.atomic
def change_input_link(*, actor, link: InputLink, shaped: str, how: str) -> InputLink:
    _ensure_recorder(actor, link.decision.body)
    problems = {}
    _check_shaping(problems, shaped=shaped, how=how)
    raise_problems(problems)
    before = {"shaped": link.shaped, "how": link.how}
    link.shaped, link.how = shaped, how.strip()
    link.save(update_fields=["shaped", "how"])
    audit.record(
        actor=actor,
        action="decision.input_changed",
        target=link.decision,
        changes=audit.changed_fields(link, before, ["shaped", "how"]),
        note=f"{link.kind} {link.object_id}",
    )
    return link


@transaction.atomic
def unlink_input(*, actor, link: InputLink) -> None:
    _ensure_recorder(actor, link.decision.body)
    audit.record(
        actor=actor,
        action="decision.input_unlinked",
        target=link.decision,
        note=f"{link.kind} {link.object_id}",
    )
    link.delete()


@transaction.atomic
def withdraw_cited_input(*, actor, kind: str, object_id: int, title: str, reason: str) -> int:
    """The input's owner withdrew it (a person took back their consent, or it was erased): every decision
    citing it keeps the link but no longer its words, only `title` and `reason`. Called by the app that holds the
    input, whose own rules decided the withdrawal. Returns how many citations were blanked."""
    links = list(InputLink.objects.filter(kind=kind, object_id=object_id))
    for link in links:
        link.title, link.quote = title, reason
        link.save(update_fields=["title", "quote"])
        audit.record(actor=actor, action="input_link.quote_withdrawn", target=link)
    return len(links)


# The Board's co-production assurance ------------------------------------------------------------


@transaction.atomic
def answer_assurance(
    *, actor, decision: Decision, question: str, text: str, evidence: str = ""
) -> AssuranceAnswer:
    _ensure_recorder(actor, decision.body)
    assurance = Assurance.objects.select_for_update().filter(decision=decision).first()
    if assurance is None:
        raise ValidationError(
            {"question": gettext("This decision does not go to a Board, so it has no checklist")}
        )
    problems = {}
    if question not in dict(Assurance.QUESTIONS):
        problems["question"] = gettext("Choose a question from the checklist")
    check_text(problems, "text", text, max_length=5000, required=gettext("Write the answer"))
    check_text(problems, "evidence", evidence, max_length=3000)
    raise_problems(problems)
    answer, _ = AssuranceAnswer.objects.update_or_create(
        assurance=assurance,
        question=question,
        defaults={
            "text": text.strip(),
            "evidence": evidence.strip(),
            "answered_by": actor,
            "answered_at": timezone.now(),
        },
    )
    if assurance.verdict:
        # A changed answer needs a fresh review.
        audit.record(
            actor=actor,
            action="assurance.verdict_cleared",
            target=decision,
            changes={"verdict": (assurance.verdict, "")},
        )
        assurance.verdict, assurance.verdict_reason = "", ""
        assurance.reviewed_by, assurance.reviewed_at = None, None
        assurance.save()
    audit.record(
        actor=actor, action="assurance.answered", target=decision, note=answer.get_question_display()
    )
    return answer


@transaction.atomic
def review_assurance(*, actor, decision: Decision, verdict: str, reason: str = "") -> Assurance:
    """A named reviewer, who answered none of it, marks the checklist satisfied (every question answered)
    or not satisfied (saying why)."""
    _ensure_recorder(actor, decision.body)
    assurance = Assurance.objects.select_for_update().get(decision=decision)
    permissions.ensure(
        not assurance.answers.filter(answered_by=actor).exists(),
        gettext("You answered part of this checklist, so someone else must review it"),
    )
    problems = {}
    if verdict not in Assurance.Verdict.values:
        problems["verdict"] = gettext("Say whether you are satisfied with the co-production")
    elif verdict == Assurance.Verdict.SATISFIED and not assurance.is_complete:
        problems["verdict"] = gettext(
            "Every question must be answered before the checklist can be marked satisfied"
        )
    check_text(problems, "reason", reason, max_length=3000)
    if (
        verdict == Assurance.Verdict.NOT_SATISFIED
        and not problems.get("reason")
        and not (reason or "").strip()
    ):
        problems["reason"] = gettext("Say why you are not satisfied, so the team knows what to do again")
    raise_problems(problems)
    before = assurance.verdict
    assurance.verdict, assurance.verdict_reason = verdict, reason.strip()
    assurance.reviewed_by, assurance.reviewed_at = actor, timezone.now()
    assurance.save()
    audit.record(
        actor=actor, action="assurance.reviewed", target=decision, changes={"verdict": (before, verdict)}
    )
    return assurance


# Commitments ------------------------------------------------------------------------------------


@transaction.atomic
def add_commitment(*, actor, decision: Decision, text: str, owner: str, due_on: date | None) -> Commitment:
    _ensure_recorder(actor, decision.body)
    problems = {}
    check_text(problems, "text", text, max_length=300, required=gettext("Say what will be done: “We will …”"))
    check_text(problems, "owner", owner, max_length=150, required=gettext("Say who is responsible"))
    if due_on is None:
        problems["due_on"] = gettext("Enter the date it is due")
    raise_problems(problems)
    commitment = Commitment.objects.create(
        decision=decision, text=text.strip(), owner=owner.strip(), due_on=due_on
    )
    audit.record(actor=actor, action="commitment.created", target=commitment)
    return commitment


@transaction.atomic
def update_commitment(
    *, actor, commitment: Commitment, written_on: date, text: str, status: str
) -> CommitmentUpdate:
    commitment = Commitment.objects.select_for_update().select_related("decision__body").get(pk=commitment.pk)
    _ensure_recorder(actor, commitment.decision.body)
    problems = {}
    check_text(problems, "text", text, max_length=3000, required=gettext("Say what has happened"))
    if status not in Commitment.Status.values:
        problems["status"] = gettext("Choose where it has got to")
    if written_on is None:
        problems["written_on"] = gettext("Enter the date of this update")
    elif written_on > timezone.localdate():
        problems["written_on"] = gettext("The date of an update must be today or in the past")
    raise_problems(problems)
    update = CommitmentUpdate.objects.create(
        commitment=commitment, written_on=written_on, text=text.strip(), status=status, written_by=actor
    )
    before = commitment.status
    commitment.status = status
    commitment.save(update_fields=["status"])
    audit.record(
        actor=actor, action="commitment.updated", target=commitment, changes={"status": (before, status)}
    )
    return update
