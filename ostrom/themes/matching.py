"""Carrying coordinators' edits across a re-run: each new theme mapped onto at most one earlier one."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

from .model import Theming

K = TypeVar("K", bound=Hashable)


def match_themes(
    previous: Mapping[K, Collection[str]], theming: Theming, *, min_overlap: float = 0.3
) -> dict[int, K]:
    """Map new theme ids onto earlier themes' keys, one to one, so that the total Jaccard overlap of their
    comment ids is largest (Hungarian assignment); a pair overlapping less than `min_overlap` is not
    mapped. `previous` maps any key (e.g. a stored theme's id) to the comment ids it held."""
    new_members: dict[int, set[str]] = {theme.id: set() for theme in theming.themes}
    for comment_id, theme_id in theming.assignments.items():
        if theme_id is not None and theme_id in new_members:
            new_members[theme_id].add(comment_id)
    old_keys = list(previous)
    new_ids = list(new_members)
    if not old_keys or not new_ids:
        return {}
    old_members = [set(previous[key]) for key in old_keys]
    overlap = np.zeros((len(new_ids), len(old_keys)))
    for row, theme_id in enumerate(new_ids):
        for column, members in enumerate(old_members):
            union = len(new_members[theme_id] | members)
            overlap[row, column] = len(new_members[theme_id] & members) / union if union else 0.0
    rows, columns = linear_sum_assignment(overlap, maximize=True)
    return {
        new_ids[row]: old_keys[column]
        for row, column in zip(rows, columns, strict=True)
        if overlap[row, column] >= min_overlap and overlap[row, column] > 0
    }
