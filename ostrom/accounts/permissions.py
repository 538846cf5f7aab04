"""Who may do what: every permission rule in domain words, in one place.

Services check a rule first, with the person acting passed in, and raise `NotAllowed`; views and the
API never decide on their own. `NotAllowed` is Django's `PermissionDenied`, so a page answers 403
without catching it, and the API maps it to 403 once (`ostrom/api/api.py`).

Roles may be scoped to a place (covering the places inside it) or to a subgroup. A scoped coordinator
runs what lies wholly inside their scope: a Ladywood coordinator runs a fund, round, assembly or
conversation that serves only places in Ladywood, but not one that also serves Perry Barr. Something
that serves no place in particular needs an unscoped coordinator.

This module reads the records it is given (their `places_served`, `place` or `subgroup`) and imports no
domain app, so every app can use it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from .models import Role


class NotAllowed(PermissionDenied):
    """The person acting may not do this. The message is fit to show them."""

    def __init__(self, message: str = "You do not have permission to do this"):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        # A message marked for translation (gettext_lazy) comes out in the language of the request.
        return str(self.message)


def ensure(allowed: bool, message: str | None = None) -> None:
    """Raise `NotAllowed` with a message fit for the page unless `allowed`."""
    if not allowed:
        raise NotAllowed(str(message or gettext("You do not have permission to do this")))


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_admin(user) -> bool:
    return _signed_in(user) and user.is_admin


def can_coordinate(user, *, places: Iterable = (), subgroup=None) -> bool:
    """A coordinator whose scope covers every one of `places` (or the subgroup). With neither, only
    an unscoped coordinator (or an admin) qualifies."""
    if not _signed_in(user):
        return False
    if user.is_admin:
        return True
    places = [place for place in places if place is not None]
    if subgroup is not None:
        return user.has_role(Role.Kind.COORDINATOR, subgroup=subgroup) or user.has_role(Role.Kind.COORDINATOR)
    if not places:
        return user.has_role(Role.Kind.COORDINATOR)
    return all(user.has_role(Role.Kind.COORDINATOR, place=place) for place in places)


def can_translate(user, *, places: Iterable = ()) -> bool:
    """Translate what residents read (a round's ballot, statements, survey questions, letters) for
    `places`: their coordinators, and the volunteers a coordinator named as translators there."""
    if can_coordinate(user, places=places):
        return True
    places = [place for place in places if place is not None]
    if not _signed_in(user):
        return False
    if not places:
        return user.has_role(Role.Kind.TRANSLATOR)
    return all(user.has_role(Role.Kind.TRANSLATOR, place=place) for place in places)


def can_name_translators(user, place) -> bool:
    """Name (and stop) volunteer translators for a place: its coordinators."""
    return place is not None and can_coordinate(user, places=[place])


def is_any_translator(user) -> bool:
    """May open the list of what there is to translate: coordinators and volunteer translators."""
    return is_any_coordinator(user) or (
        _signed_in(user) and any(r.kind == Role.Kind.TRANSLATOR for r in user._roles())
    )


def is_any_coordinator(user) -> bool:
    """Holds a coordinator role of any scope: may open the pages where they then pick what they run."""
    return _signed_in(user) and (user.is_admin or any(r.kind == Role.Kind.COORDINATOR for r in user._roles()))


def can_see_reach(user, *, places: Iterable = ()) -> bool:
    """Who took part against the population (suppressed totals, never a person's answers): the
    coordinators and partners of those places (a partner scoped to a place sees what lies inside it), and
    admins."""
    return _signed_in(user) and (can_coordinate(user, places=places) or _is_partner_for(user, places))


def _is_partner_for(user, places: Iterable) -> bool:
    places = [place for place in places if place is not None]
    if not places:
        return user.has_role(Role.Kind.PARTNER)
    return all(user.has_role(Role.Kind.PARTNER, place=place) for place in places)


# The collective ---------------------------------------------------------------------------------


def can_manage_organisations(user, *, places: Iterable = ()) -> bool:
    return can_coordinate(user, places=places)


def can_run_subgroup(user, subgroup) -> bool:
    """Schedule its meetings, record minutes and attendance."""
    return can_coordinate(user, subgroup=subgroup)


def can_attend_meeting(user) -> bool:
    """The collective's meetings are open: anyone signed in may sign up to attend (and cancel)."""
    return _signed_in(user)


def can_join_online(user, meeting, *, is_signed_up: bool) -> bool:
    """The link to join a meeting online: for the people who signed up to attend and those who run the
    subgroup, so it is not posted where anyone passing could take it."""
    return (_signed_in(user) and is_signed_up) or can_run_subgroup(user, meeting.subgroup)


def can_see_people(user) -> bool:
    return is_any_coordinator(user)


def can_start_subgroup(user) -> bool:
    """Subgroups belong to the whole collective, so only an unscoped coordinator (or an admin) starts one."""
    return can_coordinate(user)


def can_run_any_subgroup(user) -> bool:
    """Has some subgroup whose meetings they may schedule: offered the "Schedule a meeting" page."""
    return _signed_in(user) and (
        can_coordinate(user)
        or any(r.kind == Role.Kind.COORDINATOR and r.subgroup_id is not None for r in user._roles())
    )


# Places -----------------------------------------------------------------------------------------


def can_change_places(user) -> bool:
    """The map of places is shared by every app: only an unscoped coordinator (or an admin) changes it."""
    return can_coordinate(user)


# Grants -----------------------------------------------------------------------------------------


def can_run_fund(user, fund) -> bool:
    """Set up the fund and run its rounds: panel, shortlist, access codes, paper ballots, count, publish."""
    return can_coordinate(user, places=fund.places_served.all())


def can_run_round(user, funding_round) -> bool:
    return can_run_fund(user, funding_round.fund)


# Citizens' panels -------------------------------------------------------------------------------


def can_run_assembly(user, assembly) -> bool:
    """Letters, pool, quotas, lottery, sessions and recommendations; sees volunteers' answers."""
    return can_coordinate(user, places=[assembly.place])


def can_see_volunteers(user, assembly) -> bool:
    return can_run_assembly(user, assembly)


def can_respond_to_recommendations(user, assembly) -> bool:
    """The body the assembly advises answers each recommendation: partners and the assembly's coordinators."""
    return can_run_assembly(user, assembly) or (
        _signed_in(user) and user.has_role(Role.Kind.PARTNER, place=assembly.place)
    )


# Conversations ----------------------------------------------------------------------------------


def can_moderate(user, conversation) -> bool:
    """Show, turn down or merge statements, edit and close the conversation, download the full export."""
    return can_coordinate(user, places=[conversation.place])


# Surveys ----------------------------------------------------------------------------------------


def can_join_panel(user) -> bool:
    """Anyone signed in may join the community panel (agree to be surveyed) and leave it."""
    return _signed_in(user)


def can_run_survey(user, survey) -> bool:
    """Build, preview, send, remind and close a survey: the coordinators of its place."""
    return can_coordinate(user, places=[survey.place])


def can_answer_survey(user, survey, *, is_invited: bool) -> bool:
    """An open-link survey takes anyone's answers; otherwise only the people it was sent to
    (coordinators try it out on the preview, which saves nothing)."""
    return survey.audience == "open_link" or (_signed_in(user) and is_invited)


def can_see_survey_results(user, survey) -> bool:
    """Aggregate results and the anonymised export, like reach: the coordinators of the survey's place,
    partners for it, and admins."""
    return can_see_reach(user, places=[survey.place])


# Decisions --------------------------------------------------------------------------------------


def can_record_decisions(user, body) -> bool:
    """Record a body's decisions, link the input behind them, answer and review the Board's assurance
    checklist, and keep its commitments up to date: admins, and partners or coordinators whose scope
    covers every place the body serves."""
    places = list(body.places.all())
    return _signed_in(user) and (can_coordinate(user, places=places) or _is_partner_for(user, places))


# Open Space events ------------------------------------------------------------------------------


def can_run_event(user, event) -> bool:
    """Set up the event, tick people in, add walk-ins, show the check-in QR code, follow actions up and
    publish the report: the coordinators of the event's place."""
    return can_coordinate(user, places=[event.place])


def can_place_topics(user, event) -> bool:
    """Put topics on the agenda wall (and move them): the event's facilitator and its coordinators."""
    return (_signed_in(user) and event.facilitator_id == user.pk) or can_run_event(user, event)


def can_take_part_in_event(user, event, *, participant) -> bool:
    """Propose topics, say which sessions they go to, record highlights, actions and impressions: someone
    checked in on the day (with or without an account; `participant` is theirs, or None), the facilitator
    and the event's coordinators."""
    checked_in = (
        participant is not None and participant.event_id == event.pk and participant.checked_in_at is not None
    )
    return checked_in or can_place_topics(user, event)


def can_see_event_report(user, event) -> bool:
    """The report is public once published; before that, only for those who run the event."""
    return event.report_published_at is not None or can_place_topics(user, event)


# Insight ----------------------------------------------------------------------------------------


def can_record_insight(user, *, place) -> bool:
    """Record stories, quotes, case studies and cases for action (with the person's consent), edit them,
    record a withdrawal of consent, bring in free text and import a spreadsheet: the coordinators of the
    place (admins too). Partners read published insight only."""
    return place is not None and can_coordinate(user, places=[place])


def can_record_any_insight(user) -> bool:
    """Holds a coordinator role for some place: offered the record, import and bring-in pages, where they
    pick one of their places."""
    return is_any_coordinator(user)


def can_see_unpublished_insight(user, insight) -> bool:
    """Insight not (or no longer) published – brought-in comments, stories told without consent to
    publish, withdrawn ones – is for the coordinators of its place and admins only. Everyone else, partners
    included, sees only `Insight.objects.published()`."""
    return can_record_insight(user, place=insight.place)


def places_with_unpublished_insight(user) -> list | None:
    """Where the person sees unpublished insight as well as published: None means everywhere (admins
    and unscoped coordinators); otherwise the places of their place-scoped coordinator roles (each with
    the places inside it), and nothing for everyone else. The same rule as `can_see_unpublished_insight`,
    for a list."""
    if not _signed_in(user):
        return []
    if user.is_admin or can_coordinate(user):
        return None
    return [r.place for r in user._roles() if r.kind == Role.Kind.COORDINATOR and r.place_id is not None]


# Themes -----------------------------------------------------------------------------------------


def can_run_themes(user, place) -> bool:
    """Start a theme run over a place's insights, follow it, and rename, merge, split and pin its themes:
    the coordinators of the place."""
    return can_coordinate(user, places=[place])


def can_see_who_raised_theme(user, place) -> bool:
    """The groups of the people who raised a theme (suppressed counts), like reach."""
    return can_see_reach(user, places=[place])


# Impact -----------------------------------------------------------------------------------------


def can_run_programme(user, programme) -> bool:
    """Build the theory of change, set indicators, record and import measurements, set up return
    templates and read the programme's returns and wellbeing summary: the coordinators of its place."""
    return can_coordinate(user, places=[programme.place])


def can_submit_return(user, organisation) -> bool:
    """Fill in and submit an organisation's return and see its own figures back: that organisation's
    contacts (never another organisation's), and coordinators who help them."""
    if not _signed_in(user):
        return False
    if organisation.memberships.filter(user=user, is_contact=True).exists():
        return True
    return can_coordinate(user, places=organisation.places_served.all())


# Money ------------------------------------------------------------------------------------------


def can_manage_budgets(user, body) -> bool:
    """Record a body's budget lines and its prevention commitment, devolve its money to a community
    anchor, and, for the anchor, pass devolved money on to grant rounds and agreements and record the
    payments: the coordinators of every place the body serves (and admins)."""
    return can_coordinate(user, places=body.places.all())


def can_build_cost_benefit(user, programme) -> bool:
    """Set out a programme's costs, its outcomes' unit values and the assumptions: the coordinators
    of its place."""
    return can_coordinate(user, places=[programme.place])


# Impact: theory of change, indicators and measurements (see also can_run_programme above).


def can_start_programme(user, place) -> bool:
    """Set up a programme (and its theory of change) for a place: the coordinators of that place, who
    then run it."""
    return can_coordinate(user, places=[place])


# Impact: wellbeing (helper D) ------------------------------------------------------------------


def can_see_wellbeing(user, programme) -> bool:
    """A programme's wellbeing summary (aggregate only, never a person's scores): the people who run
    it and those who see reach for its place (coordinators, partners, admins)."""
    return can_run_programme(user, programme) or can_see_reach(user, places=[programme.place])


# Community assets (directory and exchange) --------------------------------------------------------


def _is_contact_of(user, organisation) -> bool:
    return _signed_in(user) and organisation.memberships.filter(user=user, is_contact=True).exists()


def can_edit_entries_of(user, organisation) -> bool:
    """Propose a new directory entry or a change to one of the organisation's entries (it shows once
    a coordinator approves it): the organisation's contacts, and coordinators who help them."""
    return _is_contact_of(user, organisation) or can_coordinate(user, places=organisation.places_served.all())


def can_review_entries_of(user, organisation) -> bool:
    """Approve or reject changes to the organisation's entries, and mark them checked: the coordinators
    of the places it serves (an organisation serving no place recorded: unscoped coordinators)."""
    return can_coordinate(user, places=organisation.places_served.all())


def can_exchange_directory(user) -> bool:
    """Import an Open Referral feed or file into the directory (it may bring entries for anywhere):
    coordinators without a place scope, and admins."""
    return can_coordinate(user)


# Social prescribing -----------------------------------------------------------------------------
# Referral data is health data: the link workers' team for the place and the receiving services for
# their own part, nobody else (not coordinators, partners or admins; they see suppressed reports).


def is_link_worker_for(user, place) -> bool:
    return _signed_in(user) and user.has_role(Role.Kind.LINK_WORKER, place=place)


def can_refer(user, place) -> bool:
    """Record a social prescribing referral for a person in the place: link workers whose role covers it."""
    return is_link_worker_for(user, place)


def can_see_referral(user, referral) -> bool:
    """A person's referral: the link workers whose role covers its place, and the contacts of an
    organisation it was sent to (who see only their own part: `can_handle_referral`)."""
    if is_link_worker_for(user, referral.place):
        return True
    return any(
        can_handle_referral(user, sent) for sent in referral.sent_to.select_related("service__organisation")
    )


def can_handle_referral(user, referral_to) -> bool:
    """Accept or decline a referral to a service and record attendance: the contacts of the
    organisation that runs the service."""
    return _is_contact_of(user, referral_to.service.organisation)


def can_see_referral_reports(user, place) -> bool:
    """A place's social prescribing report (counts only, small numbers suppressed): its link workers,
    and the coordinators and partners who see reach for the place."""
    return is_link_worker_for(user, place) or can_see_reach(user, places=[place])


# Social prescribing: the team's pages and the receiving services' inbox (helper C) ---------------


def is_any_link_worker(user) -> bool:
    """The team's pages (their places' referrals, making a referral): anyone with a link worker role;
    each referral is then checked against its place (`can_refer`)."""
    return _signed_in(user) and any(role.kind == Role.Kind.LINK_WORKER for role in user._roles())


def can_use_referral_inbox(user) -> bool:
    """The inbox of referrals to an organisation's services: the contacts of any organisation (each
    sees only referrals to their own organisations' services: `can_handle_referral`)."""
    return _signed_in(user) and user.memberships.filter(is_contact=True).exists()


def has_referrals_in_inbox(user) -> bool:
    """Shows "Referrals" in the header: a contact of an organisation that has been sent referrals."""
    return (
        _signed_in(user)
        and user.memberships.filter(is_contact=True, organisation__services__referrals__isnull=False).exists()
    )


# Community assets: the directory (helper A) ------------------------------------------------------


def can_mark_checked(user, organisation) -> bool:
    """Say that one of the organisation's entries is still right (it was checked today): the
    organisation's contacts, who know it best, and the coordinators who review its entries."""
    return _is_contact_of(user, organisation) or can_review_entries_of(user, organisation)


# Signing in -------------------------------------------------------------------------------------

# Roles that read or change other people's data, health data among it: their sign-in is held to more.
STAFF_ROLES = frozenset({Role.Kind.COORDINATOR, Role.Kind.PARTNER, Role.Kind.LINK_WORKER, Role.Kind.ADMIN})


def holds_staff_role(user) -> bool:
    """Coordinators of any scope (subgroup coordinators too), partners, link workers, admins, and anyone
    who can open the Django admin. Their sessions end after STAFF_IDLE_MINUTES without a request."""
    return _signed_in(user) and (
        user.is_staff or user.is_superuser or any(role.kind in STAFF_ROLES for role in user._roles())
    )


def must_use_two_factor(user) -> bool:
    """With settings.STAFF_TWO_FACTOR on, staff must set up an authenticator app and enter a code at
    every sign-in. (Anyone who turned it on for themselves enters a code too, see the middleware.)"""
    return settings.STAFF_TWO_FACTOR and holds_staff_role(user)


def can_turn_off_two_factor(user) -> bool:
    """Someone who turned it on for themselves may turn it off; staff who must use it may not."""
    return _signed_in(user) and not must_use_two_factor(user)


def can_reset_two_factor(user) -> bool:
    """Reset someone's two-step verification when they lose their phone: admins only."""
    return is_admin(user)


def can_create_api_token(user, *, verified: bool) -> bool:
    """With STAFF_TWO_FACTOR on, a personal API token is made only in a session verified with a code,
    so a stolen password alone cannot mint a lasting key."""
    return _signed_in(user) and (verified or not settings.STAFF_TWO_FACTOR)
