"""Damaged state files are detected, explained and repaired; a full disk half-writes nothing.

(issue 13: bad manifest ``hashes``, a bit-flipped vector file, ``settings.json`` holding a list
or garbage, disk full during a save, no OS keyring.)
"""

from __future__ import annotations

import errno
import json
import logging
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from movierec_gui.config import Settings, set_secret
from movierec_gui.core import fsutil
from movierec_gui.core.errors import (
    CacheCorruptError,
    KeyringUnavailableError,
    KnownError,
    StorageError,
    UserInputError,
)
from movierec_gui.core.vector_cache import MANIFEST, MATRIX, Stamp, VectorCache
from movierec_gui.services import Services, SettingsForm

STAMP = Stamp("fake-embedder", "fake:1", 8, 2)
FILMS = ("title,year,overview\nHeat,1995,A master thief and a driven detective circle each other in Los Angeles\n"
         "Alien,1979,The crew of a space freighter is hunted by a creature\n"
         "Up,2009,An old man ties balloons to his house and flies away with a young scout\n")


@pytest.fixture
def small_home(tmp_path, embedder):
    path = tmp_path / "films.csv"
    path.write_text(FILMS, encoding="utf-8")
    svc = Services(tmp_path / "home", embedder=embedder)
    svc.import_catalog(path, "csv")
    svc.index()
    yield svc
    svc._catalog.close()


def cache_dir(svc: Services):
    return svc._paths.vectors / svc._get_embedder().name


# ---------------------------------------------------------------------------- vector cache
@pytest.mark.parametrize("hashes", [["a", "b"], {"1": 5, "2": "x", "3": "y"}, {"1": None}, "abc", 7])
def test_bad_hashes_in_the_manifest_are_corruption_and_index_rebuilds(small_home, hashes):
    path = cache_dir(small_home) / MANIFEST
    raw = json.loads(path.read_text())
    raw["hashes"] = hashes
    path.write_text(json.dumps(raw))
    status = small_home.cache_status()
    assert not status.ok and "unreadable" in status.reason
    with pytest.raises(CacheCorruptError, match="rebuild"):
        small_home.search("balloons")
    report = small_home.index()
    assert report.embedded == 3
    assert small_home.cache_status().ok
    assert small_home.search("an old man flies his house with balloons")[0].movie.title == "Up"


def test_bit_flipped_vectors_are_never_up_to_date(small_home):
    path = cache_dir(small_home) / MATRIX
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x10  # one bit inside the last vector
    path.write_bytes(bytes(raw))
    status = small_home.cache_status()
    assert not status.ok and "checksum" in status.reason
    with pytest.raises(CacheCorruptError, match=r"checksum.*rebuild"):
        small_home.search("balloons")
    report = small_home.index()
    assert report.embedded == 3
    assert small_home.cache_status().ok and small_home.search("balloons house")[0].movie.title == "Up"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=10), field=st.sampled_from(["hashes", "count", "dims", "sha256", "format", "created", None]))
def test_any_manifest_content_is_a_cache_error_or_loads(tmp_path, value, field):
    cache = VectorCache(tmp_path / "vectors", STAMP.embedder)
    ids = np.arange(1, 4, dtype=np.int64)
    m = np.eye(3, 8, dtype=np.float32)
    cache.save(ids, m, {str(i): f"h{i}" for i in ids}, STAMP)
    path = cache.root / MANIFEST
    raw = json.loads(path.read_text())
    if field is None:
        raw = value
    else:
        raw[field] = value
    path.write_text(json.dumps(raw))
    try:
        vs = cache.load(expect=STAMP)
    except KnownError as exc:
        assert "rebuild" in str(exc) and "\n" not in str(exc)
    else:
        assert len(vs) == 3


# ---------------------------------------------------------------------------- settings.json
@pytest.mark.parametrize("content", ['["a", "b"]', "garbage{", '"text"', "42", "null", '{"embedder": 5}',
                                     '{"theme": ["dark"]}', '{"embedder": "gpt-9"}', '{"openai_dimensions": "big"}',
                                     '{"extra": []}', "\x00\xff"])
def test_damaged_settings_file_means_defaults_with_a_warning(tmp_path, caplog, content):
    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content)
    with caplog.at_level(logging.WARNING, logger="movierec_gui.config"):
        s = Settings.load(path)
    assert s.embedder in ("local", "openai") and s.theme in ("system", "light", "dark")
    assert isinstance(s.extra, dict)
    assert caplog.records and all("\n" not in r.getMessage() for r in caplog.records)


