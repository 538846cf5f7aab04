"""Slim returns: every write. Setting up a programme's return template, issuing returns to member
organisations (and to a grant's funded group, as its progress and final returns), saving a draft,
submitting once, and what a submission feeds: the indicators' measurements for the period, the
programme's SWEMWBS scores and, only with consent, insight. Each write is one transaction with its
audit entry."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import equality, permissions
from ostrom.core import audit
from ostrom.core.validation import LARGEST_ID, check_text, raise_problems
from ostrom.grants.models import Fund, Grant
from ostrom.insight import services as insight_services
from ostrom.insight.models import Insight
from ostrom.network.models import Organisation
from ostrom.places.models import Place
from ostrom.surveys import swemwbs

from .models import (
    Indicator,
    Measurement,
    Programme,
    Return,
    ReturnAnswer,
    ReturnQuestion,
    ReturnTemplate,
    WellbeingScore,
)

MOST_QUESTIONS = 6
ONLY_PROGRAMME_COORDINATORS = gettext_lazy("Only a coordinator of the programme's place can do this")
ONLY_CONTACTS = gettext_lazy(
    "Only the organisation's contacts, and coordinators who help them, fill in its returns"
)
ALREADY_SUBMITTED = gettext_lazy("This return has already been submitted")
LONGEST_STORY = 3000
MOST_PARTICIPANTS = 50

# People reached by group: the ONS 2021 high-level ethnic groups the accounts app monitors equality
# with, plus "not known" (organisations often do not know).
NOT_KNOWN = "not_known"
GROUPS: tuple[tuple[str, str], ...] = tuple(
    (options[0][0].split("_", 1)[0], group) for group, options in equality.ETHNIC_GROUPS
) + ((NOT_KNOWN, "Not known"),)
GROUP_KEYS = tuple(key for key, _ in GROUPS)

STORY_CONSENT_WORDING = gettext_lazy(
    "The people in this story agreed that the collective may keep it as insight to inform its "
    "decisions, without their names. It is not published unless they agree to that as well."
)

# A fund's default template: what happened, people reached and people reached by group.
GRANT_TEMPLATE_NAME = "Grant return"
GRANT_QUESTIONS = (
    (
        ReturnQuestion.Kind.STORY,
        "What happened?",
        "A few sentences is plenty: what you did, and what changed for people",
    ),
    (ReturnQuestion.Kind.COUNT, "Roughly how many people took part?", ""),
    (
        ReturnQuestion.Kind.PEOPLE_BY_GROUP,
        "How many of them were in each group?",
        "Put what you know; leave the rest under “not known”",
    ),
)
PROGRESS_AFTER_DAYS, FINAL_AFTER_DAYS = 182, 365
NUMBER_KINDS = (ReturnQuestion.Kind.COUNT, ReturnQuestion.Kind.REFERRALS)
FEEDS_INDICATORS = (*NUMBER_KINDS, ReturnQuestion.Kind.PEOPLE_BY_GROUP)


class AlreadySubmitted(ValidationError):
    """The return was submitted before: the first submission stands."""


def _ensure_runs(user, programme: Programme) -> None:
    permissions.ensure(permissions.can_run_programme(user, programme), ONLY_PROGRAMME_COORDINATORS)


# --- Templates ----------------------------------------------------------------------------------


def check_questions(problems: dict, questions: Sequence[dict], *, programme: Programme) -> None:
    """A handful of questions: at least one, at most six, each of a known kind with its wording; an
    indicator only for a number and only one of this programme's."""
    if not isinstance(questions, (list, tuple)) or not questions:
        problems["questions"] = gettext("Add at least one question")
        return
    if len(questions) > MOST_QUESTIONS:
        problems["questions"] = gettext(
            "A return asks %(most)s questions at most, so it takes minutes: remove %(extra)s"
        ) % {"most": MOST_QUESTIONS, "extra": len(questions) - MOST_QUESTIONS}
        return
    for number, question in enumerate(questions, start=1):
        if question.get("kind") not in ReturnQuestion.Kind.values:
            problems[f"questions.{number}.kind"] = gettext(
                "Choose what kind of answer question %(number)s takes"
            ) % {"number": number}
        check_text(
            problems,
            f"questions.{number}.wording",
            question.get("wording", ""),
            max_length=300,
            required=gettext("Write the wording of question %(number)s") % {"number": number},
        )
        check_text(problems, f"questions.{number}.help_text", question.get("help_text", ""), max_length=300)
        indicator = question.get("indicator")
        if indicator is not None:
            if indicator.step.programme_id != programme.pk:
                problems[f"questions.{number}.indicator"] = gettext(
                    "Choose one of this programme's indicators"
                )
            elif question.get("kind") not in FEEDS_INDICATORS:
                problems[f"questions.{number}.indicator"] = gettext(
                    "Only a number or people by group can feed an indicator (question %(number)s)"
                ) % {"number": number}


