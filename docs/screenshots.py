"""`make screenshots`: the README's pictures, one or more for each capability, taken in Debian's Chromium.

    .venv/bin/python docs/screenshots.py                          # every shot, into docs/screenshots/
    .venv/bin/python docs/screenshots.py --only home lottery      # just these
    .venv/bin/python docs/screenshots.py --database /tmp/demo.sqlite3   # keep the demo for the next run

The demo is loaded into a throwaway SQLite database (migrate and seed_demo with DEBUG=true, as `make run`
does) and served by gunicorn on a free loopback port (`serve` from tests/production/conftest.py). Each shot
signs in through the real sign-in page as its person, opens its page, waits for the network and the fonts
to settle and writes docs/screenshots/<name>.png. A shot whose page cannot be found, answers anything but
200 or ends up somewhere else (the sign-in page, a refusal) stops the script with the shot's name.

SHOTS is the one list: tests/test_screenshots.py checks that every shot has its file, that no image is
left without a shot, and that every capability has at least one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, this folder is on the path and the project is not
OUTPUT = ROOT / "docs" / "screenshots"
ORUK_EXAMPLE = ROOT / "tests" / "data" / "openreferral-uk" / "examples" / "service_full.json"

# The eight capabilities (see "What works now" in the README), and the home page that shows them all.
COLLECTIVE = "The collective"
GRANTS = "Participatory grant-making"
PANELS = "Citizens' panels"
CONVERSATIONS = "Community conversations"
INSIGHT = "Insight"
DECISIONS = "Decisions and accountability"
IMPACT = "Impact and money"
ASSETS = "Community assets and social prescribing"
CAPABILITIES = (COLLECTIVE, GRANTS, PANELS, CONVERSATIONS, INSIGHT, DECISIONS, IMPACT, ASSETS)
OVERVIEW = "Overview"

DESKTOP = (1100, 900)
PHONE = (390, 844)
PADDING = 16  # pixels kept around a captured element, so its edges are not cut


class ShotFailed(Exception):
    """A shot's page could not be found or did not open as its person: the message names the shot."""


@dataclass(frozen=True)
class Shot:
    """One picture. `path` is the page's address, or a function that finds the demo object's page in the
    database (the demo's names and dates follow the day it was loaded). `person` is a demo login's handle
    (`coordinator` for coordinator@demo.ostrom.invalid), None for someone not signed in. `element` is a CSS
    selector of what to capture (its first match), None for the page from its top; `max_height` cuts the
    picture short; `top` starts it at an element inside `element` (a section of a long page). `viewport` only, for a phone: what fits on the screen, as a person sees it."""

    name: str
    capability: str
    path: str | Callable[[], str]
    person: str | None
    alt: str
    element: str | None = None
    top: str | None = None
    max_height: int | None = None
    viewport: tuple[int, int] = DESKTOP
    viewport_only: bool = False

    @property
    def file(self) -> Path:
        return OUTPUT / f"{self.name}.png"


# Finding the demo's objects ---------------------------------------------------------------------------
# Each function runs once the demo is loaded (Django is set up by then) and asks for the object by what it
# is in the story, not by a name that may change with the year.


def _url(name: str, *arguments) -> str:
    from django.urls import reverse

    return reverse(name, args=arguments)


def _found(query, what: str):
    found = query.first()
    if found is None:
        raise ShotFailed(f"the demo has no {what}")
    return found


def _demo_email(handle: str) -> str:
    from ostrom.demo.collective import DEMO_DOMAIN

    return f"{handle}@{DEMO_DOMAIN}"


def _place(name: str, kind: str):
    from ostrom.places.models import Place

    return _found(Place.objects.filter(name=name, kind=kind), f"{kind} called {name}")


def published_round_result() -> str:
    from ostrom.grants.models import Round

    funding_round = _found(
        Round.objects.filter(published_at__isnull=False).order_by("-published_at"),
        "grant round with a published result",
    )
    return _url("grants:result", funding_round.slug)


