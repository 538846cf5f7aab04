"""The real comments in tests/data/themes/ (see its README for source and licence), with their labels."""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

from ostrom.themes import Comment

DATA = Path(__file__).resolve().parent.parent / "data" / "themes"
POLIS = DATA / "polis-comments"
DRUG_REVIEWS = DATA / "drug-reviews" / "drugsComTrain.tsv"


@dataclass(frozen=True)
class LabelledComments:
    comments: tuple[Comment, ...]
    labels: tuple[str, ...]  # the true topic of each comment, aligned with comments


def polis_mixed() -> LabelledComments:
    """All six conversations' comments (moderated-out ones were left out of the copy), labelled by
    conversation; ids are "<conversation>/<comment-id>" so they stay unique."""
    comments, labels = [], []
    for folder in sorted(POLIS.iterdir()):
        with (folder / "comments.csv").open(newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                comments.append(Comment(id=f"{folder.name}/{row['comment-id']}", text=row["comment-body"]))
                labels.append(folder.name)
    return LabelledComments(tuple(comments), tuple(labels))


def drug_reviews() -> LabelledComments:
    """The 600 reviews (HTML entities decoded), labelled by condition ("not recorded" for 3 without)."""
    comments, labels = [], []
    with DRUG_REVIEWS.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            comments.append(Comment(id=row[""], text=html.unescape(row["review"]).strip().strip('"')))
            labels.append(row["condition"] or "not recorded")
    return LabelledComments(tuple(comments), tuple(labels))