@transaction.atomic
def create_template(
    *,
    coordinator,
    programme: Programme,
    name: str,
    questions: Sequence[dict],
    due_after_months: Sequence[int] = (),
) -> ReturnTemplate:
    """A return template of a handful of questions (six at most), each `{kind, wording, help_text,
    indicator}`; an answer to a question with an indicator is summed into that indicator."""
    _ensure_runs(coordinator, programme)
    problems: dict = {}
    check_text(problems, "name", name, max_length=200, required=gettext("Give the return a name"))
    check_questions(problems, questions, programme=programme)
    raise_problems(problems)
    template = ReturnTemplate.objects.create(
        programme=programme, name=name.strip(), due_after_months=list(due_after_months)
    )
    ReturnQuestion.objects.bulk_create(
        ReturnQuestion(
            template=template,
            kind=question["kind"],
            wording=question["wording"].strip(),
            help_text=question.get("help_text", "").strip(),
            indicator=question.get("indicator"),
            position=position,
        )
        for position, question in enumerate(questions)
    )
    audit.record(actor=coordinator, action="return_template.created", target=template)
    return template


# --- Issuing ------------------------------------------------------------------------------------


@transaction.atomic
def issue_returns(
    *,
    coordinator,
    template: ReturnTemplate,
    organisations: Sequence[Organisation],
    period_start: date,
    period_end: date,
    due_on: date,
) -> list[Return]:
    """Ask each chosen member organisation for a return of the template for the period. An
    organisation already asked for the same period is not asked twice."""
    _ensure_runs(coordinator, template.programme)
    problems: dict = {}
    if not organisations:
        problems["organisations"] = gettext("Choose at least one organisation")
    elif any(o.status != Organisation.Status.MEMBER for o in organisations):
        problems["organisations"] = gettext("Choose member organisations only")
    if period_end < period_start:
        problems["period_end"] = gettext("The period must end on or after the day it starts")
    if due_on < period_start:
        problems["due_on"] = gettext("The return must fall due after the period starts")
    raise_problems(problems)
    already = set(
        template.returns.filter(period_start=period_start, period_end=period_end).values_list(
            "organisation_id", flat=True
        )
    )
    issued = []
    for organisation in organisations:
        if organisation.pk in already:
            continue
        issued.append(
            Return.objects.create(
                template=template,
                organisation=organisation,
                period_start=period_start,
                period_end=period_end,
                due_on=due_on,
            )
        )
        audit.record(actor=coordinator, action="return.issued", target=issued[-1])
    return issued


def _place_of_fund(fund: Fund, organisation: Organisation) -> Place | None:
    """Where the fund's programme is run from: the fund's first place served, else the funded
    organisation's, else the top of the collective's area."""
    return (
        fund.places_served.order_by("pk").first()
        or organisation.places_served.order_by("pk").first()
        or Place.objects.filter(parent=None).order_by("pk").first()
    )


def grant_template(fund: Fund, organisation: Organisation) -> ReturnTemplate | None:
    """The fund's programme and its "Grant return" template, made on first need. None only when
    Ostrom has no place at all for the programme to belong to (a database without places)."""
    programme = Programme.objects.filter(fund=fund).first()
    if programme is None:
        place = _place_of_fund(fund, organisation)
        if place is None:
            return None
        programme = Programme.objects.create(
            name=fund.name, slug=f"fund-{fund.slug}"[:50], kind=Programme.Kind.FUND, fund=fund, place=place
        )
    template = programme.return_templates.filter(name=GRANT_TEMPLATE_NAME).first()
    if template is None:
        template = ReturnTemplate.objects.create(
            programme=programme, name=GRANT_TEMPLATE_NAME, due_after_months=[6, 12]
        )
        ReturnQuestion.objects.bulk_create(
            ReturnQuestion(template=template, kind=kind, wording=wording, help_text=help_text, position=n)
            for n, (kind, wording, help_text) in enumerate(GRANT_QUESTIONS)
        )
    return template


