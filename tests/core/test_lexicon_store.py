"""The per-revision lexicon file gives the same evidence and title keys as the in-memory build.

It is reused by a later process, rebuilt when the catalog changes or the file is damaged,
and a home that cannot be written still searches (the tables are kept in memory).
"""

from __future__ import annotations

import pytest

from movierec_gui.core import lexicon_store
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.evidence import LexicalEvidence, build_people, build_tags
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.lexicon_store import open_current, open_or_build, store_path
from movierec_gui.core.matching import PART, title_keys
from movierec_gui.core.starter import install
from tests.conftest import STARTER_FILES


def _build(catalog: Catalog) -> lexicon_store.Built:
    return build_people(catalog), build_tags(catalog), title_keys(catalog.titles())


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Catalog:
    cat = Catalog(tmp_path_factory.mktemp("lex") / "catalog.sqlite3")
    install(cat, STARTER_FILES)
    return cat


def _queries(catalog: Catalog) -> list[str]:
    """Queries that name people, tag words and tag phrases of this catalog, plus free text."""
    people = sorted({name for _, _, name in catalog.people()})[::25]
    tags = sorted({tag for _, tag in catalog.tags()})[::10]
    free = ["a heist that goes wrong", "space station crew stranded", "Time loop road trip in Paris",
            "a detective in a rainy city", "films by Christopher Nolan about dreams", "gangsters"]
    return [f"a film with {p}" for p in people] + [f"something about {t}" for t in tags] + free


def test_store_gives_the_same_evidence_as_the_full_build(catalog):
    memory = LexicalEvidence(catalog)
    memory.prepare()
    stored = LexicalEvidence(catalog, open_or_build(catalog, lambda: _build(catalog)))
    queries = _queries(catalog)
    assert len(queries) > 50
    named = 0
    for q in queries:
        a, b = memory.find(q), stored.find(q)
        assert a.bonus == pytest.approx(b.bonus), q
        assert a.words == b.words, q
        named += bool(a.bonus)
    assert named > len(queries) // 2  # the queries really hit names and tags


def test_store_gives_the_same_title_keys(catalog):
    store = open_or_build(catalog, lambda: _build(catalog))
    assert store.title_keys() == title_keys(catalog.titles())


def test_store_is_reused_then_rebuilt_when_the_catalog_changes(tmp_path):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES[:1])
    built: list[int] = []

    def build() -> lexicon_store.Built:
        built.append(1)
        return _build(cat)

    open_or_build(cat, build)
    open_or_build(cat, build)
    assert len(built) == 1 and open_current(cat) is not None
    record = MovieRecord(source="test", key="zyx", title="Zyx Quorlbend", year=2001, overview="A lighthouse.",
                         directors=["Anna Quorlbend"])
    cat.import_rows([RowResult(1, record)], "test", "one film")
    assert open_current(cat) is None  # stale: a new revision
    store = open_or_build(cat, build)
    assert len(built) == 2
    assert store.person("anna quorlbend") is not None


def test_damaged_file_is_rebuilt(tmp_path):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES[:1])
    open_or_build(cat, lambda: _build(cat))
    store_path(cat).write_bytes(b"not a database at all" * 100)
    assert open_current(cat) is None
    store = open_or_build(cat, lambda: _build(cat))
    assert store.title_keys() == title_keys(cat.titles())


def test_unwritable_home_keeps_the_tables_in_memory(tmp_path, monkeypatch):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES[:1])

    def refuse(*_args: object) -> None:
        raise PermissionError("read-only home")

    monkeypatch.setattr(lexicon_store, "write_store", refuse)
    store = open_or_build(cat, lambda: _build(cat))
    assert store.path is None and store.title_keys() == title_keys(cat.titles())
    assert not store_path(cat).exists()


def test_a_lexicon_of_an_older_format_is_rebuilt(tmp_path, monkeypatch):
    """Title keys changed with the format (format 4 added subtitle keys): an older file is not read."""
    cat = Catalog(tmp_path / "catalog.sqlite3")
    install(cat, STARTER_FILES[:1])
    monkeypatch.setattr(lexicon_store, "FORMAT", lexicon_store.FORMAT - 1)
    old_keys: lexicon_store.TitleKeys = (["zzz"], [1], [0], [""])
    open_or_build(cat, lambda: ({}, {}, old_keys)).close()
    assert open_current(cat) is not None  # current for the old format …
    monkeypatch.undo()
    assert open_current(cat) is None  # … stale for this one
    store = open_or_build(cat, lambda: _build(cat))
    assert store.title_keys() == title_keys(cat.titles()) != old_keys
    keys, _, kinds, _ = store.title_keys()
    assert kinds[keys.index("howilearnedtostopworryingandlovebomb")] == PART  # Dr. Strangelove's subtitle
