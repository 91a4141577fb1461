"""End to end through the real ``movierec`` command: import, index, search, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from movierec_gui.core.vector_cache import VectorCache

EMBEDDER = "local-minilm-l6-dynint8"


def run(home: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "movierec_gui", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"movierec {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def search(home: Path, *args: str) -> list[dict]:
    return json.loads(run(home, "search", *args, "--json").stdout)


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory):
    """300 starter films, as a TMDB-shaped CSV, imported and indexed with the real model (shared by this module)."""
    from tests.conftest import starter_sample, write_tmdb_csv

    root = tmp_path_factory.mktemp("e2e")
    csv_path = write_tmdb_csv(root / "tmdb.csv", starter_sample(300))
    home = root / "home"
    env = {"MOVIEREC_STARTER": "0"}
    os.environ["MOVIEREC_STARTER"] = "0"
    run(home, "catalog", "import", str(csv_path), env=env)
    run(home, "index", env=env)
    return home


def test_natural_language_queries_find_the_intended_film(indexed_home):
    cases = {
        "a crew of explorers goes through a wormhole looking for a new planet for mankind": "Interstellar",
        "a garbage-compacting robot left alone on a deserted earth falls in love": "WALL·E",
        "an old widower flies his house away with balloons, a young scout aboard by accident": "Up",
        "the caped vigilante of gotham fights a grinning anarchist": "The Dark Knight",
        "a marine on a distant moon goes native with the blue-skinned locals": "Avatar",
    }
    for query, title in cases.items():
        titles = [h["title"] for h in search(indexed_home, query)]
        assert title in titles, (query, titles)


def test_typed_title_ranks_first_and_json_shape(indexed_home):
    hits = search(indexed_home, "avatar")
    assert hits[0]["title"] == "Avatar"
    assert set(hits[0]) == {"id", "title", "year", "genres", "score", "because", "reason"}
    near = search(indexed_home, "the dark knigth rises")
    assert near[0]["title"] == "The Dark Knight Rises"


def test_filters(indexed_home):
    # WALL·E (2008) and Up (2009) are in every starter sample (tests/conftest.py NAMED_FILMS).
    hits = search(indexed_home, "space adventure", "--year-from", "2008", "--year-to", "2010", "--genre", "Animation")
    assert hits and all(2008 <= h["year"] <= 2010 and "Animation" in h["genres"] for h in hits)


def test_understood_constraints_print_on_stderr_and_filter(indexed_home):
    proc = run(indexed_home, "search", "an animated adventure from the 2000s under 100 minutes", "--json")
    assert proc.stderr.strip().splitlines()[-1] == "understood: Animation · 2000s · ≤ 100 min"
    hits = json.loads(proc.stdout)
    assert hits and all(2000 <= h["year"] <= 2009 and "Animation" in h["genres"] for h in hits)
    plain = run(indexed_home, "search", "an animated adventure from the 2000s under 100 minutes", "--no-parse")
    assert "understood" not in plain.stderr


def test_a_language_ruled_out_prints_its_chip_and_filters(indexed_home):
    from movierec_gui.core.catalog import Catalog

    proc = run(indexed_home, "search", "a foreign thriller", "--json")
    assert proc.stderr.strip().splitlines()[-1] == "understood: not in English · Thriller"
    hits = json.loads(proc.stdout)
    films = Catalog(indexed_home / "catalog.sqlite3").get_many(h["id"] for h in hits)
    assert hits and all(films[h["id"]].languages[0] != "English" for h in hits)


def test_similar_and_unknown_title(indexed_home):
    hits = json.loads(run(indexed_home, "similar", "The Dark Knight", "--json").stdout)
    assert "The Dark Knight" not in [h["title"] for h in hits]
    assert "Batman Begins" in [h["title"] for h in hits[:5]]
    proc = run(indexed_home, "similar", "Zzyzx Qwerty Film", check=False)
    assert proc.returncode == 1 and "No film titled" in proc.stderr and "Traceback" not in proc.stderr


def test_empty_and_huge_queries(indexed_home):
    proc = run(indexed_home, "search", "   ", check=False)
    assert proc.returncode == 1 and "Type something" in proc.stderr
    assert len(search(indexed_home, "space " * 5000)) == 10


def test_usage_errors_exit_2(indexed_home):
    assert run(indexed_home, "search", check=False).returncode == 2
    assert run(indexed_home, "catalog", "import", "x", "--format", "nope", check=False).returncode == 2


def test_catalog_info_json(indexed_home):
    info = json.loads(run(indexed_home, "catalog", "info", "--json").stdout)
    assert info["films"] == 300 and info["sources"] == {"tmdb": 300}
    assert info["cache"]["ok"] and not info["cache"]["stale"]


def test_import_exit_code_only_fails_when_nothing_read(tmp_path):
    home = tmp_path / "h"
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n")
    assert run(home, "catalog", "import", str(bad), check=False).returncode == 1
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"title": "Fine", "year": 2000}\n{broken\n')
    proc = run(home, "catalog", "import", str(mixed))
    assert "line 2" in proc.stderr


def test_corrupt_cache_is_reported_not_used(indexed_home, tmp_path):
    import shutil

    home = tmp_path / "copy"
    shutil.copytree(indexed_home, home)
    matrix = home / "vectors" / EMBEDDER / "embeddings.npy"
    matrix.write_bytes(matrix.read_bytes()[: matrix.stat().st_size // 2])
    proc = run(home, "search", "anything", check=False)
    assert proc.returncode == 1 and "rebuild" in proc.stderr
    run(home, "index")  # detects the damage and rebuilds
    assert search(home, "avatar")[0]["title"] == "Avatar"


def _start_index(home: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "movierec_gui", "--home", str(home), "index"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 300) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()`` holds; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.wait()
    return False


def test_sigkill_during_index_never_leaves_a_half_written_cache(indexed_home, tmp_path):
    """Kill `movierec index` mid-embedding and mid-save: the cache always loads, old or new."""
    import shutil

    from tests.conftest import write_starter_jsonl

    home = tmp_path / "kill"
    shutil.copytree(indexed_home, home)
    run(home, "catalog", "import", str(write_starter_jsonl(tmp_path / "more.jsonl", 120, skip=300, retold=True)))
    cache = VectorCache(home / "vectors", EMBEDDER)
    env = {**os.environ, "MOVIEREC_INDEX_CHUNK": "40"}

    # 1. Killed after the first checkpoint: the old cache is intact, and a re-run resumes.
    killed = _kill_when(_start_index(home, env), lambda: any(cache.partial_dir.glob("chunk-*.npz")))
    assert killed
    assert len(cache.load()) == 300
    out = json.loads(run(home, "index", "--json", env={"MOVIEREC_INDEX_CHUNK": "40"}).stdout)
    assert out["total"] == 420 and out["resumed"] >= 40 and out["embedded"] <= 80
    assert len(cache.load()) == 420

    # 2. Killed while the new cache is being written or swapped in: old or new, never a mix.
    run(home, "catalog", "import", str(write_starter_jsonl(tmp_path / "more2.jsonl", 10, skip=420, retold=True)))
    seen = set()
    for pause in (0.0, 0.003, 0.01, 0.03):
        new_dir = cache.root.with_name(cache.root.name + ".new")

        def saving(pause=pause, new_dir=new_dir) -> bool:
            if new_dir.exists():
                time.sleep(pause)
                return True
            return False

        _kill_when(_start_index(home, env), saving)
        vs = cache.load()  # verifies checksums, shapes and unit rows
        assert len(vs) in (420, 430)
        seen.add(len(vs))
        np.testing.assert_allclose(np.linalg.norm(vs.matrix, axis=1), 1, atol=1e-3)
        if len(vs) == 430:
            break
    assert json.loads(run(home, "index", "--json").stdout)["total"] == 430
    assert len(cache.load()) == 430
