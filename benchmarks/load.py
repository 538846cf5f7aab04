"""Load: Ostrom served as in production, under mixed traffic from many people at once (locust, headless).

    .venv/bin/python benchmarks/load.py                       # SQLite, 50 people, 60 s of mixed traffic
    .venv/bin/python benchmarks/load.py --database-url postgres://postgres@127.0.0.1:5432/ostrom_load
    make load                                                  # both, when BENCH_DATABASE_URL is set

It builds a scratch database (a new SQLite file, or the PostgreSQL database named by --database-url /
BENCH_DATABASE_URL, dropped and created again), migrates, loads the demo, adds the benchmark's residents
(signed in beforehand, so no password hashing is measured) and a round open for voting, collects the
static files, then starts gunicorn with deploy/gunicorn.conf.py and DEBUG off (--web-processes
processes) and --task-workers `manage.py db_worker` processes, all on loopback.

Four phases, one after the other, on the same server:
1. mixed traffic for --duration seconds: residents browse the public pages (home, rounds, conversations,
   the assets directory, a place page), vote in the open round (the real ballot form, with its CSRF
   token), vote on a conversation's statements and answer a survey; coordinators read reports. Each
   person waits 1 to 3 seconds between pages, as people do.
2. to 4. three closed loops of --ratio-seconds each at --ratio-users at once, with no waiting: the bare
   view (`/health/`, which touches nothing), the same view asked by signed-in residents, then the ballot
   POST. The first and last give the ratio of the vote POST's throughput to a bare Django view's on the
   same setup in the same run (the target); the second shows what any signed-in request pays (the
   session, the person and their roles are read) before its page's own work.

Then the database is counted: ballots, ballot choices, opinion votes and survey responses stored
against those the server accepted (0 lost, 0 doubled). Every visitor comes from 127.0.0.1, so the rate
limits (RATE_LIMIT_*) are raised for the run; the output says so.

Targets (issue 19): p95 under 200 ms on public pages at 50 people, vote POST at least half the bare
view's throughput, no errors, nothing lost or doubled. The table is printed; the exit status is 1 when
a target is missed. --from-prepared reuses a folder the production smoke tests prepared (its database is
copied), which is how the short run in `make test` avoids loading the demo again.
"""

from __future__ import annotations

# locust patches the standard library for gevent: it must be imported before anything opens a socket.
from locust import HttpUser, between, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import gevent
from _postgres import fresh_postgresql  # this folder: the script's own

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production.conftest import GUNICORN, production_environment  # noqa: E402

PUBLIC_P95_MS = 200
VOTE_TO_BARE_VIEW = 0.5
RAISED_LIMIT = "1000000/h"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PUBLIC = "public"  # the name prefix of the requests the p95 target applies to


# The deployment -------------------------------------------------------------------------------------


def raised_rate_limits() -> dict[str, str]:
    names = set(re.findall(r'"(RATE_LIMIT_[A-Z_]+)"', (ROOT / "ostrom" / "settings.py").read_text()))
    return dict.fromkeys(sorted(names), RAISED_LIMIT)


def deployment_environment(workdir: Path, database_url: str | None, static_root: Path) -> dict[str, str]:
    environment = production_environment(workdir)
    environment |= raised_rate_limits()
    environment["STATIC_ROOT"] = str(static_root)
    environment["PYTHONPATH"] = str(ROOT)
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


def manage(environment: dict, *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(workdir: Path, database_url: str | None, static: Path | None) -> dict[str, str]:
    """A new database with the demo in it, and the static files collected (unless `static` holds them)."""
    environment = deployment_environment(workdir, database_url, static or workdir / "static")
    if database_url:
        fresh_postgresql(database_url)
    collecting = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
        if static is None
        else ["true"],
        cwd=ROOT,
        env=environment,
    )
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    manage(environment, "createcachetable")
    manage(environment, "seed_demo", "--force")
    if collecting.wait() != 0:
        sys.exit("collectstatic failed")
    return environment


