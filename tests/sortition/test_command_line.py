"""`python -m ostrom.sortition pool.csv quotas.csv --size N` for people who only want the engine."""

from __future__ import annotations

import json

from ostrom.sortition.__main__ import main
from tests.sortition.peer import DATA, PAPER


def test_json_output_has_the_algorithm_chances_panel_and_seed(capsys):
    code = main(
        [
            str(DATA / "sortition-algorithms" / "candidates.csv"),
            str(DATA / "sortition-algorithms" / "features.csv"),
            "--size",
            "22",
            "--seed",
            "published seed",
            "--json",
        ]
    )

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(result) == {"algorithm", "min_probability", "probabilities", "panel", "seed"}
    assert result["algorithm"] == "leximin"
    assert result["seed"] == "published seed"
    assert len(result["panel"]) == 22
    assert len(result["probabilities"]) == 150
    assert result["min_probability"] == min(result["probabilities"].values())


def test_the_papers_files_without_an_id_column_use_row_numbers(capsys):
    folder = PAPER / "data" / "example_small_20"
    code = main(
        [
            str(folder / "respondents.csv"),
            str(folder / "categories.csv"),
            "--size",
            "20",
            "--seed",
            "1",
            "--json",
        ]
    )

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(result["probabilities"], key=int) == [str(i) for i in range(200)]
    assert abs(result["min_probability"] - 0.1) < 1e-6


def test_the_same_seed_prints_the_same_panel(capsys):
    arguments = [
        str(DATA / "sortition-algorithms" / "candidates.csv"),
        str(DATA / "sortition-algorithms" / "features.csv"),
        "--size",
        "22",
        "--seed",
        "abc",
    ]
    main(arguments)
    first = capsys.readouterr().out
    main(arguments)
    assert capsys.readouterr().out == first
    assert "Seed: abc" in first


def test_unmeetable_quotas_exit_with_an_explanation(capsys):
    code = main(
        [
            str(DATA / "sortition-algorithms" / "candidates.csv"),
            str(DATA / "sortition-algorithms" / "features.csv"),
            "--size",
            "30",
        ]
    )

    assert code == 1
    assert "No panel can meet these quotas." in capsys.readouterr().err


def test_household_columns_keep_one_person_per_address(capsys):
    code = main(
        [
            str(DATA / "sortition-algorithms" / "candidates.csv"),
            str(DATA / "sortition-algorithms" / "features.csv"),
            "--size",
            "22",
            "--seed",
            "s",
            "--algorithm",
            "legacy",
            "--household-columns",
            "primary_address1,primary_zip",
            "--json",
        ]
    )

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["algorithm"] == "legacy"
    assert result["probabilities"] is None
    assert len(result["panel"]) == 22
