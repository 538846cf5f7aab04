"""Printed letters and reports in the languages people read (ADR 9): PDF pages whose text may be in
any of the scripts Ostrom's communities write – Latin (English, Polish, Somali), Arabic script (Arabic,
Urdu), Bengali and Gurmukhi (Punjabi) – often mixed on one line (an Urdu sentence with a web address).

Each word is set in a font that has its script (Noto, from Debian's fonts-noto-core; DejaVu as a
fallback for Latin and Arabic), shaped by HarfBuzz (reportlab with uharfbuzz: joined Arabic letters,
Bengali and Gurmukhi conjuncts), and laid out in its reading order: a paragraph whose first letter is
Arabic script reads right to left, its lines set from the right margin, with any left-to-right run
(a code, an address, an English name) kept in its own order inside it.
"""

import io
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import gettext, gettext_lazy
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas

FONT_DIRECTORIES = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
# For each script, the (regular, bold) font files to use, best first.
SCRIPT_FONTS = {
    "latin": [("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")],
    "arabic": [
        ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ],
    "bengali": [("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf")],
    "gurmukhi": [("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf")],
}
SCRIPT_NAMES = {
    "arabic": gettext_lazy("Arabic"),
    "bengali": gettext_lazy("Bengali"),
    "gurmukhi": gettext_lazy("Gurmukhi"),
    "latin": gettext_lazy("Latin"),
}
SCRIPT_RANGES = (
    ("arabic", 0x0600, 0x08FF),
    ("arabic", 0xFB50, 0xFDFF),
    ("arabic", 0xFE70, 0xFEFF),
    ("bengali", 0x0980, 0x09FF),
    ("gurmukhi", 0x0A00, 0x0A7F),
)
RIGHT_TO_LEFT = {"R", "AL"}


class MissingFont(Exception):
    """No font on this server can print a script the text is written in."""

    def __init__(self, script: str):
        self.script = script
        super().__init__(
            gettext(
                "This server cannot print %(script)s text yet: whoever runs Ostrom needs to install the "
                "Debian package fonts-noto-core."
            )
            % {"script": SCRIPT_NAMES[script]}
        )


def script_of(word: str) -> str:
    for character in word:
        code = ord(character)
        for script, start, end in SCRIPT_RANGES:
            if start <= code <= end:
                return script
    return "latin"


@cache
def font_name(script: str, bold: bool) -> str:
    """The registered name of the font for `script`, registering it the first time."""
    for files in SCRIPT_FONTS[script]:
        for directory in FONT_DIRECTORIES:
            path = directory / files[bold]
            if path.exists():
                name = path.stem
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                return name
    if script == "latin":
        return "Helvetica-Bold" if bold else "Helvetica"
    raise MissingFont(script)


def forget_fonts() -> None:
    """Look for the fonts again (after FONT_DIRECTORIES changes), and set every word afresh."""
    font_name.cache_clear()
    _set_words.cache_clear()


def direction_of(word: str) -> str:
    """ "R" or "L" for the first strong character, "N" for a word with none (digits count as "L")."""
    for character in word:
        kind = unicodedata.bidirectional(character)
        if kind in RIGHT_TO_LEFT:
            return "R"
        if kind in ("L", "EN", "AN"):
            return "L"
    return "N"


@dataclass(frozen=True)
class Word:
    """A word, or the part of one set in one font (“ and ” around an Urdu word are in a Latin font):
    `glued` to the part before it, with no space between."""

    text: object  # the text, or reportlab's shaped string of it
    font: str
    size: float
    width: float
    direction: str
    glued: bool = False


def set_words(
    piece: str, *, size: float, bold: bool = False, mono: bool = False, glued: bool = False
) -> list[Word]:
    """A word with no spaces in it, as parts each in a font that has its characters, shaped."""
    return list(_set_words(piece, size, bold, mono, glued))


@lru_cache(maxsize=50_000)
def _set_words(piece: str, size: float, bold: bool, mono: bool, glued: bool) -> tuple[Word, ...]:
    # Letters repeat the same words on every page: each is shaped once.
    main = script_of(piece)
    parts: list[list] = []
    for character in piece:
        font = _font_for(character, main, bold=bold, mono=mono)
        if parts and parts[-1][0] == font:
            parts[-1][1] += character
        else:
            parts.append([font, character])
    return tuple(
        _shaped(text, font, size, glued=glued or index > 0) for index, (font, text) in enumerate(parts)
    )


def _font_for(character: str, main: str, *, bold: bool, mono: bool) -> str:
    script = script_of(character)
    if script != "latin":
        return font_name(script, bold)
    if mono:
        return "Courier-Bold" if bold else "Courier"
    if main != "latin" and _covers(font_name(main, bold), character):
        return font_name(main, bold)  # punctuation and digits inside an Urdu word, in the Urdu font
    return font_name("latin", bold)


