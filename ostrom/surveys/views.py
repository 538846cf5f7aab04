from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.accounts.models import EqualityAnswer
from ostrom.accounts.selectors import DIMENSIONS
from ostrom.core import ratelimits
from ostrom.core.forms import attach_errors
from ostrom.core.validation import LARGEST_ID
from ostrom.places.models import Place
from ostrom.translations.reading import reading_for, reading_language

from . import presenters, results, services, translations
from .forms import QuestionForm, SectionForm, SendForm, SurveyForm
from .models import PanelMembership, Question, Section, Survey

# Open-link respondents without an account are known by a random key in this signed cookie (as the
# conversations' participants are): only a key this site handed out can start a response.
COOKIE = "ostrom_survey_respondent"
COOKIE_SALT = "ostrom.surveys.respondent"
COOKIE_NOT_KEPT = gettext_lazy(
    "Your browser did not keep our cookie. Allow cookies for this site and try again"
)
EXPORTS = {
    "responses.csv": ("text/csv; charset=utf-8", results.export_csv),
    "data-dictionary.csv": ("text/csv; charset=utf-8", results.dictionary_csv),
    "responses.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        results.export_xlsx,
    ),
}


# The community panel ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def panel(request):
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={reverse('surveys:panel')}")
        if request.POST.get("action") == "leave":
            services.leave_panel(person=request.user)
            messages.success(
                request, gettext("You have left the community panel. We will not send you surveys.")
            )
        else:
            services.join_panel(person=request.user)
            messages.success(request, gettext("Thank you for joining the community panel"))
        return redirect("surveys:panel")
    membership = (
        PanelMembership.objects.current().filter(user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    has_equality_answers = (
        request.user.is_authenticated
        and EqualityAnswer.objects.consented().filter(user=request.user).exists()
    )
    return render(
        request,
        "surveys/panel.html",
        {"membership": membership, "has_equality_answers": has_equality_answers},
    )


# Lists and building -----------------------------------------------------------------------------


def survey_list(request):
    user = request.user
    sent = Survey.objects.sent().select_related("place")
    mine = sent.filter(invitations__user=user) if user.is_authenticated else Survey.objects.none()
    runs = [s for s in Survey.objects.select_related("place") if permissions.can_run_survey(user, s)]
    invited = [s for s in mine if s.is_open]
    open_links = [s for s in sent.filter(audience=Survey.Audience.OPEN_LINK) if s.is_open]
    return render(
        request,
        "surveys/survey_list.html",
        {
            "invited": invited,
            "open_links": open_links,
            "reading": reading_for(request, translations.list_items(invited + open_links)),
            "runs": runs,
            "can_create": permissions.is_any_coordinator(user),
        },
    )


def _places_coordinated(user):
    return [p for p in Place.objects.order_by("name") if permissions.can_coordinate(user, places=[p])]


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    permissions.ensure(
        permissions.is_any_coordinator(request.user), gettext("Only coordinators can start a survey")
    )
    places = Place.objects.filter(pk__in=[p.pk for p in _places_coordinated(request.user)])
    form = SurveyForm(request.POST or None, places=places, initial={"audience": Survey.Audience.PANEL})
    if form.is_valid():
        try:
            survey = services.create_survey(coordinator=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Survey started. Add its questions."))
            return redirect("surveys:manage", survey.slug)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": None},
        status=400 if form.errors else 200,
    )


def _survey_run_by(request, slug) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("place", "subgroup"), slug=slug)
    permissions.ensure(permissions.can_run_survey(request.user, survey), str(services.ONLY_RUNNERS))
    return survey


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, slug):
    survey = _survey_run_by(request, slug)
    initial = {
        "title": survey.title,
        "introduction": survey.introduction,
        "audience": survey.audience,
        "subgroup": survey.subgroup_id,
        "event": survey.event_id,
    }
    form = SurveyForm(request.POST or None, initial=initial, editing=True)
    if form.is_valid():
        try:
            services.update_survey(coordinator=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The survey's details are saved"))
            return redirect("surveys:manage", survey.slug)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": survey},
        status=400 if form.errors else 200,
    )


