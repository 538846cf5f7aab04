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


if __name__ == "__main__":
    name, arguments = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(STEPS[name](**arguments)))
