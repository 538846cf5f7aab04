from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.core import ratelimits
from ostrom.core.forms import attach_errors
from ostrom.translations.reading import reading_for

from . import polis, presenters, selectors, services, translations
from .forms import ConversationForm, ModerationForm, PolisImportForm, StatementForm, VoteForm
from .models import Conversation, OpinionMapResult, Statement, Vote

# Anonymous participants are known by a random key in this cookie. The key is signed, so only a key this
# site handed out (when the voting page was shown) can start a participant: a script that posts without
# the cookie, or with keys of its own, cannot make a new participant on every post.
COOKIE = "ostrom_participant"
COOKIE_SALT = "ostrom.conversations.participant"
COOKIE_NOT_KEPT = gettext_lazy(
    "Your browser did not keep our cookie. Allow cookies for this site and try again"
)
TOO_MANY = gettext_lazy("We have had a lot of answers from your network in a short time")
EXPORT_PARTS = {"comments", "votes"}


class CookieNotKept(Exception):
    """An anonymous post came without the participant cookie the voting page set."""


def conversation_list(request):
    conversations = list(Conversation.objects.all())
    return render(
        request,
        "conversations/conversation_list.html",
        {
            "conversations": conversations,
            "reading": reading_for(request, translations.list_items(conversations)),
            "can_create": permissions.is_any_coordinator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request):
    permissions.ensure(
        permissions.is_any_coordinator(request.user), gettext("Only coordinators can start a conversation")
    )
    form = ConversationForm(request.POST or None, initial={"allows_anonymous": True})
    if form.is_valid():
        try:
            conversation = services.open_conversation(coordinator=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:  # a place outside the coordinator's scope
            form.add_error("place", str(problem))
        else:
            messages.success(request, gettext("The conversation is open"))
            return redirect(conversation)
    return render(
        request, "conversations/conversation_form.html", {"form": form}, status=400 if form.errors else 200
    )


def conversation_detail(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    participant = _existing_participant(request, conversation)
    response = render(
        request,
        "conversations/conversation_detail.html",
        _voting_context(request, conversation, participant, StatementForm()),
    )
    if _may_take_part_anonymously(request, conversation) and _cookie_key(request) is None:
        _remember(response, services.new_anonymous_key())
    return response


@require_POST
def vote(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    form = VoteForm(request.POST, conversation=conversation)
    if not form.is_valid():
        return _refuse(request, conversation, next(iter(form.errors.values()))[0], status=400)
    try:
        ratelimits.check(request, "opinion-vote")
        participant = _participant(request, conversation)
        services.cast_vote(participant=participant, **form.cleaned_data)
    except permissions.NotAllowed:
        return redirect(f"/sign-in/?next={conversation.get_absolute_url()}")
    except CookieNotKept:
        return _refuse(request, conversation, COOKIE_NOT_KEPT, status=400)
    except ratelimits.Ratelimited as problem:
        return _refuse(request, conversation, f"{TOO_MANY}. {ratelimits.wait_of(problem)}", status=429)
    except services.ConversationClosed as problem:
        return _refuse(request, conversation, str(problem), status=409)
    except ValidationError as problem:
        return _refuse(request, conversation, problem.messages[0], status=400)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "conversations/_statement.html",
            _voting_context(request, conversation, participant, StatementForm()),
        )
    return redirect(conversation)


@require_POST
def add_statement(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _statement_form_again(request, conversation, form)
    try:
        ratelimits.check(request, "statement")
        participant = _participant(request, conversation)
        statement = services.submit_statement(participant=participant, **form.cleaned_data)
    except permissions.NotAllowed:
        return redirect(f"/sign-in/?next={conversation.get_absolute_url()}")
    except CookieNotKept:
        return _refuse(request, conversation, COOKIE_NOT_KEPT, status=400)
    except ratelimits.Ratelimited as problem:
        return _refuse(request, conversation, f"{TOO_MANY}. {ratelimits.wait_of(problem)}", status=429)
    except services.ConversationClosed as problem:
        return _refuse(request, conversation, str(problem), status=409)
    except ValidationError as problem:
        attach_errors(form, problem)
        return _statement_form_again(request, conversation, form)
    messages.success(
        request,
        gettext("Thank you. Your statement will be shown once a coordinator has read it.")
        if statement.status == Statement.Status.WAITING
        else gettext("Thank you. Your statement is now shown."),
    )
    return redirect(conversation)


def _statement_form_again(request, conversation, form) -> HttpResponse:
    """The conversation page with the statement form showing its errors and what the person typed."""
    participant = _existing_participant(request, conversation)
    return render(
        request,
        "conversations/conversation_detail.html",
        _voting_context(request, conversation, participant, form),
        status=400,
    )


def results(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    result = OpinionMapResult.objects.filter(conversation=conversation).first()
    context = {
        "conversation": conversation,
        "result": result,
        "can_see_reach": permissions.can_see_reach(request.user, places=[conversation.place]),
    }
    if result is not None:
        participant = _existing_participant(request, conversation)
        reading = reading_for(request, translations.items(conversation))
        context["reading"] = reading
        context.update(
            presenters.opinion_map_view(
                result,
                participant=participant,
                show=lambda statement: reading.show(statement, "text", language=statement.language),
            )
        )
    return render(request, "conversations/results.html", context)


@require_http_methods(["GET", "POST"])
def my_answers(request, slug):
    """The statements this person (or browser) answered, with their answers; a form per statement changes
    one answer, without JavaScript."""
    conversation = get_object_or_404(Conversation, slug=slug)
    participant = _existing_participant(request, conversation)
    if request.method == "POST":
        if participant is None:
            return redirect(conversation)
        form = VoteForm(request.POST, conversation=conversation)
        if not form.is_valid():
            return _refuse(request, conversation, next(iter(form.errors.values()))[0], status=400)
        try:
            ratelimits.check(request, "opinion-vote")
            services.cast_vote(participant=participant, **form.cleaned_data)
        except ratelimits.Ratelimited as problem:
            return _refuse(request, conversation, f"{TOO_MANY}. {ratelimits.wait_of(problem)}", status=429)
        except services.ConversationClosed as problem:
            return _refuse(request, conversation, str(problem), status=409)
        except ValidationError as problem:
            return _refuse(request, conversation, problem.messages[0], status=400)
        messages.success(request, gettext("Your answer has been changed"))
        return redirect("conversations:my-answers", conversation.slug)
    return render(
        request,
        "conversations/my_answers.html",
        {
            "conversation": conversation,
            "reading": reading_for(request, translations.items(conversation)),
            "answers": presenters.own_answers(participant),
            "can_change": conversation.is_open,
        },
    )


@login_required
def reach(request, slug):
    """Who took part, and who is in each opinion group, against the population of the conversation's place."""
    conversation = get_object_or_404(Conversation.objects.select_related("place"), slug=slug)
    permissions.ensure(
        permissions.can_see_reach(request.user, places=[conversation.place]),
        gettext("Only the coordinators of the conversation's place and partners see who took part"),
    )
    return render(
        request,
        "conversations/reach.html",
        {"conversation": conversation, "groups": presenters.reach(conversation)},
    )


@login_required
def moderation(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    permissions.ensure(permissions.can_moderate(request.user, conversation), str(services.ONLY_MODERATORS))
    return _moderation_page(request, conversation)


@login_required
@require_POST
def moderate(request, statement_id):
    statement = get_object_or_404(Statement.objects.select_related("conversation"), pk=statement_id)
    permissions.ensure(
        permissions.can_moderate(request.user, statement.conversation), str(services.ONLY_MODERATORS)
    )
    form = ModerationForm(request.POST, statement=statement, prefix=f"s{statement.pk}")
    if form.is_valid():
        try:
            services.moderate_statement(moderator=request.user, statement=statement, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The statement has been moderated"))
            return redirect("conversations:moderation", statement.conversation.slug)
    return _moderation_page(request, statement.conversation, bound=form, posted=statement, status=400)


def _moderation_page(request, conversation, *, bound=None, posted=None, status=200):
    """Every waiting statement with its form; the one just posted keeps what the moderator chose, with its
    errors on its fields, even if another moderator dealt with it meanwhile (it is then shown first)."""
    statements = list(conversation.statements.waiting())
    if posted is not None and posted not in statements:
        statements.insert(0, posted)
    waiting = [
        (
            statement,
            bound
            if bound is not None and bound.prefix == f"s{statement.pk}"
            else ModerationForm(statement=statement, prefix=f"s{statement.pk}"),
        )
        for statement in statements
    ]
    return render(
        request,
        "conversations/moderation.html",
        {
            "conversation": conversation,
            "waiting": waiting,
            "shown": conversation.statements.shown(),
            "form": bound,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def polis_import(request, slug):
    conversation = get_object_or_404(Conversation, slug=slug)
    permissions.ensure(permissions.can_moderate(request.user, conversation), str(services.ONLY_MODERATORS))
    form = PolisImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            count = polis.import_export(
                moderator=request.user,
                conversation=conversation,
                comments=form.cleaned_data["comments"].read(),
                votes=form.cleaned_data["votes"].read(),
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            imported = ngettext("Imported %(count)d vote.", "Imported %(count)d votes.", count) % {
                "count": count
            }
            messages.success(request, f"{imported} {gettext('The map will be redrawn in a moment.')}")
            return redirect(conversation)
    return render(
        request,
        "conversations/polis_import.html",
        {"conversation": conversation, "form": form},
        status=400 if form.errors else 200,
    )


def polis_export(request, slug, part):
    """The public export: shown statements and the votes on them, for anyone."""
    conversation = get_object_or_404(Conversation, slug=slug)
    if part not in EXPORT_PARTS:
        raise Http404
    text = polis.comments_csv(conversation) if part == "comments" else polis.votes_csv(conversation)
    return _csv(text, f"{conversation.slug}-{part}.csv")


@login_required
def polis_full_export(request, slug, part):
    """Every statement whatever its status, with moderation reasons, and every vote: moderators only."""
    conversation = get_object_or_404(Conversation, slug=slug)
    if part not in EXPORT_PARTS:
        raise Http404
    text = polis.full_export(moderator=request.user, conversation=conversation, part=part)
    return _csv(text, f"{conversation.slug}-{part}-full.csv")


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _refuse(request, conversation, message: str, *, status: int) -> HttpResponse:
    """A vote or statement that cannot be taken: a page without JavaScript, the statement card with htmx."""
    template = (
        "conversations/_refused.html" if request.headers.get("HX-Request") else "conversations/refused.html"
    )
    return render(request, template, {"conversation": conversation, "message": message}, status=status)


def _voting_context(request, conversation, participant, form) -> dict:
    statement = (
        selectors.next_statement(participant)
        if participant
        else (conversation.statements.shown().order_by("created_at", "pk").first())
    )
    shown = conversation.statements.shown().count()
    answered = (
        participant.votes.filter(statement__in=conversation.statements.shown()).count() if participant else 0
    )
    items = translations.heading_items(conversation) + (
        [translations.statement_item(statement)] if statement else []
    )
    reading = reading_for(request, items)
    form.initial.setdefault("language", reading.language)  # people write in the language they read
    return {
        "conversation": conversation,
        "reading": reading,
        "statement": statement,
        "shown_count": shown,
        "answered_count": answered,
        "form": form,
        "choices": Vote.CHOICES,
        "can_take_part": conversation.is_open
        and (request.user.is_authenticated or conversation.allows_anonymous),
        "can_moderate": permissions.can_moderate(request.user, conversation),
        "can_see_reach": permissions.can_see_reach(request.user, places=[conversation.place]),
        "own_statements": presenters.own_statements(participant.statements.all()) if participant else [],
    }


def _may_take_part_anonymously(request, conversation) -> bool:
    return not request.user.is_authenticated and conversation.allows_anonymous and conversation.is_open


def _cookie_key(request) -> str | None:
    """The participant key this site signed, or None if the browser sent none (or a forged one)."""
    try:
        return request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None


def _existing_participant(request, conversation):
    if request.user.is_authenticated:
        return conversation.participants.filter(user=request.user).first()
    key = _cookie_key(request)
    return conversation.participants.filter(anonymous_key=key).first() if key else None


def _participant(request, conversation):
    """The participant posting. An anonymous one needs the cookie the voting page set; a new one counts
    against the address's limit on new participants."""
    if not _may_take_part_anonymously(request, conversation):
        return services.join(conversation=conversation, user=request.user)
    key = _cookie_key(request)
    if key is None:
        raise CookieNotKept
    participant = conversation.participants.filter(anonymous_key=key).first()
    if participant is None:
        ratelimits.check(request, "new-participant")
        participant = services.join(conversation=conversation, anonymous_key=key)
    return participant


def _remember(response, key):
    response.set_signed_cookie(
        COOKIE,
        key,
        salt=COOKIE_SALT,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
