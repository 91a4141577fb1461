"""A small home indexed with the fake embedder (fast, no model), and the CLI run in-process."""

from __future__ import annotations

from pathlib import Path

from movierec_gui import cli
from movierec_gui.core.importers.base import RowResult
from movierec_gui.services import Services
from tests.contract.pinecone_support import FakeEmbedder


def fake_home(tmp_path: Path, monkeypatch, rows: list[RowResult]) -> Path:
    """``rows`` imported as source "test" and indexed with a 32-dimension fake embedder."""
    fake = FakeEmbedder(dims=32)
    monkeypatch.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: fake)
    services = Services(tmp_path / "home")
    services._catalog.import_rows(rows, "test")
    services.index()
    return tmp_path / "home"


def run_cli(home: Path, capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err
