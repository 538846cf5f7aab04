"""The steps of the fault tests that run inside Django, each in its own process on the deployment's SQLite
file: `python -m tests.faults.scenarios <step> '<json arguments>'`. Each step prints one line of JSON."""

import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ostrom.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from ostrom.core.models import Progress  # noqa: E402

STEPS = {}


def step(function):
    STEPS[function.__name__] = function
    return function


def page(user_id: int, path: str) -> str:
    """A page as the person sees it."""
    from ostrom.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=user_id))
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def task_status(progress_id: int) -> str:
    return DBTaskResult.objects.get(args_kwargs__kwargs__progress_id=progress_id).status


@step
def stopped_page(*, progress_id: int, user_id: int) -> dict:
    progress = Progress.objects.get(pk=progress_id)
    return {
        "status": progress.status,
        "page": page(user_id, progress.get_absolute_url()),
        "task": task_status(progress_id),
    }


# The lottery ---------------------------------------------------------------------------------------------

LOTTERY_SEED = "fault test"


# Enough volunteers, features and quotas that finding the fairest lottery takes a few seconds of real work.
def lottery_features() -> dict[str, list[str]]:
    from ostrom.panels import features

    return {
        "Age band": features.AGE_BANDS,
        "Sex": features.SEXES,
        "Ethnic group": features.ETHNIC_GROUPS,
        "Deprivation of home area": features.DEPRIVATION,
    }


PANEL_SIZE, VOLUNTEERS = 40, 1000


@step
def start_lottery() -> dict:
    from ostrom.panels import services
    from ostrom.panels.models import Volunteer
    from tests.factories import CoordinatorFactory
    from tests.panels.factories import AssemblyFactory

    rng = random.Random(5)
    feature_values = lottery_features()
    assembly = AssemblyFactory(panel_size=PANEL_SIZE)
    Volunteer.objects.bulk_create(
        Volunteer(
            assembly=assembly,
            full_name=f"Volunteer {n}",
            email=f"v{n}@example.org",
            postcode="B16 8AA",
            features={name: rng.choice(values) for name, values in feature_values.items()},
            consent_wording="I agree",
        )
        for n in range(VOLUNTEERS)
    )
    coordinator = CoordinatorFactory()
    quotas = []
    for name, values in feature_values.items():
        share = PANEL_SIZE / len(values)
        quotas += [
            {"feature": name, "value": value, "minimum": int(share * 0.8), "maximum": int(share * 1.2) + 1}
            for value in values
        ]
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=quotas)
    with transaction.atomic():
        progress = services.start_lottery(coordinator=coordinator, assembly=assembly, seed=LOTTERY_SEED)
    return {"progress_id": progress.pk, "user_id": coordinator.pk, "assembly_id": assembly.pk}


def lottery_state(assembly_id: int) -> dict:
    from ostrom.panels.models import Assembly

    assembly = Assembly.objects.get(pk=assembly_id)
    return {
        "assembly_status": assembly.status,
        "lotteries": [
            {"selected": lottery.selected, "is_current": lottery.is_current, "drawn": bool(lottery.drawn_at)}
            for lottery in assembly.lotteries.order_by("pk")
        ],
    }


@step
def after_killed_lottery(*, progress_id: int, user_id: int, assembly_id: int) -> dict:
    """What was left, what the person sees, and the same lottery started again from the same page."""
    from ostrom.accounts.models import User
    from ostrom.panels import services
    from ostrom.panels.models import Assembly

    left = lottery_state(assembly_id)
    seen = stopped_page(progress_id=progress_id, user_id=user_id)
    with transaction.atomic():
        again = services.start_lottery(
            coordinator=User.objects.get(pk=user_id),
            assembly=Assembly.objects.get(pk=assembly_id),
            seed=LOTTERY_SEED,
        )
    return {"left": left, "seen": seen, "progress_id": again.pk}


@step
def retried_lottery(*, progress_id: int, assembly_id: int) -> dict:
    """The state after the retry, and the panel an uninterrupted run draws from what the interrupted lottery
    stored (the engine, start to end)."""
    from ostrom.panels import selectors
    from ostrom.panels.models import Lottery
    from ostrom.sortition.lottery import select_panel

    interrupted = Lottery.objects.filter(assembly_id=assembly_id).earliest("pk")
    uninterrupted = select_panel(selectors.request_from_lottery(interrupted), seed=interrupted.seed)
    return {
        "state": lottery_state(assembly_id),
        "interrupted_task": task_status(progress_id),
        "uninterrupted": list(uninterrupted.panel),
    }


