"""Loads the Polis conversations in tests/data/polis/ once per test session."""

from __future__ import annotations

import pytest

from tests.opinion.polis_data import (
    OPEN_DATA_CONVERSATIONS,
    POLIS_MATH_CONVERSATIONS,
    OpenDataConversation,
    PolisMathConversation,
    load_open_data,
    load_polis_math,
)


@pytest.fixture(scope="session", params=POLIS_MATH_CONVERSATIONS)
def polis_math(request) -> PolisMathConversation:
    return load_polis_math(request.param)


@pytest.fixture(scope="session", params=OPEN_DATA_CONVERSATIONS)
def open_data(request) -> OpenDataConversation:
    return load_open_data(request.param)


@pytest.fixture(scope="session")
def red_dwarf_result():
    """red-dwarf's whole pipeline on an openData conversation, run once per conversation."""
    from reddwarf.implementations.polis import run_pipeline

    results = {}

    def run(conversation: OpenDataConversation):
        if conversation.name not in results:
            matrix = conversation.exported.matrix
            coo = matrix.votes.tocoo()
            votes = [
                {
                    "participant_id": matrix.participant_ids[row],
                    "statement_id": matrix.statement_ids[column],
                    "vote": int(value),
                    "modified": 0,
                }
                for row, column, value in zip(coo.row, coo.col, coo.data, strict=True)
            ]
            results[conversation.name] = run_pipeline(
                votes=votes, mod_out_statement_ids=sorted(conversation.moderated_out), random_state=0
            )
        return results[conversation.name]

    return run