@login_required
def manage(request, slug):
    survey = _survey_run_by(request, slug)
    return _manage_page(request, survey)


def _manage_page(request, survey, *, section_form=None, problem="", status=200):
    sections = list(survey.sections.prefetch_related("questions__options__skip_to"))
    submitted = survey.responses.submitted().count()
    return render(
        request,
        "surveys/manage.html",
        {
            "survey": survey,
            "sections": sections,
            "kinds": [(k, label) for k, label in Question.Kind.choices if k != Question.Kind.SWEMWBS],
            "section_form": section_form or SectionForm(),
            "problem": problem,
            "submitted": submitted,
            "started": survey.responses.filter(submitted_at=None).count(),
            "invited": survey.invitations.count(),
            "audience_size": services.audience_of(survey).count() if survey.is_draft else None,
        },
        status=status,
    )


@login_required
@require_POST
def arrange(request, slug):
    survey = _survey_run_by(request, slug)
    item_id = request.POST.get("item", "")
    try:
        if not item_id.isdecimal() or int(item_id) > LARGEST_ID:
            raise ValidationError(gettext("Choose a section or question of this survey"))
        services.arrange(
            coordinator=request.user,
            survey=survey,
            what=request.POST.get("what", ""),
            item_id=int(item_id),
            action=request.POST.get("action", ""),
        )
    except ValidationError as problem:
        return _manage_page(request, survey, problem=problem.messages[0], status=400)
    return redirect(f"{reverse('surveys:manage', args=[survey.slug])}#sections")


@login_required
@require_http_methods(["GET", "POST"])
def section_add(request, slug):
    survey = _survey_run_by(request, slug)
    form = SectionForm(request.POST or None)
    if form.is_valid():
        try:
            section = services.add_section(coordinator=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return redirect(f"{reverse('surveys:manage', args=[survey.slug])}#section-{section.pk}")
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": survey, "section": None},
        status=400 if form.errors else 200,
    )