def issue_grant_returns(*, grant: Grant, awarded_on: date) -> list[Return]:
    """A newly awarded grant's progress return (6 months) and final return (12 months), from the
    fund's template. Called inside the award's own transaction, which holds its audit entry."""
    application = grant.application
    template = grant_template(application.funding_round.fund, application.organisation)
    if template is None:
        return []
    progress_end = awarded_on + timedelta(days=PROGRESS_AFTER_DAYS)
    final_end = awarded_on + timedelta(days=FINAL_AFTER_DAYS)
    return Return.objects.bulk_create(
        [
            Return(
                template=template,
                organisation=application.organisation,
                grant=grant,
                period_start=awarded_on,
                period_end=progress_end,
                due_on=progress_end,
            ),
            Return(
                template=template,
                organisation=application.organisation,
                grant=grant,
                period_start=progress_end + timedelta(days=1),
                period_end=final_end,
                due_on=final_end,
                is_final=True,
            ),
        ]
    )


# --- Answers ------------------------------------------------------------------------------------


def _whole_number(problems: dict, field: str, value, *, required: str | None) -> int | None:
    if value is None or value == "":
        if required:
            problems[field] = required
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if type(value) is not int:
        problems[field] = gettext("Enter a whole number, like 12")
        return None
    if value < 0:
        problems[field] = gettext("Enter 0 or more")
        return None
    if value > LARGEST_ID:
        problems[field] = gettext("Enter a smaller number")
        return None
    return value


