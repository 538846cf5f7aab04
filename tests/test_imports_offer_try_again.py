"""Every spreadsheet import runs in the background, all or nothing: when it fails (a bad row, a stopped
worker), its progress page offers the upload page again (tests/insight/test_import.py follows one through
the pages). A new import started without a page to try again from fails here."""

import ast
from pathlib import Path

from django.urls import get_resolver

ROOT = Path(__file__).resolve().parents[1] / "ostrom"


def _imports_started():
    """Each `start_task(<an import task>, …)` in the code: where, which task, and its keyword arguments."""
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "start_task" and node.args:
                task = ast.unparse(node.args[0])
                if "import" in task:
                    yield (
                        path.relative_to(ROOT),
                        task,
                        {keyword.arg: keyword.value for keyword in node.keywords},
                    )


def _page_names(namespace: str) -> set[str]:
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


def test_every_import_names_an_upload_page_to_try_again_from():
    imports = list(_imports_started())
    # Budget lines, organisations, measurements, volunteers, insight and the Open Referral UK exchange.
    assert len(imports) >= 6
    for path, task, keywords in imports:
        retry = keywords.get("retry_url")
        assert isinstance(retry, ast.Call) and ast.unparse(retry.func) == "reverse", f"{path}: {task}"
        namespace, name = retry.args[0].value.split(":")
        assert name in _page_names(namespace), f"{path}: {namespace}:{name} is not a page"
        assert "import" in name or "exchange" in name, f"{path}: {name} is not an upload page"
