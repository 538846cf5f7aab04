"""Reading and writing Pabulib ``.pb`` files, the open format of real participatory-budgeting votes.

The format (Faliszewski et al., "Participatory Budgeting: Data, Tools and Analysis", IJCAI 2023;
https://pabulib.org/format) has three semicolon-separated sections: META (key;value), PROJECTS and
VOTES, each starting with a header row. Fields may be quoted when they contain a semicolon; lists
inside a field (votes, points, categories, targets) are comma-separated; amounts may use a decimal
comma. A malformed file raises ``PabulibFormatError`` naming the line and what is wrong with it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import repeat
from operator import itemgetter, methodcaller
from pathlib import Path

import numpy as np

from ostrom.budgeting.election import BallotKind, BallotLimits, Election, Project, VoteType, money_text

_SECTIONS = ("meta", "projects", "votes")
_VOTE_TYPES = {
    "approval": VoteType.APPROVAL,
    "choose-1": VoteType.APPROVAL,
    "cumulative": VoteType.CUMULATIVE,
    "scoring": VoteType.SCORING,
    "ordinal": VoteType.ORDINAL,
}


class PabulibFormatError(ValueError):
    """The file is not valid Pabulib; ``line`` is the 1-based line number, ``reason`` says why."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"Line {line}: {reason}")
        self.line = line
        self.reason = reason


# The largest power of ten a number in a file may have: no budget, cost or points come near it, and an
# exponent such as 1e10000000 would otherwise take minutes to turn into an exact fraction.
LARGEST_EXPONENT = 30


def _fraction(text: str) -> Fraction:
    """The exact value of a decimal number written in a file; ValueError unless it is a finite number of
    sensible size ("Infinity", "NaN" and "1e999999" are not)."""
    number = Decimal(text.strip().replace(",", "."))
    if not number.is_finite() or abs(number.adjusted()) > LARGEST_EXPONENT:
        raise ValueError(text)
    return Fraction(number)


def _number(text: str, line: int, what: str) -> Fraction:
    try:
        return _fraction(text)
    except (InvalidOperation, ValueError):
        raise PabulibFormatError(line, f"{what} must be a number, like 25000, not {text.strip()!r}") from None


def _is_missing(text: str) -> bool:
    return text.strip() == "" or text.strip().lower() == "none"


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as problem:
        raise PabulibFormatError(
            reader.line_num, f"the row cannot be read as semicolon-separated values ({problem})"
        ) from None


