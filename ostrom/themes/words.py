"""Words: what counts as a usable word, and the c-TF-IDF keywords and labels every engine shares."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer

MAX_KEYWORDS = 10
LABEL_WORDS = 3

# scikit-learn's English list, plus the stubs an apostrophe leaves ("don't" -> "don") and words that
# say nothing about a topic in comments and reviews.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "aren", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "ll", "ve", "re", "shouldn",
    "wasn", "weren", "won", "wouldn", "im", "ive", "id", "dont", "doesnt", "didnt", "cant", "isnt", "wont",
    "youre", "youve", "theyre", "theyve", "weve", "thats", "theres", "whats", "hes", "shes",
    "just", "like", "really", "think", "know", "want", "need", "make", "lot", "lots", "thing", "things",
    "way", "yes", "ok", "okay", "got", "get", "gets", "going", "say", "says", "said", "did", "does",
}  # fmt: skip
# A word starts with a letter and has at least two characters (numbers alone are not topics).
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]+\b"
_APOSTROPHE = re.compile(r"['’`]")


def clean(text: str) -> str:
    """Lower case, HTML entities decoded (exports often carry `&#039;`), apostrophes joined up."""
    return _APOSTROPHE.sub("", html.unescape(text).lower())


def tfidf_vectorizer(document_count: int, *, prune: bool = True) -> TfidfVectorizer:
    """TF-IDF over usable words. With many comments (and `prune`) a word must occur in two of them, and
    in no more than half, to count."""
    prune = prune and document_count >= 20
    return TfidfVectorizer(
        preprocessor=clean,
        token_pattern=TOKEN_PATTERN,
        stop_words=sorted(STOP_WORDS),
        min_df=2 if prune else 1,
        max_df=0.5 if prune else 1.0,
        sublinear_tf=True,
        dtype=np.float64,
    )


def count_vectorizer() -> CountVectorizer:
    return CountVectorizer(preprocessor=clean, token_pattern=TOKEN_PATTERN, stop_words=sorted(STOP_WORDS))


def has_words(texts: Sequence[str]) -> np.ndarray:
    """Which texts have at least one usable word (not a stop word, not only digits or emoji)."""
    analyse = count_vectorizer().build_analyzer()
    return np.array([bool(analyse(text)) for text in texts], dtype=bool)


def _stem(word: str) -> str:
    """A crude stem, only to keep "school" and "schools" from both taking a place in a label."""
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


def keywords_by_theme(texts: Sequence[str], labels: np.ndarray, theme_count: int) -> list[tuple[str, ...]]:
    """Class-based TF-IDF (as BERTopic): a theme's comments joined into one document; a word scores by
    its share of the theme's words times log(1 + average words per theme / the word's total count).
    Words that only one comment uses are not keywords when the theme has several comments."""
    vectorizer = count_vectorizer()
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no usable word anywhere
        return [() for _ in range(theme_count)]
    vocabulary = vectorizer.get_feature_names_out()
    membership = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(theme_count, len(labels))
    )
    per_theme = (membership @ counts).toarray().astype(np.float64)
    documents_per_theme = (membership @ (counts > 0).astype(np.float64)).toarray()
    totals = per_theme.sum(axis=0)
    average_words = per_theme.sum() / max(theme_count, 1)
    idf = np.log1p(average_words / np.maximum(totals, 1))
    share = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1)
    scores = share * idf
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    result = []
    for theme in range(theme_count):
        usable = per_theme[theme] > 0
        if sizes[theme] >= 3:
            usable &= documents_per_theme[theme] >= 2
        order = [i for i in np.lexsort((vocabulary, -scores[theme])) if usable[i]]
        chosen: list[str] = []
        stems: set[str] = set()
        for i in order:
            word = str(vocabulary[i])
            if _stem(word) in stems:
                continue
            stems.add(_stem(word))
            chosen.append(word)
            if len(chosen) == MAX_KEYWORDS:
                break
        result.append(tuple(chosen))
    return result


def label(keywords: Sequence[str]) -> str:
    return ", ".join(keywords[:LABEL_WORDS]) or "no clear words"
