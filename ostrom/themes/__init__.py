"""Themes: text in, themes out. Pure Python (no Django): NumPy, scikit-learn and, for sentence
embeddings, onnxruntime + tokenizers. Each theme has a short label, its top keywords, its most
representative comments and its size; each comment gets a theme or none. Deterministic for a seed."""

from .embeddings import EMBEDDING_MODEL, EmbeddingModelMissing, embed
from .engines import ENGINES, find_themes
from .matching import match_themes
from .model import Comment, Theme, Theming

__all__ = [
    "EMBEDDING_MODEL",
    "ENGINES",
    "Comment",
    "EmbeddingModelMissing",
    "Theme",
    "Theming",
    "embed",
    "find_themes",
    "match_themes",
]
