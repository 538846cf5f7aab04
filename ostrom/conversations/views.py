from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.core.forms import attach_errors

from . import polis, presenters, selectors, services
from .forms import ConversationForm, ModerationForm, PolisImportForm, StatementForm
from .models import Conversation, OpinionMapResult, Statement, Vote

COOKIE = "ostrom_participant"


def conversation_list(request):
    return render(
        request,
        "conversations/conversation_list.html",
        {"conversations": Conversation.objects.all(), "can_create": _is_coordinator(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request):
    if not _is_coordinator(request):
        raise PermissionDenied
    form = ConversationForm(request.POST or None, initial={"allows_anonymous": True})
    if form.is_valid():
        conversation = services.open_conversation(coordinator=request.user, **form.cleaned_data)
        messages.success(request, "The conversation is open")
        return redirect(conversation)
    return render(request, "conversations/conversation_form.html", {"form": form})


def conversation_detail(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    participant = _existing_participant(request, conversation)
    return render(
        request,
        "conversations/conversation_detail.html",
        _voting_context(request, conversation, participant, StatementForm()),
    )


@require_POST
def vote(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    statement = get_object_or_404(Statement, pk=request.POST.get("statement"), conversation=conversation)
    try:
        value = int(request.POST.get("value", ""))
        participant, key = _participant(request, conversation)
        services.cast_vote(participant=participant, statement=statement, value=value)
    except services.NotAllowed:
        return redirect(f"/sign-in/?next={conversation.get_absolute_url()}")
    except (ValueError, ValidationError, services.ConversationClosed) as problem:
        messages.error(
            request,
            str(getattr(problem, "message", problem))
            if not isinstance(problem, ValueError)
            else "Choose agree, disagree or pass",
        )
        return redirect(conversation)
    if request.headers.get("HX-Request"):
        response = render(
            request,
            "conversations/_statement.html",
            _voting_context(request, conversation, participant, StatementForm()),
        )
    else:
        response = redirect(conversation)
    return _remember(response, key)


@require_POST
def add_statement(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    form = StatementForm(request.POST)
    try:
        participant, key = _participant(request, conversation)
    except services.NotAllowed:
        return redirect(f"/sign-in/?next={conversation.get_absolute_url()}")
    if form.is_valid():
        try:
            statement = services.submit_statement(participant=participant, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        except services.ConversationClosed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                "Thank you. Your statement will be shown once a coordinator has read it."
                if statement.status == Statement.Status.WAITING
                else "Thank you. Your statement is now shown.",
            )
            return _remember(redirect(conversation), key)
    return _remember(
        render(
            request,
            "conversations/conversation_detail.html",
            _voting_context(request, conversation, participant, form),
        ),
        key,
    )


def results(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    result = OpinionMapResult.objects.filter(conversation=conversation).first()
    context = {"conversation": conversation, "result": result}
    if result is not None:
        with_breakdowns = request.user.is_authenticated and request.user.can_see_equality_totals
        context.update(presenters.opinion_map_view(result, with_breakdowns=with_breakdowns))
    return render(request, "conversations/results.html", context)


@login_required
def moderation(request, slug):
    if not _is_coordinator(request):
        raise PermissionDenied
    conversation = get_object_or_404(Conversation, slug=slug)
    waiting = [
        (statement, ModerationForm(statement=statement, prefix=f"s{statement.pk}"))
        for statement in conversation.statements.waiting()
    ]
    return render(
        request,
        "conversations/moderation.html",
        {"conversation": conversation, "waiting": waiting, "shown": conversation.statements.accepted()},
    )


@login_required
@require_POST
def moderate(request, statement_id):
    statement = get_object_or_404(Statement.objects.select_related("conversation"), pk=statement_id)
    if not _is_coordinator(request):
        raise PermissionDenied
    form = ModerationForm(request.POST, statement=statement, prefix=f"s{statement.pk}")
    if form.is_valid():
        try:
            services.moderate_statement(coordinator=request.user, statement=statement, **form.cleaned_data)
        except ValidationError as problem:
            messages.error(request, problem.messages[0])
        else:
            messages.success(request, "The statement has been moderated")
    else:
        messages.error(request, "Select what to do with the statement")
    return redirect("conversations:moderation", statement.conversation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def polis_import(request, slug):
    if not _is_coordinator(request):
        raise PermissionDenied
    conversation = get_object_or_404(Conversation, slug=slug)
    form = PolisImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            count = polis.import_export(
                coordinator=request.user,
                conversation=conversation,
                comments=form.cleaned_data["comments"].read(),
                votes=form.cleaned_data["votes"].read(),
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, f"Imported {count} votes. The map will be redrawn in a moment.")
            return redirect(conversation)
    return render(request, "conversations/polis_import.html", {"conversation": conversation, "form": form})


def polis_export(request, slug, part):
    conversation = get_object_or_404(Conversation, slug=slug)
    text = polis.comments_csv(conversation) if part == "comments" else polis.votes_csv(conversation)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{conversation.slug}-{part}.csv"'
    return response


def _voting_context(request, conversation, participant, form) -> dict:
    statement = (
        selectors.next_statement(participant)
        if participant
        else (conversation.statements.accepted().order_by("created_at", "pk").first())
    )
    shown = conversation.statements.accepted().count()
    answered = (
        participant.votes.filter(statement__status=Statement.Status.ACCEPTED).count() if participant else 0
    )
    return {
        "conversation": conversation,
        "statement": statement,
        "shown_count": shown,
        "answered_count": answered,
        "form": form,
        "choices": Vote.CHOICES,
        "can_take_part": conversation.is_open
        and (request.user.is_authenticated or conversation.allows_anonymous),
        "is_coordinator": _is_coordinator(request),
    }


def _existing_participant(request, conversation):
    if request.user.is_authenticated:
        return conversation.participants.filter(user=request.user).first()
    key = request.COOKIES.get(COOKIE)
    return conversation.participants.filter(anonymous_key=key).first() if key else None


def _participant(request, conversation):
    key = (
        None
        if request.user.is_authenticated
        else (request.COOKIES.get(COOKIE) or services.new_anonymous_key())
    )
    participant = services.join(conversation=conversation, user=request.user, anonymous_key=key)
    return participant, key


def _remember(response, key):
    if key:
        response.set_cookie(
            COOKIE,
            key,
            max_age=60 * 60 * 24 * 365,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _is_coordinator(request) -> bool:
    return request.user.is_authenticated and request.user.is_coordinator
