"""The sections of the "what needs doing" page: each a heading and items that link to where the
thing is done, with the window (`core.windows.Window`) of anything open for a while."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from ostrom.accounts import permissions
from ostrom.core.jinja_env import format_date
from ostrom.core.windows import Window
from ostrom.decisions import selectors as decision_selectors
from ostrom.decisions.accountability import public_entries

from . import selectors


@dataclass(frozen=True)
class Item:
    text: str
    href: str
    detail: str = ""
    window: Window | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    items: list[Item]
    empty_text: str = ""
    groups: list[tuple[str, list[Item]]] = field(default_factory=list)  # items under subheadings

    @property
    def is_empty(self) -> bool:
        return not self.items and not any(items for _, items in self.groups)


def coordinator_sections(user) -> list[Section]:
    waiting: list[Item] = []
    organisations = selectors.organisations_to_approve(user)
    if organisations:
        waiting.append(
            Item(
                ngettext(
                    "%(count)d organisation asking to join",
                    "%(count)d organisations asking to join",
                    len(organisations),
                )
                % {"count": len(organisations)},
                reverse("network:approvals"),
                gettext("Approve or decline each request."),
            )
        )
    for conversation, count in selectors.statements_to_moderate(user):
        waiting.append(
            Item(
                ngettext("%(count)d statement to moderate", "%(count)d statements to moderate", count)
                % {"count": count},
                reverse("conversations:moderation", args=[conversation.slug]),
                gettext("In “%(question)s”.") % {"question": conversation.question},
            )
        )
    for funding_round, count in selectors.paper_ballots_to_confirm(user):
        waiting.append(
            Item(
                ngettext("%(count)d paper ballot to confirm", "%(count)d paper ballots to confirm", count)
                % {"count": count},
                reverse("grants:paper-ballots", args=[funding_round.slug]),
                gettext("In %(round)s. A second person checks each paper ballot before it counts.")
                % {"round": funding_round.name},
            )
        )
    for the_return in selectors.returns_overdue(user):
        if the_return.grant_id:
            application = the_return.grant.application
            waiting.append(
                Item(
                    (
                        gettext("Final return overdue from %(organisation)s")
                        if the_return.is_final
                        else gettext("Progress return overdue from %(organisation)s")
                    )
                    % {"organisation": application.organisation.name},
                    the_return.grant.get_absolute_url(),
                    gettext("For “%(title)s”, due on %(date)s.")
                    % {"title": application.title, "date": format_date(the_return.due_on)},
                )
            )
        else:
            programme = the_return.template.programme
            waiting.append(
                Item(
                    gettext("Return overdue from %(organisation)s")
                    % {"organisation": the_return.organisation.name},
                    reverse("impact:programme-returns", args=[programme.slug]),
                    gettext("%(template)s for %(programme)s, due on %(date)s.")
                    % {
                        "template": the_return.template.name,
                        "programme": programme.name,
                        "date": format_date(the_return.due_on),
                    },
                )
            )

    rounds_by_phase: dict[str, list[Item]] = {}
    for funding_round in selectors.rounds_run_by(user):
        rounds_by_phase.setdefault(funding_round.phase.label, []).append(
            Item(funding_round.name, funding_round.get_absolute_url(), funding_round.fund.name)
        )
    assemblies_by_stage: dict[str, list[Item]] = {}
    for assembly in selectors.assemblies_run_by(user):
        assemblies_by_stage.setdefault(assembly.get_status_display(), []).append(
            Item(
                assembly.question,
                assembly.get_absolute_url(),
                gettext("%(place)s. Sessions from %(date)s.")
                % {"place": assembly.place.name, "date": format_date(assembly.first_session_on)},
            )
        )
    return [
        Section(
            gettext("Waiting for you"),
            waiting,
            gettext("Nothing is waiting for you to approve, moderate or confirm."),
        ),
        Section(
            gettext("Grant rounds you run"),
            [],
            gettext("You run no grant round that is still in progress."),
            groups=list(rounds_by_phase.items()),
        ),
        Section(
            gettext("Citizens' panels you run"),
            [],
            gettext("You run no citizens' panel that is still in progress."),
            groups=list(assemblies_by_stage.items()),
        ),
    ]


def assessment_section(user) -> Section | None:
    rounds = selectors.rounds_to_assess(user)
    if not rounds:
        return None
    return Section(
        gettext("Applications to score"),
        [
            Item(
                gettext("Score the applications to %(round)s") % {"round": funding_round.name},
                reverse("grants:assessments", args=[funding_round.slug]),
                window=Window(
                    gettext("Scoring"),
                    funding_round.applications_close_at,
                    funding_round.voting_opens_at,
                    plural=False,
                ),
            )
            for funding_round in rounds
        ],
    )


def recommendations_section(user) -> Section | None:
    recommendations = selectors.recommendations_awaiting_response(user)
    if not recommendations and not selectors.is_partner(user):
        return None
    return Section(
        gettext("Recommendations waiting for your response"),
        [
            Item(
                f"{recommendation.number}. {recommendation.title}",
                reverse("panels:respond", args=[recommendation.pk]),
                gettext("From the citizens' panel on “%(question)s”.")
                % {"question": recommendation.assembly.question},
            )
            for recommendation in recommendations
        ],
        gettext("No recommendation is waiting for a response from you."),
    )


def decisions_section(user) -> Section | None:
    """For partners and coordinators who record a body's decisions: what a Board checklist holds back,
    checklists to review, and commitments overdue (the full picture is the decisions dashboard)."""
    if not decision_selectors.bodies_recorded_by(user):
        return None
    board = decision_selectors.dashboard(user)
    held = [
        Item(
            c.decision.question,
            c.decision.get_absolute_url(),
            gettext("Do not proceed: %(reason)s") % {"reason": c.verdict_reason},
        )
        for c in board["not_satisfied"]
    ]
    to_review = [
        Item(
            c.decision.question,
            reverse("decisions:assurance", args=[c.decision.slug]),
            gettext("Checklist answered"),
        )
        for c in board["awaiting_review"]
    ]
    overdue = [
        Item(
            commitment.text,
            commitment.decision.get_absolute_url(),
            gettext("%(owner)s, due %(date)s")
            % {"owner": commitment.owner, "date": format_date(commitment.due_on)},
        )
        for commitment in board["overdue"]
    ]
    groups = [
        (heading, items)
        for heading, items in [
            (gettext("Held back by the Board's co-production checklist"), held),
            (gettext("Checklists waiting for a review"), to_review),
            (gettext("Commitments overdue"), overdue),
        ]
        if items
    ]
    return Section(
        gettext("Decisions"),
        [
            Item(
                gettext("The decisions dashboard"),
                reverse("decisions:dashboard"),
                gettext("Every decision you record, by status"),
            )
        ],
        groups=groups,
    )


def reach_section(user) -> Section | None:
    if not (selectors.is_partner(user) or permissions.is_any_coordinator(user)):
        return None
    pages = selectors.reach_pages_for(user)
    items = [
        Item(
            gettext("Who voted in %(round)s") % {"round": funding_round.name},
            reverse("grants:reach", args=[funding_round.slug]),
            gettext("Compared with the population of the places the fund serves."),
        )
        for funding_round in pages.rounds
    ] + [
        Item(
            gettext("Who took part in “%(question)s”") % {"question": conversation.question},
            reverse("conversations:results", args=[conversation.slug]),
            gettext("The results, with who took part compared with the population."),
        )
        for conversation in pages.conversations
    ]
    return Section(
        gettext("Reach: who takes part"),
        items,
        gettext("There is no vote or conversation to show the reach of yet."),
    )


def open_now_section(user) -> Section:
    return Section(
        gettext("Open to you now"),
        _open_items(selectors.open_now(user)),
        gettext("Nothing is open to take part in at the moment."),
    )


def latest_said_and_done(count: int = 3) -> list[Item]:
    """For the home page: the newest published "you said, we did" entries, by the one public rule."""
    return [
        Item(
            decision.question,
            reverse("decisions:entry", args=[decision.slug]),
            gettext("%(body)s, decided on %(date)s")
            % {"body": decision.body.name, "date": format_date(decision.decided_on)}
            if decision.decided_on
            else decision.body.name,
        )
        # The list needs none of the entries' inputs and commitments that the full page prefetches.
        for decision in public_entries().prefetch_related(None)[:count]
    ]


def happening_now() -> list[Item]:
    """For the home page: what anyone can take part in now, where, and until when."""
    return _open_items(selectors.open_now())


def _open_items(open_now: selectors.OpenNow) -> list[Item]:
    items = [
        Item(
            gettext("Set the priorities for %(round)s") % {"round": r.name},
            reverse("grants:priorities", args=[r.slug]),
            _where(
                r.fund.places_served.all(),
                gettext("%(fund)s. Residents say what the money should be for.") % {"fund": r.fund.name},
            ),
            window=Window(
                gettext("Setting priorities"), r.priorities_open_at, r.applications_open_at, plural=False
            ),
        )
        for r in open_now.rounds_setting_priorities
    ]
    items += [
        Item(
            gettext("Apply to %(round)s") % {"round": r.name},
            reverse("grants:application-create", args=[r.slug]),
            _where(
                r.fund.places_served.all(),
                gettext("%(fund)s. For community groups and organisations.") % {"fund": r.fund.name},
            ),
            window=Window(gettext("Applications"), r.applications_open_at, r.applications_close_at),
        )
        for r in open_now.rounds_taking_applications
    ]
    items += [
        Item(
            gettext("Vote in %(round)s") % {"round": r.name},
            reverse("grants:ballot", args=[r.slug]),
            _where(
                r.fund.places_served.all(),
                gettext("%(fund)s. You have voted. You can see your vote.") % {"fund": r.fund.name}
                if r.pk in open_now.rounds_voted_in
                else r.fund.name + ".",
            ),
            window=Window(gettext("Voting"), r.voting_opens_at, r.voting_closes_at, plural=False),
        )
        for r in open_now.rounds_voting
    ]
    items += [
        Item(
            gettext("Take part in “%(question)s”") % {"question": conversation.question},
            conversation.get_absolute_url(),
            _where(
                [conversation.place] if conversation.place else [],
                gettext("A conversation: agree or disagree."),
            ),
            window=Window(
                gettext("The conversation"), conversation.opens_at, conversation.closes_at, plural=False
            ),
        )
        for conversation in open_now.conversations
    ]
    items += [
        Item(
            gettext("Volunteer for the citizens' panel on “%(question)s”") % {"question": assembly.question},
            reverse("panels:register", args=[assembly.slug]),
            _where(
                [assembly.place],
                gettext("For people who live there. %(payment)s.") % {"payment": assembly.payment_offered},
            ),
            window=Window(gettext("Registration"), None, assembly.registration_closes_on, plural=False),
        )
        for assembly in open_now.assemblies_recruiting
    ]
    return items


def _where(places, then: str) -> str:
    """ "In Ladywood and Perry Barr. …", or across the collective when it serves no place in particular."""
    names = [place.name for place in places]
    if not names:
        return gettext("Across the collective. %(then)s") % {"then": then}
    if len(names) == 1:
        return gettext("In %(place)s. %(then)s") % {"place": names[0], "then": then}
    joined = gettext("%(places)s and %(last)s") % {"places": ", ".join(names[:-1]), "last": names[-1]}
    return gettext("In %(place)s. %(then)s") % {"place": joined, "then": then}


def done_section(user) -> Section:
    done = selectors.done_by(user)
    groups = [
        (
            gettext("Subgroups you belong to"),
            [Item(m.subgroup.name, m.subgroup.get_absolute_url()) for m in done.subgroups],
        ),
        (
            gettext("Statements you wrote"),
            [
                Item(
                    s.text,
                    s.conversation.get_absolute_url(),
                    gettext("%(status)s.") % {"status": s.get_status_display()},
                )
                for s in done.statements
            ],
        ),
        (
            gettext("Your applications for grants"),
            [
                Item(
                    a.title,
                    a.get_absolute_url(),
                    gettext("%(round)s: %(status)s.")
                    % {"round": a.funding_round.name, "status": a.get_status_display()},
                )
                for a in done.applications
            ],
        ),
        (
            gettext("Rounds you voted in"),
            [
                Item(
                    b.funding_round.name,
                    b.funding_round.get_absolute_url(),
                    gettext("You voted on %(date)s.") % {"date": format_date(b.cast_at)},
                )
                for b in done.ballots
            ],
        ),
        (
            gettext("Citizens' panels you volunteered for"),
            [
                Item(
                    v.assembly.question,
                    v.assembly.get_absolute_url(),
                    (
                        gettext("You registered on %(date)s. You have withdrawn.")
                        if v.has_withdrawn
                        else gettext("You registered on %(date)s.")
                    )
                    % {"date": format_date(v.registered_at)},
                )
                for v in done.registrations
            ],
        ),
        (
            gettext("Your organisations"),
            [
                Item(
                    m.organisation.name,
                    m.organisation.get_absolute_url(),
                    (gettext("%(status)s. You are its contact.") if m.is_contact else gettext("%(status)s."))
                    % {"status": m.organisation.get_status_display()},
                )
                for m in done.organisations
            ],
        ),
    ]
    return Section(
        gettext("What you have done"),
        [],
        gettext("Nothing yet. What you take part in will be listed here."),
        groups=[(heading, items) for heading, items in groups if items],
    )
