"""The core never imports Django: analysts run it without a database, and it stays testable on plain rows."""

import ast
from pathlib import Path

import selaras.core

CORE = Path(selaras.core.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_django() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(m for m in _imported_modules(path) if m.split(".")[0] == "django")
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_core_module_imports_a_selaras_app() -> None:
    apps = {
        "regions",
        "accounts",
        "audit",
        "planning",
        "sync",
        "agreements",
        "connectivity",
        "rollout",
        "web",
    }
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m for m in _imported_modules(path) if m.startswith("selaras.") and m.split(".")[1] in apps
        )
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
