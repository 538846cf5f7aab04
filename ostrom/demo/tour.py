"""The demo's logins by role and its tour: the story `seed_demo` loads, in order, each step with the login
to use and links to the real pages of the loaded demo.

Demo mode is on only with DEBUG on and DEMO_MODE set (settings.py: never with production settings), and
only once the demo is loaded: one query, made only by the pages that show the logins or the tour. Each
step finds its objects as the demo leaves them (the demo fund's newest decided round, the demo area's
citizens' panel …), never by a name with a year in it, and a step whose objects are missing is left out
rather than linking to a page that is not there."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.urls import reverse

from ostrom.accounts.models import User
from ostrom.assets.models import Service
from ostrom.conversations.models import Conversation
from ostrom.decisions.accountability import public_entries
from ostrom.decisions.models import Assurance, Body, Decision
from ostrom.events.models import Event
from ostrom.grants.models import PanelSeat, Round
from ostrom.impact.models import Programme
from ostrom.insight.models import Insight
from ostrom.insight.models import Theme as InsightTheme
from ostrom.money.models import DevolvedBudget
from ostrom.network.models import Organisation, Subgroup
from ostrom.panels.models import Assembly
from ostrom.places.models import Place
from ostrom.surveys.models import Question, Survey

from .collective import DEMO_DOMAIN, DEMO_PASSWORD

PASSWORD = DEMO_PASSWORD
FUND_SLUG = "flourish-fund"
IMPACT_PROGRAMME_SLUG = "flourish"
WELLBEING_PROGRAMME_SLUG = "social-prescribing"
SUBGROUP_SLUG = "primary-care-access"
LOCALITY = "Ladywood"

RESIDENT = "resident"
ORGANISATION_CONTACT = "organisation_contact"
COORDINATOR = "coordinator"
PANEL_MEMBER = "panel_member"
PARTNER = "partner"
LINK_WORKER = "link_worker"
ADMIN = "admin"


def _email(handle: str) -> str:
    return f"{handle}@{DEMO_DOMAIN}"


# Role, the demo login's email (None: found in the loaded demo) and one line on what to try.
LOGINS = [
    (
        RESIDENT,
        "Resident",
        _email("resident001"),
        "Choose the priorities for this year's grants, answer statements on the GP opinion map and see where "
        "you stand, and download or erase your own data.",
    ),
    (
        ORGANISATION_CONTACT,
        "Organisation contact",
        _email("resident041"),
        "Your organisation, the Ladywood Sikh Youth Project, is waiting to join the collective: see its page.",
    ),
    (
        COORDINATOR,
        "Coordinator",
        _email("coordinator"),
        "Approve the organisation waiting to join, see the citizens' panel's quotas, the survey's results "
        "and the member organisations' returns.",
    ),
    (
        PANEL_MEMBER,
        "Grants panel member",
        None,
        "See the scores you and the rest of the lived-experience panel gave the grant applications.",
    ),
    (
        PARTNER,
        "NHS partner",
        _email("partner"),
        "Follow decisions on the dashboard, see the one the Board's checklist held back, insight beside the "
        "area's numbers, and the money moved to prevention.",
    ),
    (
        LINK_WORKER,
        "Social prescribing link worker",
        _email("linkworker-ladywood"),
        "See your team's referrals, follow one up, and find community assets to refer people to.",
    ),
    (
        ADMIN,
        "Administrator",
        _email("admin"),
        "Read the audit log of every decision, ballot, lottery and grant change; the Django admin is at /admin/.",
    ),
]


@dataclass(frozen=True)
class Login:
    key: str
    role: str
    email: str
    what_to_try: str


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Step:
    heading: str
    paragraphs: tuple[str, ...]
    links: tuple[Link, ...]
    login_key: str | None = None  # None: no sign-in needed
    login: Login | None = None
    number: int = 0

    @property
    def anchor(self) -> str:
        return f"step-{self.number}"


def is_on() -> bool:
    """Demo mode: DEBUG on, DEMO_MODE on and the demo loaded (its coordinator's account exists)."""
    if not (settings.DEBUG and settings.DEMO_MODE):
        return False
    return User.objects.filter(email=_email(COORDINATOR)).exists()


def logins() -> list[Login]:
    """The demo's logins by role, each only if its account is there."""
    emails = {key: email for key, _, email, _ in LOGINS}
    emails[PANEL_MEMBER] = _panel_member_email()
    existing = set(
        User.objects.filter(email__in=[e for e in emails.values() if e], is_active=True).values_list(
            "email", flat=True
        )
    )
    return [
        Login(key=key, role=role, email=emails[key], what_to_try=what_to_try)
        for key, role, _, what_to_try in LOGINS
        if emails[key] in existing
    ]


def login_rows(demo_logins: list[Login]) -> list[list[dict]]:
    """The NHS.UK table's rows for the sign-in page: role, email, what to try."""
    return [
        [
            {"text": login.role, "header": "Role"},
            {"text": login.email, "header": "Email"},
            {"text": login.what_to_try, "header": "What to try"},
        ]
        for login in demo_logins
    ]


def steps() -> list[Step]:
    """The tour, in the order of the story, numbered from 1; each step's login is one of `logins()`."""
    by_key = {login.key: login for login in logins()}
    found = []
    for build in STEPS:
        step = build()
        if step is None or not step.links:
            continue
        if step.login_key is not None and step.login_key not in by_key:
            continue
        found.append(replace(step, login=by_key.get(step.login_key), number=len(found) + 1))
    return found


def contents(tour_steps: list[Step]) -> list[dict]:
    """The NHS.UK contents list's items: one link to each step on the page."""
    return [{"href": f"#{step.anchor}", "text": step.heading} for step in tour_steps]


# Each step's builder returns its Step, or None when the demo objects it tells of are missing.
StepBuilder = Callable[[], Step | None]


def _link(text: str, name: str, *args) -> Link:
    return Link(text, reverse(name, args=args))


def _decided_round() -> Round | None:
    """The demo fund's newest round whose result is published."""
    return (
        Round.objects.filter(fund__slug=FUND_SLUG, published_at__isnull=False)
        .order_by("-voting_closes_at")
        .first()
    )


def _open_round() -> Round | None:
    """The demo fund's newest round not yet decided: the one residents are setting priorities for."""
    return (
        Round.objects.filter(fund__slug=FUND_SLUG, published_at__isnull=True)
        .order_by("-priorities_open_at")
        .first()
    )


def _panel_member_email() -> str | None:
    funding_round = _decided_round()
    seat = (
        PanelSeat.objects.filter(panel__funding_round=funding_round, member__email__endswith=DEMO_DOMAIN)
        .select_related("member")
        .order_by("pk")
        .first()
        if funding_round
        else None
    )
    return seat.member.email if seat else None


def _locality() -> Place | None:
    return Place.objects.filter(is_demo=True, kind=Place.Kind.LOCALITY, name=LOCALITY).first()


def _collective() -> Step | None:
    subgroup = Subgroup.objects.filter(slug=SUBGROUP_SLUG).first()
    if subgroup is None or not Organisation.objects.members().exists():
        return None
    return Step(
        heading="The collective and its subgroups",
        paragraphs=(
            "Thirty community organisations in Ladywood and Perry Barr – charities, faith groups and community "
            "businesses – work together as a collective. Joining is free, and members meet in five subgroups "
            "on the issues residents care about most.",
            "The primary care access subgroup is where residents first said how hard it is to see a GP. The rest "
            "of the story follows from that.",
        ),
        links=(
            _link("Member organisations", "network:organisation-list"),
            Link("The primary care access subgroup", subgroup.get_absolute_url()),
        ),
    )


def _joining() -> Step | None:
    waiting = Organisation.objects.filter(
        status=Organisation.Status.APPLIED, memberships__user__email=_email("resident041")
    ).first()
    if waiting is None:
        return None
    return Step(
        heading="An organisation asks to join",
        paragraphs=(
            f"The {waiting.name} has filled in the short form to join. A coordinator approves or declines "
            "each request, and the organisation's contact sees where it stands.",
        ),
        links=(Link(f"The {waiting.name}'s page", waiting.get_absolute_url()),),
        login_key=ORGANISATION_CONTACT,
    )


def _priorities() -> Step | None:
    funding_round = _open_round()
    if funding_round is None:
        return None
    return Step(
        heading="Residents set the priorities for the grants",
        paragraphs=(
            f"Before anyone applies to {funding_round.name}, residents suggest and choose what the money should "
            "be for. The priorities most people choose are the ones applications must meet.",
        ),
        links=(
            _link(
                f"Suggest and choose priorities for {funding_round.name}",
                "grants:priorities",
                funding_round.slug,
            ),
        ),
        login_key=RESIDENT,
    )


def _grants_panel() -> Step | None:
    funding_round = _decided_round()
    if funding_round is None or not PanelSeat.objects.filter(panel__funding_round=funding_round).exists():
        return None
    return Step(
        heading="A lived-experience panel scores the applications",
        paragraphs=(
            f"Nine residents scored the applications to {funding_round.name}. At least 40% of the seats were for "
            "people with lived experience, members were paid for their time and trained, and anyone with a "
            "conflict of interest did not score that application.",
        ),
        links=(_link("The panel's scores", "grants:assessments", funding_round.slug),),
        login_key=PANEL_MEMBER,
    )


def _vote() -> Step | None:
    funding_round = _decided_round()
    if funding_round is None:
        return None
    return Step(
        heading="Everyone votes, and Equal Shares decides",
        paragraphs=(
            "Residents voted for the shortlisted projects they wanted. The votes were counted with the Method "
            "of Equal Shares, which gives every voter an equal share of the budget, so a large group cannot "
            "take all the money.",
            "The result explains why each project was or was not funded, and the grants are published as "
            "360Giving open data.",
        ),
        links=(
            _link(f"The result of {funding_round.name}", "grants:result", funding_round.slug),
            _link("The grants awarded", "grants:grant-list"),
        ),
    )


def _assembly() -> Assembly | None:
    """The demo's citizens' panel: drawn by the demo coordinator, and its recommendations answered."""
    return (
        Assembly.objects.filter(
            lotteries__drawn_by__email=_email(COORDINATOR), recommendations__response__isnull=False
        )
        .distinct()
        .order_by("-last_session_on")
        .first()
    )


def _citizens_panel() -> Step | None:
    assembly = _assembly()
    lottery = assembly.lotteries.order_by("-pk").first() if assembly else None
    if lottery is None:
        return None
    return Step(
        heading="A citizens' panel on waiting lists",
        paragraphs=(
            "The ICB asked residents how to shorten waiting lists and make it easier to get primary care. "
            "Letters went to 6,000 homes, and a fair lottery chose 30 of the people who replied so that the "
            "panel looks like Birmingham: by age, sex, ethnic group, disability and how deprived their area is.",
            "After four sessions the panel made twelve recommendations, and the ICB answered each one in public.",
        ),
        links=(
            _link("The fair lottery, with its quotas", "panels:lottery", assembly.slug, lottery.pk),
            _link("The recommendations and the ICB's response", "panels:recommendations", assembly.slug),
        ),
    )


def _quotas() -> Step | None:
    assembly = _assembly()
    if assembly is None:
        return None
    return Step(
        heading="Setting the panel's quotas",
        paragraphs=(
            "Coordinators set how many panel members should come from each group, starting from the "
            "population of the place. An impossible quota is caught before the lottery, with the smallest fix.",
        ),
        links=(_link("The panel's quotas", "panels:quotas", assembly.slug),),
        login_key=COORDINATOR,
    )


def _open_space() -> Step | None:
    event = (
        Event.objects.filter(place__is_demo=True, report_published_at__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    if event is None:
        return None
    return Step(
        heading="An Open Space on wellbeing",
        paragraphs=(
            f"At “{event.title}”, the people who came set the agenda themselves. Each session's actions are "
            "sorted into what we can do ourselves, what we can do together with services, and what services "
            "must do.",
        ),
        links=(_link("The event's report", "events:report", event.slug),),
    )


def _opinion_map() -> Step | None:
    conversation = (
        Conversation.objects.filter(place__is_demo=True, statements__isnull=False)
        .distinct()
        .order_by("-opens_at")
        .first()
    )
    if conversation is None:
        return None
    return Step(
        heading="An opinion map on seeing a GP",
        paragraphs=(
            f"In “{conversation.question}”, 800 people agreed or disagreed with short statements and added their "
            "own. The map shows the groups of opinion, and what almost everyone agrees on.",
        ),
        links=(
            Link("Answer the statements", conversation.get_absolute_url()),
            _link("The opinion map", "conversations:results", conversation.slug),
        ),
        login_key=RESIDENT,
    )


def _survey() -> Step | None:
    survey = (
        Survey.objects.filter(
            place__is_demo=True,
            status__in=[Survey.Status.SENT, Survey.Status.CLOSED],
            audience=Survey.Audience.PANEL,
            sections__questions__kind=Question.Kind.SWEMWBS,
        )
        .distinct()
        .order_by("-opens_at")
        .first()
    )
    if survey is None:
        return None
    return Step(
        heading="The community panel survey",
        paragraphs=(
            f"Residents on the community panel answered “{survey.title}”, including the seven short wellbeing "
            "statements of SWEMWBS, scored the official way. Answers can be seen by ethnic group, deprivation "
            "and age, and small numbers are never shown.",
        ),
        links=(_link("The survey's results", "surveys:results", survey.slug),),
        login_key=COORDINATOR,
    )


def _insight() -> Step | None:
    locality = _locality()
    theme = (
        InsightTheme.objects.filter(place__is_demo=True, merged_into__isnull=True)
        .order_by("-label_edited", "-size", "pk")
        .first()
    )
    case = (
        Insight.objects.published()
        .filter(is_demo=True, kind=Insight.Kind.CASE_FOR_ACTION)
        .order_by("pk")
        .first()
    )
    if locality is None or theme is None or case is None:
        return None
    return Step(
        heading="Insight beside the area's numbers",
        paragraphs=(
            "Everything people said – in the survey, on the map, at the Open Space and in meetings – is brought "
            "together and grouped into themes automatically, shown beside who lives in the area and how deprived "
            "it is.",
            "A case for action sets out a community group's proposal with its cost and saving to the NHS, the "
            "working shown, as a one-page paper for a Board.",
        ),
        links=(
            Link(f"The theme “{theme.label}”", reverse("insight:theme-detail", args=[theme.pk])),
            _link(f"The case for action: {case.title}", "insight:case-paper", case.pk),
        ),
        login_key=PARTNER,
    )


def _decisions() -> Step | None:
    held_back = (
        Decision.objects.filter(
            assurance__verdict=Assurance.Verdict.NOT_SATISFIED, body__name__endswith="(demo)"
        )
        .order_by("-decided_on")
        .first()
    )
    if held_back is None:
        return None
    return Step(
        heading="Decisions and the Board's checklist",
        paragraphs=(
            "NHS partners record each decision with the community input that shaped it. Before a Board decides, "
            "a reviewer answers the co-production checklist: who was involved, how, and what changed.",
            f"“{held_back.question}” was held back: the reviewer was not satisfied, so it does not proceed.",
        ),
        links=(
            _link("The decisions dashboard", "decisions:dashboard"),
            Link("The decision held back by its checklist", held_back.get_absolute_url()),
        ),
        login_key=PARTNER,
    )


def _you_said_we_did() -> Step | None:
    latest = public_entries().first()
    if latest is None:
        return None
    return Step(
        heading="You said, we did",
        paragraphs=(
            "Every published decision shows what communities said, what was decided, and what has been done, is "
            "under way or was not done and why. Anyone can read it, by place or by body, without signing in.",
        ),
        links=(
            _link("You said, we did", "decisions:you-said-we-did"),
            _link(f"The latest: {latest.question}", "decisions:entry", latest.slug),
        ),
    )


def _impact() -> Step | None:
    programme = Programme.objects.filter(slug=IMPACT_PROGRAMME_SLUG).first()
    wellbeing = Programme.objects.filter(slug=WELLBEING_PROGRAMME_SLUG).first()
    if programme is None or wellbeing is None:
        return None
    return Step(
        heading="Impact: theory of change, returns and wellbeing",
        paragraphs=(
            "The collective's theory of change links what it puts in to the outcomes it hopes for, with an "
            "indicator for each. Member organisations send short returns each quarter, and wellbeing scores "
            "before and after show whether people feel better.",
        ),
        links=(
            Link("The theory of change and its indicators", programme.get_absolute_url()),
            _link("The returns from member organisations", "impact:programme-returns", programme.slug),
            _link("Wellbeing before and after", "impact:wellbeing", wellbeing.slug),
        ),
        login_key=COORDINATOR,
    )


def _money() -> Step | None:
    has_budget_lines = Body.objects.filter(name__endswith="(demo)", budget_lines__isnull=False).exists()
    devolved = DevolvedBudget.objects.filter(from_body__name__endswith="(demo)").order_by("pk").first()
    if not has_budget_lines or devolved is None:
        return None
    return Step(
        heading="Money and the budget shift",
        paragraphs=(
            "The ICB shows, year by year, how much of its budget moves from hospital care to community-led "
            "prevention, against the share it committed to. Part of it is devolved to the collective, which "
            "decides with residents how to spend it.",
        ),
        links=(
            _link("The budget shift, year by year", "money:index"),
            Link("The budget devolved to the community", devolved.get_absolute_url()),
        ),
        login_key=PARTNER,
    )


def _assets_and_referrals() -> Step | None:
    if not Service.objects.exists():
        return None
    return Step(
        heading="Community assets and social prescribing",
        paragraphs=(
            "Groups, venues and activities that keep people well are on a map and in a directory, exchanged in "
            "the Open Referral UK format. Link workers refer people to them and follow up eight to twelve weeks "
            "later, wellbeing scores included.",
        ),
        links=(
            _link("The community assets directory and map", "assets:directory"),
            _link("Your team's referrals", "referrals:list"),
        ),
        login_key=LINK_WORKER,
    )


def _audit() -> Step | None:
    return Step(
        heading="Every change is on the record",
        paragraphs=(
            "Each decision, ballot, lottery and grant change is written to the audit log, with who did it and "
            "when.",
        ),
        links=(_link("The audit log", "core:audit-log"),),
        login_key=ADMIN,
    )


STEPS: list[StepBuilder] = [
    _collective,
    _joining,
    _priorities,
    _grants_panel,
    _vote,
    _citizens_panel,
    _quotas,
    _open_space,
    _opinion_map,
    _survey,
    _insight,
    _decisions,
    _you_said_we_did,
    _impact,
    _money,
    _assets_and_referrals,
    _audit,
]
