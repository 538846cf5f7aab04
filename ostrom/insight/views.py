from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.accounts.selectors import breakdown_people
from ostrom.core.forms import SpreadsheetForm, attach_errors
from ostrom.core.presenters import pagination
from ostrom.core.spreadsheets import csv_text
from ostrom.core.validation import LARGEST_ID

from . import importing, paper, presenters, services
from .forms import (
    BLANK_ROWS,
    RECORDED_KINDS,
    BringInForm,
    CaseForActionForm,
    CostLineForm,
    CostLineFormSet,
    InsightFilterForm,
    InsightForm,
    cost_lines,
)
from .models import Insight
from .selectors import Filters, find_insight

LINE_FIELDS = list(CostLineForm.base_fields)


def _visible(request, insight_id) -> Insight:
    if insight_id > LARGEST_ID:
        insight_id = 0
    return get_object_or_404(
        Insight.objects.visible_to(request.user).select_related("place", "subgroup", "case"), pk=insight_id
    )


def _filters(form: InsightFilterForm) -> Filters:
    if not form.is_valid():
        return Filters()
    data = form.cleaned_data
    return Filters(
        query=data["q"],
        place=data["place"],
        subgroup=data["subgroup"],
        source=data["source"],
        kind=data["kind"],
        speaker_group=data["speaker_group"],
    )


def insight_list(request):
    form = InsightFilterForm(request.GET or None)
    filters = _filters(form)
    insights = find_insight(request.user, filters)
    page = Paginator(insights, 25).get_page(request.GET.get("page"))
    context = {
        "form": form if form.is_bound else InsightFilterForm(),
        "can_filter_by_group": permissions.places_with_unpublished_insight(request.user) != [],
        "page": page,
        "pagination": pagination(page, request),
        "tags": {insight.pk: presenters.status_tag(insight) for insight in page},
        "attributions": {insight.pk: presenters.attribution(insight) for insight in page},
        "can_record": permissions.can_record_any_insight(request.user),
        "breakdown": None,
    }
    if permissions.can_see_reach(request.user, places=[filters.place] if filters.place else ()):
        # Who spoke, among account holders in these results: their own consented answers, suppressed.
        speakers = get_user_model().objects.filter(pk__in=insights.exclude(speaker=None).values("speaker"))
        context["breakdown"] = breakdown_people(
            speakers, by="ethnic_group", places=[filters.place] if filters.place else []
        )
    return render(request, "insight/insight_list.html", context)


def insight_detail(request, insight_id):
    insight = _visible(request, insight_id)
    can_change = presenters.can_change(request.user, insight)
    context = {
        "insight": insight,
        "attribution": presenters.attribution(insight),
        "tag": presenters.status_tag(insight),
        "can_change": can_change,
        "speaker_group": presenters.speaker_group_text(insight) if can_change else "",
        "working": presenters.working_of(insight.case)
        if insight.kind == Insight.Kind.CASE_FOR_ACTION
        else None,
    }
    return render(request, "insight/insight_detail.html", context)


def _ensure_may_record(request):
    permissions.ensure(permissions.can_record_any_insight(request.user), services.ONLY_COORDINATORS)