def _covers(font: str, character: str) -> bool:
    if font in pdfmetrics.standardFonts:
        return ord(character) < 256
    return ord(character) in pdfmetrics.getFont(font).face.charToGlyph


def _shaped(text: str, font: str, size: float, *, glued: bool) -> Word:
    # Latin script needs no shaping (HarfBuzz would only kern it): it stays a plain string, which draws
    # several words at once.
    needs_shaping = font not in pdfmetrics.standardFonts and script_of(text) != "latin"
    shaped = shapeStr(text, font, size) if needs_shaping else text
    data = getattr(shaped, "__shapeData__", None)
    width = (
        sum(glyph.x_advance for glyph in data) * size / 1000
        if data
        else pdfmetrics.stringWidth(text, font, size)
    )
    return Word(shaped, font, size, width, direction_of(text), glued)


def visual_order(words: list[Word], right_to_left: bool) -> list[int]:
    """A line's words (their places in reading order) in the order they are set from the left: runs of one direction (a word with no
    direction of its own takes its neighbours' when they agree, else the paragraph's) in order for
    left-to-right, reversed for right-to-left, and the runs themselves reversed in a right-to-left
    paragraph. Within a word HarfBuzz already gives the glyphs in reading order."""
    base = "R" if right_to_left else "L"
    resolved = []
    for index, word in enumerate(words):
        if word.direction != "N":
            resolved.append(word.direction)
            continue
        before = next((w.direction for w in reversed(words[:index]) if w.direction != "N"), base)
        after = next((w.direction for w in words[index + 1 :] if w.direction != "N"), base)
        resolved.append(before if before == after else base)
    runs: list[tuple[str, list[int]]] = []
    for index, direction in enumerate(resolved):
        if runs and runs[-1][0] == direction:
            runs[-1][1].append(index)
        else:
            runs.append((direction, [index]))
    if right_to_left:
        runs.reverse()
    return [index for direction, run in runs for index in (reversed(run) if direction == "R" else run)]


