"""What the themes engine takes and gives: comments in, themes and each comment's theme out."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Comment:
    id: str
    text: str


@dataclass(frozen=True)
class Theme:
    id: int
    label: str  # short and human-readable, from the theme's own words: "gp appointments, phone, wait"
    keywords: tuple[str, ...]  # top keywords, most telling first
    representative: tuple[str, ...]  # ids of the comments that say it best, best first
    size: int  # how many comments were given this theme


@dataclass(frozen=True)
class Theming:
    themes: tuple[Theme, ...]  # largest first
    assignments: dict[str, int | None] = field(default_factory=dict)  # comment id -> theme id or None