def opinion_map() -> str:
    from ostrom.conversations.models import Conversation

    conversation = _found(
        Conversation.objects.filter(question__icontains="see a GP"), "conversation on GP access"
    )
    return _url("conversations:results", conversation.slug)


def current_lottery() -> str:
    from ostrom.panels.models import Lottery

    lottery = _found(
        Lottery.objects.filter(is_current=True, drawn_at__isnull=False).select_related("assembly"),
        "citizens' panel with a lottery drawn",
    )
    return _url("panels:lottery", lottery.assembly.slug, lottery.pk)


def _open_space():
    from ostrom.events.models import Event

    return _found(Event.objects.order_by("pk"), "Open Space event")


def open_space_wall() -> str:
    return _url("events:wall", _open_space().slug)


def open_space_report() -> str:
    return _url("events:report", _open_space().slug)


def _panel_survey():
    from ostrom.surveys.models import Survey

    return _found(Survey.objects.filter(title__startswith="Community panel survey"), "community panel survey")


def panel_survey_results() -> str:
    return _url("surveys:results", _panel_survey().slug)


def panel_survey_wellbeing_page() -> str:
    survey = _panel_survey()
    section = _found(
        survey.sections.filter(title__icontains="feeling"), "survey page on how people have been feeling"
    )
    return _url("surveys:answer-section", survey.slug, section.pk)


def insight_search() -> str:
    return _url("insight:insight-list") + "?q=bus"


def case_for_action() -> str:
    from ostrom.insight.models import CaseForAction

    case = _found(CaseForAction.objects.order_by("insight__pk"), "case for action")
    return _url("insight:insight-detail", case.insight_id)


def ladywood_themes() -> str:
    return _url("insight:theme-list", _place("Ladywood", "locality").code)


def gp_appointment_theme() -> str:
    from ostrom.insight.models import Theme

    theme = _found(
        Theme.objects.filter(label="Getting a GP appointment"), "theme called Getting a GP appointment"
    )
    return _url("insight:theme-detail", theme.pk)


def flourish_programme() -> str:
    return _url("impact:programme-detail", "flourish")


def residents_return() -> str:
    from ostrom.impact.models import Return

    the_return = _found(
        Return.objects.due()
        .filter(
            organisation__memberships__user__email=_demo_email("resident001"),
            organisation__memberships__is_contact=True,
        )
        .order_by("due_on", "pk"),
        "return waiting for resident001's organisation",
    )
    return _url("impact:return-fill-in", the_return.pk)


def devolved_budget() -> str:
    from ostrom.money.models import DevolvedBudget

    budget = _found(DevolvedBudget.objects.order_by("pk"), "devolved budget")
    return _url("money:devolved-detail", budget.pk)


def assets_meeting_people_in_ladywood() -> str:
    from ostrom.assets.models import TaxonomyTerm

    term = _found(TaxonomyTerm.objects.filter(name="Meeting people"), "category called Meeting people")
    return _url("assets:directory") + f"?category={term.code}&place={_place('Ladywood', 'locality').code}"


def refused_import() -> str:
    from ostrom.assets.models import OrukImport

    the_import = _found(
        OrukImport.objects.filter(rejected__gt=0, source_name="service_full.json").order_by("-pk"),
        "refused Open Referral UK import (it is made after the demo is loaded)",
    )
    return _url("assets:exchange-import", the_import.pk)


def followed_up_referral() -> str:
    from ostrom.referrals.models import Referral, ReferralWellbeing

    referral = _found(
        Referral.objects.filter(
            made_by__email=_demo_email("linkworker-ladywood"),
            identity=Referral.Identity.NAMED,
            wellbeing__stage=ReferralWellbeing.Stage.FOLLOW_UP,
        ).order_by("-referred_on", "pk"),
        "named referral of the Ladywood link worker followed up with a wellbeing score",
    )
    return _url("referrals:detail", referral.reference)


def ladywood_referrals_report() -> str:
    return _url("referrals:report", _place("Ladywood", "locality").code)


def call_backs_entry() -> str:
    from ostrom.decisions.models import Decision

    decision = _found(Decision.objects.filter(question__icontains="call-backs"), "decision on call-backs")
    return _url("decisions:entry", decision.slug)