def _participants(problems: dict, field: str, value) -> list[dict]:
    """SWEMWBS rows: `{participant, stage, items}`; an item may be missing (None), never guessed."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        problems[field] = gettext("Send a list of participants")
        return []
    if len(value) > MOST_PARTICIPANTS:
        problems[field] = gettext("Send %(most)s participants at most in one return") % {
            "most": MOST_PARTICIPANTS
        }
        return []
    rows, seen = [], set()
    for number, row in enumerate(value, start=1):
        where = f"{field}.{number}"
        if not isinstance(row, dict):
            problems[where] = gettext("Send each participant as their code, stage and 7 answers")
            continue
        code, stage, items = row.get("participant", ""), row.get("stage"), row.get("items")
        check_text(
            problems,
            f"{where}.participant",
            code,
            max_length=60,
            required=gettext("Enter the participant's code"),
        )
        if stage not in WellbeingScore.Stage.values:
            problems[f"{where}.stage"] = gettext("Say whether this is the baseline or the follow-up")
        if not isinstance(items, list) or len(items) != len(swemwbs.ITEMS):
            problems[f"{where}.items"] = gettext("Send %(count)s answers, blank where not given") % {
                "count": len(swemwbs.ITEMS)
            }
        elif not all(item is None or swemwbs.is_item_value(item) for item in items):
            problems[f"{where}.items"] = gettext(
                "Each answer is a whole number from %(lowest)s to %(highest)s, or blank"
            ) % {"lowest": swemwbs.LOWEST, "highest": swemwbs.HIGHEST}
        elif all(item is None for item in items):
            problems[f"{where}.items"] = gettext("Enter at least one of the 7 answers")
        if where in problems or any(key.startswith(f"{where}.") for key in problems):
            continue
        if (code.strip(), stage) in seen:
            problems[f"{where}.participant"] = gettext(
                "This participant is already in the list for that stage"
            )
            continue
        seen.add((code.strip(), stage))
        rows.append({"participant": code.strip(), "stage": stage, "items": items})
    return rows


def clean_answers(template: ReturnTemplate, answers: dict, *, submitting: bool) -> tuple[dict, dict]:
    """Each answer checked against its question's kind: `{question_id: value}` and the problems,
    keyed `answers.<question id>` (and deeper for a group or a participant)."""
    problems: dict = {}
    cleaned: dict = {}
    if not isinstance(answers, dict):
        return {}, {"answers": gettext("Send the answers as an object keyed by question")}
    questions = {str(q.pk): q for q in template.questions.all()}
    for key in answers:
        if str(key) not in questions:
            problems["answers"] = gettext("Answer only this return's questions")
    for key, question in questions.items():
        field = f"answers.{key}"
        value = answers.get(key, answers.get(question.pk))
        if question.kind in NUMBER_KINDS:
            number = _whole_number(
                problems, field, value, required=gettext("Enter a number, 0 if none") if submitting else None
            )
            if number is not None:
                cleaned[question.pk] = number
        elif question.kind == ReturnQuestion.Kind.PEOPLE_BY_GROUP:
            value = value or {}
            if not isinstance(value, dict) or any(group not in GROUP_KEYS for group in value):
                problems[field] = gettext("Give a number for each group: %(groups)s") % {
                    "groups": ", ".join(GROUP_KEYS)
                }
                continue
            groups = {}
            for group in GROUP_KEYS:
                number = _whole_number(problems, f"{field}.{group}", value.get(group), required=None)
                if number is not None:
                    groups[group] = number
            if groups:
                cleaned[question.pk] = groups
        elif question.kind == ReturnQuestion.Kind.STORY:
            value = "" if value is None else value
            check_text(
                problems,
                field,
                value,
                max_length=LONGEST_STORY,
                required=gettext("Tell us what happened: a few sentences is plenty") if submitting else None,
            )
            if field not in problems and value.strip():
                cleaned[question.pk] = value.strip()
        elif question.kind == ReturnQuestion.Kind.SWEMWBS:
            rows = _participants(problems, field, value)
            if rows:
                cleaned[question.pk] = rows
    return cleaned, problems


def _ensure_may_fill_in(person, the_return: Return) -> None:
    permissions.ensure(permissions.can_submit_return(person, the_return.organisation), ONLY_CONTACTS)


def _store(the_return: Return, cleaned: dict) -> None:
    the_return.answers.exclude(question_id__in=list(cleaned)).delete()
    for question_id, value in cleaned.items():
        ReturnAnswer.objects.update_or_create(
            answered_return=the_return, question_id=question_id, defaults={"value": value}
        )


def _locked(the_return: Return) -> Return:
    """The return, locked for this transaction: two submissions at once count once."""
    locked = (
        Return.objects.select_for_update()
        .select_related("template__programme", "organisation")
        .get(pk=the_return.pk)
    )
    if locked.submitted_at is not None:
        raise AlreadySubmitted(ALREADY_SUBMITTED)
    return locked


@transaction.atomic
def save_draft(*, person, the_return: Return, answers: dict, story_consent: bool = False) -> Return:
    """Keep what has been typed so far; nothing is checked as required until it is submitted."""
    _ensure_may_fill_in(person, the_return)
    the_return = _locked(the_return)
    cleaned, problems = clean_answers(the_return.template, answers, submitting=False)
    raise_problems(problems)
    _store(the_return, cleaned)
    the_return.story_consent = story_consent is True
    the_return.save(update_fields=["story_consent"])
    audit.record(actor=person, action="return.draft_saved", target=the_return)
    return the_return


@transaction.atomic
def submit_return(*, person, the_return: Return, answers: dict, story_consent: bool = False) -> Return:
    """Submit the return once: its numbers feed the indicators for the period, its SWEMWBS answers
    become the programme's wellbeing scores and, only with the consent ticked, its story becomes
    insight. A second submission is refused."""
    _ensure_may_fill_in(person, the_return)
    the_return = _locked(the_return)
    template = the_return.template
    cleaned, problems = clean_answers(template, answers, submitting=True)
    if not isinstance(story_consent, bool):
        problems["story_consent"] = gettext("Tick the box, or leave it empty")
    _check_new_scores(problems, the_return, cleaned)
    raise_problems(problems)
    _store(the_return, cleaned)
    has_story = any(q.kind == ReturnQuestion.Kind.STORY for q in template.questions.all())
    the_return.story_consent = story_consent is True and has_story
    the_return.story_consent_wording = str(STORY_CONSENT_WORDING) if the_return.story_consent else ""
    the_return.submitted_at, the_return.submitted_by = timezone.now(), person
    the_return.save(update_fields=["story_consent", "story_consent_wording", "submitted_at", "submitted_by"])
    audit.record(actor=person, action="return.submitted", target=the_return)
    _record_scores(the_return)
    recompute_measurements(the_return)
    if the_return.story_consent:
        _story_to_insight(person, the_return)
    return the_return


# --- What a submission feeds --------------------------------------------------------------------


def _swemwbs_rows(the_return: Return, cleaned: dict) -> list[dict]:
    kinds = {q.pk: q.kind for q in the_return.template.questions.all()}
    return [row for pk, rows in cleaned.items() if kinds[pk] == ReturnQuestion.Kind.SWEMWBS for row in rows]


def _check_new_scores(problems: dict, the_return: Return, cleaned: dict) -> None:
    programme = the_return.template.programme
    for row in _swemwbs_rows(the_return, cleaned):
        if WellbeingScore.objects.filter(
            programme=programme, participant=row["participant"], stage=row["stage"]
        ).exists():
            stage = WellbeingScore.Stage(row["stage"]).label.lower()
            problems["answers"] = gettext(
                "Participant %(participant)s already has a %(stage)s score in this programme: check their code"
            ) % {"participant": row["participant"], "stage": stage}


def _record_scores(the_return: Return) -> None:
    programme = the_return.template.programme
    for answer in the_return.answers.filter(question__kind=ReturnQuestion.Kind.SWEMWBS):
        for row in answer.value:
            WellbeingScore.objects.create(
                programme=programme,
                participant=row["participant"],
                stage=row["stage"],
                items=row["items"],
                taken_on=the_return.period_end,
                from_return=the_return,
            )


def answer_total(kind: str, value) -> int:
    """What an answer adds to its indicator: the number, or everyone across the groups."""
    if kind == ReturnQuestion.Kind.PEOPLE_BY_GROUP:
        return sum(value.values())
    return value if kind in NUMBER_KINDS else 0


def recompute_measurements(the_return: Return) -> list[Measurement]:
    """For each indicator this return's questions feed: the sum of the answers across every
    submitted return for the same period end, as the indicator's one returns-measurement on that
    day. Recomputed from all the returns each time, so never doubled."""
    measurements = []
    indicators = Indicator.objects.filter(return_questions__template=the_return.template_id).distinct()
    for indicator in indicators:
        answers = ReturnAnswer.objects.filter(
            question__indicator=indicator,
            answered_return__submitted_at__isnull=False,
            answered_return__period_end=the_return.period_end,
        ).select_related("question")
        total = sum(answer_total(a.question.kind, a.value) for a in answers)
        returns = len({a.answered_return_id for a in answers})
        measurement, _ = Measurement.objects.update_or_create(
            indicator=indicator,
            measured_on=the_return.period_end,
            source=Measurement.Source.RETURNS,
            defaults={
                "value": Decimal(total),
                "note": f"Sum of {returns} return{'s' if returns != 1 else ''}",
                "recorded_at": timezone.now(),
            },
        )
        audit.record(
            actor=None, action="measurement.recomputed", target=measurement, changes={"value": (None, total)}
        )
        measurements.append(measurement)
    return measurements


def _story_to_insight(person, the_return: Return) -> Insight | None:
    story = the_return.answers.filter(question__kind=ReturnQuestion.Kind.STORY).first()
    if story is None:
        return None
    organisation = the_return.organisation
    place = organisation.places_served.order_by("pk").first() or the_return.template.programme.place
    try:
        with transaction.atomic():
            return insight_services.record_story_from_return(
                teller=person,
                organisation=organisation,
                place=place,
                title=gettext("From %(organisation)s's return for %(programme)s")
                % {"organisation": organisation.name, "programme": the_return.template.programme.name},
                text=story.value,
                said_on=the_return.period_end,
                consent_wording=the_return.story_consent_wording,
                return_id=the_return.pk,
            )
    except IntegrityError:  # already brought in: a story becomes insight once
        return None
