"""Every write to surveys: the community panel, building a survey, sending it and its one reminder,
closing it, and each person's response as they go."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.accounts import permissions
from ostrom.accounts.models import User
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import check_text, raise_problems

from . import answers as answering
from . import swemwbs, tasks
from .models import Answer, Invitation, Option, PanelMembership, Question, Response, Section, Survey

ONLY_RUNNERS = gettext_lazy("Only the coordinators of the survey's place can change or send it")
SENT_ALREADY = gettext_lazy("This survey has been sent, so its questions can no longer change")
OPTION_LIMIT = Option._meta.get_field("label").max_length
MAX_OPTIONS = 30
RESERVED = {"new", "panel", "sections", "questions"}  # the survey pages' own addresses


class SurveyClosed(Exception):
    """The survey is not taking responses. The message says why, with the date it closed."""


# The community panel ----------------------------------------------------------------------------


@transaction.atomic
def join_panel(*, person) -> PanelMembership:
    permissions.ensure(permissions.can_join_panel(person), gettext("Sign in to join the community panel"))
    current = PanelMembership.objects.current().filter(user=person).first()
    if current:
        return current
    try:
        with transaction.atomic():
            membership = PanelMembership.objects.create(user=person)
    except IntegrityError:  # joined a moment ago in another tab
        return PanelMembership.objects.current().get(user=person)
    audit.record(actor=person, action="panel_membership.created", target=membership)
    return membership


@transaction.atomic
def leave_panel(*, person) -> None:
    permissions.ensure(permissions.can_join_panel(person), gettext("Sign in to leave the community panel"))
    for membership in PanelMembership.objects.current().filter(user=person).select_for_update():
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at"])
        audit.record(actor=person, action="panel_membership.left", target=membership)


# Building -----------------------------------------------------------------------------------------


def _ensure_runs(coordinator, survey: Survey) -> None:
    permissions.ensure(permissions.can_run_survey(coordinator, survey), str(ONLY_RUNNERS))


def _ensure_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise ValidationError(str(SENT_ALREADY))


def _check_details(coordinator, title, introduction, audience, subgroup, event=None) -> tuple[str, str]:
    problems: dict = {}
    check_text(problems, "title", title, max_length=200, required=gettext("Enter the survey's title"))
    check_text(problems, "introduction", introduction, max_length=4000)
    if audience not in Survey.Audience.values:
        problems["audience"] = gettext("Select who the survey is for")
    elif audience == Survey.Audience.SUBGROUP and subgroup is None:
        problems["subgroup"] = gettext("Select the subgroup whose members you will ask")
    elif audience == Survey.Audience.EVENT and event is None:
        problems["event"] = gettext("Select the Open Space event whose participants you will ask")
    elif audience == Survey.Audience.EVENT and not permissions.can_run_event(coordinator, event):
        problems["event"] = gettext("You can only ask the people who came to an event you run")
    raise_problems(problems)
    return title.strip(), introduction.strip()


@transaction.atomic
def create_survey(
    *,
    coordinator,
    title: str,
    place,
    introduction: str = "",
    audience: str = Survey.Audience.PANEL,
    subgroup=None,
    event=None,
) -> Survey:
    """A draft survey with its first section, ready for questions."""
    if place is None:
        raise ValidationError({"place": gettext("Select the place the survey is about")})
    permissions.ensure(
        permissions.can_coordinate(coordinator, places=[place]),
        gettext("You can only start a survey for a place you coordinate"),
    )
    title, introduction = _check_details(coordinator, title, introduction, audience, subgroup, event)
    survey = Survey.objects.create(
        title=title,
        slug=unique_slug(
            Survey, title if slugify(title) not in RESERVED else f"survey {title}", fallback="survey"
        ),
        introduction=introduction,
        place=place,
        audience=audience,
        subgroup=subgroup if audience == Survey.Audience.SUBGROUP else None,
        event=event if audience == Survey.Audience.EVENT else None,
        created_by=coordinator,
    )
    Section.objects.create(survey=survey, title="Your answers", order=1)
    audit.record(actor=coordinator, action="survey.created", target=survey)
    return survey


@transaction.atomic
def update_survey(
    *, coordinator, survey: Survey, title: str, introduction: str, audience: str, subgroup=None, event=None
) -> Survey:
    _ensure_runs(coordinator, survey)
    _ensure_draft(survey)
    before = {"title": survey.title, "audience": survey.audience}
    survey.title, survey.introduction = _check_details(
        coordinator, title, introduction, audience, subgroup, event
    )
    survey.audience = audience
    survey.subgroup = subgroup if audience == Survey.Audience.SUBGROUP else None
    survey.event = event if audience == Survey.Audience.EVENT else None
    survey.save()
    audit.record(
        actor=coordinator,
        action="survey.changed",
        target=survey,
        changes=audit.changed_fields(survey, before, before.keys()),
    )
    return survey


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def add_section(*, coordinator, survey: Survey, title: str) -> Section:
    _ensure_runs(coordinator, survey)
    _ensure_draft(survey)
    problems: dict = {}
    check_text(problems, "title", title, max_length=200, required=gettext("Enter the section's title"))
    raise_problems(problems)
    section = Section.objects.create(survey=survey, title=title.strip(), order=_next_order(survey.sections))
    audit.record(actor=coordinator, action="survey.section_added", target=survey, note=section.title)
    return section


@transaction.atomic
def rename_section(*, coordinator, section: Section, title: str) -> Section:
    _ensure_runs(coordinator, section.survey)
    _ensure_draft(section.survey)
    problems: dict = {}
    check_text(problems, "title", title, max_length=200, required=gettext("Enter the section's title"))
    raise_problems(problems)
    before = section.title
    section.title = title.strip()
    section.save(update_fields=["title"])
    audit.record(
        actor=coordinator,
        action="survey.section_renamed",
        target=section.survey,
        changes={"section": (before, section.title)},
    )
    return section


def _move(item, siblings, direction: str) -> None:
    ordered = list(siblings)
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, thing in enumerate(ordered, start=1):
        if thing.order != position:
            thing.order = position
            thing.save(update_fields=["order"])


@transaction.atomic
def arrange(*, coordinator, survey: Survey, what: str, item_id: int, action: str) -> None:
    """Move a section or question up or down, or remove it. A survey keeps at least one section."""
    _ensure_runs(coordinator, survey)
    _ensure_draft(survey)
    if what == "section":
        item = survey.sections.filter(pk=item_id).first()
        siblings = survey.sections.all()
    elif what == "question":
        item = Question.objects.filter(section__survey=survey, pk=item_id).select_related("section").first()
        siblings = item.section.questions.all() if item else None
    else:
        item = None
    if item is None:
        raise ValidationError(gettext("Choose a section or question of this survey"))
    if action == "remove":
        if what == "section" and survey.sections.count() == 1:
            raise ValidationError(gettext("A survey needs at least one section"))
        label = str(item)
        item.delete()
        audit.record(actor=coordinator, action=f"survey.{what}_removed", target=survey, note=label)
    elif action in ("up", "down"):
        _move(item, siblings, action)
        audit.record(actor=coordinator, action=f"survey.{what}_moved", target=survey, note=f"{item} {action}")
    else:
        raise ValidationError(gettext("Choose up, down or remove"))


def _check_question(
    problems, *, kind, text, hint, options, min_value, max_value, min_label, max_label
) -> list[str]:
    if kind not in Question.Kind.values:
        problems["kind"] = gettext("Select the kind of question")
        return []
    check_text(problems, "text", text, max_length=300, required=gettext("Enter the question"))
    check_text(problems, "hint", hint, max_length=300)
    check_text(problems, "min_label", min_label, max_length=60)
    check_text(problems, "max_label", max_label, max_length=60)
    labels: list[str] = []
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if isinstance(options, str) or not isinstance(options, list | tuple):
            problems["options"] = gettext("Give the answers as a list, one answer each")
            return []
        for label in options:
            if not isinstance(label, str) or "\x00" in label or len(label) > OPTION_LIMIT:
                problems["options"] = gettext("Each answer must be text of %(limit)s characters or fewer") % {
                    "limit": OPTION_LIMIT
                }
                return []
        labels = [label.strip() for label in options if label.strip()]
        if len(labels) < 2:
            problems["options"] = gettext("Give at least 2 answers to choose from, one per line")
        elif len(labels) > MAX_OPTIONS:
            problems["options"] = gettext("Give at most %(limit)s answers") % {"limit": MAX_OPTIONS}
        elif len(set(labels)) != len(labels):
            problems["options"] = gettext("Each answer must be different")
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if value is not None and (type(value) is not int or abs(value) > answering.NUMBER_LIMIT):
            problems[name] = gettext("Enter a whole number")
    if kind == Question.Kind.SCALE and "min_value" not in problems and "max_value" not in problems:
        if min_value is None or max_value is None:
            problems["max_value"] = gettext("Give the lowest and highest points of the scale")
        elif not 2 <= max_value - min_value + 1 <= 11:
            problems["max_value"] = gettext("A scale has from 2 to 11 points, for example 1 to 5 or 0 to 10")
    if (
        min_value is not None
        and max_value is not None
        and "min_value" not in problems
        and "max_value" not in problems
    ) and max_value <= min_value:
        problems["max_value"] = gettext("The highest must be more than the lowest")
    return labels


@transaction.atomic
def add_question(
    *,
    coordinator,
    section: Section,
    kind: str,
    text: str = "",
    hint: str = "",
    required: bool = True,
    options=(),
    min_value: int | None = None,
    max_value: int | None = None,
    min_label: str = "",
    max_label: str = "",
) -> Question:
    survey = section.survey
    _ensure_runs(coordinator, survey)
    _ensure_draft(survey)
    if kind == Question.Kind.SWEMWBS:
        text = text or "How have you been feeling over the last 2 weeks?"
        hint = hint or swemwbs.INSTRUCTION
        min_value, max_value, options = swemwbs.LOWEST, swemwbs.HIGHEST, ()
    problems: dict = {}
    labels = _check_question(
        problems,
        kind=kind,
        text=text,
        hint=hint,
        options=options,
        min_value=min_value,
        max_value=max_value,
        min_label=min_label,
        max_label=max_label,
    )
    raise_problems(problems)
    question = Question.objects.create(
        section=section,
        order=_next_order(section.questions),
        kind=kind,
        text=text.strip(),
        hint=hint.strip(),
        required=bool(required),
        min_value=min_value
        if kind in (Question.Kind.SCALE, Question.Kind.NUMBER, Question.Kind.SWEMWBS)
        else None,
        max_value=max_value
        if kind in (Question.Kind.SCALE, Question.Kind.NUMBER, Question.Kind.SWEMWBS)
        else None,
        min_label=min_label.strip() if kind == Question.Kind.SCALE else "",
        max_label=max_label.strip() if kind == Question.Kind.SCALE else "",
    )
    Option.objects.bulk_create(
        [Option(question=question, order=n, label=label) for n, label in enumerate(labels, start=1)]
    )
    audit.record(actor=coordinator, action="survey.question_added", target=survey, note=question.text)
    return question


@transaction.atomic
def change_question(
    *,
    coordinator,
    question: Question,
    text: str,
    hint: str = "",
    required: bool = True,
    options=(),
    min_value: int | None = None,
    max_value: int | None = None,
    min_label: str = "",
    max_label: str = "",
    skips: dict | None = None,
) -> Question:
    """Change a question. Answers keep their skip targets by label; `skips` maps an answer's label to
    the id of a later section to skip to (None: carry on to the next section)."""
    survey = question.section.survey
    _ensure_runs(coordinator, survey)
    _ensure_draft(survey)
    kind = question.kind
    if kind == Question.Kind.SWEMWBS:
        min_value, max_value, options = swemwbs.LOWEST, swemwbs.HIGHEST, ()
    problems: dict = {}
    labels = _check_question(
        problems,
        kind=kind,
        text=text,
        hint=hint,
        options=options,
        min_value=min_value,
        max_value=max_value,
        min_label=min_label,
        max_label=max_label,
    )
    skips = dict(skips or {})
    later = list(
        survey.sections.filter(order__gt=question.section.order).values_list("pk", flat=True)
    ) + list(
        survey.sections.filter(order=question.section.order, pk__gt=question.section.pk).values_list(
            "pk", flat=True
        )
    )
    if skips and kind != Question.Kind.SINGLE:
        problems["skips"] = gettext("Only a question with one answer from a list can skip to a section")
    elif any(target is not None and target not in later for target in skips.values()):
        problems["skips"] = gettext("An answer can only skip to a later section")
    raise_problems(problems)
    question.text, question.hint, question.required = text.strip(), hint.strip(), bool(required)
    if kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        question.min_value, question.max_value = min_value, max_value
    if kind == Question.Kind.SCALE:
        question.min_label, question.max_label = min_label.strip(), max_label.strip()
    question.save()
    if question.has_options:
        kept = {option.label: option for option in question.options.all()}
        question.options.exclude(label__in=labels).delete()
        for order, label in enumerate(labels, start=1):
            option = kept.get(label) or Option(question=question, label=label)
            option.order = order
            if label in skips:
                option.skip_to_id = skips[label]
            option.save()
    audit.record(actor=coordinator, action="survey.question_changed", target=survey, note=question.text)
    return question


# Sending ----------------------------------------------------------------------------------------


def _panel(survey: Survey):
    return User.objects.filter(panel_memberships__left_at=None, panel_memberships__isnull=False)


def _subgroup(survey: Survey):
    return User.objects.filter(subgroup_memberships__subgroup=survey.subgroup)


def _came_to_event(survey: Survey):
    """Everyone with an account who checked in at the event (people without one left no address)."""
    return User.objects.filter(
        event_participations__event=survey.event, event_participations__checked_in_at__isnull=False
    )


def _nobody(survey: Survey):
    return User.objects.none()


# Who each audience kind asks. Another kind (an Open Space event's attendees) adds its function here.
AUDIENCES = {
    Survey.Audience.PANEL: _panel,
    Survey.Audience.SUBGROUP: _subgroup,
    Survey.Audience.OPEN_LINK: _nobody,
    Survey.Audience.EVENT: _came_to_event,
}


def audience_of(survey: Survey):
    """The active account holders the survey would be sent to now."""
    return AUDIENCES[survey.audience](survey).filter(is_active=True).distinct()


@transaction.atomic
def send_survey(*, coordinator, survey: Survey, closes_at: datetime, site_url: str = "") -> Progress | None:
    """Open the survey until `closes_at` and invite its audience by email in the background (the
    progress record to show), or for an open link, just open it (None)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _ensure_runs(coordinator, survey)
    _ensure_draft(survey)
    now = timezone.now()
    if not isinstance(closes_at, datetime) or closes_at <= now:
        raise ValidationError({"closes_at": gettext("The closing date must be in the future")})
    if not Question.objects.filter(section__survey=survey).exists():
        raise ValidationError(gettext("Add at least one question before you send the survey"))
    people = list(audience_of(survey).values_list("pk", flat=True))
    if not survey.is_open_link and not people:
        raise ValidationError(
            gettext("Nobody is in this survey's audience yet, so there is no one to send it to")
        )
    survey.status, survey.opens_at, survey.closes_at, survey.sent_at = Survey.Status.SENT, now, closes_at, now
    survey.save()
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, user_id=pk) for pk in people], batch_size=500, ignore_conflicts=True
    )
    audit.record(
        actor=coordinator,
        action="survey.sent",
        target=survey,
        changes={"status": ("draft", "sent")},
        note=ngettext("%(count)d person invited", "%(count)d people invited", len(people))
        % {"count": len(people)},
    )
    if survey.is_open_link:
        return None
    return start_task(
        tasks.email_survey,
        title=(gettext("Emailing %(survey)s") % {"survey": survey.title})[:200],
        started_by=coordinator,
        survey_id=survey.pk,
        reminder=False,
        site_url=site_url,
    )