def read_pabulib(path: str | Path) -> Election:
    """Read a ``.pb`` file (UTF-8, with or without a byte-order mark)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse_pabulib(handle.read())


_VOTES_LINE = re.compile(r"^[ \t]*votes[ \t;]*\r?$", re.IGNORECASE | re.MULTILINE)


def parse_pabulib(text: str) -> Election:
    """Parse the text of a Pabulib file.

    Votes are grouped by their exact text, so 90,000 ballots with 20,000 distinct votes are split
    and checked 20,000 times, not 90,000. When the VOTES section holds no quotes it is split by
    column in one pass (the common case, and the reason a 3.7 MB file reads in a fraction of a
    second); otherwise every row goes through the csv reader. Raises ``PabulibFormatError`` on the
    first problem.
    """
    text = text.removeprefix("\ufeff")
    votes_at = _find_votes_line(text)
    if votes_at is not None and '"' not in text[votes_at[1] :] and text.count('"', 0, votes_at[0]) % 2 == 0:
        head = text[: votes_at[0]]
        first_votes_line = head.count("\n") + 1
        # The VOTES line ends at the first newline after it; the header follows any blank lines.
        after = votes_at[1]
        while after < len(text) and text[after] in "\r\n":
            after += 1
        header_line = first_votes_line + text.count("\n", votes_at[1], after)
        block = text[after:]
        if "\r" in block:
            block = block.replace("\r\n", "\n")
        lines = block.split("\n")
        while lines and not lines[-1]:
            lines.pop()
        state = _Reader()
        state.feed(_rows(head))
        state.start_section("votes", first_votes_line)
        line_numbers: Sequence[int]
        if not all(lines):
            numbered = [(header_line + offset, row) for offset, row in enumerate(lines) if row.strip()]
            lines = [row for _, row in numbered]
            line_numbers = [line for line, _ in numbered]
        else:
            line_numbers = range(header_line, header_line + len(lines))
        if lines:
            state.votes_header([cell.strip() for cell in lines[0].split(";")], line_numbers[0])
            state.raw_vote_lines = lines[1:]
            state.vote_lines = line_numbers[1:]
    else:
        state = _Reader()
        state.feed(_rows(text))
    return state.finish(text)


def _find_votes_line(text: str) -> tuple[int, int] | None:
    """Start and end of the VOTES section line; a plain search first, the pattern if that fails."""
    found = text.find("\nVOTES")
    if found >= 0:
        end = text.find("\n", found + 1)
        end = len(text) if end < 0 else end
        if _VOTES_LINE.fullmatch(text, found + 1, end):
            return found + 1, end
    match = _VOTES_LINE.search(text)
    return (match.start(), match.end()) if match else None


class _Reader:
    """The section-by-section state of one parse."""

    def __init__(self) -> None:
        self.section = ""
        self.expect_header = False
        self.seen: set[str] = set()
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: list[Project] = []
        self.index_of: dict[str, int] = {}
        self.project_header: list[str] = []
        self.vote_header: list[str] = []
        self.vote_rows: list[list[str]] = []
        self.raw_vote_lines: list[str] | None = None
        self.vote_lines: Sequence[int] = []

    def start_section(self, name: str, line: int) -> None:
        if name in self.seen:
            raise PabulibFormatError(line, f"the {name.upper()} section appears twice")
        if name == "votes" and "projects" not in self.seen:
            raise PabulibFormatError(line, "the VOTES section must come after the PROJECTS section")
        self.seen.add(name)
        self.section = name
        self.expect_header = True

    def votes_header(self, header: list[str], line: int) -> None:
        if "vote" not in header:
            raise PabulibFormatError(line, "the VOTES header must name the vote column")
        self.vote_header = header
        self.expect_header = False

    def feed(self, rows: Iterator[tuple[int, list[str]]]) -> None:
        for line, row in rows:
            if not row or all(cell.strip() == "" for cell in row):
                continue
            first = row[0].strip().lower()
            if first in _SECTIONS and all(cell.strip() == "" for cell in row[1:]):
                self.start_section(first, line)
                continue
            if not self.section:
                raise PabulibFormatError(line, "the file must start with a META, PROJECTS or VOTES line")
            if self.expect_header:
                header = [cell.strip() for cell in row]
                self.expect_header = False
                if self.section == "projects":
                    if "project_id" not in header or "cost" not in header:
                        raise PabulibFormatError(
                            line, "the PROJECTS header must name the project_id and cost columns"
                        )
                    self.project_header = header
                elif self.section == "votes":
                    self.votes_header(header, line)
                continue
            if self.section == "meta":
                self.add_meta(row, line)
            elif self.section == "projects":
                self.add_project(row, line)
            else:
                self.vote_rows.append(row)
                self.vote_lines.append(line)  # type: ignore[attr-defined]

    def add_meta(self, row: list[str], line: int) -> None:
        if len(row) < 2:
            raise PabulibFormatError(line, "a META row needs a key and a value, like budget;100000")
        key = row[0].strip()
        # Free-text values (comments) sometimes hold an unquoted semicolon: keep the whole rest.
        self.meta[key] = ";".join(row[1:]).strip().rstrip(";").strip()
        self.meta_lines[key] = line

    def add_project(self, row: list[str], line: int) -> None:
        header = self.project_header
        cells = _fit(row, len(header), line)
        fields = dict(zip(header, cells, strict=True))
        project_id = fields["project_id"].strip()
        if project_id == "":
            raise PabulibFormatError(line, "the project_id must not be empty")
        if project_id in self.index_of:
            raise PabulibFormatError(line, f"project {project_id} is listed twice")
        cost = _number(fields["cost"], line, f"the cost of project {project_id}")
        if cost < 0:
            raise PabulibFormatError(line, f"the cost of project {project_id} must be 0 or more")
        categories = next((fields[key] for key in ("category", "categories") if key in fields), "")
        targets = next((fields[key] for key in ("target", "targets") if key in fields), "")
        self.index_of[project_id] = len(self.projects)
        self.projects.append(
            Project(
                id=project_id,
                cost=cost,
                name=fields.get("name", "").strip(),
                categories=_label_set(categories),
                targets=_label_set(targets),
                fields=fields,
            )
        )

    def finish(self, text: str) -> Election:
        for required in _SECTIONS:
            if required not in self.seen:
                raise PabulibFormatError(_line_count(text), f"the file has no {required.upper()} section")
        meta = self.meta
        if "budget" not in meta:
            raise PabulibFormatError(1, "META must give the budget, like budget;100000")
        if "vote_type" not in meta:
            raise PabulibFormatError(1, "META must give the vote_type, like vote_type;approval")
        budget = _number(meta["budget"], self.meta_lines["budget"], "the budget")
        for limit in BallotLimits.__dataclass_fields__:
            if limit in meta and not _is_missing(meta[limit]):
                _number(meta[limit], self.meta_lines[limit], limit)
        vote_type = _VOTE_TYPES.get(meta["vote_type"].strip().lower())
        if vote_type is None:
            raise PabulibFormatError(
                self.meta_lines["vote_type"],
                "vote_type must be approval, choose-1, cumulative, scoring or ordinal",
            )
        header = self.vote_header
        if not header:
            raise PabulibFormatError(
                _line_count(text), "the VOTES section needs a header row, like voter_id;vote"
            )
        needs_points = vote_type in (VoteType.CUMULATIVE, VoteType.SCORING)
        if needs_points and "points" not in header:
            raise PabulibFormatError(
                self.meta_lines["vote_type"], f"{vote_type} votes need a points column in VOTES"
            )
        # Ranked ballots may give each rank its points (Kraków: 3, 2 and 1): kept, as the city counted them.
        has_points = needs_points or (vote_type is VoteType.ORDINAL and "points" in header)
        width = len(header)
        vote_column = header.index("vote")
        points_column = header.index("points") if "points" in header else -1
        voter_id_column = header.index("voter_id") if "voter_id" in header else -1
        needed = [position for position in (vote_column, points_column, voter_id_column) if position >= 0]
        others = [position for position in range(width) if position not in needed]
        raw = self.raw_vote_lines
        if raw is not None and set(map(str.count, raw, repeat(";"))) <= {width - 1}:
            # Split each line only as far as the columns the rules need; the rest (age, sex…) are
            # split the first time someone asks for them.
            parts = list(map(methodcaller("split", ";", max(needed) + 1), raw))
            columns: dict[int, Sequence[str]] = {
                position: list(map(itemgetter(position), parts)) for position in needed
            }
            voter_fields: Mapping[str, tuple[str, ...]] = _LazyColumns(
                [header[position] for position in others], others, raw
            )
            voter_count = len(raw)
        else:
            rows = self.vote_rows if raw is None else [line.split(";") for line in raw]
            if raw is not None and any(line.isspace() for line in raw):
                kept = [number for number, line in enumerate(raw) if not line.isspace()]
                rows = [rows[number] for number in kept]
                self.vote_lines = [self.vote_lines[number] for number in kept]
            if any(len(row) != width for row in rows):
                rows = [_fit(row, width, line) for row, line in zip(rows, self.vote_lines, strict=True)]
            split = list(zip(*rows, strict=True)) if rows else [() for _ in header]
            columns = dict(enumerate(split))
            voter_fields = {header[position]: split[position] for position in others}
            voter_count = len(rows)
        keys: Iterable[object] = (
            zip(columns[vote_column], columns[points_column], strict=True)
            if has_points
            else columns[vote_column]
        )
        keys = list(keys)
        kind_of_key = {key: kind for kind, key in enumerate(dict.fromkeys(keys))}
        kind_of_voter = list(map(kind_of_key.__getitem__, keys))
        kinds = []
        index_of = self.index_of
        for kind, key in enumerate(kind_of_key):
            if not has_points and key:
                # The common case, a clean approval or ordinal vote, without a function call per ballot.
                try:
                    indices = tuple(map(index_of.__getitem__, key.split(",")))  # type: ignore[attr-defined]
                except KeyError:
                    indices = ()
                if indices and len(set(indices)) == len(indices):
                    kinds.append(BallotKind(projects=indices, points=None))
                    continue
            vote_text, points_text = key if has_points else (key, "")  # type: ignore[misc]
            try:
                kinds.append(_kind(vote_text, points_text, index_of, has_points))
            except _BadVote as problem:
                first_row = kind_of_voter.index(kind)
                raise PabulibFormatError(self.vote_lines[first_row], str(problem)) from None
        if voter_id_column >= 0:
            voter_ids = tuple(map(str.strip, columns[voter_id_column]))
        else:
            voter_ids = tuple(str(number + 1) for number in range(voter_count))
        return Election(
            budget=budget,
            vote_type=vote_type,
            projects=tuple(self.projects),
            kinds=tuple(kinds),
            kind_of_voter=np.asarray(kind_of_voter, dtype=np.int32),
            voter_ids=voter_ids,
            meta=meta,
            project_columns=tuple(self.project_header),
            vote_columns=tuple(header),
            voter_fields=voter_fields,
        )


class _LazyColumns(Mapping[str, tuple[str, ...]]):
    """The VOTES columns no rule reads (age, sex…), split from the raw lines on first use."""

    def __init__(self, names: list[str], positions: list[int], lines: list[str]) -> None:
        self._names = names
        self._positions = positions
        self._lines: list[str] | None = lines
        self._columns: dict[str, tuple[str, ...]] | None = None

    def _load(self) -> dict[str, tuple[str, ...]]:
        if self._columns is None:
            lines = self._lines or []
            split = list(zip(*(line.split(";") for line in lines), strict=True)) if lines else []
            self._columns = {
                name: (split[position] if split else ())
                for name, position in zip(self._names, self._positions, strict=True)
            }
            self._lines = None
        return self._columns

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _BadVote(ValueError):
    """A vote that names an unknown project, a project twice, or the wrong number of points."""


def _fit(row: list[str], width: int, line: int) -> list[str]:
    """The row padded to the header's width; extra fields are an error unless they are empty."""
    if len(row) > width:
        if all(cell.strip() == "" for cell in row[width:]):
            return row[:width]
        raise PabulibFormatError(line, f"this row has {len(row)} fields but the header has {width}")
    return row + [""] * (width - len(row))


