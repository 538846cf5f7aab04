"""The public vote: the ballot, paper ballots, access codes and the suspicious-voting check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.accounts.languages import print_choice, print_language
from ostrom.accounts.permissions import NotAllowed
from ostrom.budgeting import PabulibFormatError
from ostrom.core.forms import attach_errors
from ostrom.core.printing import MissingFont
from ostrom.core.ratelimits import limit_posts
from ostrom.core.spreadsheets import csv_text
from ostrom.translations.reading import reading_for

from .. import letters, presenters, selectors, translations
from ..forms import AccessCodesForm, BallotForm
from ..models import Application, Ballot, Round
from ..services import rules, voting


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
    # A sent form is bound to what was sent: the earlier ballot is only read to show the form afresh.
    if request.user.is_authenticated and request.method != "POST":
        existing = (
            Ballot.objects.filter(funding_round=funding_round, voter=request.user)
            .prefetch_related("choices")
            .first()
        )
    form = BallotForm(
        request.POST or None,
        funding_round=funding_round,
        applications=applications,
        initial=BallotForm.initial_from(existing, request.user) if existing else None,
    )
    must_confirm_email = request.user.is_authenticated and not request.user.has_confirmed_email
    reading = reading_for(
        request,
        translations.ballot_items(funding_round, applications),
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if form.is_valid():
            try:
                voting.cast_ballot(
                    funding_round=funding_round,
                    voter=request.user,
                    choices=form.choices(),
                    postcode=form.cleaned_data["postcode"],
                    is_old_enough=form.cleaned_data["is_old_enough"],
                    access_code=form.cleaned_data.get("access_code", ""),
                )
            except ValidationError as problem:
                attach_errors(form, problem)
            except (rules.PhaseClosed, NotAllowed) as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    gettext("Your vote has been counted. You can change it until voting closes on %(date)s.")
                    % {"date": presenters.day(funding_round.voting_closes_at)},
                )
                return redirect("grants:ballot", slug)
    return render(
        request,
        "grants/ballot.html",
        {
            "funding_round": funding_round,
            "reading": reading,
            "form": form,
            "has_voted": existing is not None
            or (
                request.method == "POST"
                and Ballot.objects.filter(funding_round=funding_round, voter=request.user).exists()
            ),
            "must_confirm_email": must_confirm_email,
            "confirm_email_first": voting.CONFIRM_EMAIL_FIRST,
            "rules": presenters.voting_rules(funding_round),
            "is_open": funding_round.is_open_for_voting,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_ballots(request, slug):
    """Type in a paper ballot, import a Pabulib file of them, or confirm ones someone else entered."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), str(rules.ONLY_COORDINATORS))
    action = request.POST.get("form")
    if action == "import":
        _import_pabulib(request, funding_round)
        return redirect("grants:paper-ballots", slug)
    if action == "confirm-all":
        count = voting.confirm_waiting_paper_ballots(coordinator=request.user, funding_round=funding_round)
        messages.success(
            request,
            ngettext("%(count)d paper ballot confirmed", "%(count)d paper ballots confirmed", count)
            % {"count": count},
        )
        return redirect("grants:paper-ballots", slug)
    if action == "confirm":
        _confirm_paper_ballot(request, funding_round)
        return redirect("grants:paper-ballots", slug)
    form = BallotForm(
        request.POST if action == "enter" else None,
        funding_round=funding_round,
        applications=funding_round.applications.filter(status=Application.Status.SHORTLISTED).order_by(
            "title"
        ),
        paper=True,
    )
    if form.is_valid():
        try:
            voting.enter_paper_ballot(
                coordinator=request.user,
                funding_round=funding_round,
                paper_reference=form.cleaned_data["paper_reference"],
                choices=form.choices(),
                postcode=form.cleaned_data["postcode"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        except rules.PhaseClosed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, gettext("Paper ballot entered. A second person must now confirm it."))
            return redirect("grants:paper-ballots", slug)
    papers = (
        funding_round.ballots.filter(is_paper=True)
        .select_related("entered_by", "confirmed_by")
        .order_by("confirmed_by", "paper_reference")
    )
    return render(
        request, "grants/paper_ballots.html", {"funding_round": funding_round, "form": form, "papers": papers}
    )


def _import_pabulib(request, funding_round: Round) -> None:
    upload = request.FILES.get("pb_file")
    try:
        if upload is None:
            raise ValidationError(gettext("Select a Pabulib (.pb) file"))
        count = voting.import_pabulib_ballots(
            coordinator=request.user, funding_round=funding_round, text=upload.read().decode("utf-8-sig")
        )
    except (ValidationError, PabulibFormatError, UnicodeDecodeError, rules.PhaseClosed) as problem:
        message = problem.messages[0] if isinstance(problem, ValidationError) else str(problem)
        messages.error(request, gettext("Nothing was imported. %(problem)s") % {"problem": message})
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d ballot imported. A second person must now confirm it.",
                "%(count)d ballots imported. A second person must now confirm them.",
                count,
            )
            % {"count": count},
        )


def _confirm_paper_ballot(request, funding_round: Round) -> None:
    ballot_id = request.POST.get("ballot", "")
    paper = get_object_or_404(
        Ballot,
        pk=int(ballot_id) if ballot_id.isdecimal() and len(ballot_id) < 10 else 0,
        funding_round=funding_round,
        is_paper=True,
    )
    try:
        voting.confirm_paper_ballot(coordinator=request.user, ballot=paper)
    except (NotAllowed, voting.AlreadyConfirmed) as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            gettext("Paper ballot %(number)s is confirmed and will be counted")
            % {"number": paper.paper_reference},
        )


@login_required
@require_http_methods(["GET", "POST"])
def access_codes(request, slug):
    """Issue one-time codes to post to households: shown once, as printable slips or a mail-merge CSV.
    Only their hashes are kept, so a lost file cannot be downloaded again: issue new codes instead."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), str(rules.ONLY_COORDINATORS))
    form = AccessCodesForm(request.POST or None)
    language = print_language(request)
    vote_url = request.build_absolute_uri(reverse("grants:ballot", args=[funding_round.slug]))
    if form.is_valid():
        try:
            if form.cleaned_data["file_format"] == "pdf":
                # A sample slip first: a language this server cannot print stops here, before codes are issued.
                letters.code_slips_pdf(funding_round, ["ABCD2345"], vote_url, language)
            codes = voting.issue_access_codes(
                coordinator=request.user, funding_round=funding_round, count=form.cleaned_data["count"]
            )
        except MissingFont as problem:
            form.add_error(None, str(problem))
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            if form.cleaned_data["file_format"] == "csv":
                response = HttpResponse(
                    csv_text(letters.CSV_HEADER, letters.csv_rows(funding_round, codes, vote_url, language)),
                    content_type="text/csv; charset=utf-8",
                )
                extension = "csv"
            else:
                response = HttpResponse(
                    letters.code_slips_pdf(funding_round, codes, vote_url, language),
                    content_type="application/pdf",
                )
                extension = "pdf"
            response["Content-Disposition"] = (
                f'attachment; filename="{funding_round.slug}-access-codes.{extension}"'
            )
            return response
    return render(
        request,
        "grants/access_codes.html",
        {
            "funding_round": funding_round,
            "form": form,
            "codes": presenters.access_code_counts(funding_round),
            **print_choice(request),
        },
    )


@login_required
def suspicious_voting(request, slug):
    """Groups of ballots from accounts made at one network address in a short time: for a coordinator
    to look into. The address itself is never stored or shown."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), str(rules.ONLY_COORDINATORS))
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