# The count ---------------------------------------------------------------------------------------------

PROJECTS, BALLOTS, MOST_CHOICES = 150, 6000, 25


@step
def start_count() -> dict:
    """A round that has closed voting, with enough projects and approval ballots that the Method of Equal Shares takes a
    few seconds. Ballots are stored as the voting service stores them, in bulk: the voters' accounts were
    erased, which keeps their ballots counted and spares creating 6,000 people."""
    from decimal import Decimal

    from django.utils import timezone

    from ostrom.grants.models import Ballot, BallotChoice
    from ostrom.grants.services import results
    from tests.factories import CoordinatorFactory
    from tests.grants.factories import ApplicationFactory, RoundFactory

    rng = random.Random(7)
    funding_round = RoundFactory(
        in_phase="decision", rule="mes", ballot_type="approval", budget=Decimal("60000")
    )
    first = ApplicationFactory(funding_round=funding_round, status="shortlisted")
    projects = [first] + [
        ApplicationFactory(
            funding_round=funding_round,
            organisation=first.organisation,
            applicant=first.applicant,
            amount_requested=Decimal(rng.randrange(500, 5000, 50)),
            status="shortlisted",
        )
        for _ in range(PROJECTS - 1)
    ]
    ballots = Ballot.objects.bulk_create(
        Ballot(funding_round=funding_round, voter_erased_at=timezone.now()) for _ in range(BALLOTS)
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, application=project, value=1)
        for ballot in ballots
        for project in rng.sample(projects, rng.randint(1, MOST_CHOICES))
    )
    coordinator = CoordinatorFactory()
    progress = results.start_result(coordinator=coordinator, funding_round=funding_round)
    return {"progress_id": progress.pk, "user_id": coordinator.pk, "round_id": funding_round.pk}


def count_state(round_id: int) -> dict:
    from ostrom.grants.models import Result, Round

    funding_round = Round.objects.get(pk=round_id)
    result = Result.objects.filter(funding_round=funding_round).first()
    return {
        "selected": result.selected if result else None,
        "statuses": sorted(set(funding_round.applications.values_list("status", flat=True))),
        "slug": funding_round.slug,
    }


@step
def after_killed_count(*, progress_id: int, user_id: int, round_id: int) -> dict:
    from ostrom.accounts.models import User
    from ostrom.grants.models import Round
    from ostrom.grants.services import results

    left = count_state(round_id)
    seen = stopped_page(progress_id=progress_id, user_id=user_id)
    again = results.start_result(
        coordinator=User.objects.get(pk=user_id), funding_round=Round.objects.get(pk=round_id)
    )
    return {"left": left, "seen": seen, "progress_id": again.pk}


@step
def retried_count(*, progress_id: int, round_id: int) -> dict:
    """The state after the retry, and what an uninterrupted count of the same ballots funds (the engine)."""
    from ostrom.grants import counting
    from ostrom.grants.models import Round

    funding_round = Round.objects.get(pk=round_id)
    outcome = counting.run_rule(funding_round, counting.election_for(funding_round))
    return {
        "state": count_state(round_id),
        "interrupted_task": task_status(progress_id),
        "uninterrupted": [int(project_id) for project_id in outcome.selected],
    }


# The theming run ---------------------------------------------------------------------------------------

# Real comments (the Polis conversations of tests/data/themes), as many as two of the embedding batches
# `theme_finding` stores as it goes, themed with sentence embeddings: a few seconds of real work, and a
# run killed between two batches leaves some embeddings stored, which a run started again reuses.
THEMED_COMMENTS, THEMING_SEED = 512, 11


def theming_comments() -> list[str]:
    from tests.themes.themes_data import polis_mixed

    comments = polis_mixed().comments
    chosen = sorted(random.Random(THEMING_SEED).sample(range(len(comments)), THEMED_COMMENTS))
    return [comments[i].text for i in chosen]


def place_with_comments(name: str):
    from datetime import date

    from ostrom.insight.models import Insight
    from tests.factories import PlaceFactory

    place = PlaceFactory(name=name)
    Insight.objects.bulk_create(
        Insight(
            place=place,
            kind=Insight.Kind.COMMENT,
            source=Insight.Source.CONVERSATION,
            text=text,
            said_on=date(2026, 10, 1),
            consent_to_use=True,
            publication=Insight.Publication.ANONYMISED,
            consent_wording="I agree that my words may be used and published without my name.",
        )
        for text in theming_comments()
    )
    return place


