"""python -m ostrom.themes on a Polis comments.csv export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.themes.themes_data import POLIS

ROOT = Path(__file__).resolve().parent.parent.parent
ELECTORAL_REFORM = POLIS / "canadian-electoral-reform" / "comments.csv"


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ostrom.themes", *arguments], capture_output=True, text=True, cwd=ROOT
    )


def test_the_command_prints_themes_and_each_comments_theme_as_json():
    finished = run(str(ELECTORAL_REFORM), "--themes", "4", "--json")
    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout)
    assert set(result) == {"themes", "assignments"}
    assert [theme["id"] for theme in result["themes"]] == [1, 2, 3, 4]
    for theme in result["themes"]:
        assert set(theme) == {"id", "label", "keywords", "size"}
        assert theme["label"] and 1 <= len(theme["keywords"]) <= 10
    assert len(result["assignments"]) == 152  # every comment in the export, by its comment-id
    assert set(result["assignments"].values()) <= {1, 2, 3, 4, None}
    counted = [list(result["assignments"].values()).count(theme["id"]) for theme in result["themes"]]
    assert counted == [theme["size"] for theme in result["themes"]]


def test_the_same_seed_prints_the_same_json():
    first = run(str(ELECTORAL_REFORM), "--seed", "3", "--json")
    assert first.stdout == run(str(ELECTORAL_REFORM), "--seed", "3", "--json").stdout


def test_the_command_summarises_in_plain_english_without_json():
    finished = run(str(ELECTORAL_REFORM), "--themes", "3")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("152 comments, 3 themes")
    assert finished.stdout.count("\nTheme ") == 3


def test_a_csv_without_the_comment_columns_is_refused_naming_the_missing_column(tmp_path):
    votes = tmp_path / "votes.csv"
    votes.write_text("timestamp,comment-id,voter-id,vote\n1,1,1,1\n")
    finished = run(str(votes), "--json")
    assert finished.returncode == 1
    assert "'comment-body'" in finished.stderr and "comment-id" in finished.stderr.split("columns are")[1]
    assert finished.stdout == ""


def test_a_missing_file_duplicate_ids_and_a_bad_number_of_themes_are_refused(tmp_path):
    assert "Cannot read" in run(str(tmp_path / "nowhere.csv")).stderr
    doubled = tmp_path / "doubled.csv"
    doubled.write_text("comment-id,comment-body\n1,Buses\n1,Trains\n")
    finished = run(str(doubled))
    assert finished.returncode == 1 and "'1' appears more than once" in finished.stderr
    finished = run(str(ELECTORAL_REFORM), "--themes", "0")
    assert finished.returncode == 2 and "--themes must be at least 1" in finished.stderr


def test_other_columns_are_ignored_and_an_empty_export_gives_no_themes(tmp_path):
    shaped = tmp_path / "comments.csv"
    shaped.write_text("comment-body,extra,comment-id\n,x,1\n👍,y,2\n")
    result = json.loads(run(str(shaped), "--json").stdout)
    assert result == {"themes": [], "assignments": {"1": None, "2": None}}
    empty = tmp_path / "empty.csv"
    empty.write_text("comment-id,comment-body\n")
    assert json.loads(run(str(empty), "--json").stdout) == {"themes": [], "assignments": {}}
