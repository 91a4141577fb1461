"""The shipped starter vectors: current, stamped, and used on first launch without indexing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from movierec_gui import wiring
from movierec_gui.core import starter
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.indexer import plan, stamp_for
from movierec_gui.core.vector_cache import Stamp
from movierec_gui.services import Services


def test_shipped_vectors_match_catalog_model_and_recipe(tmp_path, embedder):
    shipped = starter.shipped_vectors(wiring.starter_vectors_root(), embedder.name)
    assert shipped is not None, "run scripts/build_starter_vectors.py"
    assert shipped.manifest.stamp == stamp_for(embedder)
    cat = Catalog(tmp_path / "c.sqlite3")
    starter.install(cat, wiring.starter_files())
    _, _, hashes = plan(cat)
    assert set(hashes) == set(shipped.manifest.hashes.values()), "starter vectors are stale: rebuild them"


def test_first_launch_installs_films_and_vectors_without_embedding(tmp_path, monkeypatch):
    monkeypatch.setenv("MOVIEREC_STARTER", "1")
    svc = Services(tmp_path / "home")
    assert svc.ensure_starter() is True
    status = svc.cache_status()
    assert status.ok and not status.stale and status.vectors >= 1000
    assert svc.ensure_starter() is False  # second launch: nothing to do
    titles = [h.movie.title for h in svc.search("samurai protect a farming village from bandits")]
    assert "Seven Samurai" in titles[:3]


def test_stamp_mismatch_means_rebuild_not_reuse(tmp_path, monkeypatch):
    """If the shipped stamp does not fit the installed model, it is never used."""
    monkeypatch.setenv("MOVIEREC_STARTER", "1")
    real = starter.shipped_vectors

    def other_model(root, name):
        vs = real(root, name)
        vs.manifest.fingerprint = "some-other-model"
        return vs

    monkeypatch.setattr(starter, "shipped_vectors", other_model)
    svc = Services(tmp_path / "home")
    svc.ensure_starter()
    assert not svc.cache_status().ok  # the catalog is there, the foreign vectors are not
    with svc._catalog._conn() as con:  # keep the rebuild small: 25 films
        con.execute("DELETE FROM movies WHERE id > 25")
    seen = []
    report = svc.index(progress=lambda d, t, p: seen.append(d))
    assert report.embedded == svc._catalog.count() and seen


def test_fresh_home_cli_search_and_info(tmp_path):
    env = {**os.environ, "MOVIEREC_STARTER": "1"}
    home = str(tmp_path / "fresh")
    info = subprocess.run(
        [sys.executable, "-m", "movierec_gui", "--home", home, "catalog", "info", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(info.stdout)["films"] >= 1000
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "movierec_gui",
            "--home",
            home,
            "search",
            "a quiet drama about a father and son fishing",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert len(json.loads(out.stdout)) == 10 and "index" not in out.stderr


@pytest.mark.parametrize("force", [True])
def test_reset_starter_keeps_only_starter(tmp_path, monkeypatch, force):
    monkeypatch.setenv("MOVIEREC_STARTER", "1")
    svc = Services(tmp_path / "home")
    svc.ensure_starter()
    n = svc._catalog.count()
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"title": "A Film Nobody Else Has", "year": 2001, "overview": "x"}\n')
    svc.import_catalog(extra)
    assert svc._catalog.count() == n + 1
    for source in list(svc._catalog.counts_by_source()):
        if source != "starter":
            svc._catalog.delete_source(source)
    svc.ensure_starter(force=force)
    assert svc._catalog.count() == n
    assert Stamp  # the stamp type is part of the public cache API
