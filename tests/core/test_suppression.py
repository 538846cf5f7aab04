from hypothesis import given
from hypothesis import strategies as st

from ostrom.core.suppression import SUPPRESSED_TEXT, suppress

counts_strategy = st.dictionaries(
    st.text(min_size=1, max_size=5), st.integers(0, 200), min_size=1, max_size=12
)


@given(counts_strategy)
def test_no_count_from_1_to_4_is_ever_shown(counts):
    cells = suppress(counts, threshold=5)
    for key, cell in cells.items():
        if cell.count is not None:
            assert cell.count == 0 or cell.count >= 5
        if 0 < counts[key] < 5:
            assert cell.text == SUPPRESSED_TEXT and cell.share is None


@given(counts_strategy)
def test_a_single_hidden_count_cannot_be_worked_out_from_the_total(counts):
    cells = suppress(counts, threshold=5)
    hidden = [key for key, cell in cells.items() if cell.is_suppressed]
    assert len(hidden) != 1 or sum(1 for c in counts.values() if c > 0) == 1


def test_secondary_suppression_hides_the_next_smallest_count():
    cells = suppress({"a": 3, "b": 40, "c": 7, "d": 0}, threshold=5)
    assert cells["a"].is_suppressed and cells["c"].is_suppressed
    assert cells["b"].text == "40" and cells["d"].text == "0"
