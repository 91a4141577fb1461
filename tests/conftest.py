"""Shared fixtures. Qt runs offscreen; nothing here touches the network."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pytest

#: The local model's graph with integer kernels is prepared once per test session, in a folder of its
#: own (never the developer's cache); child processes the tests start inherit it.
_MODELS = tempfile.mkdtemp(prefix="movierec-test-models-")
os.environ["MOVIEREC_MODEL_CACHE"] = _MODELS
atexit.register(shutil.rmtree, _MODELS, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
#: Third-party catalogs for dev evaluation only (never needed by a test unless marked ``shared_data``).
SHARED_DATA = Path(os.environ.get("MOVIEREC_SHARED_DATA") or ROOT.parent / "shared" / "data")
STARTER_FILES = sorted((ROOT / "resources" / "catalog").glob("*.jsonl"))
#: Films some tests search for by name; every starter sample holds them.
NAMED_FILMS = ("Avatar", "Spectre", "Interstellar", "WALL·E", "Up", "The Dark Knight", "Batman Begins",
               "The Dark Knight Rises", "Seven Samurai", "Toy Story", "Heat", "Alien", "Toy Story 3")
#: ``.ci/run`` sets this: more skipped tests than that fails the run (skips must not hide lost coverage).
MAX_SKIPS_ENV = "MOVIEREC_MAX_SKIPS"


def pytest_collection_modifyitems(config, items):
    """Without ../shared/data, tests marked ``shared_data`` are deselected (and counted), not skipped."""
    if SHARED_DATA.exists():
        return
    keep = [i for i in items if i.get_closest_marker("shared_data") is None]
    dropped = [i for i in items if i.get_closest_marker("shared_data") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        config._movierec_shared_deselected = len(dropped)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    n = getattr(config, "_movierec_shared_deselected", 0)
    if n:
        terminalreporter.write_line(f"{n} tests need the third-party catalogs in {SHARED_DATA}: not run")
    limit = os.environ.get(MAX_SKIPS_ENV)
    skipped = len(terminalreporter.stats.get("skipped", []))
    if limit is not None and skipped > int(limit):
        terminalreporter.write_line(f"FAILED: {skipped} tests skipped, more than the {limit} allowed ({MAX_SKIPS_ENV})",
                                    red=True)


def pytest_sessionfinish(session, exitstatus):
    limit = os.environ.get(MAX_SKIPS_ENV)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if limit is None or reporter is None:
        return
    if len(reporter.stats.get("skipped", [])) > int(limit) and session.exitstatus == 0:
        session.exitstatus = 1


def starter_records() -> list[dict]:
    """Every film of the shipped starter catalog (our own text), in file order."""
    import json

    out = []
    for f in STARTER_FILES:
        with open(f, encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    return out


def starter_sample(n: int, skip: int = 0) -> list[dict]:
    """Films ``skip`` … ``skip + n`` of the starter catalog in a fixed order: ``NAMED_FILMS`` first,
    then the rest shuffled with a fixed seed (so any sample spans decades and genres)."""
    import random

    films = starter_records()
    named = [f for f in films if f["title"] in NAMED_FILMS]
    rest = [f for f in films if f["title"] not in NAMED_FILMS]
    random.Random(13).shuffle(rest)
    return (named + rest)[skip : skip + n]


def write_starter_jsonl(dest: Path, n: int, skip: int = 0, retold: bool = False) -> Path:
    """``n`` starter films as JSONL. The shipped vectors already cover them (they are reused, not
    embedded); ``retold`` adds a sentence to each synopsis so that indexing must really embed them."""
    import json

    with open(dest, "w", encoding="utf-8") as fh:
        for film in starter_sample(n, skip):
            if retold:
                film = {**film, "synopsis": film["synopsis"] + " Told again for a test."}
            fh.write(json.dumps(film, ensure_ascii=False) + "\n")
    return dest


def write_tmdb_csv(dest: Path, films: list[dict]) -> Path:
    """Starter films in the TMDB 5000 CSV shape (JSON lists in cells), with made-up ids 1000+."""
    import csv
    import json

    def names(values):
        return json.dumps([{"id": i, "name": v} for i, v in enumerate(values)])

    cols = ("budget", "genres", "homepage", "id", "keywords", "original_language", "original_title", "overview",
            "popularity", "production_companies", "production_countries", "release_date", "revenue", "runtime",
            "spoken_languages", "status", "tagline", "title", "vote_average", "vote_count")
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, cols)
        out.writeheader()
        for i, f in enumerate(films):
            out.writerow({
                "budget": 0, "genres": names(f["genres"]), "homepage": "", "id": 1000 + i,
                "keywords": names(f["keywords"]), "original_language": "en", "original_title": f["title"],
                "overview": f["synopsis"], "popularity": round(f.get("renown", 0.5) * 100, 3),
                "production_companies": "[]", "production_countries": names(f["countries"]),
                "release_date": f"{f['year']}-06-01", "revenue": 0, "runtime": f["runtime"],
                "spoken_languages": names(f["languages"]), "status": "Released", "tagline": f["note"][:80],
                "title": f["title"], "vote_average": 7.0, "vote_count": 100,
            })
    return dest


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
        "TMDB_API_KEY",
        "TMDB_READ_TOKEN",
        "MOVIEREC_TMDB_API",
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
def shared_data(request) -> Path:
    """The third-party catalogs; a test using this must be marked ``shared_data``."""
    assert request.node.get_closest_marker("shared_data"), "mark tests that read ../shared/data with shared_data"
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
def tmdb_sample(tmp_path):
    """A factory: ``tmdb_sample(n)`` → a TMDB-shaped CSV of n starter films (the named ones first)."""

    def make(n: int = 300, skip: int = 0) -> Path:
        return write_tmdb_csv(tmp_path / f"tmdb-{skip}-{n}.csv", starter_sample(n, skip))

    return make
