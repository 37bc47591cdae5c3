"""Who may import whom (docs/ARCHITECTURE.md): checked over every module of `concord/`.

Core imports no app; orgs imports only core; alliances imports core and orgs; a capability
imports core, orgs and alliances, never a sibling: siblings meet through core's extension points
and signals. The demo app and the project package (`concord/*.py`) sit on top and may import
anything. An app's tests and migrations follow its rule. Imports under `if TYPE_CHECKING:` are
left out: they are for the type checker and never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

# It reads source files: the PostgreSQL pass would read the same ones again.
pytestmark = pytest.mark.one_pass
PACKAGE = Path(__file__).resolve().parents[1] / "concord"
ON_TOP = {"demo"}  # the demo app tells a story across every capability
LOWER = {"core": set(), "orgs": {"core"}, "alliances": {"core", "orgs"}}
CAPABILITY_MAY_IMPORT = {"core", "orgs", "alliances"}


def apps() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


def allowed(app: str) -> set[str]:
    """The other parts of `concord` that `app` may import."""
    return LOWER.get(app, CAPABILITY_MAY_IMPORT)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(nodes: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, descending into blocks but not into `if TYPE_CHECKING:` bodies."""
    for node in nodes:
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _statements(node.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _statements([c for c in children if isinstance(c, ast.AST)])  # type: ignore[misc]


def _module_name(path: Path) -> list[str]:
    parts = ["concord", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module a file imports at run time, relative ones resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module_name(path)[: -1 if path.name != "__init__.py" else None]
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base != "concord":
                yield node.lineno, base
                continue
            for alias in node.names:  # `from concord import api` imports concord.api
                yield node.lineno, f"{base}.{alias.name}"


def violations() -> list[str]:
    found = []
    known_apps = set(apps())
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        app = parts[0]
        if len(parts) == 1 or app in ON_TOP:
            continue
        for line, module in imported_modules(path):
            names = module.split(".")
            if names[0] != "concord" or len(names) < 2 or names[1] == app:
                continue
            target = names[1]
            if target in allowed(app):
                continue
            kind = "the app" if target in known_apps else "the project module"
            found.append(
                f"concord/{'/'.join(parts)}:{line} imports {kind} {target} ({module}); "
                f"{app} may import only {', '.join(sorted(allowed(app))) or 'Django and libraries'}"
            )
    return found


def test_every_app_imports_only_the_layers_below_it():
    assert violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from concord.portal.charts import bar", ["concord.portal.charts"]),
        ("import concord.health.models", ["concord.health.models"]),
        ("from concord import api", ["concord.api"]),
        ("from ..portal import charts", ["concord.portal"]),
        ("from . import selectors", ["concord.deals"]),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import concord.portal",
            ["typing"],
        ),
        ("def f():\n    from concord.portal import services", ["concord.portal"]),
    ],
)
def test_the_check_sees_every_form_of_import(tmp_path, monkeypatch, source, expected):
    module = tmp_path / "deals" / "views.py"
    module.parent.mkdir()
    module.write_text(source)
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert [name for _, name in imported_modules(module)] == expected