def walk_in_centre_decision() -> str:
    from ostrom.decisions.models import Decision

    decision = _found(
        Decision.objects.filter(question__icontains="walk-in centre"), "decision on the walk-in centre"
    )
    return _url("decisions:decision-detail", decision.slug)


def primary_care_subgroup() -> str:
    from ostrom.network.models import Subgroup

    subgroup = _found(Subgroup.objects.filter(name__icontains="primary care"), "primary care access subgroup")
    return _url("network:subgroup-detail", subgroup.slug)


SHOTS = [
    Shot("home", OVERVIEW, "/", None, "The Ostrom home page"),
    Shot(
        "collective-subgroup",
        COLLECTIVE,
        primary_care_subgroup,
        "coordinator",
        "A subgroup's page: its members, its meetings and who it reaches",
        element="main",
        max_height=1600,
    ),
    Shot(
        "grants-result",
        GRANTS,
        published_round_result,
        None,
        "The result page of last year's Flourish small grants round",
        element="main",
        max_height=2000,
    ),
    Shot(
        "opinion-map",
        CONVERSATIONS,
        opinion_map,
        None,
        "The opinion map of the demo conversation",
        element="main",
        max_height=1300,
    ),
    Shot(
        "lottery",
        PANELS,
        current_lottery,
        None,
        "The public page of the demo panel's lottery",
        element="main",
        max_height=1400,
    ),
    Shot(
        "open-space-wall",
        CONVERSATIONS,
        open_space_wall,
        None,
        "The demo Open Space's agenda wall",
        element="main",
        max_height=1200,
    ),
    Shot(
        "open-space-report",
        CONVERSATIONS,
        open_space_report,
        None,
        "The demo Open Space's report: actions by the three kinds, with their status",
        element="main",
        top="#actions",
        max_height=1300,
    ),
    Shot(
        "survey-results",
        CONVERSATIONS,
        panel_survey_results,
        "coordinator",
        "The SWEMWBS results of the demo survey",
        element="main",
        top="h2:has-text('How you have been feeling')",
        max_height=1400,
    ),
    Shot(
        "survey-answer-phone",
        CONVERSATIONS,
        panel_survey_wellbeing_page,
        "resident001",
        "Answering the survey on a phone",
        viewport=PHONE,
        viewport_only=True,
    ),
    Shot(
        "insight-list",
        INSIGHT,
        insight_search,
        "coordinator",
        "The insight list, searched and filtered",
        max_height=1500,
    ),
    Shot(
        "insight-case",
        INSIGHT,
        case_for_action,
        "coordinator",
        "A case for action's working",
        element="main",
        top="h2:has-text('the working')",
        max_height=1500,
    ),
    Shot(
        "themes-list",
        INSIGHT,
        ladywood_themes,
        "coordinator",
        "The themes in Ladywood",
        max_height=900,
    ),
    Shot(
        "theme-detail",
        INSIGHT,
        gp_appointment_theme,
        "coordinator",
        "A theme beside the area's numbers",
        max_height=2000,
    ),
    Shot(
        "you-said-we-did",
        DECISIONS,
        call_backs_entry,
        None,
        'A "You said, we did" entry in the demo: what communities said, what was decided and what was done',
        element="main",
        max_height=1900,
    ),
    Shot(
        "decision-checklist",
        DECISIONS,
        walk_in_centre_decision,
        "partner",
        'A decision\'s Board checklist answered "Do not proceed"',
        element="main",
        max_height=2000,
    ),
    Shot(
        "impact-dashboard",
        IMPACT,
        flourish_programme,
        None,
        "Flourish's impact dashboard: its theory of change and an indicator's table",
        element="main",
        max_height=1350,
    ),
    Shot(
        "return-phone",
        IMPACT,
        residents_return,
        "resident001",
        "A return filled in on a phone",
        viewport=PHONE,
        viewport_only=True,
    ),
    Shot(
        "impact-wellbeing",
        IMPACT,
        "/impact/social-prescribing/wellbeing/",
        "coordinator",
        "The demo programme's wellbeing summary",
        element="main",
        max_height=1200,
    ),
    Shot(
        "money-prevention-share",
        IMPACT,
        "/money/",
        None,
        "The shift to community-led prevention, against the commitment",
        max_height=1700,
    ),
    Shot(
        "money-follow-the-money",
        IMPACT,
        devolved_budget,
        None,
        "Following the money from a PCN to each organisation",
        max_height=2250,
    ),
    Shot(
        "money-cost-benefit",
        IMPACT,
        "/money/programmes/social-prescribing/cost-benefit/",
        None,
        "A programme's costs and benefits at low, central and high",
        max_height=2300,
    ),
    Shot(
        "assets-map",
        ASSETS,
        assets_meeting_people_in_ladywood,
        None,
        "The community assets directory: search, the map and the list",
        max_height=1100,
    ),
    Shot(
        "assets-exchange-rejected",
        ASSETS,
        refused_import,
        "coordinator",
        "An import refused: the profile's example, with its latitude named, and nothing imported",
    ),
    Shot(
        "referral-detail",
        ASSETS,
        followed_up_referral,
        "linkworker-ladywood",
        "A referral's page for the link worker's team",
        max_height=2200,
    ),
    Shot(
        "referrals-report",
        ASSETS,
        ladywood_referrals_report,
        "linkworker-ladywood",
        "The demo's social prescribing report for Ladywood",
        max_height=1700,
    ),
]


