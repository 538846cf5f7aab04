"""The two engines behind `find_themes`: TF-IDF + NMF ("default") and k-means over sentence embeddings
("embeddings"). Both label their themes with the same c-TF-IDF keywords (`words.py`)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning

from . import words
from .model import Comment, Theme, Theming

ENGINES = ("default", "embeddings")
MAX_THEMES = 15  # n_themes=None never chooses more
MIN_AUTO_THEME_SIZE = 5  # ...nor so many that the average theme has fewer comments than this
REPRESENTATIVES = 5
# An embedded comment whose cosine similarity to its theme's centre is below this has no theme.
MIN_SIMILARITY = 0.2
NEIGHBOURS = 10  # the embeddings engine smooths each comment with its 10 nearest (itself included)
OWN_SHARE = 0.5  # ...keeping half of its own embedding (see _embeddings_kmeans)

Progress = Callable[[int, int], None]


class _Steps:
    """Reports progress as (done, total) over a fixed number of steps; embedding adds its batches."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


def find_themes(
    comments: Sequence[Comment],
    *,
    engine: str = "default",
    n_themes: int | None = None,
    seed: int = 0,
    embeddings: np.ndarray | None = None,
    progress: Progress | None = None,
) -> Theming:
    """Group comments into themes. `n_themes=None` chooses the number itself (at most 15); comments with
    no usable word, or too far from every theme, get None. The same input and seed give the same result."""
    comments = list(comments)
    if engine not in ENGINES:
        raise ValueError(f"Unknown themes engine {engine!r}: choose one of {', '.join(ENGINES)}.")
    if n_themes is not None and n_themes < 1:
        raise ValueError("n_themes must be at least 1.")
    ids = [comment.id for comment in comments]
    if len(set(ids)) != len(ids):
        raise ValueError("Comment ids must be unique.")
    if embeddings is not None:
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.ndim != 2 or embeddings.shape[0] != len(comments):
            raise ValueError("embeddings must have one row per comment.")
    texts = [comment.text for comment in comments]
    steps = _Steps(progress, 4)
    if not comments:
        steps.step(4)
        return Theming(themes=(), assignments={})
    usable = np.flatnonzero(words.has_words(texts))
    steps.step()
    if engine == "default":
        labels, space = _tfidf_nmf([texts[i] for i in usable], n_themes, seed)
    else:
        if embeddings is None:
            from .embeddings import embed

            steps.total += len(usable)
            start = steps.done
            vectors = embed(
                [texts[i] for i in usable], progress=lambda done, total: steps.step(start + done - steps.done)
            )
        else:
            vectors = embeddings[usable]
        labels, space = _embeddings_kmeans(vectors, n_themes, seed)
    steps.step()
    themes, assignments = _themes(comments, usable, labels, space)
    steps.step(2)
    return Theming(themes=themes, assignments=assignments)


