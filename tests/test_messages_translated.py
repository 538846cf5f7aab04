"""Messages written in Python code go through translation, not only those on pages.

The pseudo-locale walk (tests/test_pseudo_locale_walk.py) reads every page as it first appears; it does
not type a wrong postcode, overspend a budget or start a background job. Those messages are built in
services, validation and tasks, so this reads the code itself: a sentence given as a plain or f-string
literal where a person will read it is English that nobody can translate.

Where a person reads it:
- a problem on a field (`problems[...] = ...`, `required=...` of `check_text`);
- a `ValidationError(...)`, or a permission refusal (`permissions.ensure(..., message)`);
- the title of background work (`start_task(..., title=...)`);
- what a decision quotes as its source (`InputItem(..., source=..., title=...)`).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "ostrom"
# The engines stay English and Django-free (they return reasons as data); commands, migrations and the
# demo's own content are not read in another language.
NOT_CHECKED = ("budgeting", "sortition", "opinion", "themes", "migrations", "management", "demo")


def _english(node: ast.AST | None) -> bool:
    """A literal with words in it: "Enter a name", f"Importing {name}". Not "", "x" or an id."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip()
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant)
            and any(word.isalpha() and len(word) > 1 for word in part.value.split())
            for part in node.values
        )
    if isinstance(node, ast.Subscript):  # f"Importing {name}"[:200]
        return _english(node.value)
    return False


def _name(call: ast.Call) -> str:
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def untranslated(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id in ("problems", "found", "line_problems")
                for target in node.targets
            )
            and _english(node.value)
        ):
            found.append((node.lineno, "a problem on a field"))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        if name == "check_text" and _english(keywords.get("required")):
            found.append((node.lineno, "check_text's required message"))
        if name == "ValidationError" and node.args and _english(node.args[0]):
            found.append((node.lineno, "a ValidationError"))
        if name == "ValidationError" and node.args and isinstance(node.args[0], ast.Dict):
            found += [(node.lineno, "a ValidationError") for value in node.args[0].values if _english(value)]
        if name == "ensure" and len(node.args) > 1 and _english(node.args[1]):
            found.append((node.lineno, "a permission refusal"))
        if name == "start_task" and _english(keywords.get("title")):
            found.append((node.lineno, "the title of background work"))
        if name == "InputItem" and any(_english(keywords.get(key)) for key in ("source", "title")):
            found.append((node.lineno, "a decision input's source or title"))
    return found


def test_messages_built_in_code_go_through_translation():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if set(path.relative_to(ROOT).parts) & set(NOT_CHECKED):
            continue
        found += [
            f"{path.relative_to(ROOT.parent)}:{line}: {what}"
            for line, what in untranslated(ast.parse(path.read_text(), filename=str(path)))
        ]
    assert found == []


def test_the_check_finds_each_kind_of_untranslated_message():
    code = """
problems["name"] = "Enter a name"
problems["year"] = f"Enter a year from {FIRST} to {LAST}"
check_text(problems, "name", name, max_length=200, required="Enter the name")
raise ValidationError(f"The file has {kind} votes")
raise ValidationError({"amount": "This would pay too much"})
permissions.ensure(allowed, "Only coordinators can do this")
start_task(task, title=f"Importing organisations from {filename}"[:200])
InputItem(object_id=1, title=title, quote=quote, url=url, source=f"The survey {title}")
"""
    translated = """
problems["name"] = gettext("Enter a name")
check_text(problems, "name", name, max_length=200, required=gettext("Enter the name"))
check_text(problems, "name", name, max_length=200, required="x")
raise ValidationError(gettext("The file has %(kind)s votes") % {"kind": kind})
start_task(task, title=(gettext("Importing from %(file)s") % {"file": filename})[:200])
InputItem(object_id=1, title=f"{question.text} – {survey.title}", quote=quote, url=url, source=source)
"""
    assert [line for line, _ in untranslated(ast.parse(code))] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert untranslated(ast.parse(translated)) == []
