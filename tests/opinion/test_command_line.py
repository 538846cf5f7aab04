"""python -m ostrom.opinion on a Polis export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ostrom.opinion import polis_export
from tests.opinion.polis_data import DATA

SEATTLE = DATA / "openData" / "15-per-hour-seattle"


def test_the_command_prints_groups_representative_and_consensus_statements_as_json():
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "ostrom.opinion",
            str(SEATTLE / "votes.csv"),
            "--comments",
            str(SEATTLE / "comments.csv"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent.parent,
    )
    result = json.loads(finished.stdout)
    assert set(result) == {"groups", "repness", "consensus"}
    assert set(result["groups"].values()) == {int(group) for group in result["repness"]}
    assert len(result["repness"]) == 2  # Polis also found two groups
    moderated_out = polis_export.read_moderated_out(SEATTLE / "comments.csv")
    assert not moderated_out & {sid for statements in result["repness"].values() for sid in statements}
    assert result["consensus"]


def test_the_command_summarises_in_plain_english_without_json():
    finished = subprocess.run(
        [sys.executable, "-m", "ostrom.opinion", str(SEATTLE / "votes.csv")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent.parent,
    )
    assert "339 participants" in finished.stdout
    assert finished.stdout.count("Group ") == 2
