"""Reading and writing Pabulib files: every real file round-trips, matches pabutools' reading, and
malformed files are refused with the line and the reason."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import parse_pabulib as peer_parse_pabulib

from ostrom.budgeting import (
    Ballot,
    PabulibFormatError,
    Project,
    VoteType,
    format_pabulib,
    make_election,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)
from tests.budgeting.peer import DATA, FILES, LARGE_FILES, OFFICIAL_ONLY


@pytest.mark.parametrize("file_name", FILES)
def test_reading_then_writing_a_real_file_gives_back_the_same_election(elections, file_name, tmp_path):
    election = elections[file_name]
    write_pabulib(election, tmp_path / file_name)

    again = read_pabulib(tmp_path / file_name)

    assert again == election
    assert again.voter_count == election.voter_count == int(election.meta["num_votes"])


@pytest.mark.parametrize("file_name", [name for name in FILES if name not in LARGE_FILES | OFFICIAL_ONLY])
def test_we_read_each_real_file_as_pabutools_does(elections, file_name):
    # The two largest files take pabutools 5 to 12 seconds to read; the agreement test still
    # checks them, through our writer.
    election = elections[file_name]
    instance, profile = peer_parse_pabulib(str(DATA / file_name))

    assert election.budget == Fraction(instance.budget_limit)
    assert {project.id: project.cost for project in election.projects} == {
        project.name: Fraction(project.cost) for project in instance
    }
    assert len(profile) == election.voter_count
    for voter, peer_ballot in enumerate(profile):
        ballot = election.ballot(voter)
        if election.vote_type is VoteType.APPROVAL:
            assert set(ballot.projects) == {project.name for project in peer_ballot}
        elif election.vote_type is VoteType.ORDINAL:
            assert list(ballot.projects) == [project.name for project in peer_ballot]
        else:
            assert dict(zip(ballot.projects, ballot.points, strict=True)) == {
                project.name: Fraction(points) for project, points in peer_ballot.items()
            }


_GOOD = """META
key;value
description;A small test vote
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name
a;500;Benches
b;600;Trees
VOTES
voter_id;vote
1;a,b
2;b
"""


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            _GOOD.replace("a;500;Benches", "a;five hundred;Benches"),
            8,
            "the cost of project a must be a number",
        ),
        (_GOOD.replace("1;a,b", "1;a,c"), 12, "the vote names project c, which is not in PROJECTS"),
        (_GOOD.replace("1;a,b", "1;a,a"), 12, "the vote names the same project twice"),
        (_GOOD.replace("b;600;Trees", "a;600;Trees"), 9, "project a is listed twice"),
        (_GOOD.replace("b;600;Trees", "b;600;Trees;extra"), 9, "this row has 4 fields but the header has 3"),
        (_GOOD.replace("vote_type;approval", "vote_type;lottery"), 5, "vote_type must be approval"),
        (_GOOD.replace("budget;1000\n", ""), 1, "META must give the budget"),
        (
            _GOOD.replace("vote_type;approval", "vote_type;approval\nmax_length;two"),
            6,
            "max_length must be a number",
        ),
        (
            _GOOD.replace("project_id;cost;name", "project_id;price;name"),
            7,
            "must name the project_id and cost columns",
        ),
        (_GOOD.split("VOTES")[0], 10, "the file has no VOTES section"),
        ("key;value\n" + _GOOD, 1, "the file must start with a META, PROJECTS or VOTES line"),
        (
            _GOOD.replace("vote_type;approval", "vote_type;cumulative")
            .replace("voter_id;vote", "voter_id;vote;points")
            .replace("1;a,b", "1;a,b;2"),
            12,
            "the vote names 2 projects but gives 1 points",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_the_line_and_the_reason(text, line, reason):
    with pytest.raises(PabulibFormatError) as problem:
        parse_pabulib(text)

    assert problem.value.line == line
    assert reason in problem.value.reason
    assert str(problem.value).startswith(f"Line {line}: ")


def test_quirks_of_real_files_are_read_the_same_way_and_round_trip():
    quirky = (
        "\ufeffMETA\r\nkey;value\r\nbudget;1000,50\r\nvote_type;approval\r\n"
        "comment;#1: first; #2: second\r\n\r\n"
        'PROJECTS\r\nproject_id;cost;name;category;target\r\na;500,25;"Benches; and bins";sport,culture;None\r\n'
        "b;500;Trees;;children, seniors\r\n"
        "VOTES\r\nvoter_id;vote;age\r\n1;a,b;30\r\n\r\n2;b;None\r\n3;;41\r\n"
    )

    election = parse_pabulib(quirky)

    assert election.budget == Fraction("1000.5")
    first, second = election.projects
    assert (first.cost, first.name, first.categories, first.targets) == (
        Fraction("500.25"),
        "Benches; and bins",
        frozenset({"sport", "culture"}),
        frozenset(),
    )
    assert second.targets == frozenset({"children", "seniors"})
    assert election.meta["comment"] == "#1: first; #2: second"
    assert [ballot.projects for ballot in election.ballots()] == [("a", "b"), ("b",), ()]
    assert election.voter_fields["age"] == ("30", "None", "41")
    assert parse_pabulib(format_pabulib(election)) == election


def test_a_votes_section_with_quotes_reads_the_same_as_without():
    plain = parse_pabulib(_GOOD)
    quoted = parse_pabulib(_GOOD.replace("1;a,b", '1;"a,b"'))

    assert quoted == plain


def test_scoring_and_ordinal_ballots_keep_their_points_and_order(tmp_path):
    projects = [Project(id=name, cost=Fraction(cost)) for name, cost in (("a", 300), ("b", 200), ("c", 500))]
    scoring = make_election(
        budget=700,
        projects=projects,
        ballots=[Ballot(("a", "c"), (Fraction(5), Fraction("2.5"))), Ballot(("b",), (Fraction(1),))],
        vote_type=VoteType.SCORING,
    )
    ordinal = make_election(
        budget=700,
        projects=projects,
        ballots=[Ballot(("c", "a", "b")), Ballot(("b", "a"))],
        vote_type=VoteType.ORDINAL,
    )

    for election in (scoring, ordinal):
        write_pabulib(election, tmp_path / "vote.pb")
        assert read_pabulib(tmp_path / "vote.pb") == election
    assert parse_pabulib(format_pabulib(scoring)).ballot(0).points == (Fraction(5), Fraction("2.5"))
    assert parse_pabulib(format_pabulib(ordinal)).ballot(0).projects == ("c", "a", "b")


_project_ids = st.lists(
    st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True), min_size=1, max_size=6, unique=True
)


@st.composite
def _elections(draw):
    ids = draw(_project_ids)
    vote_type = draw(st.sampled_from(list(VoteType)))
    projects = [
        Project(
            id=project_id, cost=Fraction(draw(st.integers(0, 10_000)), draw(st.sampled_from([1, 2, 4, 100])))
        )
        for project_id in ids
    ]
    ballots = []
    for _ in range(draw(st.integers(0, 8))):
        chosen = tuple(draw(st.permutations(ids))[: draw(st.integers(0, len(ids)))])
        points = tuple(Fraction(draw(st.integers(1, 9))) for _ in chosen)
        ballots.append(
            Ballot(chosen, points if vote_type in (VoteType.CUMULATIVE, VoteType.SCORING) else None)
        )
    return make_election(
        budget=Fraction(draw(st.integers(1, 50_000)), 4),
        projects=projects,
        ballots=ballots,
        vote_type=vote_type,
    )


@settings(max_examples=60, deadline=None)
@given(_elections())
def test_any_election_survives_writing_and_reading(election):
    assert parse_pabulib(format_pabulib(election)) == election


def test_ballot_limits_are_read_from_meta_and_broken_ballots_are_found(elections):
    toulouse = elections["France_Toulouse_2019.pb"].limits()
    assert (toulouse.max_points, toulouse.max_sum_points) == (Fraction(3), Fraction(7))
    assert elections["Netherlands_Assen_2024.pb"].limits().min_length == 2
    assert elections["Poland_Lodz_2022.pb"].limits().max_length == 5
    assert all(not election.voters_breaking_limits() for election in elections.values())

    too_long = parse_pabulib(_GOOD.replace("vote_type;approval", "vote_type;approval\nmax_length;1"))

    assert too_long.voters_breaking_limits() == [0]
