"""Fixtures: ``home`` is a copy of a home built from the shipped starter catalog (built once per session).

The embedder is a deterministic stand-in, so no model is loaded and nothing is indexed.
"""

from __future__ import annotations

import shutil

import pytest

from tests.contract.pinecone_support import FakeEmbedder


@pytest.fixture(scope="session")
def starter_template(tmp_path_factory):
    """One home with the starter catalog installed (copied for each test; built once)."""
    from movierec_gui.services import Services

    mp = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("starter") / "home"
    mp.setenv("MOVIEREC_STARTER", "1")
    mp.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    mp.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: FakeEmbedder(dims=16))
    try:
        Services(home).ensure_starter()
    finally:
        mp.undo()
    return home


@pytest.fixture
def home(starter_template, tmp_path, monkeypatch):
    """A fresh copy of the starter home; the CLI runs on it with the starter catalog enabled."""
    target = tmp_path / "starter-home"
    shutil.copytree(starter_template, target, ignore=shutil.ignore_patterns("running", "writer.lock"))
    monkeypatch.setenv("MOVIEREC_STARTER", "1")
    monkeypatch.setenv("MOVIEREC_HOME", str(target))
    monkeypatch.setenv("MOVIEREC_LOCK_WAIT", "0.5")
    monkeypatch.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: FakeEmbedder(dims=16))
    return target
