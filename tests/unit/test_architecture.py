"""The layering rules of STYLE.md, held by parsing imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FRAMEWORKS = {"flask", "sqlmodel", "sqlalchemy", "httpx", "marshmallow", "werkzeug",
              "flask_smorest", "webargs"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("advocate/domain", "advocate/costing",
                                          "advocate/scoring", "advocate/usage"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_pure_core_imports_no_framework(path):
    offending = {name for name in _imports(path) if name.split(".")[0] in FRAMEWORKS}
    assert not offending, f"{path} imports {offending}"


@pytest.mark.parametrize("path", _modules("providers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_providers_never_import_the_web_layer(path):
    offending = {name for name in _imports(path)
                 if name.split(".")[0] in {"flask", "werkzeug", "marshmallow"}
                 or name.startswith(("advocate.api", "advocate.web", "advocate.store"))}
    assert not offending, f"{path} imports {offending}"


def test_wsgi_is_three_lines():
    lines = [line for line in (ROOT / "wsgi.py").read_text().splitlines() if line.strip()]
    assert lines == ["from advocate import create_app", "app = create_app()"]
