"""Shared fixtures. Qt runs offscreen; nothing here touches the network."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own app home and no API keys from the developer's shell."""
    monkeypatch.setenv("MOVIEREC_HOME", str(tmp_path / "home"))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "PINECONE_API_KEY",
        "PINECONE_CONTROLLER_HOST",
        "MOVIEREC_EMBEDDER",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    # The bundled starter catalog is installed on first run; most tests want a chosen catalog.
    monkeypatch.setenv("MOVIEREC_STARTER", "0")


@functools.cache
def local_embedder():
    """One real ONNX model per test session (loading it costs ~0.5 s)."""
    from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
    from movierec_gui.wiring import model_files

    return LocalOnnxEmbedder(model_files())


@pytest.fixture
def embedder():
    return local_embedder()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


def write_csv_sample(src: Path, dest: Path, n: int, skip: int = 0) -> Path:
    """The header and ``n`` records of a shared CSV (records may span lines)."""
    import csv

    csv.field_size_limit(1 << 28)
    with open(src, encoding="utf-8", newline="") as fh, open(dest, "w", encoding="utf-8", newline="") as out:
        reader = csv.reader(fh)
        writer = csv.writer(out)
        writer.writerow(next(reader))
        for i, row in enumerate(reader):
            if i < skip:
                continue
            if i >= skip + n:
                break
            writer.writerow(row)
    return dest


@pytest.fixture
def tmdb_sample(shared_data, tmp_path):
    """A factory: ``tmdb_sample(n)`` → path of a CSV with the first n TMDB films."""

    def make(n: int = 300, skip: int = 0) -> Path:
        return write_csv_sample(
            shared_data / "tmdb5000" / "tmdb_5000_movies.csv", tmp_path / f"tmdb-{skip}-{n}.csv", n, skip
        )

    return make