@transaction.atomic
def send_reminder(*, coordinator, survey: Survey, site_url: str = "") -> Progress:
    """One reminder, to those invited who have not submitted: once per survey, recorded."""
    _ensure_runs(coordinator, survey)
    if survey.is_open_link:
        raise ValidationError(gettext("An open-link survey has no list of people to remind"))
    if not survey.is_open:
        raise ValidationError(gettext("Reminders can only be sent while the survey is open"))
    now = timezone.now()
    if not Survey.objects.filter(pk=survey.pk, reminder_sent_at=None).update(reminder_sent_at=now):
        raise ValidationError(gettext("The reminder has already been sent; a survey gets one reminder"))
    survey.reminder_sent_at = now
    audit.record(actor=coordinator, action="survey.reminded", target=survey)
    return start_task(
        tasks.email_survey,
        title=(gettext("Reminding people about %(survey)s") % {"survey": survey.title})[:200],
        started_by=coordinator,
        survey_id=survey.pk,
        reminder=True,
        site_url=site_url,
    )


@transaction.atomic
def close_survey(*, coordinator, survey: Survey) -> Survey:
    _ensure_runs(coordinator, survey)
    if survey.status != Survey.Status.SENT:
        raise ValidationError(gettext("Only a sent survey can be closed"))
    now = timezone.now()
    survey.status = Survey.Status.CLOSED
    survey.closes_at = min(survey.closes_at, now) if survey.closes_at else now
    if survey.closes_at <= survey.opens_at:
        survey.opens_at = survey.closes_at - timedelta(seconds=1)
    survey.save()
    audit.record(
        actor=coordinator, action="survey.closed", target=survey, changes={"status": ("sent", "closed")}
    )
    return survey


