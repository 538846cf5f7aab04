"""Demo decisions: what the ICB and the Ladywood and Perry Barr locality partnership decided, citing the
citizens' panel's recommendations, the opinion map's common ground, last year's Flourish grants, subgroup
meetings, the Open Space's actions, the community panel survey's wellbeing scores, a case for action and
a theme found in residents' comments; one held back by its Board checklist; commitments done, under way
and overdue, so "You said, we did" closes the loop. Each decision comes after everything it cites (the
panel answered about three months ago, the opinion map's answers came from about three months ago, the
Open Space was eight weeks ago; the newest decision, today's, cites this season's survey and the themes).
Written through the services, so the audit log tells the story too."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from ostrom.conversations.models import Statement
from ostrom.decisions import services
from ostrom.decisions.models import Assurance, AssuranceAnswer, Body, Commitment, Decision, InputLink, Theme
from ostrom.demo.clock import Clock
from ostrom.events.models import Action
from ostrom.grants.models import Result
from ostrom.insight import theming
from ostrom.insight.models import Insight
from ostrom.insight.models import Theme as InsightTheme
from ostrom.network.models import Meeting
from ostrom.panels.models import Recommendation
from ostrom.places.models import Place
from ostrom.surveys.models import Question

from . import conversations as demo_conversations
from . import events as demo_events
from . import grants as demo_grants
from . import insight as demo_insight
from . import panels as demo_panels
from . import surveys as demo_surveys

ICB = "NHS Birmingham and Solihull ICB (demo)"
PARTNERSHIP = "Ladywood and Perry Barr Locality Partnership (demo)"

# Plain answers to the Board's seven questions, shaped on real co-production reports.
GOOD_ANSWERS = {
    "before_and_after": (
        "Before the proposal, residents told us through the citizens' panel and the opinion map what gets in "
        "the way. After the redesign we went back to the same people with the draft and changed it twice."
    ),
    "who": (
        "30 panel members chosen by a fair lottery to match Birmingham's population, 800 people on the "
        "opinion map, and the Primary Care Access subgroup of the collective."
    ),
    "how": (
        "Four panel sessions with interpreters and childcare, an open online conversation, and two subgroup "
        "meetings in community venues."
    ),
    "outcomes": "The recommendations below, and the changes to the plan listed against each.",
    "new_questions": (
        "How practices without enough space can offer interpreters; whether call-backs work for people on "
        "pay-as-you-go phones."
    ),
    "continuing": (
        "Panel members and subgroup members sit on the implementation group and check progress every quarter."
    ),
    "evaluation": (
        "Members rated the process 4.3 out of 5. Next time: start earlier, and pay for people's phone data."
    ),
}
THIN_ANSWERS = {
    **GOOD_ANSWERS,
    "who": "An online survey on the ICB website (212 responses). Walk-in centre users were not asked.",
    "how": "An online survey over two weeks.",
    "evaluation": "Not evaluated.",
}
EVIDENCE = "https://example.org/board-papers/co-production-report.pdf"


def load(geography: dict, people: dict, *, today: date | None = None) -> None:
    if Body.objects.filter(name=ICB).exists():
        return
    clock = Clock.of(today)
    partner, reviewer = people["staff"]["partner"], people["staff"]["coordinator"]
    birmingham = geography["place"]
    localities = list(birmingham.children.filter(kind=Place.Kind.LOCALITY).order_by("code"))
    icb = services.create_body(actor=reviewer, name=ICB, kind=Body.Kind.ICB, places=[birmingham.parent])
    partnership = services.create_body(
        actor=reviewer, name=PARTNERSHIP, kind=Body.Kind.LOCALITY_PARTNERSHIP, places=localities
    )
    themes = {
        name: Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in [
            "Primary care access",
            "Best start in life",
            "Building trust",
            "Communications",
            "Community grants",
            "Urgent care",
            "Diabetes, obesity and asthma",
        ]
    }
    today = clock.today
    recommendations = {
        r.number: r for r in Recommendation.objects.filter(assembly__question=demo_panels.QUESTION)
    }
    statements = {
        s.text: s for s in Statement.objects.filter(conversation__question=demo_conversations.QUESTION)
    }
    meetings = {m.title: m for m in Meeting.objects.exclude(minutes="")}
    past_round, this_round = (list(demo_grants.rounds()) + [None, None])[:2]
    grants_result = Result.objects.filter(funding_round=past_round).first()
    actions = {a.text: a for a in Action.objects.filter(event__title=demo_events.TITLE)}
    diabetes_case = Insight.objects.published().filter(title=demo_insight.DIABETES_CASE).first()
    access_theme = next(
        (
            theme
            for theme in InsightTheme.objects.for_place(geography["place"]).current().order_by("-size", "pk")
            # About GP appointments in its label words, not merely mentioning them further down.
            if {"gp", "gps", "appointment", "appointments"} & set(theme.keywords[:3])
        ),
        None,
    )
    if access_theme is not None and not access_theme.label_edited:
        # As a coordinator would: the engine's words become a name people recognise.
        theming.rename_theme(theme=access_theme, label="Getting a GP appointment", renamed_by=reviewer)
        access_theme.refresh_from_db()
    wellbeing = Question.objects.filter(
        section__survey=demo_surveys.panel_survey(), kind=Question.Kind.SWEMWBS
    ).first()

    def cite(decision, kind, item, shaped, how):
        if item is not None:
            services.link_input(
                actor=partner, decision=decision, kind=kind, object_id=item.pk, shaped=shaped, how=how
            )

    def checklist(decision, answers, verdict, reason=""):
        for question, text in answers.items():
            services.answer_assurance(
                actor=partner, decision=decision, question=question, text=text, evidence=EVIDENCE
            )
        services.review_assurance(actor=reviewer, decision=decision, verdict=verdict, reason=reason)

    def decide(
        body, question, *, days_ago, outcome, options, money=None, board=True, about=("Primary care access",)
    ):
        return services.record_decision(
            themes=[themes[name] for name in about],
            actor=partner,
            body=body,
            question=question,
            decided_on=clock.day(-days_ago),
            options_considered=options,
            outcome=outcome,
            money=money,
            goes_to_board=board,
        )

    def move(decision, *statuses, implemented_on=None):
        for status in statuses:
            services.move_decision(
                actor=partner,
                decision=decision,
                status=status,
                implemented_on=implemented_on if status == Decision.Status.IMPLEMENTED else None,
            )

    def promise(decision, text, owner, *, due_in, status=None, update=""):
        commitment = services.add_commitment(
            actor=partner, decision=decision, text=text, owner=owner, due_on=clock.day(due_in)
        )
        if status:
            services.update_commitment(
                actor=partner,
                commitment=commitment,
                written_on=min(today, today + timedelta(days=due_in)),
                text=update,
                status=status,
            )

    # 1. Call-backs instead of the 8am queue: done.
    callbacks = decide(
        icb,
        "Should every Birmingham practice offer call-backs instead of the 8am phone queue?",
        days_ago=40,
        options="Keep the queue and add phone lines; a call-back slot for everyone who rings; online booking only.",
        outcome="Every practice in Birmingham offers a call-back slot to anyone who rings after the first "
        "ten minutes. Extra phone lines are not funded.",
        money=Decimal("420000"),
    )
    cite(
        callbacks,
        "panels.recommendation",
        recommendations.get(1),
        "adopted",
        "Adopted in full, for every practice.",
    )
    cite(
        callbacks,
        "conversations.statement",
        statements.get("Surgeries should call back rather than keep people on hold"),
        "adopted",
        "Every opinion group agreed, so call-backs became the plan rather than one option.",
    )
    cite(
        callbacks,
        "events.action",
        actions.get("A call-back option instead of holding in the queue"),
        "adopted",
        "Asked for at the Open Space in Ladywood, by the people who came to “Seeing a GP when I need to”.",
    )
    cite(
        callbacks,
        "network.meeting",
        meetings.get("Trust survey results"),
        "changed",
        "Members said people give up when the queue is full, and that call-backs fail people on pay-as-you-go "
        "phones: practices now call back from a free number.",
    )
    checklist(callbacks, GOOD_ANSWERS, Assurance.Verdict.SATISFIED)
    move(
        callbacks,
        Decision.Status.AT_BOARD,
        Decision.Status.APPROVED,
        Decision.Status.IMPLEMENTED,
        implemented_on=today - timedelta(days=5),
    )
    promise(
        callbacks,
        "We will switch every practice to call-backs",
        "Primary care team, ICB",
        due_in=-10,
        status="done",
        update="All 168 practices now offer call-backs.",
    )
    promise(
        callbacks,
        "We will report call-back waiting times every month",
        "Primary care team, ICB",
        due_in=60,
        status="in_progress",
        update="The first monthly report is published.",
    )

    # 2. Same-day help for children: approved, on its way.
    children = decide(
        icb,
        "Should children under 5 always be seen or called back the same day?",
        days_ago=35,
        options="Same day for under-5s; same day for under-12s; no change.",
        outcome="Every practice sees or calls back children under 5 on the day their parent or carer asks.",
        money=Decimal("180000"),
        about=("Primary care access", "Best start in life"),
    )
    cite(
        children,
        "panels.recommendation",
        recommendations.get(2),
        "adopted",
        "Adopted for under-5s, as recommended.",
    )
    cite(
        children,
        "conversations.statement",
        statements.get("Children should always be seen on the same day"),
        "adopted",
        "Parents and carers on the opinion map asked for this most strongly.",
    )
    checklist(children, GOOD_ANSWERS, Assurance.Verdict.SATISFIED)
    move(children, Decision.Status.AT_BOARD, Decision.Status.APPROVED)
    promise(
        children,
        "We will write the same-day rule into every practice's contract",
        "Contracts team, ICB",
        due_in=45,
        status="in_progress",
        update="Draft wording agreed with the Local Medical Committee.",
    )

    # 3. Interpreters on site: approved, one commitment overdue.
    interpreters = decide(
        partnership,
        "Should practices in Ladywood and Perry Barr have interpreters on site?",
        days_ago=30,
        options="Phone interpreting only; interpreters on site every day; on site on set days.",
        outcome="Interpreters for Urdu, Punjabi, Bengali and Arabic are on site two days a week in the eight "
        "busiest practices; phone interpreting stays for every other language.",
        money=Decimal("95000"),
        about=("Primary care access", "Building trust"),
    )
    cite(
        interpreters,
        "panels.recommendation",
        recommendations.get(3),
        "changed",
        "Two days a week rather than every day, because there are not enough interpreters yet.",
    )
    cite(
        interpreters,
        "conversations.statement",
        statements.get("Practices should have interpreters on site, not just on the phone"),
        "adopted",
        "The group who rely on phone and face-to-face care agreed strongly.",
    )
    cite(
        interpreters,
        "network.meeting",
        meetings.get("Interpreters at the practice"),
        "adopted",
        "Members chose the four languages and the eight practices.",
    )
    checklist(interpreters, GOOD_ANSWERS, Assurance.Verdict.SATISFIED)
    move(interpreters, Decision.Status.AT_BOARD, Decision.Status.APPROVED)
    promise(
        interpreters, "We will have interpreters on site in eight practices", "Locality manager", due_in=-14
    )
    promise(
        interpreters,
        "We will publish which days each practice has an interpreter",
        "Communications subgroup",
        due_in=20,
    )

    # 4. The walk-in centre: held back by its checklist.
    walk_in = decide(
        icb,
        "Should the Ladywood walk-in centre close, with its staff moved to same-day hubs?",
        days_ago=10,
        options="Keep the walk-in centre; close it and fund same-day hubs; keep it open at weekends only.",
        outcome="",
        money=Decimal("1200000"),
        about=("Urgent care",),
    )
    cite(
        walk_in,
        "conversations.statement",
        statements.get("A walk-in clinic in Ladywood would help more than extra phone lines"),
        "not_adopted",
        "Not adopted yet: the proposal goes the other way, and the Board has asked for the people who use the "
        "centre to be heard before anything is decided.",
    )
    checklist(
        walk_in,
        THIN_ANSWERS,
        Assurance.Verdict.NOT_SATISFIED,
        "Only an online survey was used, and the people who use the walk-in centre were not asked. Start again "
        "with them, in the centre, with interpreters.",
    )
    move(walk_in, Decision.Status.AT_BOARD)

    # 5. A second year of Flourish grants: the partnership's own decision, after last year's result was
    # published and before this year's round opened; done when it opened.
    last_year = past_round.priorities_open_at.year if past_round else today.year - 1
    this_year = this_round.priorities_open_at.year if this_round else today.year
    opened = timezone.localtime(this_round.priorities_open_at).date() if this_round else clock.day(-5)
    flourish = decide(
        partnership,
        "Should the Flourish small grants run for a second year?",
        days_ago=120,
        options="Stop after one year; run again with the same rules; run again with residents setting priorities.",
        outcome=f"Flourish runs again in {this_year} with £60,000, residents setting the priorities and voting again.",
        money=Decimal("60000"),
        board=False,
        about=("Community grants",),
    )
    cite(
        flourish,
        "grants.result",
        grants_result,
        "adopted",
        f"Residents' choices in {last_year} reached the groups the NHS rarely reaches, so the partnership kept "
        "the model.",
    )
    move(flourish, Decision.Status.APPROVED, Decision.Status.IMPLEMENTED, implemented_on=opened)
    promise(
        flourish,
        f"We will open Flourish Small Grants {this_year}",
        "Collective coordinator",
        due_in=(opened - today).days,
        status="done",
        update=f"The {this_year} round opened for priorities.",
    )

    # 6. Waiting times on show: done.
    waiting = decide(
        partnership,
        "Should waiting rooms and websites show how long the wait is?",
        days_ago=60,
        options="Screens in waiting rooms; a line on each practice website; both.",
        outcome="Both: a screen in every waiting room and the day's wait on each practice's website.",
        money=Decimal("24000"),
    )
    cite(waiting, "panels.recommendation", recommendations.get(4), "adopted", "Adopted in full.")
    cite(
        waiting,
        "conversations.statement",
        statements.get("Waiting rooms should show how long the wait is"),
        "adopted",
        "Every opinion group agreed.",
    )
    checklist(waiting, GOOD_ANSWERS, Assurance.Verdict.SATISFIED)
    move(
        waiting,
        Decision.Status.AT_BOARD,
        Decision.Status.APPROVED,
        Decision.Status.IMPLEMENTED,
        implemented_on=today - timedelta(days=20),
    )
    promise(
        waiting,
        "We will put a waiting-time screen in every waiting room",
        "Estates team",
        due_in=-21,
        status="done",
        update="Screens are in all 31 practices.",
    )
    promise(
        waiting,
        "We will show the wait on every practice website",
        "Digital team",
        due_in=-3,
        status="not_done",
        update="Two practice website suppliers cannot show it yet; we are changing supplier.",
    )

    # 7. A phone route for online triage: approved, overdue.
    phone_route = decide(
        icb,
        "Must online triage always offer a phone or face-to-face option?",
        days_ago=25,
        options="Online only with help from reception; a phone option on every triage form.",
        outcome="Every online triage form offers a phone number and a face-to-face option on its first page.",
    )
    cite(phone_route, "panels.recommendation", recommendations.get(5), "adopted", "Adopted in full.")
    cite(
        phone_route,
        "conversations.statement",
        statements.get("Online triage should have a phone option for people without internet"),
        "adopted",
        "Common ground across every opinion group.",
    )
    checklist(phone_route, GOOD_ANSWERS, Assurance.Verdict.SATISFIED)
    move(phone_route, Decision.Status.AT_BOARD, Decision.Status.APPROVED)
    promise(phone_route, "We will change every triage form", "Digital team, ICB", due_in=-7)

    # 8. Health information in community languages: the partnership's own decision, no Board.
    languages = decide(
        partnership,
        "Should health information be translated into Urdu, Punjabi and Bengali?",
        days_ago=45,
        options="Translate everything; translate the ten most used leaflets; community radio and WhatsApp instead.",
        outcome="The ten most used leaflets are translated, and read aloud on community radio.",
        money=Decimal("8000"),
        board=False,
        about=("Communications", "Building trust"),
    )
    cite(
        languages,
        "conversations.statement",
        statements.get("Health information should be translated into Urdu, Punjabi and Bengali"),
        "adopted",
        "Adopted for the ten most used leaflets.",
    )
    cite(
        languages,
        "network.meeting",
        meetings.get("Community radio slots"),
        "changed",
        "Members asked for leaflets to be read aloud on community radio too.",
    )
    cite(
        languages,
        "events.action",
        actions.get("Publish who qualifies for patient transport in plain English and community languages"),
        "adopted",
        "The patient transport leaflet is one of the ten.",
    )
    move(languages, Decision.Status.APPROVED)
    promise(
        languages,
        "We will translate the ten most used leaflets",
        "Communications subgroup",
        due_in=-12,
        status="done",
        update="All ten are on the website and in practices.",
    )

    # 9. Health champions, decided today: what residents said this season, in the survey and in their own
    # words, with the case for action and the Open Space's own action.
    champions = decide(
        partnership,
        "Should the partnership fund health champions to run a diabetes-prevention group and help people "
        "book GP appointments?",
        days_ago=0,
        options="Refer people to the national programme only; fund the community group for a year; fund it "
        "for three years.",
        outcome="Funded for a year: two health champions run a diabetes-prevention group at the mosque and the "
        "community centre (60 places), and at every session help neighbours book GP appointments and use the "
        "NHS App.",
        money=Decimal("11700"),
        board=False,
        about=("Diabetes, obesity and asthma", "Primary care access"),
    )
    cite(
        champions,
        "insight.insight",
        diabetes_case,
        "adopted",
        "The diabetes-prevention group's case for action showed it saves the NHS more than it costs.",
    )
    cite(
        champions,
        "insight.theme",
        access_theme,
        "adopted",
        "Residents' own words, in thousands of comments, put getting a GP appointment first: the champions help "
        "with booking at every session.",
    )
    cite(
        champions,
        "events.action",
        actions.get("Health Champions to help neighbours use the NHS App"),
        "adopted",
        "The Ladywood Health Champions offered this at the Open Space; the funding pays for their time.",
    )
    cite(
        champions,
        "surveys.result",
        wellbeing,
        "adopted",
        "The community panel's wellbeing scores this season are the baseline the group is measured against.",
    )
    move(champions, Decision.Status.APPROVED)
    promise(champions, "We will recruit two health champions", "Collective coordinator", due_in=30)
    promise(
        champions,
        "We will report the group's wellbeing scores after six months",
        "Collective coordinator",
        due_in=182,
    )

    decisions = [
        callbacks,
        children,
        interpreters,
        walk_in,
        flourish,
        waiting,
        phone_route,
        languages,
        champions,
    ]
    for decision in decisions:
        services.publish_decision(actor=partner, decision=decision)
        _backdate(decision, clock)


def _backdate(decision: Decision, clock: Clock) -> None:
    """The moments the services wrote as "now", moved to the story's days: the decision recorded, its
    inputs cited and its promises made on the day it was taken, its checklist answered the week before
    and reviewed two days before, and published the next morning (today's, this morning)."""
    recorded = min(clock.at(decision.decided_on, hour=11), clock.now)
    published = min(clock.at(decision.decided_on + timedelta(days=1), hour=10), clock.now)
    Decision.objects.filter(pk=decision.pk).update(created_at=recorded, published_at=published)
    InputLink.objects.filter(decision=decision).update(linked_at=recorded)
    Commitment.objects.filter(decision=decision).update(created_at=recorded)
    AssuranceAnswer.objects.filter(assurance__decision=decision).update(
        answered_at=clock.at(decision.decided_on - timedelta(days=7), hour=10)
    )
    Assurance.objects.filter(decision=decision, reviewed_at__isnull=False).update(
        reviewed_at=clock.at(decision.decided_on - timedelta(days=2), hour=15)
    )