def from_prepared(workdir: Path, prepared: Path) -> dict[str, str]:
    """A copy of a database the production smoke tests prepared, with their collected static files."""
    shutil.copy(prepared / "ostrom.sqlite3", workdir / "ostrom.sqlite3")
    return deployment_environment(workdir, None, prepared / "static")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(environment: dict, *, web_processes: int, task_workers: int, log: Path):
    """gunicorn as deployed and the task workers; yields the site's address; stops them all after."""
    port = _free_port()
    processes = []
    with log.open("w") as output:
        processes.append(
            subprocess.Popen(
                [str(GUNICORN), "--config=deploy/gunicorn.conf.py", f"--bind=127.0.0.1:{port}"],
                cwd=ROOT,
                env=environment | {"WEB_CONCURRENCY": str(web_processes)},
                stdout=subprocess.DEVNULL,  # the access log: one line per request, not wanted here
                stderr=output,
                start_new_session=True,
            )
        )
        for _ in range(task_workers):
            processes.append(
                subprocess.Popen(
                    ["nice", "-n", "10", sys.executable, "manage.py", "db_worker", "--interval", "1"],
                    cwd=ROOT,
                    env=environment,
                    stdout=output,
                    stderr=output,
                    start_new_session=True,
                )
            )
    try:
        _wait_until_ready(port, processes[0], log)
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_until_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    import http.client

    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health/ready/", headers={"Host": f"127.0.0.1:{port}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"gunicorn did not answer within a minute:\n{log.read_text()}")


# The benchmark's people and things, made in the deployment's own database -------------------------


def make_fixture(count: int) -> dict:
    """Run inside Django (see `main`): `count` residents with confirmed email addresses, each with a
    session already signed in, a coordinator's session, a round open for voting, and the paths used."""
    from datetime import timedelta
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.urls import reverse
    from django.utils import timezone

    from ostrom.accounts.models import User
    from ostrom.conversations.models import Conversation
    from ostrom.grants.models import Application, Round
    from ostrom.places.models import Place, Postcode
    from ostrom.surveys.models import Survey

    now = timezone.now()
    store = import_module(settings.SESSION_ENGINE).SessionStore

    def session_of(user) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    residents = []
    for number in range(count):
        person = User(
            email=f"load-{number}@bench.ostrom.invalid",
            full_name=f"Load Resident {number}",
            email_confirmed_at=now,
        )
        person.set_unusable_password()
        residents.append(person)
    User.objects.bulk_create(residents)
    residents = list(User.objects.filter(email__endswith="@bench.ostrom.invalid").order_by("pk"))

    past = Round.objects.filter(applications__isnull=False).distinct().order_by("-voting_opens_at").first()
    funding_round = Round.objects.create(
        fund=past.fund,
        name="Load benchmark round",
        slug="load-benchmark-round",
        budget=past.budget,
        largest_grant=past.largest_grant,
        slim_limit=past.slim_limit,
        priorities_open_at=now - timedelta(days=60),
        applications_open_at=now - timedelta(days=50),
        applications_close_at=now - timedelta(days=30),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=7),
    )
    projects = [
        Application.objects.create(
            funding_round=funding_round,
            organisation=earlier.organisation,
            applicant=earlier.applicant,
            title=earlier.title,
            summary=earlier.summary,
            who_benefits=earlier.who_benefits,
            amount_requested=earlier.amount_requested,
            status=Application.Status.SHORTLISTED,
        )
        for earlier in past.applications.all()[:6]
    ]
    served = list(past.fund.places_served.all())
    postcode = Postcode.objects.filter(lsoa__in=Place.objects.within(served[0])).first().postcode
    conversation = next(c for c in Conversation.objects.all() if c.is_open)
    statements = [s.pk for s in conversation.statements.all() if s.is_shown][:20]
    survey = next(s for s in Survey.objects.filter(audience=Survey.Audience.OPEN_LINK) if s.is_open)
    section = survey.sections.first()
    coordinator = User.objects.get(email="coordinator@demo.ostrom.invalid")
    place = Place.objects.filter(kind="locality").first()
    return {
        "residents": [[person.pk, session_of(person)] for person in residents],
        "coordinator": session_of(coordinator),
        "round": funding_round.pk,
        "ballot": reverse("grants:ballot", args=[funding_round.slug]),
        "projects": [project.pk for project in projects],
        "postcode": postcode,
        "conversation": conversation.pk,
        "vote": reverse("conversations:vote", args=[conversation.slug]),
        "statements": statements,
        "survey": survey.pk,
        "section": section.pk,
        "answer": reverse("surveys:answer-section", args=[survey.slug, section.pk]),
        "answer_fields": {question.field_name: "B16" for question in section.questions.all()},
        "public": {
            "home": "/",
            "round": reverse("grants:round-detail", args=[funding_round.slug]),
            "rounds": reverse("grants:fund-list"),
            "conversations": reverse("conversations:conversation-list"),
            "conversation": reverse("conversations:conversation-detail", args=[conversation.slug]),
            "assets": reverse("assets:directory"),
            "place": reverse("places:place-detail", args=[place.code]),
        },
        "reports": {
            "round reach": reverse("grants:reach", args=[past.slug]),
            "round result": reverse("grants:result", args=[past.slug]),
            "conversation reach": reverse("conversations:reach", args=[conversation.slug]),
            "survey results": reverse("surveys:results", args=[survey.slug]),
        },
    }


