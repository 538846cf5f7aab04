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
        "Load the demo story: a West-Birmingham-like collective with real deprivation data for its small areas, "
        "30 member organisations, 300 residents with consented equality answers, five subgroups and their "
        "meetings, the Flourish Small Grants 2025 round decided by residents, an opinion map on GP access and a "
        "citizens' panel on waiting lists chosen by a fair lottery, an Open Space on wellbeing in Ladywood. "
        "Safe to run again: what is already there is kept, nothing is duplicated."
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
