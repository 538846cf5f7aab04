"""The aggregate scan: every page, download and API read that counts people, fetched by everyone who may
see it, in a world whose groups are all small.

In the world of tests/world.py every set of people is far below `BREAKDOWN_MINIMUM_PEOPLE` and every
group of them holds 1 to 4 people; here each of the world's people also shares equality answers, so a
breakdown that was shown would have small counts in it. So on every aggregate:
- no count of people from 1 to 4 is shown (an NHS table cell, a headline sentence, a CSV column, a
  JSON field: each entry of `AGGREGATES` says where its counts are and how to read them), and
- no breakdown of a set below the minimum is shown: each breakdown the page holds says it has too few
  people instead (`breakdowns`), and an API's breakdown rows are empty.

`test_every_aggregate_is_scanned` keeps the registry whole: a page or API read whose name sounds like
an aggregate (report, reach, results, export, download, open data, quotas, wellbeing …) must be in
`AGGREGATES` or in `NOT_AGGREGATES` with the reason it counts no one.
"""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.urls import reverse

from ostrom.accounts.consent import EQUALITY_MONITORING
from ostrom.accounts.models import Consent, EqualityAnswer
from ostrom.core.suppression import too_few_text
from ostrom.panels.models import Volunteer
from tests.test_permission_matrix import RULES, TABLE, api_operations, url_names
from tests.world import client_as, world  # noqa: F401 (the fixture)

# JSON fields and CSV columns that hold a count of people (or of what people were given, such as
# social prescriptions, which for a few people is as few).
PEOPLE_FIELDS = {
    "count",
    "people",
    "people_referred",
    "people_referred_text",
    "referred",
    "social_prescriptions",
    "social_prescriptions_text",
    "volunteers",
    "responses",
    "voters",
    "members",
    "submitted",
    "pairs",
    "on_panel",
}


@dataclass(frozen=True)
class Aggregate:
    read: str  # how its counts are read: "html" (table cells, headlines), "csv", "json", "zip" (CSVs)
    breakdowns: int = 0  # breakdowns of people it holds: in this world each must say "too few" …
    breakdowns_for: str = "reach_viewer"  # … to the people this rule lets see them
    exact_for: str | None = None  # a rule whose people see exact counts by design (the reason beside it)


AGGREGATES = {
    "grants:result": Aggregate("html"),
    "grants:reach": Aggregate("html", breakdowns=9),
    "grants:grants-360giving-json": Aggregate("json"),
    "conversations:results": Aggregate("html"),
    "conversations:reach": Aggregate("html", breakdowns=3),
    # The assembly's coordinators see every volunteer's answers (the volunteers page), and set quotas
    # from the pool's exact make-up; everyone else sees the drawn panel's counts under 5 hidden.
    "panels:quotas": Aggregate("html", exact_for="volunteers"),
    "panels:lottery": Aggregate("html", exact_for="volunteers"),
    "GET /api/panels/{slug}/lottery": Aggregate("json"),
    # Its members' breakdowns are for those who see reach across the whole collective.
    "network:subgroup-detail": Aggregate("html", breakdowns=3, breakdowns_for="unscoped_coordinator"),
    "insight:insight-list": Aggregate("html"),
    "events:report": Aggregate("html", breakdowns=3),
    "surveys:results": Aggregate("html"),
    "surveys:results-by-group": Aggregate("html"),
    "surveys:export": Aggregate("csv"),
    "insight:theme-detail": Aggregate("html", breakdowns=3),
    "impact:wellbeing": Aggregate("html"),
    "impact:open-data-download": Aggregate("zip"),
    "referrals:report": Aggregate("html"),
    "referrals:report-csv": Aggregate("csv"),
    "decisions:reach": Aggregate("html", breakdowns=3),
    "decisions:decision-reach": Aggregate("html", breakdowns=3),
    "GET /api/rounds/{slug}/result": Aggregate("json"),
    "GET /api/decisions/{slug}/reach": Aggregate("json", breakdowns=3),
    "GET /api/surveys/{slug}/results": Aggregate("json"),
    "GET /api/impact/programmes/{slug}/wellbeing": Aggregate("json"),
    "GET /api/impact/programmes/{slug}/open-data": Aggregate("json"),
    "GET /api/impact/programmes/{slug}/open-data/package.zip": Aggregate("zip"),
    "GET /api/referrals/reports/{place_code}": Aggregate("json"),
}

