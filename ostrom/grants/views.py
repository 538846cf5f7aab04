import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.accounts.permissions import NotAllowed
from ostrom.budgeting import PabulibFormatError
from ostrom.core.forms import attach_errors
from ostrom.core.ratelimits import limit_posts
from ostrom.core.spreadsheets import csv_text

from . import letters, opendata, presenters, selectors, services
from .forms import (
    AccessCodesForm,
    ApplicationForm,
    AssessmentForm,
    BallotForm,
    ChoosePrioritiesForm,
    ConflictForm,
    FundForm,
    PanelForm,
    PanelSeatForm,
    PanelTimeForm,
    PaymentForm,
    PriorityForm,
    ReturnForm,
    RoundForm,
    ShortlistForm,
)
from .models import Application, Ballot, Fund, Grant, Panel, PanelSeat, Result, Round
from .pabulib import pabulib_text


def fund_list(request):
    funds = Fund.objects.prefetch_related("rounds", "places_served")
    return render(
        request,
        "grants/fund_list.html",
        {"funds": funds, "can_create": permissions.is_any_coordinator(request.user)},
    )


def fund_detail(request, slug):
    fund = get_object_or_404(Fund.objects.prefetch_related("places_served"), slug=slug)
    return render(
        request,
        "grants/fund_detail.html",
        {
            "fund": fund,
            "rounds": fund.rounds.all(),
            "can_create": permissions.can_run_fund(request.user, fund),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request):
    permissions.ensure(permissions.is_any_coordinator(request.user), "Only coordinators create funds")
    form = FundForm(request.POST or None)
    if form.is_valid():
        try:
            fund = services.create_fund(coordinator=request.user, **form.cleaned_data)
        except NotAllowed as problem:
            form.add_error("places_served", str(problem))
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, "The fund has been created. Now add its first round.")
            return redirect("grants:round-create", fund.slug)
    return render(request, "grants/fund_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_form(request, slug, round_slug=None):
    fund = get_object_or_404(Fund, slug=slug)
    permissions.ensure(
        permissions.can_run_fund(request.user, fund), "Only the fund's coordinators can do this"
    )
    funding_round = get_object_or_404(Round, slug=round_slug, fund=fund) if round_slug else None
    initial = (
        {field: getattr(funding_round, field) for field in services.ROUND_FIELDS} if funding_round else None
    )
    form = RoundForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            funding_round = services.save_round(
                coordinator=request.user, fund=fund, funding_round=funding_round, **form.cleaned_data
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, "The round has been saved")
            return redirect(funding_round)
    return render(
        request, "grants/round_form.html", {"form": form, "fund": fund, "funding_round": funding_round}
    )


def round_detail(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    context = {
        "funding_round": funding_round,
        "timeline": presenters.timeline(funding_round),
        "actions": presenters.actions(funding_round, request.user),
        "criteria": funding_round.criteria(),
        "is_coordinator": permissions.can_run_round(request.user, funding_round),
    }
    if context["is_coordinator"]:
        context["applications"] = funding_round.applications.submitted().select_related("organisation")
        context["codes"] = presenters.access_code_counts(funding_round)
    return render(request, "grants/round_detail.html", context)


@require_http_methods(["GET", "POST"])
def priorities(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    listed = (
        funding_round.priorities.filter(is_accepted=True)
        .annotate(support=Count("votes"))
        .order_by("-support", "title")
    )
    chosen = set()
    if request.user.is_authenticated:
        chosen = set(funding_round.priorities.filter(votes__voter=request.user).values_list("pk", flat=True))
    propose = PriorityForm(request.POST if request.POST.get("form") == "propose" else None, prefix="propose")
    choose = ChoosePrioritiesForm(
        request.POST if request.POST.get("form") == "choose" else None,
        funding_round=funding_round,
        initial={"priorities": list(chosen)},
        prefix="choose",
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{request.build_absolute_uri('/sign-in/')}?next={request.path}")
        try:
            if request.POST.get("form") == "propose" and propose.is_valid():
                services.propose_priority(
                    funding_round=funding_round, proposer=request.user, **propose.cleaned_data
                )
                messages.success(request, "Thank you. Your priority has been added, with your support.")
                return redirect("grants:priorities", slug)
            if request.POST.get("form") == "choose" and choose.is_valid():
                services.choose_priorities(
                    funding_round=funding_round,
                    voter=request.user,
                    priorities=choose.cleaned_data["priorities"],
                )
                messages.success(
                    request, "Your choices have been saved. You can change them until applications open."
                )
                return redirect("grants:priorities", slug)
        except ValidationError as problem:
            propose.add_error("title", problem.message_dict.get("title", problem.messages)[0])
        except services.PhaseClosed as problem:
            messages.error(request, str(problem))
    return render(
        request,
        "grants/priorities.html",
        {
            "funding_round": funding_round,
            "priorities": listed,
            "propose": propose,
            "choose": choose,
            "chosen": chosen,
            "is_open": funding_round.is_open_for_priorities,
            "form": propose if propose.errors else choose,
        },
    )


@login_required
@limit_posts("application")
@require_http_methods(["GET", "POST"])
def application_form(request, slug=None, application_id=None):
    application = None
    if application_id:
        application = get_object_or_404(
            Application.objects.select_related("funding_round"), pk=application_id, applicant=request.user
        )
        funding_round = application.funding_round
    else:
        funding_round = get_object_or_404(Round, slug=slug)
    if not funding_round.is_open_for_applications:
        messages.error(request, "Applications for this round are closed")
        return redirect(funding_round)
    initial = None
    if application:
        initial = {
            field: getattr(application, field)
            for field in [
                "organisation",
                "title",
                "summary",
                "who_benefits",
                "amount_requested",
                "priority",
                "budget_breakdown",
                "outcomes",
            ]
        } | {"places": list(application.places.all())}
    form = ApplicationForm(
        request.POST or None, initial=initial, funding_round=funding_round, applicant=request.user
    )
    if not form.fields["organisation"].queryset.exists():
        return render(request, "grants/application_needs_membership.html", {"funding_round": funding_round})
    if form.is_valid():
        submit = request.POST.get("action") == "send"
        try:
            application = services.save_application(
                funding_round=funding_round,
                applicant=request.user,
                application=application,
                submit=submit,
                **form.cleaned_data,
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request, "Your application has been sent" if submit else "Your draft has been saved"
            )
            return redirect(application)
    return render(
        request,
        "grants/application_form.html",
        {"form": form, "funding_round": funding_round, "application": application},
    )


@login_required
def my_applications(request):
    applications = Application.objects.of(request.user).select_related("funding_round__fund", "organisation")
    rows = [
        (
            application,
            presenters.status_seen(
                application, can_run_round=permissions.can_run_round(request.user, application.funding_round)
            ),
        )
        for application in applications
    ]
    return render(request, "grants/my_applications.html", {"rows": rows})


def application_detail(request, application_id):
    application = get_object_or_404(
        Application.objects.select_related("funding_round__fund", "organisation", "priority"),
        pk=application_id,
    )
    is_own = request.user.is_authenticated and application.applicant_id == request.user.pk
    is_coordinator = permissions.can_run_round(request.user, application.funding_round)
    is_public = _is_on_ballot(application)
    if not (is_own or is_public or is_coordinator):
        raise PermissionDenied
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "status": presenters.status_seen(application, can_run_round=is_coordinator),
            "is_own": is_own,
            "can_edit": is_own and application.is_editable,
        },
    )


def _is_on_ballot(application: Application) -> bool:
    """Applications on the ballot are public (shown as shortlisted until the result is); drafts and sent
    ones are not."""
    return application.status in {
        Application.Status.SHORTLISTED,
        Application.Status.FUNDED,
        Application.Status.NOT_FUNDED,
    }


@login_required
@require_http_methods(["POST"])
def withdraw_application(request, application_id):
    application = get_object_or_404(Application, pk=application_id, applicant=request.user)
    try:
        services.withdraw_application(application=application, applicant=request.user)
    except services.PhaseClosed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "Your application has been withdrawn")
    return redirect(application)


# The decision panel -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def panel(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), services.ONLY_COORDINATORS)
    existing = Panel.objects.filter(funding_round=funding_round).first()
    initial = {field: getattr(existing, field) for field in PanelForm.base_fields} if existing else None
    panel_form = PanelForm(request.POST if request.POST.get("form") == "panel" else None, initial=initial)
    seat_form = PanelSeatForm(request.POST if request.POST.get("form") == "seat" else None)
    if panel_form.is_valid():
        services.set_up_panel(
            coordinator=request.user, funding_round=funding_round, **panel_form.cleaned_data
        )
        messages.success(request, "The panel's targets have been saved")
        return redirect("grants:panel", slug)
    if existing and seat_form.is_valid():
        member = (
            get_user_model()
            .objects.filter(email=seat_form.cleaned_data["email"].lower(), is_active=True)
            .first()
        )
        if member is None:
            seat_form.add_error(
                "email", "Nobody has an account with this email address. Ask them to create one first."
            )
        else:
            try:
                services.add_panel_member(
                    coordinator=request.user,
                    panel=existing,
                    member=member,
                    has_lived_experience=seat_form.cleaned_data["has_lived_experience"],
                    place=seat_form.cleaned_data["place"],
                )
            except ValidationError as problem:
                attach_errors(seat_form, problem)
            else:
                messages.success(request, f"{member.display_name} has a seat on the panel")
                return redirect("grants:panel", slug)
    return render(
        request,
        "grants/panel.html",
        {
            "funding_round": funding_round,
            "panel": existing,
            "panel_form": panel_form,
            "seat_form": seat_form,
            "form": seat_form if seat_form.errors else panel_form,
            "targets": presenters.targets(existing) if existing else [],
            "seats": existing.seats.select_related("member", "place") if existing else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_seat(request, seat_id):
    seat = get_object_or_404(
        PanelSeat.objects.select_related("panel__funding_round__fund", "member"), pk=seat_id
    )
    permissions.ensure(
        permissions.can_run_round(request.user, seat.panel.funding_round), services.ONLY_COORDINATORS
    )
    form = PanelTimeForm(
        request.POST or None,
        initial={"paid_hours": seat.paid_hours, "training_completed_on": seat.training_completed_on},
    )
    if form.is_valid():
        services.record_panel_time(coordinator=request.user, seat=seat, **form.cleaned_data)
        messages.success(request, "Hours and training have been saved")
        return redirect("grants:panel", seat.panel.funding_round.slug)
    return render(request, "grants/panel_seat.html", {"seat": seat, "form": form})


@login_required
def assessments(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    seat = selectors.seat_of(request.user, funding_round)
    if seat is None:
        raise PermissionDenied
    conflicts, scored = selectors.conflicts_for(seat), selectors.assessments_by(seat)
    rows = [
        (application, application.pk in conflicts, scored.get(application.pk))
        for application in funding_round.applications.submitted().select_related("organisation")
    ]
    return render(
        request, "grants/assessments.html", {"funding_round": funding_round, "rows": rows, "seat": seat}
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, application_id):
    application = get_object_or_404(
        Application.objects.select_related("funding_round", "organisation", "priority"), pk=application_id
    )
    seat = selectors.seat_of(request.user, application.funding_round)
    if seat is None:
        raise PermissionDenied
    is_conflicted = selectors.is_conflicted(seat, application)
    mine = selectors.assessments_by(seat).get(application.pk)
    form = AssessmentForm(
        request.POST if request.POST.get("form") == "score" else None,
        initial={"score": mine.score, "comment": mine.comment} if mine else None,
    )
    conflict_form = ConflictForm(request.POST if request.POST.get("form") == "conflict" else None)
    try:
        if form.is_valid():
            services.assess_application(member=request.user, application=application, **form.cleaned_data)
            messages.success(request, "Your score has been saved")
            return redirect("grants:assessments", application.funding_round.slug)
        if conflict_form.is_valid():
            services.declare_conflict(
                member=request.user, application=application, **conflict_form.cleaned_data
            )
            messages.success(
                request, "Your interest has been recorded. You will not score or discuss this application."
            )
            return redirect("grants:assessments", application.funding_round.slug)
    except (services.PhaseClosed, services.Conflicted) as problem:
        form.add_error(None, str(problem))
    discussion = [] if is_conflicted else selectors.discussion(application, request.user)
    return render(
        request,
        "grants/assess.html",
        {
            "application": application,
            "form": form if not conflict_form.errors else conflict_form,
            "score_form": form,
            "conflict_form": conflict_form,
            "is_conflicted": is_conflicted,
            "discussion": [a for a in discussion if a.seat_id != seat.pk],
            "is_open": application.funding_round.phase == Round.Phase.ASSESSMENT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shortlist(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), services.ONLY_COORDINATORS)
    shortlisted = list(funding_round.applications.filter(status=Application.Status.SHORTLISTED))
    form = ShortlistForm(
        request.POST or None, funding_round=funding_round, initial={"applications": shortlisted}
    )
    if form.is_valid():
        try:
            services.shortlist(
                coordinator=request.user,
                funding_round=funding_round,
                chosen=form.cleaned_data["applications"],
            )
        except services.PhaseClosed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "The shortlist has been saved")
            return redirect(funding_round)
    return render(
        request,
        "grants/shortlist.html",
        {"funding_round": funding_round, "form": form, "rows": selectors.scored_applications(funding_round)},
    )


# The public vote --------------------------------------------------------------------------------


@limit_posts("ballot")
@require_http_methods(["GET", "POST"])
def ballot(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    applications = (
        funding_round.applications.filter(status=Application.Status.SHORTLISTED)
        .select_related("organisation", "priority")
        .order_by("title")
    )
    existing = None
    if request.user.is_authenticated:
        existing = (
            Ballot.objects.filter(funding_round=funding_round, voter=request.user)
            .prefetch_related("choices")
            .first()
        )
    initial = None
    if existing:
        initial = {
            BallotForm.field_name(choice.application): choice.value for choice in existing.choices.all()
        }
        initial["postcode"] = (
            request.user.equality_answer.postcode if hasattr(request.user, "equality_answer") else ""
        )
        initial["is_old_enough"] = True
    form = BallotForm(
        request.POST or None, funding_round=funding_round, applications=applications, initial=initial
    )
    must_confirm_email = request.user.is_authenticated and not request.user.has_confirmed_email
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if form.is_valid():
            try:
                services.cast_ballot(
                    funding_round=funding_round,
                    voter=request.user,
                    choices=form.choices(),
                    postcode=form.cleaned_data["postcode"],
                    is_old_enough=form.cleaned_data["is_old_enough"],
                    access_code=form.cleaned_data.get("access_code", ""),
                )
            except ValidationError as problem:
                attach_errors(form, problem)
            except (services.PhaseClosed, NotAllowed) as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    "Your vote has been counted. You can change it until voting closes on "
                    f"{presenters.day(funding_round.voting_closes_at)}.",
                )
                return redirect("grants:ballot", slug)
    return render(
        request,
        "grants/ballot.html",
        {
            "funding_round": funding_round,
            "form": form,
            "has_voted": existing is not None,
            "must_confirm_email": must_confirm_email,
            "confirm_email_first": services.CONFIRM_EMAIL_FIRST,
            "rules": presenters.voting_rules(funding_round),
            "is_open": funding_round.is_open_for_voting,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_ballots(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), services.ONLY_COORDINATORS)
    applications = funding_round.applications.filter(status=Application.Status.SHORTLISTED).order_by("title")
    form = BallotForm(
        request.POST if request.POST.get("form") == "enter" else None,
        funding_round=funding_round,
        applications=applications,
        paper=True,
    )
    if request.POST.get("form") == "import":
        upload = request.FILES.get("pb_file")
        try:
            if upload is None:
                raise ValidationError("Select a Pabulib (.pb) file")
            count = services.import_pabulib_ballots(
                coordinator=request.user, funding_round=funding_round, text=upload.read().decode("utf-8-sig")
            )
        except (ValidationError, PabulibFormatError, UnicodeDecodeError, services.PhaseClosed) as problem:
            message = problem.messages[0] if isinstance(problem, ValidationError) else str(problem)
            messages.error(request, f"Nothing was imported. {message}")
        else:
            messages.success(request, f"{count} ballots imported. A second person must now confirm them.")
        return redirect("grants:paper-ballots", slug)
    if request.POST.get("form") == "confirm-all":
        waiting = funding_round.ballots.filter(is_paper=True, confirmed_by__isnull=True).exclude(
            entered_by=request.user
        )
        for paper in waiting:
            services.confirm_paper_ballot(coordinator=request.user, ballot=paper)
        messages.success(request, f"{len(waiting)} paper ballots confirmed")
        return redirect("grants:paper-ballots", slug)
    if request.POST.get("form") == "confirm":
        ballot_id = request.POST.get("ballot", "")
        paper = get_object_or_404(
            Ballot,
            pk=int(ballot_id) if ballot_id.isdigit() and len(ballot_id) < 10 else 0,
            funding_round=funding_round,
            is_paper=True,
        )
        try:
            services.confirm_paper_ballot(coordinator=request.user, ballot=paper)
        except (NotAllowed, services.AlreadyConfirmed) as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request, f"Paper ballot {paper.paper_reference} is confirmed and will be counted"
            )
        return redirect("grants:paper-ballots", slug)
    if form.is_valid():
        try:
            services.enter_paper_ballot(
                coordinator=request.user,
                funding_round=funding_round,
                paper_reference=form.cleaned_data["paper_reference"],
                choices=form.choices(),
                postcode=form.cleaned_data["postcode"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        except services.PhaseClosed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Paper ballot entered. A second person must now confirm it.")
            return redirect("grants:paper-ballots", slug)
    papers = (
        funding_round.ballots.filter(is_paper=True)
        .select_related("entered_by", "confirmed_by")
        .order_by("confirmed_by", "paper_reference")
    )
    return render(
        request, "grants/paper_ballots.html", {"funding_round": funding_round, "form": form, "papers": papers}
    )


@login_required
@require_http_methods(["GET", "POST"])
def access_codes(request, slug):
    """Issue one-time codes to post to households: shown once, as printable slips or a mail-merge CSV.
    Only their hashes are kept, so a lost file cannot be downloaded again: issue new codes instead."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), services.ONLY_COORDINATORS)
    form = AccessCodesForm(request.POST or None)
    if form.is_valid():
        try:
            codes = services.issue_access_codes(
                coordinator=request.user, funding_round=funding_round, count=form.cleaned_data["count"]
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            vote_url = request.build_absolute_uri(reverse("grants:ballot", args=[funding_round.slug]))
            if form.cleaned_data["file_format"] == "csv":
                response = HttpResponse(
                    csv_text(letters.CSV_HEADER, letters.csv_rows(funding_round, codes, vote_url)),
                    content_type="text/csv; charset=utf-8",
                )
                extension = "csv"
            else:
                response = HttpResponse(
                    letters.code_slips_pdf(funding_round, codes, vote_url), content_type="application/pdf"
                )
                extension = "pdf"
            response["Content-Disposition"] = (
                f'attachment; filename="{funding_round.slug}-access-codes.{extension}"'
            )
            return response
    return render(
        request,
        "grants/access_codes.html",
        {"funding_round": funding_round, "form": form, "codes": presenters.access_code_counts(funding_round)},
    )


@login_required
def suspicious_voting(request, slug):
    """Groups of ballots from accounts made at one network address in a short time: for a coordinator
    to look into. The address itself is never stored or shown."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), services.ONLY_COORDINATORS)
    return render(
        request,
        "grants/suspicious_voting.html",
        {
            "funding_round": funding_round,
            "groups": selectors.suspicious_groups(funding_round),
            "at_least": selectors.SUSPICIOUS_ACCOUNTS,
            "hours": int(selectors.SUSPICIOUS_WINDOW.total_seconds() // 3600),
        },
    )


# The result ------------------------------------------------------------------------------------


def result(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    outcome = Result.objects.filter(funding_round=funding_round).first()
    is_coordinator = permissions.can_run_round(request.user, funding_round)
    if outcome is None or not (funding_round.is_result_public or is_coordinator):
        return render(
            request,
            "grants/result_pending.html",
            {
                "funding_round": funding_round,
                "is_coordinator": is_coordinator,
                "can_count": is_coordinator and funding_round.phase == Round.Phase.DECISION,
            },
            status=200,
        )
    rows = presenters.result_rows(outcome)
    return render(
        request,
        "grants/result.html",
        {
            "funding_round": funding_round,
            "result": outcome,
            "rows": rows,
            "by_project": presenters.money_by_project(outcome, rows),
            "by_place": presenters.money_by_place(outcome, rows),
            "rule_text": presenters.RULE_IN_PLAIN_ENGLISH[funding_round.rule],
            "is_coordinator": is_coordinator,
            "can_count": is_coordinator and funding_round.phase == Round.Phase.DECISION,
        },
    )


@login_required
@require_http_methods(["POST"])
def count_votes(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    try:
        progress = services.start_result(coordinator=request.user, funding_round=funding_round)
    except services.PhaseClosed as problem:
        messages.error(request, str(problem))
        return redirect("grants:result", slug)
    return redirect(progress)


@login_required
@require_http_methods(["POST"])
def publish_result(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    try:
        services.publish_result(coordinator=request.user, funding_round=funding_round)
    except services.PhaseClosed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "The result is published")
    return redirect("grants:result", slug)


def ballots_pb(request, slug):
    """The round's counted ballots as a Pabulib file, so anyone can check the result with their own tools."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(
        funding_round.is_result_public or permissions.can_run_round(request.user, funding_round),
        "The ballots are published with the result",
    )
    text = pabulib_text(funding_round)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{funding_round.slug}.pb"'
    return response


# Grants and open data ---------------------------------------------------------------------------


def grant_list(request):
    grants = Grant.objects.public().select_related("application__organisation", "application__funding_round")
    return render(request, "grants/grant_list.html", {"grants": grants})


@require_http_methods(["GET", "POST"])
def grant_detail(request, grant_id):
    grant = get_object_or_404(
        Grant.objects.select_related("application__organisation", "application__funding_round__fund"),
        pk=grant_id,
    )
    is_coordinator = permissions.can_run_round(request.user, grant.application.funding_round)
    is_recipient = (
        request.user.is_authenticated
        and grant.application.organisation.memberships.filter(user=request.user).exists()
    )
    payment_form = PaymentForm(request.POST if request.POST.get("form") == "payment" else None)
    return_form = ReturnForm(request.POST if request.POST.get("form") == "return" else None)
    if request.method == "POST":
        if request.POST.get("form") == "payment" and is_coordinator and payment_form.is_valid():
            try:
                services.record_payment(coordinator=request.user, grant=grant, **payment_form.cleaned_data)
            except ValidationError as problem:
                attach_errors(payment_form, problem)
            else:
                messages.success(request, "The payment has been recorded")
                return redirect(grant)
        elif request.POST.get("form") == "return" and is_recipient and return_form.is_valid():
            return_id = request.POST.get("return_id", "")
            due = get_object_or_404(
                grant.returns.due(), pk=int(return_id) if return_id.isdigit() and len(return_id) < 10 else 0
            )
            services.submit_return(submitter=request.user, monitoring_return=due, **return_form.cleaned_data)
            messages.success(request, "Thank you. Your return has been sent.")
            return redirect(grant)
        elif not (is_coordinator or is_recipient):
            raise PermissionDenied
    return render(
        request,
        "grants/grant_detail.html",
        {
            "grant": grant,
            "is_coordinator": is_coordinator,
            "is_recipient": is_recipient,
            "payment_form": payment_form,
            "return_form": return_form,
            "form": payment_form if payment_form.errors else return_form,
            "next_return": grant.returns.due().first(),
            "returns": grant.returns.all(),
            "payments": grant.payments.all(),
        },
    )


def grants_360giving_json(request):
    data = opendata.package(
        Grant.objects.public()
        .select_related("application__organisation", "application__funding_round__fund")
        .prefetch_related("application__places")
    )
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="grants-360giving.json"'
    return response


def grants_360giving_xlsx(request):
    data = opendata.package(
        Grant.objects.public()
        .select_related("application__organisation", "application__funding_round__fund")
        .prefetch_related("application__places")
    )
    response = HttpResponse(
        opendata.spreadsheet(data) if data["grants"] else b"",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.xlsx"'
    return response


@login_required
def reach(request, slug):
    """Who applied, who sat on the panel and who voted, against the population the fund serves."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(
        permissions.can_see_reach(request.user, places=funding_round.fund.places_served.all()),
        "Only the fund's coordinators and partners see who took part",
    )
    return render(
        request,
        "grants/reach.html",
        {"funding_round": funding_round, "groups": presenters.reach(funding_round)},
    )