# Answering ----------------------------------------------------------------------------------------


def ensure_open(survey: Survey) -> None:
    if survey.is_draft:
        raise SurveyClosed(gettext("This survey has not been sent yet"))
    if not survey.is_open:
        raise SurveyClosed(
            gettext("%(window)s It no longer takes responses.") % {"window": survey.window.text}
        )


def new_key() -> str:
    return secrets.token_urlsafe(24)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def response_for(*, survey: Survey, user=None, key: str | None = None, language: str = "") -> Response:
    """The person's (or browser's) one response, started on first use, in the `language` they read the
    survey in. Answering again finds the same row: the database allows one per person and one per key,
    and a second request racing the first finds the row the first made."""
    ensure_open(survey)
    if user is not None and user.is_authenticated:
        invited = survey.invitations.filter(user=user).exists()
        permissions.ensure(
            permissions.can_answer_survey(user, survey, is_invited=invited),
            gettext("This survey is for the people it was sent to"),
        )
        lookup = {"survey": survey, "user": user}
    elif survey.is_open_link and key:
        lookup = {"survey": survey, "key_hash": key_hash(key)}
    else:
        raise permissions.NotAllowed(gettext("Sign in to answer this survey"))
    # get_or_create reads first and creates in its own transaction, and finds the row a racing request
    # created: no transaction around it, so finding an existing row takes no write lock (on SQLite a
    # write transaction holds the whole database).
    language = "" if language == settings.LANGUAGE_CODE else language
    return Response.objects.get_or_create(**lookup, defaults={"language": language})[0]