NOT_AGGREGATES = {
    "accounts:download-my-data": "a person's own data, for them alone",
    "grants:grants-360giving-xlsx": "the same grants as the 360Giving JSON (scanned): awards to organisations",
    "conversations:polis-export": "statements with their vote tallies: votes on a statement, not people",
    "conversations:polis-full-export": "the same, with moderation: votes on statements, not people",
    "GET /api/conversations/{slug}/map": "where opinion groups stand; the world's conversation has no map",
    "panels:letters-download": "the letters to post: addresses for the assembly's coordinators",
    "panels:quota-check": "the progress of a quota check, not its figures",
    "events:report-pdf": "the report page (scanned) as a PDF",
    "insight:insight-export": "what people said, one row each: no counts",
    "insight:theme-list": "themes with their number of comments: comments, not people",
    "GET /api/themes": "themes with their number of comments: comments, not people",
    "GET /api/themes/{theme_id}": "a theme's comments: comments, not people",
    "GET /api/decision-themes": "themes decisions cite: no counts",
    "impact:open-data": "describes the open data files (scanned as downloads)",
    "assets:exchange-export": "services and places (Open Referral UK): no people",
    "referrals:download": "one referral, for its link worker",
    "referrals:reports": "chooses a report (scanned) and redirects to it",
    "decisions:dashboard": "decisions, commitments and money by body: counts decisions, not people",
    "panels:lottery-check": "how the draw was checked: the method and the chances, no counts of people",
    "insight:theme-run-start": "the form that starts finding themes",
    "insight:theme-run": "a run's progress and the themes it found: counts comments, not people",
    "insight:theme-run-progress": "a run's progress",
    "GET /api/theme-runs/{run_id}": "a run's progress",
    "insight:theme-rename": "a form to rename a theme",
    "insight:theme-merge": "a form to merge two themes",
    "insight:theme-split": "a form to split a theme",
    "insight:theme-pin": "a form to pin a comment to a theme",
}

AGGREGATE_NAME = re.compile(
    r"report|reach|breakdown|result|export|download|statistic|summar|open-data|quota|pool|wellbeing|"
    r"dashboard|360giving|\.csv|\.xlsx|\.zip|/map|theme|lotter",
    re.IGNORECASE,
)


def _reads():
    """Every page and API read: writes (API POST/PUT/DELETE, pages that only take POST) show no figures."""
    pages = [name for name in url_names() if TABLE[name].post is None]
    return pages + [key for key in api_operations() if key.startswith("GET ")]


def test_every_aggregate_is_scanned():
    reads = _reads()
    missing = [key for key in reads if AGGREGATE_NAME.search(key) and key not in AGGREGATES | NOT_AGGREGATES]
    stale = [key for key in AGGREGATES | NOT_AGGREGATES if key not in reads]
    assert not missing, f"add these to AGGREGATES, or to NOT_AGGREGATES saying why: {missing}"
    assert not stale, f"these no longer exist: {stale}"