@login_required
@require_http_methods(["GET", "POST"])
def record_insight(request):
    _ensure_may_record(request)
    form = InsightForm(request.POST or None, initial={"consent_to_use": False})
    if form.is_valid():
        try:
            insight = services.record_insight(coordinator=request.user, **form.service_arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:
            form.add_error("place", str(problem))
        else:
            messages.success(request, gettext("The insight has been recorded"))
            return redirect(insight)
    return render(request, "insight/insight_form.html", {"form": form, "insight": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit_insight(request, insight_id):
    insight = _visible(request, insight_id)
    permissions.ensure(presenters.can_change(request.user, insight), services.ONLY_COORDINATORS)
    kinds = (
        [(Insight.Kind.CASE_FOR_ACTION.value, Insight.Kind.CASE_FOR_ACTION.label)]
        if insight.kind == Insight.Kind.CASE_FOR_ACTION
        else [(Insight.Kind.COMMENT.value, Insight.Kind.COMMENT.label)] + RECORDED_KINDS
        if insight.kind == Insight.Kind.COMMENT
        else None
    )
    initial = {
        "place": insight.place_id,
        "kind": insight.kind,
        "title": insight.title,
        "text": insight.text,
        "source": insight.source,
        "said_on": insight.said_on,
        "subgroup": insight.subgroup_id,
        "speaker_email": insight.speaker.email if insight.speaker else "",
        "speaker_name": insight.speaker_name,
        "speaker_group": insight.speaker_group,
        "consent_to_use": insight.consent_to_use,
        "publication": insight.publication,
        "consent_wording": insight.consent_wording,
    }
    form = InsightForm(request.POST or None, initial=initial, kinds=kinds)
    if form.is_valid():
        try:
            services.update_insight(coordinator=request.user, insight=insight, **form.service_arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:
            form.add_error("place", str(problem))
        else:
            messages.success(request, gettext("Your changes have been saved"))
            return redirect(insight)
    return render(request, "insight/insight_form.html", {"form": form, "insight": insight})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_consent(request, insight_id):
    insight = _visible(request, insight_id)
    permissions.ensure(presenters.can_change(request.user, insight), services.ONLY_COORDINATORS)
    problem = None
    if request.method == "POST":
        try:
            services.withdraw_consent(coordinator=request.user, insight=insight)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(
                request, gettext("Consent has been withdrawn. It is no longer published anywhere")
            )
            return redirect(insight)
    return render(request, "insight/withdraw.html", {"insight": insight, "problem": problem})


@login_required
@require_http_methods(["GET", "POST"])
def erase_insight(request, insight_id):
    insight = _visible(request, insight_id)
    permissions.ensure(presenters.can_change(request.user, insight), services.ONLY_COORDINATORS)
    if request.method == "POST":
        services.erase_insight(coordinator=request.user, insight=insight)
        messages.success(request, gettext("The insight has been erased"))
        return redirect("insight:insight-list")
    return render(request, "insight/erase.html", {"insight": insight})


# Cases for action -------------------------------------------------------------------------------


def _line_rows(data, total) -> list[dict]:
    return [{name: data.get(f"lines-{index}-{name}", "") for name in LINE_FIELDS} for index in range(total)]


def _posted_line_count(data) -> int:
    value = data.get("lines-TOTAL_FORMS", "")
    return min(int(value), 40) if value.isdecimal() else BLANK_ROWS


def _case_form_page(request, *, insight=None):
    editing = insight is not None
    if request.method == "POST" and "add_line" in request.POST:
        # "Add another line" without JavaScript: show the form again as typed, with one more blank row.
        rows = _line_rows(request.POST, _posted_line_count(request.POST)) + [{}]
        form = CaseForActionForm(initial=request.POST.dict(), editing=editing)
        formset = CostLineFormSet(prefix="lines", initial=rows)
        return form, formset, None
    if request.method == "POST":
        form = CaseForActionForm(request.POST, editing=editing)
        formset = CostLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                if editing:
                    services.update_case_for_action(
                        coordinator=request.user,
                        insight=insight,
                        problem=data["problem"],
                        who_is_affected=data["who_is_affected"],
                        proposed_action=data["proposed_action"],
                        lines=cost_lines(formset),
                        stated_net_saving=data["stated_net_saving"],
                    )
                else:
                    insight = services.record_case_for_action(
                        coordinator=request.user, lines=cost_lines(formset), **data
                    )
            except ValidationError as problem:
                attach_errors(form, problem)
            except permissions.NotAllowed as problem:
                form.add_error("place" if "place" in form.fields else None, str(problem))
            else:
                return form, formset, insight
        elif not formset.is_valid() and not formset.non_form_errors():
            form.add_error(None, gettext("Check the cost lines"))
        elif formset.non_form_errors():
            form.add_error(None, gettext("The cost lines could not be read: add them again"))
        return form, formset, None
    if editing:
        case = insight.case
        initial = {
            "problem": case.problem,
            "who_is_affected": case.who_is_affected,
            "proposed_action": case.proposed_action,
        }
        rows = [{name: getattr(line, name) for name in LINE_FIELDS} for line in case.lines.all()] + [{}] * 2
        return (
            CaseForActionForm(initial=initial, editing=True),
            CostLineFormSet(prefix="lines", initial=rows),
            None,
        )
    return (
        CaseForActionForm(initial={"publication": Insight.Publication.ANONYMISED}),
        CostLineFormSet(prefix="lines", initial=[{}] * BLANK_ROWS),
        None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_case(request):
    _ensure_may_record(request)
    form, formset, insight = _case_form_page(request)
    if insight is not None:
        messages.success(request, gettext("The case for action has been recorded"))
        return redirect(insight)
    return render(request, "insight/case_form.html", {"form": form, "formset": formset, "insight": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit_case(request, insight_id):
    insight = _visible(request, insight_id)
    if insight.kind != Insight.Kind.CASE_FOR_ACTION:
        return redirect("insight:insight-edit", insight.pk)
    permissions.ensure(presenters.can_change(request.user, insight), services.ONLY_COORDINATORS)
    form, formset, saved = _case_form_page(request, insight=insight)
    if saved is not None:
        messages.success(request, gettext("Your changes have been saved"))
        return redirect(insight)
    return render(request, "insight/case_form.html", {"form": form, "formset": formset, "insight": insight})


def _case(request, insight_id) -> Insight:
    insight = _visible(request, insight_id)
    if insight.kind != Insight.Kind.CASE_FOR_ACTION:
        raise Http404("This is not a case for action")
    return insight


def case_paper(request, insight_id):
    insight = _case(request, insight_id)
    return render(
        request,
        "insight/case_paper.html",
        {
            "insight": insight,
            "case": insight.case,
            "working": presenters.working_of(insight.case),
            "attribution": presenters.attribution(insight),
        },
    )


def case_paper_pdf(request, insight_id):
    insight = _case(request, insight_id)
    response = HttpResponse(paper.case_pdf(insight), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-for-action-{insight.pk}.pdf"'
    return response


# Imports and bringing in ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_insight(request):
    _ensure_may_record(request)
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        progress = services.start_insight_import(
            coordinator=request.user, content=upload.read(), filename=upload.name
        )
        return redirect(progress)
    return render(request, "insight/import.html", {"form": form})


@login_required
def import_template(request):
    _ensure_may_record(request)
    response = HttpResponse(importing.template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="insight-import-template.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bring_in(request):
    _ensure_may_record(request)
    form = BringInForm(request.POST or None)
    if form.is_valid():
        try:
            progress = services.start_bring_in(
                coordinator=request.user,
                place=form.cleaned_data["place"],
                sources=form.cleaned_data["sources"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:
            form.add_error("place", str(problem))
        else:
            return redirect(progress)
    return render(request, "insight/bring_in.html", {"form": form})


def export_insight(request):
    """The list as a CSV file, with the same search, filters and rule for what the person may see."""
    insights = find_insight(request.user, _filters(InsightFilterForm(request.GET or None)))
    header = [
        "id",
        "kind",
        "title",
        "text",
        "source",
        "place",
        "subgroup",
        "said_on",
        "said_by",
        "published",
        "url",
    ]
    rows = (
        [
            insight.pk,
            insight.get_kind_display(),
            insight.title,
            insight.text,
            insight.get_source_display(),
            insight.place.name,
            insight.subgroup.name if insight.subgroup else "",
            insight.said_on.isoformat(),
            presenters.attribution(insight),
            "yes" if insight.is_published else "no",
            request.build_absolute_uri(insight.get_absolute_url()),
        ]
        for insight in insights
    )
    response = HttpResponse(csv_text(header, rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="insight.csv"'
    return response
