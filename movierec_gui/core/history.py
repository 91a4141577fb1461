"""The watch history: one row per film in SQLite (WAL), the strongest statement wins.

A film is on the watchlist, watched, liked or disliked (``EntryKind``), with an optional
0.5–5 rating and watched/rated times. Statements merge by strength: a watchlist mark
never downgrades a watched film, "watched" never undoes a like, and liked ⇄ disliked
follow the latest word. Times keep the latest value, ratings the most recent one.
Writing the same entries again changes nothing, which makes every import idempotent.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .models import EntryKind, HistoryEntry, Movie, format_day
from .sqlite_store import SQLiteStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS history (
    movie_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('watched', 'liked', 'disliked', 'watchlist')),
    rating REAL CHECK (rating IS NULL OR (rating >= 0.5 AND rating <= 5)),
    watched_at REAL,
    rated_at REAL,
    source TEXT NOT NULL DEFAULT 'manual',
    added_at REAL NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS history_kind ON history(kind);
"""

_SELECT = "SELECT movie_id, kind, rating, watched_at, rated_at, source FROM history"
_STRENGTH = {EntryKind.WATCHLIST: 0, EntryKind.WATCHED: 1, EntryKind.LIKED: 2, EntryKind.DISLIKED: 2}

#: Columns of ``export_csv`` (the generic history CSV importer reads them back).
EXPORT_COLUMNS = (
    "movie_id", "title", "year", "kind", "rating", "watched_date", "rated_date", "tmdb_id", "imdb_id", "source",
)


def normalize_rating(value: float | None) -> float | None:
    """Round to the nearest half star; ``ValueError`` outside 0.5–5."""
    if value is None:
        return None
    value = float(value)
    if not 0.5 <= value <= 5.0:
        raise ValueError(f"rating {value:g} is outside 0.5–5")
    return round(value * 2) / 2


def merge(old: HistoryEntry | None, new: HistoryEntry) -> HistoryEntry:
    """What the history holds after ``new`` is said about a film that had ``old``.

    The stronger kind wins (liked ⇄ disliked: the newer word); times keep the latest
    value; a rating is replaced unless the new one is older. Merging is idempotent, so
    importing a file again changes nothing.
    """
    if old is None:
        return new
    kind = new.kind if _STRENGTH[new.kind] >= _STRENGTH[old.kind] else old.kind
    rated = new.rating is not None
    newer = rated and (old.rating is None or old.rated_at is None or new.rated_at is None
                       or new.rated_at >= old.rated_at)
    merged = HistoryEntry(
        movie_id=old.movie_id,
        kind=kind,
        rating=new.rating if newer else old.rating,
        watched_at=_latest(old.watched_at, new.watched_at),
        rated_at=_latest(old.rated_at, new.rated_at) if rated else old.rated_at,
        source=old.source,
    )
    return merged if merged == old else replace(merged, source=new.source)