def _label_set(text: str) -> frozenset[str]:
    if _is_missing(text):
        return frozenset()
    return frozenset(entry.strip() for entry in text.split(",") if entry.strip())


def _line_count(text: str) -> int:
    return text.count("\n") + 1


def _kind(vote_text: str, points_text: str, index_of: dict[str, int], has_points: bool) -> BallotKind:
    names = vote_text.split(",") if not _is_missing(vote_text) else []
    try:
        indices = [index_of[name] for name in names]
    except KeyError:
        indices = []
        for name in names:
            if name.strip() == "":
                raise _BadVote("the vote has an empty project id between two commas") from None
            index = index_of.get(name.strip())
            if index is None:
                raise _BadVote(f"the vote names project {name.strip()}, which is not in PROJECTS") from None
            indices.append(index)
    if len(set(indices)) != len(indices):
        raise _BadVote("the vote names the same project twice")
    if not has_points:
        return BallotKind(projects=tuple(indices), points=None)
    values = points_text.split(",") if not _is_missing(points_text) else []
    if len(values) != len(indices):
        raise _BadVote(f"the vote names {len(indices)} projects but gives {len(values)} points")
    points = []
    for value in values:
        try:
            points.append(_fraction(value))
        except (InvalidOperation, ValueError):
            raise _BadVote(f"each number of points must be a number, like 3, not {value.strip()!r}") from None
    return BallotKind(projects=tuple(indices), points=tuple(points))


