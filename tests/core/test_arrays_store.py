"""The per-revision arrays file gives exactly ``Catalog.arrays()`` and ``Catalog.origins()``.

It is reused by a later process, rebuilt when the catalog changes or the file is damaged, and a
home that cannot be written still gets the arrays (built in memory).
"""

from __future__ import annotations

import numpy as np

from movierec_gui.core import arrays_store
from movierec_gui.core.arrays_store import load_or_build, store_path
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.starter import install
from tests.conftest import STARTER_FILES


def _same(got, catalog: Catalog) -> None:
    arrays, origins = got
    want = catalog.arrays()
    assert arrays.genre_names == want.genre_names
    for name in ("ids", "years", "runtimes", "genre_bits", "renown"):
        np.testing.assert_array_equal(getattr(arrays, name), getattr(want, name))
        assert getattr(arrays, name).dtype == getattr(want, name).dtype
    assert origins == catalog.origins()


def _counting(monkeypatch) -> list[int]:
    built: list[int] = []
    real = Catalog.arrays

    def counting(self):
        built.append(1)
        return real(self)

    monkeypatch.setattr(Catalog, "arrays", counting)
    return built


def test_saved_arrays_equal_the_catalog_and_are_reused(tmp_path, monkeypatch):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES)
    first = load_or_build(cat)
    assert store_path(cat).is_file()
    built = _counting(monkeypatch)
    again = load_or_build(Catalog(cat.path))  # a later process
    assert built == []
    monkeypatch.undo()
    _same(first, cat)
    _same(again, cat)
    assert any(o[1] is None for o in again[1]) or all(o[1] is not None for o in cat.origins())


def test_a_changed_catalog_or_a_damaged_file_is_rebuilt(tmp_path, monkeypatch):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES[:1])
    load_or_build(cat)
    record = MovieRecord(source="test", key="zyx", title="Zyx Quorlbend", year=2001, overview="A lighthouse.",
                         genres=("Drama",))
    cat.import_rows([RowResult(1, record)], "test", "one film")
    built = _counting(monkeypatch)
    got = load_or_build(cat)
    assert built == [1]
    monkeypatch.undo()
    _same(got, cat)
    assert 2001 in got[0].years.tolist()
    store_path(cat).write_bytes(b"PK\x03\x04 not a zip")
    _same(load_or_build(cat), cat)
    store_path(cat).write_bytes(b"")
    _same(load_or_build(cat), cat)
    with open(store_path(cat), "wb") as fh:  # a lone array, not an archive
        np.save(fh, np.arange(3))
    _same(load_or_build(cat), cat)


def test_a_home_that_cannot_be_written_builds_in_memory(tmp_path, monkeypatch):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES[:1])

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(arrays_store, "atomic_writer", refuse)
    got = load_or_build(cat)
    assert not store_path(cat).exists()
    _same(got, cat)