def _latest(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


@dataclass
class WriteCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


class HistoryStore(SQLiteStore):
    """The history database (its own file, so a catalog reset never touches it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    # ------------------------------------------------------------------ reading
    def entries(self, kinds: Iterable[EntryKind] | None = None) -> list[HistoryEntry]:
        """All entries, oldest first (by watched/rated time, then by when they were added)."""
        sql = _SELECT
        args: tuple[str, ...] = ()
        if kinds is not None:
            names = [EntryKind(k).value for k in kinds]
            sql += f" WHERE kind IN ({','.join('?' * len(names))})"
            args = tuple(names)
        sql += " ORDER BY coalesce(watched_at, rated_at, added_at), seq"
        return [_entry(r) for r in self._conn().execute(sql, args)]

    def get(self, movie_id: int) -> HistoryEntry | None:
        r = self._conn().execute(f"{_SELECT} WHERE movie_id=?", (int(movie_id),)).fetchone()
        return _entry(r) if r else None

    def movie_ids(self, kinds: Iterable[EntryKind] | None = None) -> set[int]:
        return {e.movie_id for e in self.entries(kinds)}

    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM history").fetchone()[0])

    def counts_by_kind(self) -> dict[str, int]:
        return dict(self._conn().execute("SELECT kind, count(*) FROM history GROUP BY kind").fetchall())

    @property
    def revision(self) -> tuple[int, int]:
        """Changes whenever the history does (for caches of derived data)."""
        con = self._conn()
        n, seq = con.execute("SELECT count(*), coalesce(max(seq), 0) FROM history").fetchone()
        return int(n), int(seq)

    # ------------------------------------------------------------------ writing
    def add(self, entry: HistoryEntry) -> str:
        """Merge one entry; returns ``"added"``, ``"updated"`` or ``"unchanged"``."""
        counts = self.add_many([entry])
        return "added" if counts.added else "updated" if counts.updated else "unchanged"

    def add_many(self, entries: Iterable[HistoryEntry]) -> WriteCounts:
        """Merge entries in one transaction (see ``merge``)."""
        return self._write(entries, replace_existing=False)

    def set(self, entry: HistoryEntry) -> None:
        """Replace a film's entry as given (no merging): the user changed their mind."""
        self._write([entry], replace_existing=True)

    def _write(self, entries: Iterable[HistoryEntry], replace_existing: bool) -> WriteCounts:
        counts = WriteCounts()
        con = self._conn()
        now = time.time()
        with con:
            seq = con.execute("SELECT coalesce(max(seq), 0) FROM history").fetchone()[0]
            for entry in entries:
                entry = replace(entry, movie_id=int(entry.movie_id), kind=EntryKind(entry.kind),
                                rating=normalize_rating(entry.rating))
                old = self.get(entry.movie_id)
                new = entry if replace_existing else merge(old, entry)
                if new == old:
                    counts.unchanged += 1
                    continue
                seq += 1
                if old is None:
                    counts.added += 1
                    con.execute(
                        "INSERT INTO history(movie_id, kind, rating, watched_at, rated_at, source, added_at, seq) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (new.movie_id, new.kind.value, new.rating, new.watched_at, new.rated_at, new.source, now, seq),
                    )
                else:
                    counts.updated += 1
                    con.execute(
                        "UPDATE history SET kind=?, rating=?, watched_at=?, rated_at=?, source=?, seq=? "
                        "WHERE movie_id=?",
                        (new.kind.value, new.rating, new.watched_at, new.rated_at, new.source, seq, new.movie_id),
                    )
        return counts

    def remove(self, movie_ids: Iterable[int]) -> int:
        con = self._conn()
        with con:
            return self._delete(con, movie_ids)

    @staticmethod
    def _delete(con: sqlite3.Connection, movie_ids: Iterable[int]) -> int:
        return sum(con.execute("DELETE FROM history WHERE movie_id=?", (int(m),)).rowcount for m in movie_ids)

    def clear(self) -> int:
        con = self._conn()
        with con:
            return con.execute("DELETE FROM history").rowcount

    # ------------------------------------------------------------------ export
    def export_csv(self, path: Path, movies: Mapping[int, Movie]) -> int:
        """Write the history as CSV (``EXPORT_COLUMNS``); ``movies`` maps id → Movie."""
        from .fsutil import atomic_writer

        rows = self.entries()
        with atomic_writer(Path(path), "w") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(EXPORT_COLUMNS)
            for e in rows:
                m = movies.get(e.movie_id)
                out.writerow(
                    (
                        e.movie_id,
                        m.title if m else "",
                        (m.year or "") if m else "",
                        e.kind.value,
                        "" if e.rating is None else f"{e.rating:g}",
                        _date(e.watched_at),
                        _date(e.rated_at),
                        (m.tmdb_id or "") if m else "",
                        (m.imdb_id or "") if m else "",
                        e.source,
                    )
                )
        return len(rows)


def _entry(r: tuple[Any, ...]) -> HistoryEntry:
    return HistoryEntry(movie_id=r[0], kind=EntryKind(r[1]), rating=r[2], watched_at=r[3], rated_at=r[4], source=r[5])


_date = format_day
