"""Text on a page shown in the pseudo-locale en-xa that did not go through translation.

In en-xa every translated string reads "[Ŝéé ŵĥàţ ŵàŝ ðéçîðéð]". What a person reads on such a page is
then either inside those brackets, or data – a name, a title, a statement someone wrote, a number – or
English that nobody marked for translation. `untranslated_phrases` returns the last: the words left once
the bracketed strings and the given data are taken out.
"""

import re
from html.parser import HTMLParser

# Attributes a person reads or hears (a screen reader reads aria-label and alt; a tooltip shows title).
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
# Elements whose text nobody reads as such.
NOT_READ = {"script", "style", "template", "code", "pre"}
# A run of two or more Latin letters: an English word. Accented pseudo-letters (ŝ, é…) never match.
WORD = re.compile(r"[A-Za-z]{2,}")
# A translated string, innermost first (a translated string can hold another in a placeholder).
TRANSLATED = re.compile(r"\[[^\[\]]*\]")
# Names that stay as they are in every language.
NAMES = {"Ostrom", "NHS", "GitHub", "OpenAPI", "Polis", "Pabulib", "ICS", "IMD", "CSV", "PDF", "JSON", "XLSX"}


class ReadText(HTMLParser):
    """The pieces of text a person reads on a page: text between tags, and the read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_READ:
            self._skipping += 1
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.pieces.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.pieces.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in NOT_READ and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.pieces.append(data)


def read_text(html: str) -> list[str]:
    parser = ReadText()
    parser.feed(html)
    return parser.pieces


def without_translated(text: str) -> str:
    """The text with every bracketed (translated) string taken out."""
    while True:
        shorter = TRANSLATED.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def content_pattern(values) -> re.Pattern:
    """One pattern for every string that is content, not interface (names, titles, what people wrote):
    longest first, so a title is taken out whole before a shorter name inside it."""
    values = sorted({value.strip() for value in values if value and value.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, values)) or r"(?!)")


def untranslated_phrases(html: str, content: re.Pattern) -> list[str]:
    """The pieces of the page's text that hold an English word outside any translated string, once the
    content (`content_pattern`) is taken out."""
    found = []
    for piece in read_text(html):
        left = content.sub(" ", without_translated(piece))
        words = [word for word in WORD.findall(left) if word not in NAMES]
        if words:
            found.append(" ".join(piece.split()))
    return found