def count_stored(fixture: dict) -> dict:
    """Run inside Django: what the database holds from the benchmark's residents."""
    from ostrom.conversations.models import Vote
    from ostrom.grants.models import Ballot, BallotChoice
    from ostrom.surveys.models import Answer

    people = [pk for pk, _session in fixture["residents"]]
    return {
        "ballots": Ballot.objects.filter(funding_round=fixture["round"], voter__in=people).count(),
        "ballot choices": BallotChoice.objects.filter(
            ballot__funding_round=fixture["round"], ballot__voter__in=people
        ).count(),
        "opinion votes": Vote.objects.filter(
            statement__conversation=fixture["conversation"], participant__user__in=people
        ).count(),
        # A response starts when the page is first shown; it is answered once its first section is saved.
        "survey answers": Answer.objects.filter(
            response__survey=fixture["survey"],
            response__user__in=people,
            question__section=fixture["section"],
        ).count(),
    }


def in_django(environment: dict, command: str, *arguments: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, command, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"{command} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# The people -----------------------------------------------------------------------------------------


class Accepted:
    """What the server accepted, to compare with what the database holds afterwards."""

    ballots: set[int] = set()
    opinion_votes: set[tuple[int, int]] = set()
    survey_responses: set[int] = set()
    warm_up_errors = 0


class Visitor(HttpUser):
    """A browser behind the TLS proxy (X-Forwarded-Proto: https). Django marks its cookies Secure, which a
    client rightly keeps off plain HTTP, so each visitor sets its own CSRF cookie (a secret Django
    accepts) and sends the same secret in every form: the real CSRF check, without parsing pages."""

    abstract = True
    fixture: dict = {}
    free_residents: list = []

    def on_start(self):
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": self.host.replace("http:", "https:")}
        )
        self.csrf = "".join(random.choices(string.ascii_letters + string.digits, k=32))
        self.client.cookies.set("csrftoken", self.csrf)

    def sign_in_as(self, session: str) -> None:
        self.client.cookies.set("sessionid", session)

    def post(self, path: str, data: dict, name: str, *, success: int = 302):
        """POST a form; True when the server took it (its redirect, or `success`)."""
        data = {"csrfmiddlewaretoken": self.csrf, **data}
        with self.client.post(path, data, name=name, allow_redirects=False, catch_response=True) as answer:
            if answer.status_code in (success, 302):
                answer.success()
                return True
            answer.failure(f"{answer.status_code}: not taken")
            return False


class Resident(Visitor):
    abstract = True
    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.pk, session = self.free_residents.pop()
        self.sign_in_as(session)

    @task(6)
    def browse(self):
        name, path = random.choice(list(self.fixture["public"].items()))
        self.client.get(path, name=f"{PUBLIC} {name}")

    @task(2)
    def vote_in_the_round(self):
        self.client.get(self.fixture["ballot"], name="ballot page")
        cast_ballot(self)

    @task(2)
    def answer_the_conversation(self):
        statement = random.choice(self.fixture["statements"])
        data = {"statement": statement, "value": random.choice([-1, 0, 1])}
        if self.post(self.fixture["vote"], data, "opinion vote POST", success=200):
            Accepted.opinion_votes.add((self.pk, statement))

    @task(1)
    def answer_the_survey(self):
        self.client.get(self.fixture["answer"], name="survey page")
        if self.post(self.fixture["answer"], self.fixture["answer_fields"], "survey answer POST"):
            Accepted.survey_responses.add(self.pk)


