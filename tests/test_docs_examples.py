"""The code in the guides runs, so a guide cannot drift from the code it describes.

Every fenced block in docs/**/*.md is checked by its language:

- ```python: run, in order within its file, in one namespace per file (a later block may use names an
  earlier one defined), with the test database. The names `run_tasks` (run queued background work, as
  the worker would: tests/conftest.py) and `client` (Django's test client) are there to use.
- ```python no-run: an illustration (a change to a file, a fragment); it must still parse.
- ```sh: each `make TARGET` must be a target of the Makefile and each `manage.py COMMAND` a command
  Django knows.
Any other language is left alone. In docs/guides/, every address written in backticks that starts
with "/" must be a page of the site (placeholders such as <slug> are filled in), so a guide cannot send
someone to a page that does not exist.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from ostrom.decisions import inputs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<code>.*?)^```\s*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    language: str
    options: tuple[str, ...]
    code: str

    @property
    def where(self) -> str:
        return f"{self.shown_path}:{self.line}"

    @property
    def shown_path(self) -> str:
        return str(self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path.name)

    @property
    def source(self) -> str:
        """The code with blank lines before it, so a traceback's line numbers are the file's."""
        return "\n" * (self.line - 1) + self.code


def blocks_in(path: Path, text: str | None = None) -> list[Block]:
    text = path.read_text() if text is None else text
    found = []
    for match in FENCE.finditer(text):
        language, *options = match["info"].split() or [""]
        line = text.count("\n", 0, match.start("code")) + 1
        found.append(Block(path, line, language, tuple(options), match["code"]))
    return found


def documents() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def python_documents() -> list[Path]:
    return [path for path in documents() if any(b.language == "python" for b in blocks_in(path))]


def run_python(blocks: list[Block], namespace: dict) -> int:
    """Run each block in turn in one namespace; return how many ran. A failure names the block."""
    ran = 0
    for block in blocks:
        if block.language != "python":
            continue
        assert block.options in ((), ("no-run",)), f"{block.where}: say ```python or ```python no-run"
        code = compile(block.source, block.shown_path, "exec")  # a SyntaxError names the file and line
        if block.options:
            continue
        try:
            exec(code, namespace)
        except Exception as problem:
            raise AssertionError(f"The example at {block.where} failed: {problem!r}") from problem
        ran += 1
    return ran


@pytest.mark.django_db
@pytest.mark.parametrize("path", python_documents(), ids=lambda path: str(path.relative_to(DOCS)))
def test_the_python_examples_run(path, run_tasks, client, monkeypatch, settings):
    # The examples' people never type their passwords: the fastest hasher will do.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # An example may register a kind of community input; it is forgotten when the test ends.
    monkeypatch.setattr(inputs, "_kinds", dict(inputs._kinds))
    namespace = {
        "__name__": f"docs_example_{path.stem.replace('-', '_')}",
        "run_tasks": run_tasks,
        "client": client,
    }
    assert run_python(blocks_in(path), namespace) > 0


def test_every_illustration_parses():
    for path in documents():
        for block in blocks_in(path):
            if block.language == "python":
                ast.parse(block.source, filename=block.shown_path)


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def test_the_shell_commands_name_make_targets_and_manage_commands_that_exist():
    targets, commands = _make_targets(), set(get_commands())
    checked = 0
    for path in documents():
        for block in blocks_in(path):
            if block.language not in ("sh", "shell", "bash"):
                continue
            for target in re.findall(r"\bmake ([a-z][\w-]*)", block.code):
                assert target in targets, f"{block.where}: there is no `make {target}`"
                checked += 1
            for command in re.findall(r"manage\.py ([a-z][\w]*)", block.code):
                assert command in commands, f"{block.where}: there is no `manage.py {command}`"
                checked += 1
    assert checked > 0


# An address in backticks in a guide: `/decisions/dashboard/`, `/rounds/<round>/result/`.
ADDRESS = re.compile(r"`(/[^`\s]*)`")
# What a placeholder might stand for: a number, a slug or code, a referral's reference.
SAMPLES = ("1", "SP-7KQ2MD")


def _is_a_page(address: str) -> bool:
    path = address.split("?")[0].split("#")[0]
    for sample in SAMPLES:
        try:
            resolve(re.sub(r"<[^>]+>", sample, path))
        except Resolver404:
            continue
        return True
    return False


def test_every_address_in_the_guides_is_a_page():
    addresses = [
        (path, address)
        for path in sorted((DOCS / "guides").glob("*.md"))
        for address in ADDRESS.findall(path.read_text())
    ]
    assert len(addresses) > 20
    missing = [f"{path.name}: {address}" for path, address in addresses if not _is_a_page(address)]
    assert missing == []


def test_a_broken_example_fails_and_names_where_it_is(tmp_path):
    guide = tmp_path / "guide.md"
    text = (
        "Set it up:\n\n```python\ntotal = 2 + 2\n```\n\nThen:\n\n```python\nassert total == 5\n```\n"
        "\n```python no-run\nfrom ostrom import something_that_is_not_there\n```\n"
    )
    blocks = blocks_in(guide, text)
    assert [(b.language, b.options) for b in blocks] == [
        ("python", ()),
        ("python", ()),
        ("python", ("no-run",)),
    ]
    with pytest.raises(AssertionError, match=r"The example at guide\.md:10 failed"):
        run_python(blocks, {})
    assert run_python(blocks[:1], {}) == 1  # the no-run block is only parsed
    assert run_python([blocks[0], blocks[2]], {}) == 1
