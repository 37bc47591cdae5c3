"""The demo sits on top: it may import any app, and no app imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import concord

ROOT = Path(concord.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_app_imports_the_demo() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imports(path) if n.startswith("concord.demo")
        )
        for path in ROOT.rglob("*.py")
        if ROOT / "demo" not in path.parents
    }
    assert {path: names for path, names in offenders.items() if names} == {}
