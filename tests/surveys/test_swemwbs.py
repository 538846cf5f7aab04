"""SWEMWBS scoring against every row of the published raw → metric table, and the missing-item rule."""

import csv
from itertools import product
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostrom.surveys import swemwbs

DATA = Path(__file__).parent.parent / "data" / "swemwbs"


def rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


TABLE = [(int(row["raw"]), float(row["metric"])) for row in rows("swemwbs_raw_to_metric.csv")]


def test_the_table_has_every_raw_score_from_7_to_35():
    assert [raw for raw, _ in TABLE] == list(range(7, 36))


@pytest.mark.parametrize(("raw", "metric"), TABLE)
def test_every_row_of_the_published_table(raw, metric):
    # Every way of reaching this raw score with items 1–5 gives the published metric score.
    ways = [items for items in product(range(1, 6), repeat=7) if sum(items) == raw]
    assert ways
    assert {swemwbs.metric_score(list(items)) for items in ways[:: max(1, len(ways) // 50)]} == {metric}
    assert swemwbs.RAW_TO_METRIC[raw] == metric


def test_the_items_and_scale_are_the_published_ones():
    assert list(swemwbs.ITEMS) == [row["wording"] for row in rows("swemwbs_items.csv")]
    assert list(swemwbs.SCALE) == [
        (int(row["value"]), row["label"]) for row in rows("swemwbs_response_scale.csv")
    ]
    assert swemwbs.metric_score([1] * 7) == 7.0
    assert swemwbs.metric_score([5] * 7) == 35.0


item = st.integers(min_value=1, max_value=5)
not_an_item = st.one_of(
    st.none(),
    st.integers(max_value=0),
    st.integers(min_value=6),
    st.floats(allow_nan=True),
    st.text(max_size=3),
    st.booleans(),
)


@given(st.lists(item, min_size=7, max_size=7), st.integers(min_value=0, max_value=6), not_an_item)
def test_a_missing_or_out_of_range_item_makes_the_score_not_computable(items, position, bad):
    items[position] = bad
    assert swemwbs.metric_score(items) is None


@given(st.lists(item, min_size=0, max_size=12).filter(lambda items: len(items) != 7))
def test_fewer_or_more_than_seven_answers_are_not_computable(items):
    assert swemwbs.metric_score(items) is None


@given(st.lists(item, min_size=7, max_size=7))
def test_seven_answers_always_score_and_fall_in_one_band(items):
    score = swemwbs.metric_score(items)
    assert score == swemwbs.RAW_TO_METRIC[sum(items)]
    assert sum(band.holds(score) for band in swemwbs.BANDS) == 1


def test_the_scoring_module_is_pure_python():
    import ast

    tree = ast.parse(Path(swemwbs.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"csv", "collections.abc", "dataclasses", "pathlib"}
