"""Command line: find the themes in a CSV of comments (the Polis comments.csv export shape).

python -m ostrom.themes comments.csv [--engine default|embeddings] [--themes N] [--seed S] --json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from ostrom.themes import ENGINES, Comment, Theming, find_themes

ID_COLUMN, TEXT_COLUMN = "comment-id", "comment-body"


class BadCsv(ValueError):
    pass


def read_comments(path: Path) -> list[Comment]:
    """Each row's `comment-id` and `comment-body`; other columns are ignored."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            columns = reader.fieldnames or []
            missing = [column for column in (ID_COLUMN, TEXT_COLUMN) if column not in columns]
            if missing:
                raise BadCsv(
                    f"{path} has no {' or '.join(repr(m) for m in missing)} column "
                    f"(the columns are: {', '.join(columns) or 'none'})."
                )
            comments = [Comment(id=row[ID_COLUMN].strip(), text=row[TEXT_COLUMN] or "") for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as problem:
        raise BadCsv(f"Cannot read {path}: {problem}") from problem
    seen: set[str] = set()
    for comment in comments:
        if comment.id in seen:
            raise BadCsv(f"{path}: comment id {comment.id!r} appears more than once.")
        seen.add(comment.id)
    return comments


def summary(theming: Theming) -> dict:
    """The CLI's JSON: each theme's id, label, keywords and size, and each comment's theme (or null)."""
    return {
        "themes": [
            {"id": theme.id, "label": theme.label, "keywords": list(theme.keywords), "size": theme.size}
            for theme in theming.themes
        ],
        "assignments": dict(theming.assignments),
    }


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ostrom.themes", description=__doc__.splitlines()[0])
    parser.add_argument("comments", type=Path, help="a CSV with comment-id and comment-body columns")
    parser.add_argument("--engine", choices=ENGINES, default="default", help="default: TF-IDF + NMF")
    parser.add_argument("--themes", type=int, metavar="N", help="how many themes (default: chosen)")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    options = parser.parse_args(arguments)
    if options.themes is not None and options.themes < 1:
        parser.error("--themes must be at least 1")
    try:
        comments = read_comments(options.comments)
    except BadCsv as problem:
        print(problem, file=sys.stderr)
        return 1
    theming = find_themes(comments, engine=options.engine, n_themes=options.themes, seed=options.seed)
    if options.json:
        print(json.dumps(summary(theming), ensure_ascii=False))
        return 0
    unthemed = sum(theme is None for theme in theming.assignments.values())
    print(f"{len(comments)} comments, {len(theming.themes)} themes, {unthemed} with no theme")
    for theme in theming.themes:
        print(f"Theme {theme.id} ({theme.size} comments): {theme.label}")
        print(f"  keywords: {', '.join(theme.keywords)}")
        text = {comment.id: comment.text for comment in comments}
        for comment_id in theme.representative[:2]:
            said = " ".join(text[comment_id].split())
            print(f"  e.g. {comment_id}: {said[:100]}{'…' if len(said) > 100 else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
