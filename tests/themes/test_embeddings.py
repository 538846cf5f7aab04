"""Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX, offline) and the embeddings engine."""

from __future__ import annotations

import numpy as np
import pytest

from ostrom.themes import EMBEDDING_MODEL, Comment, EmbeddingModelMissing, embed, find_themes
from ostrom.themes.embeddings import _check


def test_each_text_becomes_a_unit_length_row_of_384_float32_numbers():
    vectors = embed(["The bus to the hospital is late", "", "👍", "Mae angen mwy o fysiau"])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert embed([]).shape == (0, 384)
    assert EMBEDDING_MODEL == "all-MiniLM-L6-v2-onnx-int8"


def test_texts_alike_in_meaning_are_closer_than_texts_that_are_not():
    bus, late_bus, garden = embed(
        [
            "The bus to the hospital never comes on time",
            "Public transport to the hospital is always late",
            "I love growing tomatoes in my garden",
        ]  # fmt: skip
    )
    assert bus @ late_bus > 0.5 > bus @ garden


def test_rows_come_back_in_order_whatever_the_batching():
    texts = ["short", "a much longer sentence about waiting lists at the surgery", "medium length text"] * 5
    together = embed(texts, batch_size=4)
    alone = np.vstack([embed([text]) for text in texts[:3]])
    assert np.allclose(together[:3], alone, atol=2e-3)
    assert np.array_equal(together, embed(texts, batch_size=4))


def test_very_long_text_is_cut_at_256_tokens_not_refused():
    long = " ".join(["waiting lists"] * 2000)
    vectors = embed([long, long + " and the car park is full"])
    assert np.allclose(vectors[0], vectors[1], atol=1e-5)  # the tail past 256 tokens is not read


def test_progress_counts_the_texts_embedded():
    seen: list[tuple[int, int]] = []
    embed([f"comment {i}" for i in range(70)], batch_size=32, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(32, 70), (64, 70), (70, 70)]


def test_a_model_file_that_is_not_the_expected_one_is_refused_clearly(tmp_path):
    changed = tmp_path / "model.onnx"
    changed.write_bytes(b"not the model")
    with pytest.raises(EmbeddingModelMissing, match="not the expected file"):
        _check(changed, "0" * 64)
    with pytest.raises(EmbeddingModelMissing, match="missing"):
        _check(tmp_path / "nowhere.onnx", "0" * 64)


SMALL = [
    Comment(id=str(i), text=text)
    for i, text in enumerate(
        ["Waiting weeks for a GP appointment", "Cannot get through on the phone to the surgery",
         "Booking a doctor's appointment takes forever", "The number 12 bus is always late",
         "Buses stop running at six", "Public transport fares are too high", "👍",
         "The park needs better lighting", "Benches and lights in the park please", "Parks feel unsafe at night"]
    )
]  # fmt: skip


def test_the_embeddings_engine_embeds_when_not_given_embeddings_and_groups_by_meaning():
    computed = find_themes(SMALL, engine="embeddings", n_themes=3)
    given = find_themes(SMALL, engine="embeddings", n_themes=3, embeddings=embed([c.text for c in SMALL]))
    assert computed == given
    theme = computed.assignments
    assert theme["0"] == theme["1"] == theme["2"] != theme["3"]
    assert theme["3"] == theme["4"] == theme["5"] != theme["7"]
    assert theme["7"] == theme["8"] == theme["9"]
    assert theme["6"] is None  # no usable words


def test_the_embeddings_engine_is_deterministic_and_reports_progress(polis_sample, polis_sample_embeddings):
    comments, vectors = polis_sample.comments, polis_sample_embeddings
    seen: list[tuple[int, int]] = []
    first = find_themes(
        comments, engine="embeddings", embeddings=vectors, seed=5, progress=lambda *a: seen.append(a)
    )
    assert first == find_themes(comments, engine="embeddings", embeddings=vectors, seed=5)
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 3
    assert [theme.id for theme in first.themes] == list(range(1, len(first.themes) + 1))


def test_embeddings_must_have_one_row_per_comment():
    with pytest.raises(ValueError, match="one row per comment"):
        find_themes(SMALL, engine="embeddings", embeddings=np.zeros((3, 384)))
