"""The README and the docs link to files that exist, so a newcomer following a link never lands on nothing.

Most of the README's detail moved into docs/ (features, engines, load), and screenshots live in docs/screenshots/:
a moved or renamed file must take its links with it."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _local_links(document: Path) -> list[str]:
    text = document.read_text()
    # Links inside fenced code are examples, not links.
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    return [
        target for target in LINK.findall(text) if not target.startswith(("http://", "https://", "mailto:"))
    ]


def _anchors(document: Path) -> set[str]:
    """GitHub's anchors for a document's headings: lower case, punctuation dropped, spaces as hyphens."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", document.read_text(), flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_local_link_reaches_a_file_and_heading(document):
    broken = []
    for target in _local_links(document):
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
            broken.append(target)
    assert broken == [], f"{document.relative_to(ROOT)} links to what is not there: {broken}"


def test_the_check_finds_a_broken_link(tmp_path):
    document = tmp_path / "guide.md"
    document.write_text("# Guide\n\nSee [the map](missing.md) and [this](#guide).\n")
    assert _local_links(document) == ["missing.md", "#guide"]
    assert not (tmp_path / "missing.md").exists()
    assert "guide" in _anchors(document)
