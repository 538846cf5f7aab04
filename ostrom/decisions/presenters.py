"""What a decision's page shows, worked out here so the templates only lay it out."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .models import Assurance, Commitment, Decision, Document, InputLink


@dataclass(frozen=True)
class AssuranceView:
    rows: list[tuple[str, str, list[str]]]  # question, answer ("Not answered yet"), evidence links
    verdict_label: str
    verdict_colour: str
    verdict_reason: str
    reviewed_by: str
    holds_back: bool  # the decision may not proceed
    warning: str  # why, in plain words, when it holds the decision back


@dataclass(frozen=True)
class DecisionPage:
    inputs: list[InputLink]
    assurance: AssuranceView | None
    commitments: list[Commitment]
    documents: list[Document]
    overdue_count: int
    shaped_counts: dict[str, int] = field(default_factory=dict)


def _evidence_links(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if re.match(r"^https?://\S+$", line.strip())]


def assurance_view(assurance: Assurance) -> AssuranceView:
    answers = {answer.question: answer for answer in assurance.answers.all()}
    rows = [
        (
            question,
            answers[key].text if key in answers else gettext("Not answered yet"),
            _evidence_links(answers[key].evidence) if key in answers else [],
        )
        for key, question in Assurance.QUESTIONS
    ]
    if assurance.verdict == Assurance.Verdict.SATISFIED:
        label, colour, warning = gettext("Satisfied"), "green", ""
    elif assurance.verdict == Assurance.Verdict.NOT_SATISFIED:
        label, colour = gettext("Not satisfied"), "red"
        warning = gettext("The reviewer is not satisfied with the co-production: %(reason)s") % {
            "reason": assurance.verdict_reason
        }
    else:
        label, colour = gettext("Not reviewed yet"), "yellow"
        warning = (
            gettext(
                "The checklist has not been marked satisfied yet, so the decision cannot be approved to proceed."
            )
            if assurance.is_complete
            else gettext(
                "Answer every question, then ask someone who did not answer them to review the checklist."
            )
        )
    reviewer = assurance.reviewed_by.display_name if assurance.reviewed_by else ""
    return AssuranceView(
        rows=rows,
        verdict_label=label,
        verdict_colour=colour,
        verdict_reason=assurance.verdict_reason,
        reviewed_by=reviewer,
        holds_back=not assurance.is_satisfied,
        warning=warning,
    )


def decision_page(decision: Decision, *, can_record: bool) -> DecisionPage:
    links = list(decision.inputs.all())
    checklist = Assurance.objects.filter(decision=decision).prefetch_related("answers").first()
    commitments = list(decision.commitments.prefetch_related("updates"))
    shaped_counts = {
        label: sum(1 for link in links if link.shaped == value) for value, label in InputLink.Shaped.choices
    }
    return DecisionPage(
        inputs=links,
        assurance=assurance_view(checklist) if checklist and decision.goes_to_board else None,
        commitments=commitments,
        documents=list(decision.documents.defer("content")),
        overdue_count=sum(1 for commitment in commitments if commitment.is_overdue),
        shaped_counts=shaped_counts,
    )


def safe_filename(document: Document) -> str:
    """The stored name, reduced to characters safe in a Content-Disposition header."""
    name = re.sub(r"[^A-Za-z0-9._ -]", "_", document.filename).strip() or "document"
    return name[-120:]


@dataclass(frozen=True)
class Said:
    title: str
    quote: str
    shaped: str
    how: str
    source: str


@dataclass(frozen=True)
class Entry:
    """One decision told as "You said, we did": what communities said, what was decided, what was done,
    and what was not done and why."""

    decision: Decision
    said: list[Said]
    decided: str
    done: list[str]
    underway: list[str]
    not_done: list[str]


def you_said_we_did(decision: Decision) -> Entry:
    links = list(decision.inputs.all())
    said = [
        Said(link.title, link.quote, link.get_shaped_display(), link.how, link.source or link.title)
        for link in links
    ]
    done, underway, not_done = [], [], []
    for commitment in decision.commitments.all():
        latest = commitment.updates.first()
        progress = f" ({latest.written_on:%-d %B %Y}: {latest.text})" if latest else ""
        if commitment.status == Commitment.Status.DONE:
            done.append(f"{commitment.text}{progress}")
        elif commitment.status == Commitment.Status.NOT_DONE:
            not_done.append(
                gettext("%(commitment)s: not done%(progress)s")
                % {"commitment": commitment.text, "progress": progress}
            )
        elif commitment.is_overdue:
            not_done.append(
                gettext("%(commitment)s: overdue, due %(due_on)s%(progress)s")
                % {
                    "commitment": commitment.text,
                    "due_on": f"{commitment.due_on:%-d %B %Y}",
                    "progress": progress,
                }
            )
        else:
            status = commitment.get_status_display().lower()
            underway.append(
                gettext("%(commitment)s: %(status)s, due %(due_on)s%(progress)s")
                % {
                    "commitment": commitment.text,
                    "status": status,
                    "due_on": f"{commitment.due_on:%-d %B %Y}",
                    "progress": progress,
                }
            )
    if decision.status == Decision.Status.IMPLEMENTED and decision.implemented_on:
        done.insert(0, gettext("Done on %(date)s.") % {"date": f"{decision.implemented_on:%-d %B %Y}"})
    decided = decision.outcome or gettext("%(status)s; not decided yet.") % {
        "status": decision.get_status_display()
    }
    checklist = Assurance.objects.filter(decision=decision).first() if decision.goes_to_board else None
    if checklist is not None and checklist.verdict == Assurance.Verdict.NOT_SATISFIED:
        decided += " " + gettext(
            "It cannot go ahead: the Board's reviewer is not satisfied with how people were involved. %(reason)s"
        ) % {"reason": checklist.verdict_reason}
    return Entry(
        decision=decision, said=said, decided=decided, done=done, underway=underway, not_done=not_done
    )
