import random
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ostrom.demo import assets as assets_demo
from ostrom.demo import collective, conversations, decisions, events, grants, panels, places
from ostrom.demo import impact as impact_demo
from ostrom.demo import insight as insight_demo
from ostrom.demo import money as money_demo
from ostrom.demo import referrals as referrals_demo
from ostrom.demo import returns as returns_demo
from ostrom.demo import surveys as survey_demo
from ostrom.demo import themes as theme_demo
from ostrom.demo import wellbeing as wellbeing_demo
from ostrom.demo.clock import Clock


class Command(BaseCommand):
    help = (
        "Load the demo story, every date in it counted from today (or --today). A West-Birmingham-like "
        "collective in Ladywood and Perry Barr, with real deprivation figures for its small areas and made-up "
        "people and groups: 30 member organisations, 300 residents, five subgroups and their meetings. Last "
        "year's Flourish Small Grants round, its priorities set by residents, its applications scored by a panel "
        "with 40% lived experience and decided by a public vote counted by Equal Shares, its grants paid and "
        "reporting back (two returns overdue); this year's round is open for priorities. A citizens' panel on "
        "waiting lists chosen by a fair lottery, its twelve recommendations and the ICB's response; an opinion "
        "map on seeing a GP in Ladywood, still open; an Open Space on what matters to me for my wellbeing, with "
        "its actions; this season's community panel survey with SWEMWBS and its open-link round, open now; "
        "stories, two costed cases for action and themes found in about 3,000 comments beside the area's "
        "figures. Nine decisions cite all of that, with the Board's assurance checklist and their promises "
        "(you said, we did). Flourish's theory of change, returns and wellbeing scores; the ICB's budget "
        "shifting to prevention; a map of community assets and the link workers' social prescribing referrals. "
        "Safe to run again: nothing is duplicated, and two loads as of the same day give the same story."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even when DEBUG is off (never on a live site)"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, so the story is the same every time"
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="Load the story as of this day rather than today (not a day after today: the services "
            "refuse dates in the future)",
        )

    def handle(self, *args, force=False, seed=2026, today=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo is for local use: set DEBUG=true, or pass --force if you really mean it"
            )
        if today is not None and today > timezone.localdate():
            raise CommandError(
                f"--today {today} is after today: the story can be loaded as of today or before"
            )
        clock = Clock.of(today)
        today = clock.today
        rng = random.Random(seed)
        with transaction.atomic():
            geography = places.load(rng)
            people = collective.load(rng, geography, today=today)
            grants.load(rng, geography, people, today=today)
            conversations.load(rng, geography, people, today=today)
            panels.load(rng, geography, people, today=today)
            events.load(rng, geography, people, today=today)
            survey_demo.load(rng, geography, people, today=today)
            brought_in = insight_demo.load(rng, geography, people, today=today)
            impact_demo.load(geography, people, today=today)
            wellbeing_demo.load(geography, people, today=today)
            # After insight's own demo, which loads only into an empty insight table.
            returns_demo.load(rng, geography, people, today=today)
            # The community assets directory, and the link workers' referrals to it.
            referrals_demo.load(geography, assets_demo.load(geography, today=today), today=today)
        # After the commit: the opinion map's engine never runs inside a transaction.
        conversations.draw_map()
        # Themes are found outside a transaction too, and decisions cite one.
        theme_demo.load(geography)
        # Decisions quote the map's common ground, so they come once it is drawn.
        with transaction.atomic():
            decisions.load(geography, people, today=today)
        # The demo ICB's budgets come once decisions has made the ICB.
        with transaction.atomic():
            money_demo.load(geography, people, today=today)
        if any(brought_in.values()):
            self.stdout.write(
                "Insight: comments brought in from "
                + ", ".join(f"{source} {count}" for source, count in brought_in.items())
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(geography['lsoas'])} small areas, {len(people['residents'])} residents. "
                f"Sign in as coordinator@{collective.DEMO_DOMAIN}, partner@… or admin@… "
                f"with the password '{collective.DEMO_PASSWORD}'. Link workers: "
                + ", ".join(referrals_demo.link_worker_emails())
                + "."
            )
        )