def cast_ballot(visitor: Visitor) -> None:
    data = {
        f"project_{random.choice(visitor.fixture['projects'])}": "on",
        "postcode": visitor.fixture["postcode"],
        "is_old_enough": "on",
    }
    if visitor.post(visitor.fixture["ballot"], data, "vote POST"):
        Accepted.ballots.add(visitor.pk)


class Coordinator(Visitor):
    abstract = True
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.sign_in_as(self.fixture["coordinator"])

    @task
    def read_a_report(self):
        name, path = random.choice(list(self.fixture["reports"].items()))
        self.client.get(path, name=f"report {name}")


class BareView(Visitor):
    abstract = True
    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get("/health/", name="bare view /health/")


class SignedInBareView(Visitor):
    """The bare view asked by a signed-in resident: what every signed-in request pays before any page's
    own work (the session, the person, their roles). Shown beside the target's ratio, not instead of it.
    (Not a subclass of BareView: locust would give it BareView's task as well.)"""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        super().on_start()
        self.pk, session = self.free_residents.pop()
        self.sign_in_as(session)

    @task
    def bare(self):
        self.client.get("/health/", name="bare view /health/, signed in")


class Voter(Visitor):
    """A resident sending the ballot form again and again (each sending replaces their vote)."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        super().on_start()
        self.pk, session = self.free_residents.pop()
        self.sign_in_as(session)

    @task
    def vote(self):
        cast_ballot(self)


def run_phase(host: str, fixture: dict, classes: list, users: int, seconds: float, warm_up: float = 0):
    """One headless locust run; returns its statistics. With `warm_up`, the people arrive one after another
    over that many seconds (as people do, not all in the same millisecond), and the statistics start when
    the last has arrived, then run for `seconds` more."""
    bound = [type(cls.__name__, (cls,), {"abstract": False, "fixture": fixture}) for cls in classes]
    # At the end each person finishes the request in hand, so every write the server took is known.
    environment = Environment(user_classes=bound, host=host, stop_timeout=60)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users / warm_up if warm_up else users)
    if warm_up:

        def start_measuring():
            Accepted.warm_up_errors += environment.stats.total.num_failures  # not forgotten by the reset
            environment.stats.reset_all()

        gevent.spawn_later(warm_up, start_measuring)
    gevent.spawn_later(warm_up + seconds, runner.quit)
    runner.greenlet.join()
    return environment.stats


# The report -----------------------------------------------------------------------------------------


def rows_of(stats) -> list[dict]:
    rows = []
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        rows.append(
            {
                "endpoint": f"{entry.method} {entry.name}",
                "name": entry.name,
                "requests": entry.num_requests,
                "errors": entry.num_failures,
                "rps": entry.total_rps,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['endpoint']} | {r['requests']} | {r['errors']} | {r['rps']:.1f} | {r['p50']:.0f} | "
        f"{r['p95']:.0f} | {r['p99']:.0f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="people at once in the mixed phase (50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of mixed traffic (60)")
    parser.add_argument("--ratio-users", type=int, default=10, help="people at once in the two closed loops")
    parser.add_argument("--ratio-seconds", type=float, default=15, help="seconds of each closed loop (15)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--web-processes", type=int, default=4, help="gunicorn worker processes (4)")
    parser.add_argument("--task-workers", type=int, default=2, help="db_worker processes (2)")
    parser.add_argument("--from-prepared", type=Path, help="a folder tests/production prepared (SQLite)")
    parser.add_argument(
        "--collected-static", type=Path, help="static files already collected (skips collectstatic)"
    )
    parser.add_argument(
        "--warm-up",
        type=float,
        default=10,
        help="seconds over which the people arrive, unmeasured, before measuring (10)",
    )
    parser.add_argument("--no-targets", action="store_true", help="check only errors and stored writes")
    options = parser.parse_args(arguments)

    workdir = Path(tempfile.mkdtemp(prefix="ostrom-load-"))
    database = "PostgreSQL" if options.database_url else "SQLite"
    started = time.monotonic()
    if options.from_prepared:
        environment = from_prepared(workdir, options.from_prepared)
    else:
        environment = prepare(workdir, options.database_url or None, options.collected_static)
    people = max(options.users, options.ratio_users)
    fixture = in_django(environment, "_fixture", str(people))
    print(
        f"Prepared {database} in {time.monotonic() - started:.0f} s ({workdir}). Every request comes from "
        f"127.0.0.1, so the rate limits are raised to {RAISED_LIMIT} for this run "
        f"({', '.join(raised_rate_limits())}).",
        flush=True,
    )
    log = workdir / "server.log"
    with serving(
        environment, web_processes=options.web_processes, task_workers=options.task_workers, log=log
    ) as host:
        # The people arrive over the warm-up, unmeasured: each web process compiles its templates on first use.
        Visitor.free_residents = list(fixture["residents"])
        mixed = rows_of(
            run_phase(
                host, fixture, [Resident, Coordinator], options.users, options.duration, options.warm_up
            )
        )
        Visitor.free_residents = list(fixture["residents"])
        bare = rows_of(run_phase(host, fixture, [BareView], options.ratio_users, options.ratio_seconds))
        Visitor.free_residents = list(fixture["residents"])
        signed_in_bare = rows_of(
            run_phase(host, fixture, [SignedInBareView], options.ratio_users, options.ratio_seconds)
        )
        Visitor.free_residents = list(fixture["residents"])
        votes = rows_of(run_phase(host, fixture, [Voter], options.ratio_users, options.ratio_seconds))
    stored = in_django(environment, "_count", json.dumps(fixture))
    expected = {
        "ballots": len(Accepted.ballots),
        "ballot choices": len(Accepted.ballots),  # every ballot sent chose one project
        "opinion votes": len(Accepted.opinion_votes),
        # one required question on the first page
        "survey answers": len(Accepted.survey_responses),
    }

    bare_rps = next((r["rps"] for r in bare if r["name"].startswith("bare view")), 0.0)
    signed_in_rps = next((r["rps"] for r in signed_in_bare if r["name"].startswith("bare view")), 0.0)
    vote_rps = next((r["rps"] for r in votes if r["name"] == "vote POST"), 0.0)
    ratio = vote_rps / bare_rps if bare_rps else 0.0
    signed_in_ratio = vote_rps / signed_in_rps if signed_in_rps else 0.0
    public = [r for r in mixed if r["name"].startswith(PUBLIC)]
    worst_public_p95 = max((r["p95"] for r in public), default=0)
    errors = sum(r["errors"] for r in mixed + bare + signed_in_bare + votes) + Accepted.warm_up_errors

    print(
        f"\n## Load on {database}: {options.users} people for {options.duration:.0f} s, "
        f"{options.web_processes} web processes, {options.task_workers} task workers, {os.cpu_count()} cores\n"
    )
    print(table(mixed))
    print(
        f"\n## Closed loops: {options.ratio_users} at once, {options.ratio_seconds:.0f} s each, no waiting\n"
    )
    print(table(bare + signed_in_bare + votes))
    print(f"\nVote POST / bare view throughput: {vote_rps:.1f} / {bare_rps:.1f} = {ratio:.2f}")
    print(
        f"Vote POST / bare view asked by a signed-in resident: {vote_rps:.1f} / {signed_in_rps:.1f} "
        f"= {signed_in_ratio:.2f}\n"
    )
    print("| stored in the database | accepted | stored | lost | doubled |\n|---|---:|---:|---:|---:|")
    for kind, count in expected.items():
        held = stored[kind]
        print(f"| {kind} | {count} | {held} | {max(count - held, 0)} | {max(held - count, 0)} |")

    missed = []
    if errors:
        missed.append(f"{errors} errors ({Accepted.warm_up_errors} while people arrived; server log: {log})")
    if any(stored[kind] != count for kind, count in expected.items()):
        missed.append("writes lost or doubled")
    if not options.no_targets:
        if worst_public_p95 >= PUBLIC_P95_MS:
            missed.append(f"public pages' p95 {worst_public_p95:.0f} ms, target under {PUBLIC_P95_MS} ms")
        if ratio < VOTE_TO_BARE_VIEW:
            missed.append(
                f"vote POST at {ratio:.2f} of the bare view's throughput, target {VOTE_TO_BARE_VIEW}"
            )
    print("\nTargets missed: " + "; ".join(missed) if missed else "\nAll targets met.")
    if not missed:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if missed else 0


def _in_django(command: str, argument: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ostrom.settings")
    django.setup()
    if command == "_fixture":
        print(json.dumps(make_fixture(int(argument))))
    else:
        print(json.dumps(count_stored(json.loads(argument))))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in {"_fixture", "_count"}:
        _in_django(sys.argv[1], sys.argv[2])
    else:
        sys.exit(main())
