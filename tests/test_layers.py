"""Layering rules: only ``movierec_gui/ui`` may talk to Qt; the CLI works without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "movierec_gui"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qtpy")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        if any(m.split(".")[0] in QT_MODULES for m in imported_modules(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_cli_search_path_does_not_load_qt_or_remote_clients():
    code = (
        "import sys, movierec_gui.cli, movierec_gui.services, movierec_gui.core.search;"
        "bad = [m for m in ('PySide6', 'openai', 'pinecone') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