def start_run(place, user_id: int):
    from ostrom.accounts.models import User
    from ostrom.insight import theming

    return theming.start_theme_run(
        place=place,
        engine="embeddings",
        requested_themes=None,
        seed=THEMING_SEED,
        started_by=User.objects.get(pk=user_id),
    )


@step
def start_theming() -> dict:
    """Two places holding the same comments, each with its coordinator: a run is started in the first."""
    from ostrom.accounts.models import Role
    from tests.factories import UserFactory

    place, twin = place_with_comments("Aston"), place_with_comments("Nechells")
    coordinator = UserFactory()
    for each in (place, twin):
        Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=each)
    run = start_run(place, coordinator.pk)
    return {
        "progress_id": run.progress_id,
        "run_id": run.pk,
        "user_id": coordinator.pk,
        "place_id": place.pk,
        "twin_id": twin.pk,
    }


def theming_state(place_id: int) -> dict:
    """The place's themes and each comment's theme, by position (the places' insights differ only in id):
    themes in the order they were stored, representative comments and members by comment number."""
    from ostrom.insight.models import Insight, InsightEmbedding, Theme, ThemeAssignment, ThemeRun

    position = {
        pk: n
        for n, pk in enumerate(
            Insight.objects.filter(place_id=place_id).order_by("pk").values_list("pk", flat=True)
        )
    }
    themes = list(Theme.objects.filter(place_id=place_id).order_by("pk"))
    theme_number = {theme.pk: n for n, theme in enumerate(themes)}
    members = {
        position[insight_id]: theme_number[theme_id]
        for insight_id, theme_id in ThemeAssignment.objects.filter(place_id=place_id).values_list(
            "insight_id", "theme_id"
        )
    }
    return {
        "themes": [
            {
                "label": theme.label,
                "keywords": theme.keywords,
                "size": theme.size,
                "representative": [position[pk] for pk in theme.representative],
            }
            for theme in themes
        ],
        "theme_of_comment": [members.get(n) for n in range(len(position))],
        "embedded": InsightEmbedding.objects.filter(insight__place_id=place_id).count(),
        "runs": list(
            ThemeRun.objects.filter(place_id=place_id)
            .order_by("pk")
            .values_list("status", "theme_count", "embedded_count")
        ),
    }


@step
def after_killed_theming(*, progress_id: int, run_id: int, user_id: int, place_id: int, twin_id: int) -> dict:
    """What was left and what the person sees; then the run is started again from the same page, and the
    twin place is themed with no interruption."""
    from django.urls import reverse

    from ostrom.insight.models import ThemeRun
    from ostrom.places.models import Place

    left = theming_state(place_id)
    seen = stopped_page(progress_id=progress_id, user_id=user_id)
    seen["run_page"] = page(user_id, ThemeRun.objects.get(pk=run_id).get_absolute_url())
    again = start_run(Place.objects.get(pk=place_id), user_id)
    uninterrupted = start_run(Place.objects.get(pk=twin_id), user_id)
    return {
        "left": left,
        "seen": seen,
        "retry_path": reverse("insight:theme-list", args=[Place.objects.get(pk=place_id).code]),
        "progress_id": again.progress_id,
        "uninterrupted_progress_id": uninterrupted.progress_id,
    }


@step
def retried_theming(*, progress_id: int, place_id: int, twin_id: int) -> dict:
    return {
        "retried": theming_state(place_id),
        "uninterrupted": theming_state(twin_id),
        "interrupted_task": task_status(progress_id),
    }


# The import ------------------------------------------------------------------------------------------------

# An Open Referral UK file of 200 services, each the profile's own full example (an organisation, a location
# with its address and accessibility, a schedule, a contact, a cost, a language, a funding line and a
# taxonomy term) under new ids: the largest of the imports, all written in one transaction after checking.
ORUK_SERVICES, ORUK_FILENAME = 200, "directory.json"


