"""The real comments, and sentence embeddings computed once per test session. Embedding all 3,195 Polis
comments takes 45-90 s on 2 shared cores, too slow for the suite, so the embeddings engine is tested on a
fixed, seeded sample of 1,200 of them (~20 s); the benchmark uses them all."""

from __future__ import annotations

import numpy as np
import pytest

from ostrom.themes import embed
from tests.themes.themes_data import LabelledComments, polis_mixed

SAMPLE = 1200


@pytest.fixture(scope="session")
def polis() -> LabelledComments:
    return polis_mixed()


@pytest.fixture(scope="session")
def polis_sample(polis) -> LabelledComments:
    rows = np.sort(np.random.default_rng(0).choice(len(polis.comments), SAMPLE, replace=False))
    return LabelledComments(tuple(polis.comments[i] for i in rows), tuple(polis.labels[i] for i in rows))


@pytest.fixture(scope="session")
def polis_sample_embeddings(polis_sample) -> np.ndarray:
    return embed([comment.text for comment in polis_sample.comments])