@pytest.fixture(scope="module")
def small_world(world, django_db_blocker):  # noqa: F811 (the fixture)
    """The world, with every person sharing equality answers (groups of 1 to 4 in every breakdown) and
    quotas on its drawn panel."""
    bands = ["25-34", "35-44", "45-54"]
    groups = ["white_british", "asian_indian", "asian_pakistani", "black_caribbean"]
    with django_db_blocker.unblock():
        for number, person in enumerate(world.people.values()):
            consent = (
                Consent.objects.active().filter(user=person, purpose=EQUALITY_MONITORING.purpose).first()
            )
            consent = consent or Consent.objects.create(
                user=person,
                purpose=EQUALITY_MONITORING.purpose,
                wording_version=EQUALITY_MONITORING.version,
                wording=EQUALITY_MONITORING.text,
            )
            EqualityAnswer.objects.update_or_create(
                user=person,
                defaults={
                    "consent": consent,
                    "ethnic_group": groups[number % len(groups)],
                    "age_band": bands[number % len(bands)],
                    "lsoa": world.lsoa,
                },
            )
        # The drawn panel of two: one woman and one man, each group of one, with quotas on them.
        lottery = world.lottery
        volunteers = Volunteer.objects.filter(assembly=lottery.assembly)
        lottery.pool = [[str(v.pk), v.features, None] for v in volunteers]
        lottery.quotas = [["Sex", "Female", 1, 1], ["Sex", "Male", 1, 1]]
        lottery.save(update_fields=["pool", "quotas"])
    return world


class Cells(HTMLParser):
    """The text of every data cell of every table in the page's main content, and of every headline
    (an element marked `data-headline`: a sentence of a report's figures)."""

    def __init__(self):
        super().__init__()
        self.cells, self._cell, self._main = [], None, False
        self.headlines, self._headline, self._headline_tag = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._main = True
        elif tag == "td" and self._main:
            self._cell = []
        elif self._main and self._headline is None and "data-headline" in dict(attrs):
            self._headline, self._headline_tag = [], tag

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == self._headline_tag and self._headline is not None:
            self.headlines.append(" ".join("".join(self._headline).split()))
            self._headline = None
        elif tag == "main":
            self._main = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._headline is not None:
            self._headline.append(data)


# A cell holding a count: "3", "3 (60%)", "3 people" (the NHS table's header is repeated for small
# screens in a hidden span, so it may come first).
SMALL_COUNT_CELL = re.compile(r"(?:^|\s)([1-4])(?:\s*\(\d+%\))?(?:\s*(?:people|person|volunteers?))?$")


# A count in a sentence: "3 people", "1 person", "2 social prescriptions" (not "fewer than 5 people").
SMALL_COUNT_IN_WORDS = re.compile(
    r"(?<![\d,.])[1-4] (?:people|person|volunteers?|referrals?|social prescriptions?)\b"
)


def _small_counts_in_html(text: str) -> list[str]:
    parser = Cells()
    parser.feed(text)
    return [cell for cell in parser.cells if SMALL_COUNT_CELL.search(cell)] + [
        headline for headline in parser.headlines if SMALL_COUNT_IN_WORDS.search(headline)
    ]