def auto_theme_count(count: int) -> int:
    """The most themes n_themes=None may choose for `count` usable comments."""
    return max(1, min(MAX_THEMES, count // MIN_AUTO_THEME_SIZE))


def _distinct_rows(matrix: np.ndarray) -> int:
    """How many different rows (k-means cannot find more themes than that)."""
    return len(np.unique(np.round(matrix, 6), axis=0))


def _tfidf_nmf(texts: list[str], n_themes: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels (-1: no theme) and each comment's row in the space the theme centres live in."""
    labels = np.full(len(texts), -1)
    if not texts:
        return labels, sparse.csr_matrix((0, 1))
    try:
        matrix = words.tfidf_vectorizer(len(texts)).fit_transform(texts)
    except ValueError:  # every word was too rare or too common (e.g. all comments alike): keep them all
        matrix = words.tfidf_vectorizer(len(texts), prune=False).fit_transform(texts)
    with_words = np.flatnonzero(matrix.getnnz(axis=1) > 0)
    matrix = matrix[with_words]
    if matrix.shape[0] == 0:
        return labels, sparse.csr_matrix((len(texts), 1))
    # NMF cannot find more themes than there are words or comments (components left empty are dropped).
    k = min(n_themes or _size_rule(matrix.shape[0]), *matrix.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # identical rows: a 0/0 in the loss it reports
        weights = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500).fit_transform(matrix)
    best = weights.argmax(axis=1)
    best[weights.max(axis=1) <= 0] = -1
    labels[with_words] = best
    # Rows of comments without words stay empty; TF-IDF rows are already of unit length.
    placing = sparse.csr_matrix(
        (np.ones(len(with_words)), (with_words, np.arange(len(with_words)))),
        shape=(len(texts), len(with_words)),
    )
    return labels, placing @ matrix


def _size_rule(count: int) -> int:
    """The number of themes n_themes=None chooses: a third of the square root of the number of comments
    (100 → 3, 600 → 8, 2,000 → 15), at most 15 and at most one per 5 comments. Silhouette was measured
    and rejected: on the real comments it rose with k on one set and picked k = 2 on the other."""
    return max(1, min(auto_theme_count(count), round(np.sqrt(count) / 3)))


def _embeddings_kmeans(vectors: np.ndarray, n_themes: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """k-means over half-smoothed embeddings: each comment is first moved half-way (OWN_SHARE) towards the
    mean of itself and its nearest neighbours (cosine), which pulls comments towards the dense topics they
    sit in while keeping what a long comment says itself (NMI, engine's own k: Polis 0.398 and reviews
    0.482 over five seeds, against 0.401 and 0.469 fully smoothed; ADR 0005). A comment less similar than
    MIN_SIMILARITY to its theme's centre (its own embedding against the members' mean) has no theme."""
    vectors = _normalised(np.asarray(vectors, dtype=np.float64))
    labels = np.full(len(vectors), -1)
    if len(vectors) == 0:
        return labels, vectors
    k = min(n_themes or _size_rule(len(vectors)), _distinct_rows(vectors))
    # Fewer neighbours than a third of the average theme, so that small sets are not smoothed into one.
    neighbours = _smoothed(vectors, max(1, min(NEIGHBOURS, len(vectors) // (3 * k))))
    smoothed = _normalised(OWN_SHARE * vectors + (1 - OWN_SHARE) * neighbours)
    found = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(smoothed)
    centres = _normalised(np.array([vectors[found == theme].mean(axis=0) for theme in range(k)]))
    similarity = np.einsum("ij,ij->i", vectors, centres[found])
    labels = np.where(similarity >= MIN_SIMILARITY, found, -1)
    return labels, vectors


def _smoothed(vectors: np.ndarray, neighbours: int, block: int = 256) -> np.ndarray:
    """Each row replaced by the normalised mean of its `neighbours` most similar rows (itself included),
    a block of rows at a time so that 10,000 comments need megabytes, not a 10,000² matrix."""
    neighbours = min(neighbours, len(vectors))
    smoothed = np.empty_like(vectors)
    for start in range(0, len(vectors), block):
        similarity = vectors[start : start + block] @ vectors.T
        nearest = np.argpartition(-similarity, neighbours - 1, axis=1)[:, :neighbours]
        smoothed[start : start + block] = vectors[nearest].mean(axis=1)
    return _normalised(smoothed)


def _normalised(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _themes(
    comments: list[Comment], usable: np.ndarray, labels: np.ndarray, space: np.ndarray
) -> tuple[tuple[Theme, ...], dict[str, int | None]]:
    """Number the themes 1..k, largest first (ties: first comment first); keywords by c-TF-IDF;
    representative comments nearest the theme's centre (cosine), best first."""
    found = sorted(
        {int(label) for label in labels if label >= 0},
        key=lambda label: (-int(np.sum(labels == label)), int(np.argmax(labels == label))),
    )
    number = {label: position + 1 for position, label in enumerate(found)}
    assignments: dict[str, int | None] = {comment.id: None for comment in comments}
    if not found:
        return (), assignments
    members = usable[labels >= 0]
    dense_labels = np.array([number[int(label)] - 1 for label in labels[labels >= 0]])
    keywords = words.keywords_by_theme([comments[i].text for i in members], dense_labels, len(found))
    rows = space[labels >= 0]  # rows of unit length (TF-IDF or normalised embeddings)
    themes = []
    for theme in range(len(found)):
        inside = np.flatnonzero(dense_labels == theme)
        centre = np.asarray(rows[inside].mean(axis=0)).ravel()
        closeness = np.asarray(rows[inside] @ centre).ravel()
        best = inside[np.lexsort((inside, -np.round(closeness, 9)))[:REPRESENTATIVES]]
        themes.append(
            Theme(
                id=theme + 1,
                label=words.label(keywords[theme]),
                keywords=keywords[theme],
                representative=tuple(comments[members[i]].id for i in best),
                size=len(inside),
            )
        )
        for i in inside:
            assignments[comments[members[i]].id] = theme + 1
    return tuple(themes), assignments