class Printer:
    """An A4 document written top to bottom: headings, paragraphs, lists and simple tables, each
    paragraph wrapped to the page and set in its own reading direction; a new page when one is full."""

    def __init__(self, title: str, *, margin: float = 18 * mm, pagesize=A4):
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=pagesize, pageCompression=1)
        self.canvas.setTitle(title)
        self.page_width, self.page_height = pagesize
        self.margin = margin
        self.y = self.page_height - margin
        # What was written, paragraph by paragraph in reading order, for checks and tests.
        self.paragraphs: list[str] = []

    @property
    def width(self) -> float:
        return self.page_width - 2 * self.margin

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.page_height - self.margin

    def space(self, height: float) -> None:
        self.y -= height

    def heading(self, text: str, level: int = 1) -> None:
        size = {1: 18, 2: 14, 3: 12}[level]
        self.space(size * 0.4)
        self.paragraph(text, size=size, bold=True, keep_with_next=True)

    def paragraph(
        self,
        text: str,
        *,
        size: float = 11,
        bold: bool = False,
        mono: bool = False,
        indent: float = 0,
        bullet: str = "",
        keep_with_next: bool = False,
    ) -> None:
        lines = self.lines(text, width=self.width - indent, size=size, bold=bold, mono=mono)
        leading = size * 1.45
        needed = leading * (len(lines) + (2 if keep_with_next else 0))
        if self.y - needed < self.margin and self.y < self.page_height - self.margin:
            self.new_page()
        right_to_left = _is_right_to_left(text)
        for number, line in enumerate(lines):
            if self.y - leading < self.margin:
                self.new_page()
            self.y -= size * 1.15
            left = self.margin + (0 if right_to_left else indent)
            self.draw_line(
                line, left=left, y=self.y, width=self.width - indent, right_to_left=right_to_left, bold=bold
            )
            if bullet and number == 0:
                mark = set_words(bullet, size=size)[0]
                x = self.margin + self.width - indent + 4 if right_to_left else self.margin + indent - 10
                self._draw(mark, x, self.y)
            self.y -= leading - size * 1.15
        self.y -= size * 0.5
        self.paragraphs.append(text)

    def bullets(self, texts: list[str], *, size: float = 11) -> None:
        for text in texts:
            self.paragraph(text, size=size, indent=14, bullet="•")

    def table(self, rows: list[list[str]], *, size: float = 10) -> None:
        """Rows of short cells in equal columns, the first row bold."""
        columns = max(len(row) for row in rows)
        column = self.width / columns
        for number, row in enumerate(rows):
            cells = [self.lines(cell, width=column - 6, size=size, bold=number == 0) for cell in row]
            height = max(len(lines) for lines in cells) * size * 1.3 + 4
            if self.y - height < self.margin:
                self.new_page()
            top = self.y
            for index, lines in enumerate(cells):
                self.y = top
                for line in lines:
                    self.y -= size * 1.3
                    text = row[index]
                    self.draw_line(
                        line,
                        left=self.margin + index * column,
                        y=self.y,
                        width=column - 6,
                        right_to_left=_is_right_to_left(text),
                        bold=number == 0,
                    )
            self.y = top - height
            self.canvas.setLineWidth(0.3)
            self.canvas.line(self.margin, self.y + 2, self.margin + self.width, self.y + 2)
            self.paragraphs.append(" | ".join(row))
        self.y -= size

    def lines(
        self, text: str, *, width: float, size: float, bold: bool = False, mono: bool = False
    ) -> list[list[Word]]:
        """The paragraph's words, wrapped to `width`, each line in reading (logical) order."""
        space = _space(size, bold)
        lines: list[list[Word]] = [[]]
        used = 0.0
        for piece in text.split():
            for part in _fitting(piece, width, size=size, bold=bold, mono=mono):
                part_width = sum(word.width for word in part)
                extra = part_width + (space if lines[-1] and not part[0].glued else 0)
                if lines[-1] and used + extra > width:
                    lines.append(list(part))
                    used = part_width
                else:
                    lines[-1].extend(part)
                    used += extra
        return lines

    def draw_line(
        self,
        words: list[Word],
        *,
        left: float,
        y: float,
        width: float,
        right_to_left: bool,
        bold: bool = False,
    ) -> None:
        """One line, set from the right margin when it reads right to left. Neighbouring plain words in one
        font are drawn as one string (with the same spaces), shaped words one by one."""
        if not words:
            return
        space, spacing_font = _space(words[0].size, bold), font_name("latin", bold)
        total = sum(word.width for word in words) + space * sum(not word.glued for word in words[1:])
        x = left + width - total if right_to_left else left
        run: list = []  # plain words of one font waiting to be drawn together: [font, size, x, text]
        previous = None
        for place in visual_order(words, right_to_left):
            word = words[place]
            gap = 0.0
            if previous is not None:
                before, after = sorted((previous, place))
                gap = 0.0 if after == before + 1 and words[after].glued else space
            x += gap
            plain = type(word.text) is str  # not reportlab's shaped string
            # A space inside a run is drawn in the run's font: only the font whose space the line measured.
            same = run and plain and run[0] == word.font and run[1] == word.size
            if same and (gap == 0.0 or (gap == space and word.font == spacing_font)):
                run[3] += (" " if gap else "") + word.text
            else:
                self._flush(run, y)
                run = [word.font, word.size, x, word.text] if plain else []
                if not plain:
                    self._draw(word, x, y)
            x += word.width
            previous = place
        self._flush(run, y)

    def _flush(self, run: list, y: float) -> None:
        if run:
            self.canvas.setFont(run[0], run[1])
            self.canvas.drawString(run[2], y, run[3])

    def write_at(
        self, text: str, *, x: float, y: float, width: float, size: float, bold=False, mono=False
    ) -> float:
        """A paragraph set at a place of its own (a slip, a letter's address), returning the y below it."""
        right_to_left = _is_right_to_left(text)
        for line in self.lines(text, width=width, size=size, bold=bold, mono=mono):
            self.draw_line(line, left=x, y=y, width=width, right_to_left=right_to_left, bold=bold)
            y -= size * 1.4
        self.paragraphs.append(text)
        return y

    def _draw(self, word: Word, x: float, y: float) -> None:
        self.canvas.setFont(word.font, word.size)
        self.canvas.drawString(x, y, word.text)

    def pdf(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def _space(size: float, bold: bool) -> float:
    return pdfmetrics.stringWidth(" ", font_name("latin", bold), size)


def _is_right_to_left(text: str) -> bool:
    return direction_of(text) == "R"


def _fitting(piece: str, width: float, *, glued: bool = False, **style) -> list[list[Word]]:
    """A word's parts, or for a word too long for the line (a web address), pieces that fit, each its parts."""
    parts = set_words(piece, glued=glued, **style)
    whole = sum(word.width for word in parts)
    if whole <= width or len(piece) < 2:
        return [parts]
    cut = max(1, int(len(piece) * width / whole) - 1)
    return [set_words(piece[:cut], glued=glued, **style), *_fitting(piece[cut:], width, glued=True, **style)]
