"""docs/screenshots.py (`make screenshots`) loaded as a module, for the tests of its shots and of its script."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "screenshots.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while it is being made
    spec.loader.exec_module(module)
    return module
