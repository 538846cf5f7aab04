"""The importer never fails with an unhandled exception, whatever it is given (malformed JSON, wrong
types, huge strings, control characters): every problem is a numbered entry with a field path and a
reason, and a rejected feed writes nothing."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostrom.assets import oruk_import
from ostrom.assets.models import Location, OrukImport, Service, TaxonomyTerm
from tests.assets.oruk_support import read

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "\x00", "x" * 20_000, "2026-13-45", "25:99", "not-a-uuid", "100", "-91", "MO,XX"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


def paths(data, prefix=()):
    """Every (path, value) in a JSON tree."""
    yield prefix, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


BASE = json.loads(
    json.dumps(read("examples/service_full.json")).replace('"latitude": 100', '"latitude": 52.48')
)
PATHS = [path for path, _ in paths(BASE) if path]


def replaced(data, path, value):
    data = json.loads(json.dumps(data))
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


def check(report):
    assert isinstance(report["imported"], bool)
    for problem in report["rejected"]:
        assert set(problem) == {"entry", "id", "path", "problem"}
        assert isinstance(problem["entry"], int) and problem["entry"] >= 0
        assert isinstance(problem["path"], str) and isinstance(problem["problem"], str) and problem["problem"]
    if not report["imported"]:
        assert report["rejected"]


def run(content: bytes) -> dict:
    return oruk_import.import_content(content, oruk_import=OrukImport.objects.create(source_name="fuzz"))


@FUZZ
@given(path=st.sampled_from(PATHS), value=values)
def test_any_field_replaced_by_anything(path, value):
    before = (Service.objects.count(), Location.objects.count(), TaxonomyTerm.objects.count())
    report = run(json.dumps([replaced(BASE, path, value)]).encode())
    check(report)
    if not report["imported"]:
        assert (Service.objects.count(), Location.objects.count(), TaxonomyTerm.objects.count()) == before


@FUZZ
@given(data=values)
def test_any_json_at_all(data):
    check(run(json.dumps(data).encode()))


@FUZZ
@given(content=st.binary(max_size=200))
def test_any_bytes_at_all(content):
    check(run(content))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(json.dumps(BASE)) - 1))
def test_a_file_cut_short(cut):
    report = run(json.dumps(BASE).encode()[:cut])
    check(report)
    assert report["rejected"][0]["entry"] == 0


def test_deeply_nested_json_is_a_problem_not_a_crash():
    check(run(b"[" * 100_000 + b"]" * 100_000))


def test_a_broken_character_is_a_problem_not_a_crash():
    report = run(b'[{"id": "\\ud800", "name": "Tea \\ud800 club", "status": "active"}]')
    check(report)
    assert ("name", "has a broken character (half of a pair)") in [
        (p["path"], p["problem"]) for p in report["rejected"]
    ]
