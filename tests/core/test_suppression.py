import random

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ostrom.core.suppression import (
    PERTURBATION_TABLE,
    SUPPRESSED_TEXT,
    cell_key,
    protect,
    rounded,
    set_key,
    suppress,
)

counts_strategy = st.dictionaries(
    st.text(min_size=1, max_size=5), st.integers(0, 200), min_size=1, max_size=12
)
# A breakdown's input: each category's people, as their record keys (0–255).
cells_strategy = st.dictionaries(
    st.sampled_from(["asian_indian", "black_african", "white_irish", "other_arab", "not_answered"]),
    st.lists(st.integers(0, 255), max_size=60),
    min_size=1,
)
relaxed = hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@relaxed
@given(counts_strategy)
def test_no_count_from_1_to_4_is_ever_shown(counts):
    cells = suppress(counts, threshold=5)
    for key, cell in cells.items():
        if cell.count is not None:
            assert cell.count == 0 or cell.count >= 5
        if 0 < counts[key] < 5:
            assert cell.text == SUPPRESSED_TEXT and cell.share is None


@relaxed
@given(counts_strategy)
def test_a_single_hidden_count_cannot_be_worked_out_from_the_total(counts):
    cells = suppress(counts, threshold=5)
    hidden = [key for key, cell in cells.items() if cell.is_suppressed]
    assert len(hidden) != 1 or sum(1 for c in counts.values() if c > 0) == 1


def test_secondary_suppression_hides_the_next_smallest_count():
    cells = suppress({"a": 3, "b": 40, "c": 7, "d": 0}, threshold=5)
    assert cells["a"].is_suppressed and cells["c"].is_suppressed
    assert cells["b"].text == "40" and cells["d"].text == "0"


def _members(cells):
    return range(sum(len(keys) for keys in cells.values()))


@relaxed
@given(cells_strategy)
def test_a_protected_breakdown_shows_only_multiples_of_5_never_1_to_4(cells):
    protected = protect(cells, set_key=set_key(_members(cells)))
    for name, cell in protected.cells.items():
        true_count = len(cells[name])
        if cell.is_suppressed:
            assert cell.text == SUPPRESSED_TEXT and cell.share is None and true_count < 5
        else:
            assert cell.count % 5 == 0 and cell.count >= 5
            assert abs(cell.count - true_count) <= 4
    assert protected.total % 5 == 0


@relaxed
@given(cells_strategy)
def test_the_same_set_always_shows_the_same_figures(cells):
    key = set_key(_members(cells))
    assert protect(cells, set_key=key) == protect(dict(reversed(list(cells.items()))), set_key=key)


def test_an_empty_category_looks_the_same_as_a_small_one():
    """A true zero is not shown as 0: in a set someone shaped, a 0 that became "fewer than 5" would
    name the category of the person just added."""
    protected = protect({"white_roma": [], "white_british": list(range(30))}, set_key=set_key(range(30)))
    assert protected.cells["white_roma"].text == SUPPRESSED_TEXT


def test_the_rounding_is_right_on_average_and_never_more_than_4_out():
    for remainder, row in enumerate(PERTURBATION_TABLE):
        assert set(row) <= {-remainder, 5 - remainder}
        assert abs(sum(row) / len(row)) < 0.02  # 256 keys do not split exactly into fifths
    for count in range(200):
        assert all(abs(rounded(count, key) - count) <= 4 for key in range(256))


@relaxed
@given(cells_strategy)
def test_shares_and_the_total_come_from_the_rounded_counts(cells):
    protected = protect(cells, set_key=set_key(_members(cells)))
    true_total = sum(len(keys) for keys in cells.values())
    assert abs(protected.total - true_total) <= 4
    for cell in protected.cells.values():
        if not cell.is_suppressed and protected.total:  # a total under 3 can round to 0
            assert cell.share == min(cell.count / protected.total, 1.0)


def test_a_category_holding_everyone_rounds_exactly_as_the_total():
    everyone = list(range(23))
    protected = protect({"asian_indian": everyone, "not_answered": []}, set_key=set_key(range(23)))
    assert protected.cells["asian_indian"].count == protected.total
    assert protected.cells["asian_indian"].share_text == "100%"


def test_the_same_people_in_a_cell_get_a_fresh_key_in_every_different_set(settings):
    """Without the set's own offset, a cell the added person is not in would keep its key, and
    so its rounding: only their own cell could change, naming their category."""
    settings.SECRET_KEY = "test-suppression"
    cell = [random.Random(7).randrange(256) for _ in range(12)]
    keys = [cell_key(cell, set_key=set_key(range(size))) for size in range(40, 80)]
    assert len(set(keys)) > 25  # 40 draws from 256 keys: about 37 distinct if independent