# Taking the pictures ----------------------------------------------------------------------------------


def resolve_paths(shots: Iterable[Shot]) -> dict[str, str]:
    """Each shot's page, found in the database now (before the browser starts, outside its event loop)."""
    paths = {}
    for shot in shots:
        try:
            paths[shot.name] = shot.path() if callable(shot.path) else shot.path
        except ShotFailed as problem:
            raise ShotFailed(f"{shot.name}: {problem}") from None
    return paths


def take(
    shots: list[Shot], paths: dict[str, str], *, base_url: str, password: str, output: Path, browser=None
) -> None:
    """Open each shot's page in Chromium as its person and write its PNG into `output`. The browser tests pass
    their running `browser` (Playwright's sync API runs one event loop at a time); the script starts its own."""
    if browser is not None:
        _take_with(browser, shots, paths, base_url=base_url, password=password, output=output)
        return
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            _take_with(browser, shots, paths, base_url=base_url, password=password, output=output)
        finally:
            browser.close()


def _take_with(browser, shots, paths, *, base_url: str, password: str, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    pages = {}  # (person, viewport) -> a signed-in page, so each person signs in once per screen size
    try:
        for shot in shots:
            key = (shot.person, shot.viewport)
            if key not in pages:
                pages[key] = _new_page(browser, base_url, shot, password)
            _shoot(pages[key], shot, paths[shot.name], output)
            print(f"  {shot.name}.png")
    finally:
        for page in pages.values():
            page.context.close()


def _new_page(browser, base_url: str, shot: Shot, password: str):
    width, height = shot.viewport
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        reduced_motion="reduce",
        locale="en-GB",
        timezone_id="Europe/London",
    )
    page = context.new_page()
    if shot.person:
        email = _demo_email(shot.person)
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if urlsplit(page.url).path.startswith("/sign-in/"):
            raise ShotFailed(f"{shot.name}: could not sign in as {email}")
    return page


