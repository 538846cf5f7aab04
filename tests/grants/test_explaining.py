"""Residents read why each project was or was not funded in their language: the app words the engine's
reasons from their numbers, and in English says what the engine says (with amounts in pounds)."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from ostrom.budgeting import Ballot, Project, VoteType, make_election, read_pabulib, rules
from ostrom.budgeting.outcome import Why
from ostrom.grants import explaining
from tests.budgeting.peer import DATA

AMOUNT = re.compile(r"(?<![\d.£])(\d+\.\d{2})(?![\d])")


def _in_pounds(reason: str) -> str:
    return AMOUNT.sub(lambda match: f"£{Decimal(match.group(1)):,.2f}", reason)


def _explanations(file_name: str, rule: rules.Rule) -> list[dict]:
    election = read_pabulib(DATA / file_name)
    return list(rule.decide(election).to_dict()["explanations"].values())


CASES = [
    ("Poland_Warszawa_2020_Wawer.pb", rules.EQUAL_SHARES),
    ("Poland_Warszawa_2020_Wawer.pb", rules.GREEDY),
    ("Poland_Warszawa_2020_Wawer.pb", rules.PHRAGMEN),
    ("Poland_Katowice_2022_Zaleze.pb", rules.MOST_POINTS),
    ("Poland_Katowice_2022_Zaleze.pb", rules.EQUAL_SHARES),
    ("Poland_Krakow_2021_Bienczyce.pb", rules.MOST_POINTS),
]


@pytest.mark.parametrize(("file_name", "rule"), CASES, ids=[f"{f}-{r.name}" for f, r in CASES])
def test_in_english_every_reason_reads_as_the_engine_gives_it(file_name, rule):
    with translation.override("en"):
        for explanation in _explanations(file_name, rule):
            assert explaining.project_reason(explanation) == _in_pounds(explanation["reason"])


def test_the_small_cases_read_as_the_engine_gives_them_too():
    projects = [
        Project("free", Fraction(0)),
        Project("nobody", Fraction(50)),
        Project("dear", Fraction(500)),
        Project("a", Fraction(60)),
        Project("b", Fraction(60)),
    ]
    ballots = [Ballot(("free", "a", "b", "dear")), Ballot(("a", "b")), Ballot(("b",))]
    ticks = make_election(budget=100, projects=projects, ballots=ballots, vote_type=VoteType.APPROVAL)
    points = make_election(
        budget=100,
        projects=projects,
        ballots=[Ballot(ballot.projects, tuple(Fraction(3) for _ in ballot.projects)) for ballot in ballots],
        vote_type=VoteType.CUMULATIVE,
    )
    seen = set()
    with translation.override("en"):
        for election, rule in [
            (ticks, rules.EQUAL_SHARES),
            (ticks, rules.PHRAGMEN),
            (ticks, rules.GREEDY),
        ] + [
            (points, rules.EQUAL_SHARES),
            (points, rules.MOST_POINTS),
        ]:
            for explanation in rule.decide(election).to_dict()["explanations"].values():
                seen.add(explanation["why"])
                assert explaining.project_reason(explanation) == _in_pounds(explanation["reason"])
    assert {
        Why.FREE,
        Why.NO_VOTES,
        Why.OVER_BUDGET,
        Why.STOPPED,
        Why.DID_NOT_FIT,
        Why.POINTS_PAID,
    } <= seen


def test_a_result_counted_before_reasons_were_data_keeps_its_words():
    assert explaining.project_reason({"reason": "Not funded: nobody voted for it."}) == (
        "Not funded: nobody voted for it."
    )


@pytest.mark.django_db
def test_in_another_language_the_rule_and_every_reason_are_translated(pseudo_locales):
    explanations = _explanations("Poland_Katowice_2022_Zaleze.pb", rules.MOST_POINTS)
    with translation.override("en-xa"):
        reasons = [explaining.project_reason(explanation) for explanation in explanations]
        title = explaining.rule_title("points", on_points=True)
        text = explaining.rule_explanation("mes", on_points=False) + explaining.rank_points(3)
    assert all(reason.startswith("[") and "Funded" not in reason for reason in reasons)
    assert title.startswith("[") and text.startswith("[")