def _small_counts_in_json(value, path="") -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if (
                key in PEOPLE_FIELDS
                and not isinstance(inner, bool)
                and str(inner).strip() in {"1", "2", "3", "4"}
            ):
                found.append(f"{path}.{key}={inner}")
            found += _small_counts_in_json(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _small_counts_in_json(inner, f"{path}[{index}]")
    return found


def _small_counts_in_csv(text: str) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    found = []
    for number, row in enumerate(rows, start=2):
        for column, value in row.items():
            is_count = column and (column in PEOPLE_FIELDS or column.endswith(("_count", "_people")))
            if is_count and (value or "").strip() in {"1", "2", "3", "4"}:
                found.append(f"row {number} {column}={value}")
    return found


def _shown_breakdown_rows(value) -> list:
    """An API's breakdown rows (each a group's count): none may be shown for a set below the minimum."""
    rows = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "breakdowns":
                items = inner.values() if isinstance(inner, dict) else inner
                for item in items:
                    rows += item.get("rows", []) if isinstance(item, dict) else list(item)
            else:
                rows += _shown_breakdown_rows(inner)
    elif isinstance(value, list):
        for inner in value:
            rows += _shown_breakdown_rows(inner)
    return rows


# The caption of a breakdown shown as a table (core.presenters.breakdown_table): in this world no set
# is big enough to have one.
BREAKDOWN_CAPTION = re.compile(r"\(about [\d,]+ people")


def problems(aggregate: Aggregate, response, role: str) -> list[str]:
    body = response.content
    exact = aggregate.exact_for is not None and role in RULES[aggregate.exact_for]
    if aggregate.read == "html":
        text = body.decode()
        found = [] if exact else [f"a count under 5 on the page: {c!r}" for c in _small_counts_in_html(text)]
        found += [f"a breakdown of a set below the minimum: {m!r}" for m in BREAKDOWN_CAPTION.findall(text)]
        expected = aggregate.breakdowns if role in RULES[aggregate.breakdowns_for] else 0
        if text.count(too_few_text()) < expected:
            found.append(f"{expected} breakdowns should each say they have too few people")
        return found
    if aggregate.read == "csv":
        return [f"a count under 5: {cell}" for cell in _small_counts_in_csv(body.decode())]
    if aggregate.read == "json":
        data = json.loads(body)
        found = [f"a count under 5: {field}" for field in _small_counts_in_json(data)]
        if rows := _shown_breakdown_rows(data):
            found.append(f"breakdown rows shown for a set below the minimum: {rows[:3]}")
        if aggregate.breakdowns and json.dumps(data).count(too_few_text()) < aggregate.breakdowns:
            found.append("a breakdown does not say it has too few people")
        return found
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        return [
            f"{name}: a count under 5: {cell}"
            for name in package.namelist()
            if name.endswith(".csv")
            for cell in _small_counts_in_csv(package.read(name).decode("utf-8-sig"))
        ]


def _url(key, world):  # noqa: F811 (the fixture)
    case = TABLE[key]
    args = case.args(world) if case.args else {}
    if key.startswith("GET "):
        return key.removeprefix("GET ").format(**args)
    return reverse(key, kwargs=args)


SCAN = [(key, role) for key in AGGREGATES for role in sorted(RULES[TABLE[key].rule])]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), SCAN, ids=[f"{key} as {role}" for key, role in SCAN])
def test_no_small_count_and_no_breakdown_of_a_small_set(small_world, key, role):
    response = client_as(small_world, role).get(_url(key, small_world))
    assert response.status_code < 500
    if response.status_code != 200:
        return  # turned away or nothing to show yet (a download before 5 answers): nothing is counted
    found = problems(AGGREGATES[key], response, role)
    assert not found, f"{key} as {role}: " + "; ".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "role", "setting"),
    [
        # Breakdowns of any set, however small: the scan must see the table.
        ("grants:reach", "admin", {"BREAKDOWN_MINIMUM_PEOPLE": 1}),
        # The drawn panel's exact counts to the public: the scan must see the small ones.
        ("GET /api/panels/{slug}/lottery", "anonymous", {"SUPPRESSION_THRESHOLD": 1}),
    ],
)
def test_the_scan_sees_a_leak(small_world, settings, key, role, setting):
    """The scan is not fooled: with the protection turned off, the same pages fail it."""
    for name, value in setting.items():
        setattr(settings, name, value)
    response = client_as(small_world, role).get(_url(key, small_world))
    assert response.status_code == 200
    assert problems(AGGREGATES[key], response, role)


@pytest.mark.parametrize(
    ("key", "body"),
    [
        (
            "referrals:report",
            "<main><p class='nhsuk-body-l' data-headline>In the last 12 months link workers in Ladywood "
            "made 1 social prescription for 1 person.</p></main>",
        ),
        (
            "referrals:report-csv",
            "section,group,people,share,population_share\nheadline,People referred,3,,\n",
        ),
        ("GET /api/referrals/reports/{place_code}", '{"people_referred": 3, "conversion": {"referred": 3}}'),
    ],
)
def test_the_scan_sees_an_exact_headline(key, body):
    """The referral report's headline counts were once given exactly: the scan would have caught them."""
    found = problems(AGGREGATES[key], HttpResponse(body), "link_worker")
    assert found