def oruk_file() -> bytes:
    import uuid
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "data/openreferral-uk/examples/service_full.json"
    # The example's one impossible value, as tests/assets does.
    template = json.loads(example.read_text().replace('"latitude": 100', '"latitude": 52.48'))

    def renumbered(value, n: int, inside: str = ""):
        """A copy with every id made new for entry n; the taxonomy term stays the one they all share."""
        if isinstance(value, dict):
            return {
                key: str(uuid.uuid5(uuid.UUID(item), str(n)))
                if key == "id" and inside != "taxonomy_term"
                else renumbered(item, n, key)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [renumbered(item, n, inside) for item in value]
        return value

    entries = []
    for n in range(ORUK_SERVICES):
        entry = renumbered(template, n)
        entry["name"] = f"{template['name']} {n}"
        entry["organization"]["name"] = f"{template['organization']['name']} {n}"
        entries.append(entry)
    return json.dumps(entries).encode()


def row_counts() -> dict[str, int]:
    """How many rows every table of the database holds."""
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'select count(*) from "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def start_oruk_import(user_id: int):
    from ostrom.accounts.models import User
    from ostrom.assets import exchange_services

    return exchange_services.start_oruk_import(
        coordinator=User.objects.get(pk=user_id), content=oruk_file(), filename=ORUK_FILENAME
    )


@step
def start_import() -> dict:
    """A coordinator for every place uploads the file; the counts of every table before and once started."""
    from tests.factories import CoordinatorFactory

    coordinator = CoordinatorFactory()
    before = row_counts()
    the_import = start_oruk_import(coordinator.pk)
    return {
        "progress_id": the_import.progress_id,
        "import_id": the_import.pk,
        "user_id": coordinator.pk,
        "before": before,
        "started": row_counts(),
    }


@step
def after_killed_import(*, progress_id: int, import_id: int, user_id: int) -> dict:
    """What was left and what the person sees; then the same file is uploaded again from the page the
    person is sent to."""
    from django.urls import reverse

    from ostrom.assets.models import OrukImport

    the_import = OrukImport.objects.get(pk=import_id)
    left = {"counts": row_counts(), "report": the_import.report, "added": the_import.added}
    seen = stopped_page(progress_id=progress_id, user_id=user_id)
    seen["import_page"] = page(user_id, reverse("assets:exchange-import", args=[import_id]))
    again = start_oruk_import(user_id)
    return {
        "left": left,
        "seen": seen,
        "retry_path": reverse("assets:exchange"),
        "progress_id": again.progress_id,
    }


@step
def import_uninterrupted() -> dict:
    """The same upload imported from start to end by the same task, in this process: no worker, no fault."""
    from ostrom.assets.tasks import import_oruk_feed

    started = start_import()
    import_oruk_feed.call(progress_id=started["progress_id"], oruk_import_id=started["import_id"])
    return {**started, **imported()}


@step
def imported() -> dict:
    """The services in the directory, and the counts of every table and of every kind of audit entry."""
    from collections import Counter

    from auditlog.models import LogEntry

    from ostrom.assets.models import OrukImport, Service

    return {
        "services": [
            [str(oruk_id), name]
            for oruk_id, name in Service.objects.order_by("oruk_id").values_list("oruk_id", "name")
        ],
        "counts": row_counts(),
        "audit": Counter(
            entry.get("action") for entry in LogEntry.objects.values_list("additional_data", flat=True)
        ),
        "imports": list(OrukImport.objects.order_by("pk").values_list("added", "updated", "rejected")),
    }


# Uploads -----------------------------------------------------------------------------------------------


@step
def decision_to_document() -> dict:
    """A decision whose recorder (a coordinator, signing in with the test password) adds documents to it."""
    from ostrom.decisions import services
    from ostrom.decisions.models import Body
    from tests.factories import CoordinatorFactory, PlaceFactory

    coordinator = CoordinatorFactory()
    body = Body.objects.create(
        name="Ladywood Locality Partnership", slug="llp", kind=Body.Kind.LOCALITY_PARTNERSHIP
    )
    body.places.set([PlaceFactory(name="Ladywood")])
    decision = services.record_decision(
        actor=coordinator, body=body, question="Should the surgery open on Saturday mornings?"
    )
    return {"email": coordinator.email, "slug": decision.slug}


@step
def documents(*, slug: str) -> dict:
    from ostrom.decisions.models import Document

    return {
        "documents": [
            [document.pk, document.title, document.size]
            for document in Document.objects.filter(decision__slug=slug).order_by("pk")
        ],
        "all": Document.objects.count(),
    }


if __name__ == "__main__":
    name, arguments = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(STEPS[name](**arguments)))