def test_damaged_settings_keep_the_good_fields(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "dark", "embedder": ["x"], "pinecone_index": "mine"}))
    s = Settings.load(path)
    assert (s.theme, s.embedder, s.pinecone_index) == ("dark", "local", "mine")


def test_cli_works_with_a_settings_file_holding_a_list(tmp_path):
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text("[1, 2, 3]")
    proc = subprocess.run([sys.executable, "-m", "movierec_gui", "--home", str(home), "history", "list"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "using the defaults" in proc.stderr and "Traceback" not in proc.stderr


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_settings_load_never_raises(tmp_path, raw):
    path = tmp_path / "settings.json"
    path.write_bytes(raw)
    s = Settings.load(path)
    assert not s.problems()


def test_invalid_settings_are_never_saved(tmp_path):
    path = tmp_path / "settings.json"
    Settings(theme="dark").save(path)
    before = path.read_bytes()
    for bad in (Settings(embedder="gpt-9"), Settings(theme="\x1b[2J"), Settings(openai_base_url="ftp://x"),
                Settings(openai_dimensions=0)):
        with pytest.raises(UserInputError, match="not saved"):
            bad.save(path)
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------- disk full
def _full_disk(monkeypatch):
    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil.os, "fsync", no_space)


def test_disk_full_while_saving_settings_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    Settings(theme="dark").save(path)
    before = path.read_bytes()
    _full_disk(monkeypatch)
    with pytest.raises(StorageError, match=r"No space left.*nothing was changed") as info:
        Settings(theme="light").save(path)
    assert isinstance(info.value, OSError)  # old `except OSError` handlers still catch it
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left behind


def test_disk_full_during_index_keeps_the_old_cache(small_home, tmp_path, monkeypatch, capsys):

    more = tmp_path / "more.csv"
    more.write_text("title,year,overview\nZodiac,2007,Reporters hunt a serial killer in San Francisco\n")
    small_home.import_catalog(more, "csv")
    _full_disk(monkeypatch)
    with pytest.raises(StorageError):
        small_home.index()
    monkeypatch.undo()
    assert len(VectorCache(small_home._paths.vectors, small_home._get_embedder().name).load()) == 3
    leftovers = [p for p in small_home._paths.vectors.rglob("*.tmp")]
    assert not leftovers


def test_cli_says_disk_full_in_one_line(tmp_path, monkeypatch, capsys):
    from movierec_gui.cli import main

    home = tmp_path / "home"
    films = tmp_path / "films.csv"
    films.write_text(FILMS)
    assert main(["--home", str(home), "catalog", "import", str(films)]) == 0
    capsys.readouterr()
    _full_disk(monkeypatch)
    assert main(["--home", str(home), "index"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert len([ln for ln in err.splitlines() if ln.startswith("movierec:")]) == 1


# ---------------------------------------------------------------------------- no keyring
def test_no_keyring_names_the_environment_variable(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core._keyring_backend = None  # re-read the backend from the environment
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    with pytest.raises(KeyringUnavailableError, match="OPENAI_API_KEY") as info:
        set_secret("OPENAI_API_KEY", "sk-secret-value-1234")
    assert "sk-secret" not in str(info.value) and "environment variable" in str(info.value)


def test_settings_with_a_key_but_no_keyring_are_not_half_saved(tmp_path, monkeypatch):
    svc = Services(tmp_path / "home")
    path = svc._paths.settings_file
    form = SettingsForm("openai", None, "text-embedding-3-small", "local", "movierec", "system")
    with pytest.raises(KeyringUnavailableError, match="OPENAI_API_KEY"):  # the null keyring keeps nothing
        svc.save_settings(form, {"OPENAI_API_KEY": "sk-secret-value-1234"})
    assert not path.exists() or json.loads(path.read_text())["embedder"] == "local"
    assert svc.settings_form().embedder == "local"
    svc._catalog.close()


def test_openai_without_any_key_is_refused_before_saving(tmp_path):
    svc = Services(tmp_path / "home")
    form = SettingsForm("openai", None, "text-embedding-3-small", "local", "movierec", "system")
    assert "OPENAI_API_KEY" in (svc.settings_problem(form, {}) or "")
    with pytest.raises(UserInputError, match="environment variable OPENAI_API_KEY"):
        svc.save_settings(form, {})
    assert not svc._paths.settings_file.exists()
    compatible = SettingsForm("openai", "http://localhost:11434/v1", "nomic", "local", "movierec", "system")
    assert svc.settings_problem(compatible, {}) is None  # a local server needs no key
    svc._catalog.close()
