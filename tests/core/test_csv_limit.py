"""A CSV field over 128 KB is refused even after a library has raised the process's CSV limit
(frictionless raises it to 2 GB when imported), so one uploaded field cannot fill the memory."""

import csv

import pytest

from ostrom.core.tables import CSV_FIELD_LIMIT, ImportRejected, read_rows


def test_a_huge_field_is_refused_even_after_a_library_raised_the_limit():
    csv.field_size_limit(2_147_483_646)  # what importing frictionless does
    content = ("name\n" + "x" * (CSV_FIELD_LIMIT + 1) + "\n").encode()
    with pytest.raises(ImportRejected) as rejected:  # on its row, so every import says where
        list(read_rows(content, "people.csv"))
    assert [problem.row for problem in rejected.value.problems] == [2]