def _questions_of(sections) -> list[Question]:
    return [question for section in sections for question in section.questions.all()]


def _cleaned(questions, raw: dict) -> tuple[dict, dict]:
    values, problems = {}, {}
    for question in questions:
        try:
            values[question.pk] = answering.clean_answer(
                question, raw.get(question.field_name), options=question.options.all()
            )
        except ValidationError as problem:
            problems.update(problem.message_dict)
    return values, problems


def _store(response: Response, values: dict) -> None:
    for question_id, value in values.items():
        if value is None:
            Answer.objects.filter(response=response, question_id=question_id).delete()
        else:
            Answer.objects.update_or_create(
                response=response, question_id=question_id, defaults={"value": value}
            )


def _locked(response: Response) -> Response:
    return Response.objects.select_for_update().select_related("survey").get(pk=response.pk)


@transaction.atomic
def save_section(*, response: Response, section: Section, raw: dict) -> Response:
    """Save one page of answers (`raw` maps each question's field name to what was given). Every
    answer is checked and every required question must be answered; nothing is saved otherwise."""
    response = _locked(response)
    ensure_open(response.survey)
    if section.survey_id != response.survey_id:
        raise ValidationError(gettext("This section belongs to another survey"))
    questions = list(section.questions.prefetch_related("options"))
    values, problems = _cleaned(questions, raw)
    for question in questions:
        if question.field_name not in problems:
            missing = answering.missing_message(question, values.get(question.pk))
            if missing:
                problems[question.field_name] = missing
    raise_problems(problems)
    _store(response, values)
    if section.pk not in response.saved_sections:
        response.saved_sections = [*response.saved_sections, section.pk]
    response.save(update_fields=["saved_sections", "updated_at"])
    return response


