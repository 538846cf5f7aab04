"""Open Space pages. Each reads the request, calls one service or presenter, and renders or redirects.

People without an account are known by a random key in a signed cookie (only its hash is stored), as
conversations do; taking part needs checking in through the event's secret check-in link (the QR code
on the wall), so someone at home cannot add topics."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.accounts.languages import in_language, print_choice, print_language
from ostrom.core import ratelimits
from ostrom.core.forms import attach_errors
from ostrom.core.printing import MissingFont
from ostrom.core.validation import LARGEST_ID
from ostrom.places.models import Place
from ostrom.translations.reading import reading_for, reading_in

from . import pdf, presenters, services, translations
from .forms import (
    ActionForm,
    ActionUpdateForm,
    EventForm,
    HighlightForm,
    ImpressionForm,
    PersonForm,
    PlaceTopicForm,
    TopicForm,
)
from .models import Action, Event, Participant, Topic, hash_key

COOKIE = "ostrom_open_space"
COOKIE_SALT = "ostrom.events.participant"
TOO_MANY = gettext_lazy("We have had a lot from your network in a short time")
# On the day everyone in the hall shares one network address: the generous limit that opinion votes
# use, not the one for statements typed at home.
ON_THE_DAY = "opinion-vote"


def _event(slug) -> Event:
    return get_object_or_404(Event.objects.select_related("place"), slug=slug)


def _by_id(queryset, pk):
    if not 0 < pk <= LARGEST_ID:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def _key(request) -> str | None:
    try:
        return request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None


def _remember(request, response):
    """Give a browser without an account its key, once."""
    if not request.user.is_authenticated and _key(request) is None:
        response.set_signed_cookie(
            COOKIE,
            services.new_browser_key(),
            salt=COOKIE_SALT,
            max_age=60 * 60 * 24 * 365,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _participant(request, event) -> Participant | None:
    if request.user.is_authenticated:
        return event.participants.filter(user=request.user).first()
    key = _key(request)
    return event.participants.filter(key_hash=hash_key(key)).first() if key else None


def _page(request, template, context, *, status=200):
    return _remember(request, render(request, template, context, status=status))


# Events -----------------------------------------------------------------------------------------


def event_list(request):
    events = list(Event.objects.select_related("place"))
    return render(
        request,
        "events/event_list.html",
        {
            "events": events,
            "reading": reading_for(request, translations.list_items(events)),
            "can_create": permissions.is_any_coordinator(request.user),
        },
    )


def _places_for(user):
    return [place for place in Place.objects.for_choice() if permissions.can_coordinate(user, places=[place])]


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    permissions.ensure(
        permissions.is_any_coordinator(request.user), gettext("Only coordinators can set up an event")
    )
    places = Place.objects.filter(pk__in=[place.pk for place in _places_for(request.user)]).order_by("name")
    form = EventForm(request.POST or None, places=places)
    if form.is_valid():
        try:
            event = services.create_event(coordinator=request.user, **form.service_arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:
            form.add_error("place", str(problem))
        else:
            messages.success(request, gettext("The event is set up. Print the check-in QR code for the wall"))
            return redirect("events:run", event.slug)
    return render(request, "events/event_form.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request, event, participant, **forms):
    return {
        "event": event,
        "reading": reading_for(request, translations.items(event)),
        "participant": participant,
        "sign_up_form": forms.get("sign_up_form")
        or PersonForm(initial={"name": participant.name if participant else ""}, name_required=False),
        "can_run": permissions.can_run_event(request.user, event),
        "can_take_part": permissions.can_take_part_in_event(request.user, event, participant=participant),
        "can_see_report": permissions.can_see_event_report(request.user, event),
        "signed_up_count": event.participants.signed_up().count(),
        "my_sessions": Topic.objects.filter(goings__participant=participant).select_related("space", "slot")
        if participant
        else [],
    }


def event_detail(request, slug):
    event = _event(slug)
    return _page(
        request, "events/event_detail.html", _detail_context(request, event, _participant(request, event))
    )


@require_POST
def sign_up(request, slug):
    event = _event(slug)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            ratelimits.check(request, "new-participant")
            services.sign_up(event=event, user=request.user, key=_key(request), **form.cleaned_data)
        except ratelimits.Ratelimited as problem:
            form.add_error(None, f"{TOO_MANY}. {ratelimits.wait_of(problem)}")
        except (ValidationError, permissions.NotAllowed) as problem:
            attach_errors(form, problem) if isinstance(problem, ValidationError) else form.add_error(
                None, str(problem)
            )
        else:
            messages.success(request, gettext("You are signed up. We look forward to seeing you"))
            return redirect(event)
    context = _detail_context(request, event, _participant(request, event), sign_up_form=form)
    return _page(request, "events/event_detail.html", context | {"form": form}, status=400)


@require_http_methods(["GET", "POST"])
def check_in(request, slug, token):
    """The page the QR code on the wall opens: a name, or the signed-in account."""
    event = _event(slug)
    if not services.token_is_right(event, token):
        raise Http404
    participant = _participant(request, event)
    form = PersonForm(
        request.POST or None,
        initial={"name": participant.name if participant else ""},
        name_required=not request.user.is_authenticated,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if participant is None:
                ratelimits.check(request, "new-participant")
            services.check_in(
                event=event, token=token, user=request.user, key=_key(request), **form.cleaned_data
            )
        except ratelimits.Ratelimited as problem:
            form.add_error(None, f"{TOO_MANY}. {ratelimits.wait_of(problem)}")
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, gettext("You are checked in. Welcome!"))
            return redirect(event)
    return _page(
        request,
        "events/check_in.html",
        {"event": event, "form": form, "participant": participant, "token": token},
        status=400 if form.errors else 200,
    )


# Running the day ---------------------------------------------------------------------------------


def _ensure_runs(request, event):
    permissions.ensure(permissions.can_run_event(request.user, event), services.ONLY_RUNNERS)


def _check_in_url(request, event) -> str:
    return request.build_absolute_uri(reverse("events:check-in", args=[event.slug, event.check_in_token]))


@login_required
def run(request, slug, walk_in_form=None):
    event = _event(slug)
    _ensure_runs(request, event)
    qr = segno.make(_check_in_url(request, event), error="m")
    return render(
        request,
        "events/run.html",
        {
            "event": event,
            "people": event.participants.all(),
            "walk_in_form": walk_in_form or PersonForm(),
            "form": walk_in_form,
            "check_in_url": _check_in_url(request, event),
            "qr_svg": qr.svg_inline(
                omitsize=True, title=gettext("QR code for checking in"), dark="#000", light="#fff"
            ),
        },
        status=400 if walk_in_form is not None else 200,
    )


@login_required
def check_in_qr(request, slug):
    """The QR code alone, as an SVG file to print for the wall."""
    event = _event(slug)
    _ensure_runs(request, event)
    qr = segno.make(_check_in_url(request, event), error="m")
    response = HttpResponse(qr.svg_inline(scale=20, title=gettext("Check in")), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-check-in.svg"'
    return response


@login_required
@require_POST
def renew_check_in_link(request, slug):
    event = _event(slug)
    services.renew_check_in_link(by=request.user, event=event)
    messages.success(
        request, gettext("The check-in link is new: print the new QR code. The old one no longer works")
    )
    return redirect("events:run", event.slug)


@login_required
@require_POST
def tick_in(request, slug, participant_id):
    event = _event(slug)
    participant = _by_id(event.participants, participant_id)
    services.tick_in(by=request.user, participant=participant, present=request.POST.get("present") != "no")
    messages.success(
        request,
        (gettext("%(name)s is ticked in") if participant.is_checked_in else gettext("%(name)s is ticked out"))
        % {"name": participant.name},
    )
    return redirect("events:run", event.slug)


@login_required
@require_POST
def walk_in(request, slug):
    event = _event(slug)
    _ensure_runs(request, event)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            participant = services.add_walk_in(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("%(name)s is checked in") % {"name": participant.name})
            return redirect("events:run", event.slug)
    return run(request, slug, walk_in_form=form)


@login_required
@require_POST
def publish_report(request, slug):
    event = _event(slug)
    published = request.POST.get("published") != "no"
    services.publish_report(by=request.user, event=event, published=published)
    messages.success(
        request,
        gettext("The report is published") if published else gettext("The report is no longer public"),
    )
    return redirect("events:report", event.slug)


# Topics and the wall ----------------------------------------------------------------------------


def _refuse(request, event, message, *, status):
    return _page(request, "events/refused.html", {"event": event, "message": message}, status=status)


@require_http_methods(["GET", "POST"])
def propose_topic(request, slug):
    event = _event(slug)
    participant = _participant(request, event)
    if not permissions.can_take_part_in_event(request.user, event, participant=participant):
        return _refuse(request, event, services.CHECK_IN_FIRST, status=403)
    form = TopicForm(request.POST or None, initial={"proposer_name": participant.name if participant else ""})
    if form.is_valid():
        try:
            ratelimits.check(request, ON_THE_DAY)
            topic = services.propose_topic(
                event=event, user=request.user, participant=participant, **form.cleaned_data
            )
        except ratelimits.Ratelimited as problem:
            form.add_error(None, f"{TOO_MANY}. {ratelimits.wait_of(problem)}")
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("Your topic “%(topic)s” is on the list for the wall") % {"topic": topic.title},
            )
            return redirect("events:wall", event.slug)
    return _page(
        request, "events/propose.html", {"event": event, "form": form}, status=400 if form.errors else 200
    )


def _wall_context(request, event, form=None):
    return {
        "event": event,
        "wall": presenters.wall(event),
        "form": form,
        "place_form": form or PlaceTopicForm(event=event),
        "can_place": permissions.can_place_topics(request.user, event),
        "can_take_part": permissions.can_take_part_in_event(
            request.user, event, participant=_participant(request, event)
        ),
    }


def wall(request, slug):
    event = _event(slug)
    return _page(request, "events/wall.html", _wall_context(request, event))


def projector(request, slug):
    """The wall for a projector: large, nothing to press, and it refreshes itself every 20 seconds."""
    event = _event(slug)
    return render(request, "events/projector.html", {"event": event, "wall": presenters.wall(event)})


@require_POST
def place_topic(request, slug):
    event = _event(slug)
    permissions.ensure(permissions.can_place_topics(request.user, event), services.ONLY_PLACERS)
    form = PlaceTopicForm(request.POST, event=event)
    if form.is_valid():
        try:
            topic = services.place_topic(by=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            if topic.is_placed:
                placed_text = gettext("“%(topic)s” is in %(space)s at %(slot)s") % {
                    "topic": topic.title,
                    "space": topic.space,
                    "slot": topic.slot,
                }
            else:
                placed_text = gettext("“%(topic)s” is off the wall") % {"topic": topic.title}
            if request.headers.get("HX-Request"):
                context = _wall_context(request, event) | {"placed_text": placed_text}
                return render(request, "events/_wall.html", context)
            messages.success(request, placed_text)
            return redirect("events:wall", event.slug)
    template = "events/_wall.html" if request.headers.get("HX-Request") else "events/wall.html"
    return render(request, template, _wall_context(request, event, form), status=400)


# Sessions ---------------------------------------------------------------------------------------


def _session_context(request, event, topic, **forms):
    participant = _participant(request, event)
    return {
        "event": event,
        "topic": topic,
        "participant": participant,
        "is_going": participant is not None and topic.goings.filter(participant=participant).exists(),
        "going_count": topic.goings.count(),
        "can_take_part": permissions.can_take_part_in_event(request.user, event, participant=participant),
        "highlight_form": forms.get("highlight_form") or HighlightForm(prefix="highlight"),
        "action_form": forms.get("action_form") or ActionForm(prefix="action"),
        "form": forms.get("highlight_form") or forms.get("action_form"),
        "kinds": presenters.actions_by_kind(topic.actions.all()),
    }


def session(request, slug, topic_id):
    event = _event(slug)
    topic = _by_id(event.topics.select_related("space", "slot"), topic_id)
    return _page(request, "events/session.html", _session_context(request, event, topic))


@require_POST
def going(request, slug, topic_id):
    event = _event(slug)
    topic = _by_id(event.topics, topic_id)
    participant = _participant(request, event)
    if participant is None or not participant.is_checked_in:
        return _refuse(request, event, services.CHECK_IN_FIRST, status=403)
    is_going = request.POST.get("going") != "no"
    services.mark_going(participant=participant, topic=topic, going=is_going)
    messages.success(
        request, gettext("You are going to this session") if is_going else gettext("You are no longer going")
    )
    return redirect(topic)


def _session_write(request, slug, topic_id, form_class, prefix, write, done):
    event = _event(slug)
    topic = _by_id(event.topics.select_related("space", "slot"), topic_id)
    participant = _participant(request, event)
    if not permissions.can_take_part_in_event(request.user, event, participant=participant):
        return _refuse(request, event, services.CHECK_IN_FIRST, status=403)
    # Two forms on one page: the prefix keeps their fields' ids apart.
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            ratelimits.check(request, ON_THE_DAY)
            write(event=event, topic=topic, user=request.user, participant=participant, **form.cleaned_data)
        except ratelimits.Ratelimited as problem:
            form.add_error(None, f"{TOO_MANY}. {ratelimits.wait_of(problem)}")
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, done)
            return redirect(topic)
    return _page(
        request,
        "events/session.html",
        _session_context(request, event, topic, **{f"{prefix}_form": form}),
        status=400,
    )


@require_POST
def add_highlight(request, slug, topic_id):
    def write(*, event, **kwargs):
        return services.record_highlight(**kwargs)

    return _session_write(
        request, slug, topic_id, HighlightForm, "highlight", write, gettext("The highlight is recorded")
    )


@require_POST
def add_action(request, slug, topic_id):
    return _session_write(
        request,
        slug,
        topic_id,
        ActionForm,
        "action",
        services.record_action,
        gettext("The action is recorded"),
    )


@require_http_methods(["GET", "POST"])
def closing_circle(request, slug):
    event = _event(slug)
    participant = _participant(request, event)
    can_take_part = permissions.can_take_part_in_event(request.user, event, participant=participant)
    form = ImpressionForm(request.POST or None, initial={"name": participant.name if participant else ""})
    if request.method == "POST":
        if not can_take_part:
            return _refuse(request, event, services.CHECK_IN_FIRST, status=403)
        if form.is_valid():
            try:
                ratelimits.check(request, ON_THE_DAY)
                services.add_impression(
                    event=event, user=request.user, participant=participant, **form.cleaned_data
                )
            except ratelimits.Ratelimited as problem:
                form.add_error(None, f"{TOO_MANY}. {ratelimits.wait_of(problem)}")
            except ValidationError as problem:
                attach_errors(form, problem)
            else:
                messages.success(request, gettext("Thank you. What you said is recorded"))
                return redirect("events:closing-circle", event.slug)
    return _page(
        request,
        "events/closing_circle.html",
        {
            "event": event,
            "form": form,
            "can_take_part": can_take_part,
            "impressions": event.impressions.all(),
        },
        status=400 if form.errors else 200,
    )


# After ------------------------------------------------------------------------------------------


def _report(request, slug):
    event = _event(slug)
    permissions.ensure(
        permissions.can_see_event_report(request.user, event),
        gettext("The report is not published yet. The event's coordinators are writing it up"),
    )
    with_reach = permissions.can_see_reach(request.user, places=[event.place])
    return event, presenters.report(event, with_reach=with_reach)


def report(request, slug):
    event, the_report = _report(request, slug)
    return render(
        request,
        "events/report.html",
        {
            "event": event,
            "report": the_report,
            "can_run": permissions.can_run_event(request.user, event),
            "report_url": request.build_absolute_uri(reverse("events:report", args=[event.slug])),
            **print_choice(request),
        },
    )


def report_pdf(request, slug):
    """The report printed in the language chosen for it: its wording, the theme as translated."""
    language = print_language(request)
    with in_language(language):
        event, the_report = _report(request, slug)
        title = reading_in(language, translations.items(event)).show(event, "title").text
        try:
            content = pdf.report_pdf(the_report, title)
        except MissingFont as problem:
            messages.error(request, str(problem))
            return redirect("events:report", slug=event.slug)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-report.pdf"'
    return response


def action_detail(request, slug, action_id, form=None):
    event = _event(slug)
    action = _by_id(event.actions.select_related("topic"), action_id)
    return render(
        request,
        "events/action.html",
        {
            "event": event,
            "action": action,
            "updates": action.updates.all(),
            "can_run": permissions.can_run_event(request.user, event),
            "form": form,
            "update_form": form or ActionUpdateForm(initial={"status": action.status}),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_POST
def update_action(request, slug, action_id):
    event = _event(slug)
    action = _by_id(Action.objects.filter(event=event), action_id)
    _ensure_runs(request, event)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.update_action(by=request.user, action=action, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The update is recorded"))
            return redirect(action)
    return action_detail(request, slug, action_id, form=form)