def write_pabulib(election: Election, path: str | Path) -> None:
    """Write ``election`` to ``path`` as UTF-8 Pabulib text."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(format_pabulib(election))


def format_pabulib(election: Election) -> str:
    """The Pabulib text of ``election``; parsing it gives back an equal election.

    Every META entry, project column and voter column is written as it was read. An election built
    in code (``make_election``) gets the standard columns. Fields holding a semicolon are quoted.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    meta = dict(election.meta)
    meta.setdefault("budget", money_text(election.budget))
    meta.setdefault("vote_type", str(election.vote_type))
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    project_columns = election.project_columns
    writer.writerow(["PROJECTS"])
    writer.writerow(project_columns)
    for project in election.projects:
        fields = dict(project.fields)
        fields.setdefault("project_id", project.id)
        fields.setdefault("cost", money_text(project.cost))
        if project.name:
            fields.setdefault("name", project.name)
        writer.writerow([fields.get(column, "") for column in project_columns])
    writer.writerow(["VOTES"])
    writer.writerow(election.vote_columns)
    kind_texts = [
        (
            ",".join(election.projects[index].id for index in kind.projects),
            ",".join(money_text(value) for value in kind.points) if kind.points is not None else "",
        )
        for kind in election.kinds
    ]
    columns = election.vote_columns
    fields_by_column = dict(election.voter_fields)
    for voter, kind in enumerate(election.kind_of_voter.tolist()):
        vote_text, points_text = kind_texts[kind]
        row = []
        for column in columns:
            if column == "vote":
                row.append(vote_text)
            elif column == "points":
                row.append(points_text)
            elif column == "voter_id":
                row.append(election.voter_ids[voter])
            else:
                values = fields_by_column.get(column)
                row.append(values[voter] if values is not None and values[voter] is not None else "")
        writer.writerow(row)
    return out.getvalue()
