"""HistoryStore: merging rules, idempotency, WAL, export."""

from __future__ import annotations

import csv
import sqlite3
import threading

import pytest

from movierec_gui.core.history import HistoryStore, merge, normalize_rating
from movierec_gui.core.models import EntryKind, HistoryEntry, Movie

W, L, D, WL = EntryKind.WATCHED, EntryKind.LIKED, EntryKind.DISLIKED, EntryKind.WATCHLIST


@pytest.fixture
def store(tmp_path):
    s = HistoryStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def test_wal_mode(store):
    store.add(HistoryEntry(1, W))
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_add_merge_and_idempotency(store):
    assert store.add(HistoryEntry(1, WL, source="a")) == "added"
    assert store.add(HistoryEntry(1, W, rating=4, watched_at=100.0, rated_at=100.0)) == "updated"
    assert store.add(HistoryEntry(1, WL)) == "unchanged"  # a watchlist mark never downgrades
    assert store.add(HistoryEntry(1, W)) == "unchanged"
    e = store.get(1)
    assert (e.kind, e.rating, e.watched_at) == (W, 4.0, 100.0)
    assert store.add(HistoryEntry(1, L)) == "updated"
    assert store.add(HistoryEntry(1, W, rating=4.5)) == "updated"  # rating changes, the like stays
    assert store.get(1).kind is L and store.get(1).rating == 4.5
    assert store.add(HistoryEntry(1, D)) == "updated"  # liked ⇄ disliked: the latest word wins
    assert store.get(1).kind is D
    assert store.count() == 1


def test_add_many_reimport_changes_nothing(store):
    batch = [HistoryEntry(i, W, rating=(i % 10 + 1) / 2, watched_at=float(i), source="x") for i in range(1, 60)]
    first = store.add_many(batch)
    again = store.add_many(batch)
    assert (first.added, first.updated, first.unchanged) == (59, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 59)


def test_entries_oldest_first_and_kinds(store):
    store.add_many([HistoryEntry(1, W, watched_at=30.0), HistoryEntry(2, L, watched_at=10.0), HistoryEntry(3, WL)])
    order = [e.movie_id for e in store.entries([W, L])]
    assert order == [2, 1]
    assert store.movie_ids() == {1, 2, 3}
    assert store.counts_by_kind() == {"watched": 1, "liked": 1, "watchlist": 1}


def test_set_remove_clear(store):
    store.add(HistoryEntry(5, L, rating=5))
    store.set(HistoryEntry(5, W))
    assert store.get(5) == HistoryEntry(5, W)
    assert store.remove([5, 6]) == 1
    store.add_many([HistoryEntry(i, W) for i in range(3)])
    assert store.clear() == 3 and store.count() == 0


@pytest.mark.parametrize("bad", [0, 0.25, 5.5, -1, 11])
def test_ratings_out_of_range_are_refused(store, bad):
    with pytest.raises(ValueError):
        store.add(HistoryEntry(1, W, rating=bad))
    assert store.count() == 0


def test_ratings_round_to_half_stars():
    assert normalize_rating(3.74) == 3.5 and normalize_rating(3.76) == 4.0 and normalize_rating(None) is None


def test_merge_keeps_source_when_nothing_changes():
    old = HistoryEntry(1, L, 4.0, 5.0, 5.0, "letterboxd")
    assert merge(old, HistoryEntry(1, W, 4.0, None, None, "imdb")) == old


def test_export_csv(store, tmp_path):
    store.add_many([HistoryEntry(1, L, rating=4.5, watched_at=86400.0 * 365), HistoryEntry(2, WL)])
    movies = {1: Movie(1, "Heat", 1995, imdb_id="tt0113277"), 2: Movie(2, "Alien", 1979)}
    out = tmp_path / "h.csv"
    assert store.export_csv(out, movies) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["title"] == "Heat" and rows[0]["kind"] == "liked" and rows[0]["rating"] == "4.5"
    assert rows[0]["watched_date"] == "1971-01-01" and rows[1]["kind"] == "watchlist"


def test_threads_share_one_database(store):
    def work(base):
        store.add_many([HistoryEntry(base + i, W) for i in range(20)])

    threads = [threading.Thread(target=work, args=(b,)) for b in (0, 100, 200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 60


def test_imports_are_undoable_batches_newest_first(store):
    from movierec_gui.core.history import KEEP_BATCHES

    store.add(HistoryEntry(1, W, rating=2.0))
    first = store.add_many([HistoryEntry(1, L, rating=4.0), HistoryEntry(2, W)], batch="import a")
    second = store.add_many([HistoryEntry(3, WL)], batch="import b")
    assert store.add_many([HistoryEntry(3, WL)], batch="import c").batch is None  # changed nothing: no batch
    assert first.batch is not None and second.batch is not None
    assert store.undo_last_batch().label == "import b" and store.get(3) is None
    undone = store.undo_last_batch()
    assert (undone.label, undone.restored, undone.kept) == ("import a", 2, 0)
    assert store.get(1).kind is W and store.get(1).rating == 2.0 and store.get(2) is None
    assert store.undo_last_batch() is None
    for i in range(KEEP_BATCHES + 5):
        store.add_many([HistoryEntry(100 + i, W)], batch=f"import {i}")
    assert sqlite3.connect(store.path).execute("SELECT count(*) FROM batches").fetchone()[0] == KEEP_BATCHES


def test_preview_writes_nothing(store):
    counts = store.preview([HistoryEntry(1, W), HistoryEntry(2, L)])
    assert (counts.added, counts.updated) == (2, 0) and store.count() == 0