def _section_run_by(request, section_id) -> Section:
    section = get_object_or_404(Section.objects.select_related("survey__place"), pk=section_id)
    permissions.ensure(permissions.can_run_survey(request.user, section.survey), str(services.ONLY_RUNNERS))
    return section


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, section_id):
    section = _section_run_by(request, section_id)
    form = SectionForm(request.POST or None, initial={"title": section.title})
    if form.is_valid():
        try:
            services.rename_section(coordinator=request.user, section=section, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return redirect(f"{reverse('surveys:manage', args=[section.survey.slug])}#section-{section.pk}")
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": section.survey, "section": section},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, section_id):
    section = _section_run_by(request, section_id)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in Question.Kind.values:
        kind = Question.Kind.SINGLE
    if kind == Question.Kind.SWEMWBS and request.method == "POST":
        try:
            services.add_question(coordinator=request.user, section=section, kind=kind)
        except ValidationError as problem:
            return _manage_page(request, section.survey, problem=problem.messages[0], status=400)
        messages.success(request, gettext("The SWEMWBS wellbeing block is added"))
        return redirect(f"{reverse('surveys:manage', args=[section.survey.slug])}#section-{section.pk}")
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, kind=kind, initial={"required": True, "min_value": 1, "max_value": 5})
    if form.is_valid():
        arguments = form.arguments()
        arguments.pop("skips")
        try:
            services.add_question(coordinator=request.user, section=section, kind=kind, **arguments)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Question added"))
            return redirect(f"{reverse('surveys:manage', args=[section.survey.slug])}#section-{section.pk}")
    return render(
        request,
        "surveys/question_form.html",
        {
            "form": form,
            "survey": section.survey,
            "section": section,
            "question": None,
            "kind": kind,
            "kind_label": Question.Kind(kind).label,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, question_id):
    question = get_object_or_404(Question.objects.select_related("section__survey__place"), pk=question_id)
    section, survey = question.section, question.section.survey
    permissions.ensure(permissions.can_run_survey(request.user, survey), str(services.ONLY_RUNNERS))
    later = [s for s in survey.sections.all() if (s.order, s.pk) > (section.order, section.pk)]
    initial = {
        "text": question.text,
        "hint": question.hint,
        "required": question.required,
        "options": "\n".join(o.label for o in question.options.all()),
        "min_value": question.min_value,
        "max_value": question.max_value,
        "min_label": question.min_label,
        "max_label": question.max_label,
    }
    form = QuestionForm(
        request.POST or None, kind=question.kind, question=question, later_sections=later, initial=initial
    )
    if form.is_valid():
        try:
            services.change_question(coordinator=request.user, question=question, **form.arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Question saved"))
            return redirect(f"{reverse('surveys:manage', args=[survey.slug])}#section-{section.pk}")
    return render(
        request,
        "surveys/question_form.html",
        {
            "form": form,
            "survey": survey,
            "section": section,
            "question": question,
            "kind": question.kind,
            "kind_label": question.get_kind_display(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def preview(request, slug):
    """Every section as a respondent sees it, on one page, saving nothing."""
    survey = _survey_run_by(request, slug)
    sections = list(survey.sections.prefetch_related("questions__options"))
    return render(
        request,
        "surveys/preview.html",
        {
            "survey": survey,
            "sections": [
                (s, [presenters.question_field(q, {}, {}) for q in s.questions.all()]) for s in sections
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def send(request, slug):
    survey = _survey_run_by(request, slug)
    form = SendForm(request.POST or None)
    if form.is_valid():
        closes_at = timezone.make_aware(datetime.combine(form.cleaned_data["closes_on"], time(23, 59)))
        try:
            progress = services.send_survey(
                coordinator=request.user,
                survey=survey,
                closes_at=closes_at,
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            if progress is None:
                messages.success(request, gettext("The survey is open. Share its link."))
                return redirect("surveys:manage", survey.slug)
            return redirect(progress)
    return render(
        request,
        "surveys/send.html",
        {"form": form, "survey": survey, "audience_size": services.audience_of(survey).count()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remind(request, slug):
    survey = _survey_run_by(request, slug)
    try:
        progress = services.send_reminder(
            coordinator=request.user, survey=survey, site_url=request.build_absolute_uri("/")
        )
    except ValidationError as problem:
        return _manage_page(request, survey, problem=problem.messages[0], status=400)
    return redirect(progress)


@login_required
@require_POST
def close(request, slug):
    survey = _survey_run_by(request, slug)
    try:
        services.close_survey(coordinator=request.user, survey=survey)
    except ValidationError as problem:
        return _manage_page(request, survey, problem=problem.messages[0], status=400)
    messages.success(request, gettext("The survey is closed"))
    return redirect("surveys:manage", survey.slug)


# Answering --------------------------------------------------------------------------------------


def _sent_survey(request, slug) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("place"), slug=slug)
    if survey.is_draft and not permissions.can_run_survey(request.user, survey):
        raise Http404
    return survey


def _cookie_key(request) -> str | None:
    try:
        return request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None


def _existing_response(request, survey):
    if request.user.is_authenticated:
        return survey.responses.filter(user=request.user).first()
    key = _cookie_key(request)
    return (
        survey.responses.filter(key_hash=services.key_hash(key)).first()
        if key and survey.is_open_link
        else None
    )


def _remember_browser(request, survey, response: HttpResponse) -> HttpResponse:
    if (
        not request.user.is_authenticated
        and survey.is_open_link
        and survey.is_open
        and _cookie_key(request) is None
    ):
        response.set_signed_cookie(
            COOKIE,
            services.new_key(),
            salt=COOKIE_SALT,
            max_age=60 * 60 * 24 * 180,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _may_answer(request, survey) -> bool:
    if not survey.is_open:
        return False
    if survey.is_open_link:
        return True
    invited = request.user.is_authenticated and survey.invitations.filter(user=request.user).exists()
    return permissions.can_answer_survey(request.user, survey, is_invited=invited)


def survey_detail(request, slug):
    survey = _sent_survey(request, slug)
    response = _existing_response(request, survey)
    page = render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "reading": reading_for(request, translations.items(survey)),
            "response": response,
            "may_answer": _may_answer(request, survey),
            "can_run": permissions.can_run_survey(request.user, survey),
            "can_see_results": permissions.can_see_survey_results(request.user, survey),
            "question_count": Question.objects.filter(section__survey=survey).count(),
        },
    )
    return _remember_browser(request, survey, page)


class CookieNotKept(Exception):
    pass


def _response(request, survey):
    """The person's response, started on first use (an open-link visitor needs the cookie we set)."""
    language = reading_language(request)
    if request.user.is_authenticated or not survey.is_open_link:
        return services.response_for(survey=survey, user=request.user, language=language)
    key = _cookie_key(request)
    if key is None:
        raise CookieNotKept
    existing = survey.responses.filter(key_hash=services.key_hash(key)).first()
    if existing:
        return existing
    ratelimits.check(request, "new-participant")
    return services.response_for(survey=survey, key=key, language=language)


def _refused(request, survey, message, status):
    return render(request, "surveys/refused.html", {"survey": survey, "message": message}, status=status)


def _answering(view):
    """Turn the ways an answer can be refused into a page that says why."""

    def wrapped(request, slug, *args, **kwargs):
        survey = _sent_survey(request, slug)
        try:
            return view(request, survey, *args, **kwargs)
        except services.SurveyClosed as problem:
            return _refused(request, survey, str(problem), 409)
        except CookieNotKept:
            if request.method == "GET":  # a link straight to a page: the survey's own page sets the cookie
                return redirect(survey)
            return _refused(request, survey, COOKIE_NOT_KEPT, 400)
        except ratelimits.Ratelimited as problem:
            return _refused(
                request,
                survey,
                gettext("We have had a lot of answers from your network.")
                + " "
                + ratelimits.wait_of(problem),
                429,
            )
        except permissions.NotAllowed as problem:
            if not request.user.is_authenticated:
                return redirect(f"{reverse('accounts:login')}?next={survey.get_absolute_url()}")
            return _refused(request, survey, str(problem), 403)

    wrapped.__name__ = view.__name__
    return wrapped


@_answering
def resume(request, survey):
    """Carry on where the person left off: the first section on their route not yet saved, or the check page."""
    services.ensure_open(survey)
    response = _response(request, survey)
    for section in services.route_of(response, survey):
        if section.pk not in response.saved_sections:
            return redirect("surveys:answer-section", survey.slug, section.pk)
    return redirect("surveys:check-answers", survey.slug)


@_answering
@require_http_methods(["GET", "POST"])
def answer_section(request, survey, section_id):
    section = get_object_or_404(survey.sections.prefetch_related("questions__options"), pk=section_id)
    services.ensure_open(survey)
    response = _response(request, survey)
    questions = list(section.questions.all())
    errors = {}
    if request.method == "POST":
        raw = presenters.raw_from_post(questions, request.POST)
        try:
            services.save_section(response=response, section=section, raw=raw)
        except ValidationError as problem:
            errors = {name: messages_[0] for name, messages_ in problem.message_dict.items()}
        else:
            path = services.route_of(response, survey)
            following = _after(path, section)
            if following is None:
                return redirect("surveys:check-answers", survey.slug)
            return redirect("surveys:answer-section", survey.slug, following.pk)
    else:
        saved = dict(response.answers.values_list("question_id", "value"))
        raw = presenters.raw_from_answers(questions, saved)
    path = services.route_of(response, survey)
    ids = [s.pk for s in path]
    previous = path[ids.index(section.pk) - 1] if section.pk in ids and ids.index(section.pk) > 0 else None
    reading = reading_for(request, translations.items(survey))
    return render(
        request,
        "surveys/answer_section.html",
        {
            "survey": survey,
            "section": section,
            "reading": reading,
            "fields": [presenters.question_field(q, raw, errors, reading.show) for q in questions],
            "error_list": presenters.error_list(questions, errors),
            "back_url": reverse("surveys:answer-section", args=[survey.slug, previous.pk])
            if previous
            else survey.get_absolute_url(),
            "step": (ids.index(section.pk) + 1) if section.pk in ids else None,
            "steps": len(path),
            "show_section_title": len(path) > 1,
        },
        status=400 if errors else 200,
    )


def _after(path, section):
    ids = [s.pk for s in path]
    if section.pk not in ids:
        return path[0] if path else None
    index = ids.index(section.pk)
    return path[index + 1] if index + 1 < len(path) else None


@_answering
@require_http_methods(["GET", "POST"])
def check_answers(request, survey):
    services.ensure_open(survey)
    response = _response(request, survey)
    errors = {}
    if request.method == "POST":
        try:
            services.submit_response(response=response)
        except ValidationError as problem:
            errors = {name: m[0] for name, m in problem.message_dict.items()}
        else:
            messages.success(request, gettext("Thank you. Your answers have been sent."))
            return redirect(survey)
    path = services.route_of(response, survey)
    saved = dict(response.answers.values_list("question_id", "value"))
    reading = reading_for(request, translations.items(survey))
    rows = presenters.check_rows(
        path,
        saved,
        lambda section: reverse("surveys:answer-section", args=[survey.slug, section.pk]),
        reading.show,
    )
    return render(
        request,
        "surveys/check_answers.html",
        {
            "survey": survey,
            "reading": reading,
            "rows": rows,
            "errors": [{"text": message} for message in errors.values()],
            "back_url": reverse("surveys:answer-section", args=[survey.slug, path[-1].pk])
            if path
            else survey.get_absolute_url(),
            "already_submitted": response.is_submitted,
        },
        status=400 if errors else 200,
    )


# Results ----------------------------------------------------------------------------------------


@login_required
def survey_results(request, slug):
    survey = get_object_or_404(Survey.objects.select_related("place"), slug=slug)
    permissions.ensure(
        permissions.can_see_survey_results(request.user, survey),
        gettext("Only the coordinators of the survey's place and partners see its results"),
    )
    shown = results.survey_results(survey)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            **shown,
            "tables": {
                result.question.pk: presenters.result_table(result)
                for _, section_results in shown["sections"]
                for result in section_results
                if result.rows
            },
            "by_group": {
                result.question.pk
                for _, section_results in shown["sections"]
                for result in section_results
                if results.can_break_down(result.question)
            },
            "dimensions": DIMENSIONS,
            "minimum": results.MINIMUM_RESPONSES,
        },
    )


@login_required
def results_by_group(request, slug, question_id, dimension):
    """One question's answers by ethnic group, deprivation or age band, every figure protected."""
    survey = get_object_or_404(Survey.objects.select_related("place"), slug=slug)
    permissions.ensure(
        permissions.can_see_survey_results(request.user, survey),
        gettext("Only the coordinators of the survey's place and partners see its results"),
    )
    question = get_object_or_404(
        Question.objects.filter(section__survey=survey).prefetch_related("options"), pk=question_id
    )
    if dimension not in DIMENSIONS or not results.can_break_down(question):
        raise Http404
    shown = survey.responses.submitted().count() >= results.MINIMUM_RESPONSES
    columns = results.answers_by_group(survey, question, by=dimension) if shown else []
    return render(
        request,
        "surveys/results_by_group.html",
        {
            "survey": survey,
            "question": question,
            "dimension": dimension,
            "dimensions": DIMENSIONS,
            "group_table": presenters.by_group_table(question, columns, DIMENSIONS[dimension])
            if columns
            else None,
            "too_few": [label for label, breakdown in columns if breakdown.too_few_text],
            "too_few_text": columns[0][1].too_few_text if columns and columns[0][1].too_few_text else "",
            "shown": shown,
            "minimum": results.MINIMUM_RESPONSES,
        },
    )


@login_required
def export(request, slug, filename):
    survey = get_object_or_404(Survey.objects.select_related("place"), slug=slug)
    permissions.ensure(
        permissions.can_see_survey_results(request.user, survey),
        gettext("Only the coordinators of the survey's place and partners download its responses"),
    )
    if filename not in EXPORTS:
        raise Http404
    if survey.responses.submitted().count() < results.MINIMUM_RESPONSES:
        return _refused(
            request,
            survey,
            gettext("Responses can be downloaded once %(minimum)s people have answered")
            % {"minimum": results.MINIMUM_RESPONSES},
            409,
        )
    content_type, make = EXPORTS[filename]
    page = HttpResponse(make(survey), content_type=content_type)
    page["Content-Disposition"] = f'attachment; filename="{survey.slug}-{filename}"'
    return page