@transaction.atomic
def save_answers(*, response: Response, raw: dict) -> Response:
    """Save any of the survey's answers at once (the API): each checked, required ones not yet."""
    response = _locked(response)
    ensure_open(response.survey)
    sections = list(response.survey.sections.prefetch_related("questions__options"))
    questions = [q for q in _questions_of(sections) if q.field_name in raw]
    values, problems = _cleaned(questions, raw)
    raise_problems(problems)
    _store(response, values)
    given = {q.section_id for q in questions}
    response.saved_sections = [*response.saved_sections, *sorted(given - set(response.saved_sections))]
    response.save(update_fields=["saved_sections", "updated_at"])
    return response


def route_of(response: Response | None, survey: Survey) -> list[Section]:
    sections = list(survey.sections.prefetch_related("questions__options"))
    options = {o.pk: o for q in _questions_of(sections) for o in q.options.all()}
    given = dict(response.answers.values_list("question_id", "value")) if response else {}
    return answering.route(sections, given, options)


@transaction.atomic
def submit_response(*, response: Response) -> Response:
    """Submit: every required question on the person's route must be answered. Answers in sections the
    route skipped are removed. Submitting again (after changing answers) updates the same response."""
    response = _locked(response)
    survey = response.survey
    ensure_open(survey)
    path = route_of(response, survey)
    given = dict(response.answers.values_list("question_id", "value"))
    problems = {}
    for question in _questions_of(path):
        missing = answering.missing_message(question, given.get(question.pk))
        if missing:
            problems[question.field_name] = missing
    raise_problems(problems)
    on_route = {section.pk for section in path}
    response.answers.exclude(question__section__in=on_route).delete()
    first_time = response.submitted_at is None
    if first_time:
        response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])
    audit.record(
        actor=response.user,
        action="survey_response.submitted" if first_time else "survey_response.changed",
        target=response,
    )
    return response


# An open-link response whose browser key was forgotten: a random value no cookie hashes to, marked so a
# later run leaves it alone (the database insists every response has a respondent or a key).
FORGOTTEN_KEY_PREFIX = "forgotten-"


def forget_respondents_of_closed_surveys(*, closed_before: datetime) -> int:
    """The retention schedule: once a survey has been closed for as long as the schedule says, the list
    of who it was sent to goes, and open-link answers are no longer tied to the browser they came from.
    The answers stay, so the published results do not change. Runs inside
    `core.retention.apply_retention`'s transaction, which keeps the one audit entry."""
    closed = Survey.objects.filter(closes_at__lt=closed_before)
    invitations = Invitation.objects.filter(survey__in=closed).delete()[0]
    keyed = Response.objects.filter(survey__in=closed, key_hash__isnull=False).exclude(
        key_hash__startswith=FORGOTTEN_KEY_PREFIX
    )
    keys = 0
    for response in keyed.only("pk"):
        response.key_hash = FORGOTTEN_KEY_PREFIX + secrets.token_hex(27)
        response.save(update_fields=["key_hash"])
        keys += 1
    return invitations + keys