def _shoot(page, shot: Shot, path: str, output: Path) -> None:
    from tests.browser.conftest import SETTLED

    response = page.goto(path, wait_until="networkidle")
    if response is None or response.status != 200:
        status = response.status if response else "no answer"
        raise ShotFailed(f"{shot.name}: {path} answered {status}")
    landed = urlsplit(page.url)
    if landed.path != urlsplit(path).path:
        raise ShotFailed(
            f"{shot.name}: {path} ended up at {landed.path} (signed in as {shot.person or 'nobody'})"
        )
    if shot.person and not page.get_by_role("link", name="Sign out").count():
        raise ShotFailed(f"{shot.name}: {path} shows no Sign out link: {shot.person} is not signed in")
    page.evaluate(SETTLED)  # fonts loaded and the header's links moved into its "More" menu, as people see it
    picture = {"path": output / f"{shot.name}.png", "animations": "disabled", "caret": "hide", "scale": "css"}
    if shot.viewport_only:
        page.screenshot(**picture)
        return
    page_width = page.evaluate("document.documentElement.scrollWidth")
    page_height = page.evaluate("document.documentElement.scrollHeight")
    if shot.element:
        found = page.locator(shot.element).first
        if not found.count():
            raise ShotFailed(f"{shot.name}: {path} has no {shot.element}")
        box = found.bounding_box()
        # Sideways only: <main> has its own space above and below, and above it are the breadcrumbs.
        left, top = max(box["x"] - PADDING, 0), box["y"]
        right = min(box["x"] + box["width"] + PADDING, page_width)
        bottom = min(box["y"] + box["height"], page_height)
        if shot.top:
            start = found.locator(shot.top).first
            if not start.count():
                raise ShotFailed(f"{shot.name}: {path} has no {shot.top}")
            top = start.bounding_box()["y"] - PADDING
    else:
        left, top, right, bottom = 0, 0, shot.viewport[0], page_height
    if shot.max_height:
        bottom = min(bottom, top + shot.max_height)
    page.screenshot(
        **picture, full_page=True, clip={"x": left, "y": top, "width": right - left, "height": bottom - top}
    )


# Loading the demo and serving it ---------------------------------------------------------------------


def load_demo(database: Path) -> dict[str, str]:
    """Migrate and load the demo into `database` (unless it is there already); set this process up to read
    it; return the environment the server needs."""
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DATABASE_", "DEBUG"))},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "ostrom.settings",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(environment)
    import django
    from django.core.management import call_command

    django.setup()
    fresh = not database.exists()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable")
    if fresh:
        call_command("seed_demo")
        _refuse_the_profiles_example(environment)
    return environment


def _refuse_the_profiles_example(environment: dict[str, str]) -> None:
    """The coordinator imports the Open Referral UK profile's own example (its latitude is 100), as in the
    README's section on exchanging the directory; a task worker runs the import and refuses it."""
    import subprocess

    from ostrom.accounts.models import User
    from ostrom.assets import exchange_services

    exchange_services.start_oruk_import(
        coordinator=User.objects.get(email=_demo_email("coordinator")),
        content=ORUK_EXAMPLE.read_bytes(),
        filename=ORUK_EXAMPLE.name,
    )
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


def _errors_in(log: Path) -> str:
    """The server's log without its access log lines: the tracebacks, if any."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if '" HTTP/1.1" ' not in line]
    return "\n--- the server's log ---\n" + "\n".join(lines[-60:]) if lines else ""


def main(arguments: list[str] | None = None) -> int:
    names = [shot.name for shot in SHOTS]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=names, metavar="NAME", help="take only these shots")
    parser.add_argument(
        "--database",
        type=Path,
        help="an SQLite file to load the demo into once and keep (default: a throwaway one)",
    )
    options = parser.parse_args(arguments)
    shots = [shot for shot in SHOTS if not options.only or shot.name in options.only]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ostrom-screenshots-") as workdir:
        database = options.database.resolve() if options.database else Path(workdir) / "demo.sqlite3"
        print(f"Loading the demo into {database}")
        environment = load_demo(database)
        from ostrom.demo.collective import DEMO_PASSWORD
        from tests.production.conftest import _stop, serve

        try:
            paths = resolve_paths(shots)
        except ShotFailed as problem:
            print(f"Stopped: {problem}", file=sys.stderr)
            return 1
        log = Path(workdir) / "gunicorn.log"
        server, port = serve(environment, log)
        print(f"Taking {len(shots)} screenshots from http://127.0.0.1:{port}")
        try:
            take(shots, paths, base_url=f"http://127.0.0.1:{port}", password=DEMO_PASSWORD, output=OUTPUT)
        except ShotFailed as problem:
            print(f"Stopped: {problem}{_errors_in(log)}", file=sys.stderr)
            return 1
        finally:
            _stop(server)
    print(f"Done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
