"""A measurement's value far beyond what the column holds is refused as not a number, never an error."""

import pytest

from ostrom.impact.validation import as_value


@pytest.mark.parametrize("raw", ["1E1000000", "-1E1000000", "1000000000000"])
def test_a_value_too_large_to_store_is_not_a_value(raw):
    assert as_value(raw) is None


def test_an_ordinary_value_is_kept_to_the_penny():
    assert str(as_value("1,250.5")) == "1250.50"
