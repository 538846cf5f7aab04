"""python -m ostrom.budgeting prints the winners and why, or JSON for programs."""

from __future__ import annotations

import json

from ostrom.budgeting.__main__ import main
from tests.budgeting.peer import DATA


def test_json_output_lists_the_rule_sorted_winners_cost_and_explanations(capsys):
    exit_code = main(
        [str(DATA / "Netherlands_Assen_2024.pb"), "--rule", "mes", "--completion", "add1", "--json"]
    )

    data = json.loads(capsys.readouterr().out)
    assert exit_code == 0
    assert data["rule"] == "equal-shares-cost-add1"
    assert data["selected"] == ["11", "12", "13", "14", "2", "3", "5", "6", "9"]
    assert data["cost"] == 76700
    assert data["explanations"]["8"]["is_selected"] is False
    assert data["explanations"]["3"]["step"] == 1


def test_text_output_names_each_winner_and_gives_a_reason_for_every_project(capsys):
    exit_code = main([str(DATA / "Poland_Warszawa_2018_Pole_Mokotowskie.pb"), "--rule", "greedy"])

    out = capsys.readouterr().out
    assert exit_code == 0
    assert "1 projects funded, costing 21064.00 of 21064.00" in out
    assert "658  Dobre grzyby" in out
    assert "658: Funded: it was reached in position 1" in out


def test_a_malformed_file_is_reported_with_its_line(tmp_path, capsys):
    broken = tmp_path / "broken.pb"
    broken.write_text(
        "META\nkey;value\nbudget;lots\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n"
    )

    exit_code = main([str(broken)])

    assert exit_code == 2
    assert "Line 3: the budget must be a number" in capsys.readouterr().err
