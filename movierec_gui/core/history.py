"""The watch history: one row per film in SQLite (WAL), the strongest statement wins.

A film is on the watchlist, watched, liked or disliked (``EntryKind``), with an optional
0.5–5 rating and watched/rated times. Statements merge by strength: a watchlist mark
never downgrades a watched film, "watched" never undoes a like, and liked ⇄ disliked
follow the latest word. Times keep the latest value, ratings the most recent one.
Writing the same entries again changes nothing, which makes every import idempotent.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .identity import FilmIdentity, FilmLookup, decode_keys
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
    seq INTEGER NOT NULL,
    film_key TEXT,
    title TEXT,
    year INTEGER,
    tmdb_id INTEGER,
    imdb_id TEXT,
    source_keys TEXT
);
CREATE INDEX IF NOT EXISTS history_kind ON history(kind);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    at REAL NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS batch_rows (
    batch INTEGER NOT NULL,
    movie_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    before TEXT,
    PRIMARY KEY (batch, movie_id)
);
CREATE TABLE IF NOT EXISTS history_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

#: The film's durable identity, stored with each entry (added in place to older files).
_IDENTITY_COLUMNS = (
    ("film_key", "TEXT"), ("title", "TEXT"), ("year", "INTEGER"), ("tmdb_id", "INTEGER"), ("imdb_id", "TEXT"),
    ("source_keys", "TEXT"),
)  # fmt: skip
_ROW = (
    "movie_id", "kind", "rating", "watched_at", "rated_at", "source", "added_at", "seq",
    "film_key", "title", "year", "tmdb_id", "imdb_id", "source_keys",
)  # fmt: skip
_SELECT = "SELECT movie_id, kind, rating, watched_at, rated_at, source FROM history"
_STRENGTH = {EntryKind.WATCHLIST: 0, EntryKind.WATCHED: 1, EntryKind.LIKED: 2, EntryKind.DISLIKED: 2}

#: Columns of ``export_csv`` (the generic history CSV importer reads them back).
EXPORT_COLUMNS = (
    "movie_id", "title", "year", "kind", "rating", "watched_date", "rated_date", "tmdb_id", "imdb_id", "source",
)

#: Films' identities by catalog id (``Catalog.identities``), to stamp entries as they are written.
Identify = Callable[[list[int]], dict[int, FilmIdentity]]


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
    batch: int | None = None  # the undoable batch these writes form (``undo_last_batch``)


@dataclass(frozen=True)
class UndoResult:
    """What ``undo_last_batch`` did: the batch's label, entries put back, entries changed since (kept)."""

    label: str
    at: float
    restored: int
    kept: int


@dataclass(frozen=True)
class RelinkReport:
    relinked: int = 0  # entries attached to a film again (or to its new catalog row)
    detached: int = 0  # entries whose film left the catalog (kept, with their identity)
    merged: int = 0  # entries that turned out to name the same film as another


#: Imports that stay undoable (newest first; older ones are covered by snapshots).
KEEP_BATCHES = 20



class HistoryStore(SQLiteStore):
    """The history database (its own file, so a catalog reset never touches it).

    Each entry stores its film's identity (``core.identity``) next to the catalog id, so
    ``relink`` can re-attach it whenever the catalog changes; imports are undoable batches.
    """

    def __init__(self, path: Path, identify: Identify | None = None) -> None:
        super().__init__(path, _SCHEMA)
        self._identify = identify
        with self._conn() as con:
            present = {r[1] for r in con.execute("PRAGMA table_info(history)")}
            for name, decl in _IDENTITY_COLUMNS:
                if name not in present:
                    con.execute(f"ALTER TABLE history ADD COLUMN {name} {decl}")
            con.execute("CREATE INDEX IF NOT EXISTS history_film_key ON history(film_key)")

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

    def identities(self) -> dict[int, FilmIdentity]:
        """The stored identity of every entry that has one (by the entry's film id)."""
        rows = self._conn().execute(
            "SELECT movie_id, title, year, tmdb_id, imdb_id, source_keys FROM history WHERE film_key IS NOT NULL"
        )
        return {r[0]: FilmIdentity(r[1] or "", r[2], r[3], r[4], decode_keys(r[5])) for r in rows}

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

    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM history_meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        con = self._conn()
        with con:
            con.execute(
                "INSERT INTO history_meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------------ writing
    def add(self, entry: HistoryEntry) -> str:
        """Merge one entry; returns ``"added"``, ``"updated"`` or ``"unchanged"``."""
        counts = self.add_many([entry])
        return "added" if counts.added else "updated" if counts.updated else "unchanged"

    def add_many(self, entries: Iterable[HistoryEntry], batch: str | None = None) -> WriteCounts:
        """Merge entries in one transaction (see ``merge``); with ``batch``, as one undoable batch."""
        return self._write(entries, replace_existing=False, batch=batch)

    def preview(self, entries: Iterable[HistoryEntry]) -> WriteCounts:
        """What ``add_many`` would do, without writing anything."""
        return self._write(entries, replace_existing=False, dry_run=True)

    def set(self, entry: HistoryEntry) -> None:
        """Replace a film's entry as given (no merging): the user changed their mind."""
        self._write([entry], replace_existing=True)

    def _write(
        self, entries: Iterable[HistoryEntry], replace_existing: bool, batch: str | None = None, dry_run: bool = False
    ) -> WriteCounts:
        counts = WriteCounts()
        con = self._conn()
        now = time.time()
        touched: list[int] = []
        con.execute("BEGIN IMMEDIATE")
        try:
            seq = con.execute("SELECT coalesce(max(seq), 0) FROM history").fetchone()[0]
            if batch is not None and not dry_run:
                counts.batch = con.execute("INSERT INTO batches(label, at) VALUES (?, ?)", (batch, now)).lastrowid
            for entry in entries:
                entry = replace(entry, movie_id=int(entry.movie_id), kind=EntryKind(entry.kind),
                                rating=normalize_rating(entry.rating))
                old = self.get(entry.movie_id)
                new = entry if replace_existing else merge(old, entry)
                if new == old:
                    counts.unchanged += 1
                    continue
                seq += 1
                if counts.batch is not None:
                    self._remember(con, counts.batch, new.movie_id, seq)
                if old is None:
                    counts.added += 1
                    con.execute(
                        "INSERT INTO history(movie_id, kind, rating, watched_at, rated_at, source, added_at, seq) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (new.movie_id, new.kind.value, new.rating, new.watched_at, new.rated_at, new.source, now, seq),
                    )
                    touched.append(new.movie_id)
                else:
                    counts.updated += 1
                    con.execute(
                        "UPDATE history SET kind=?, rating=?, watched_at=?, rated_at=?, source=?, seq=? "
                        "WHERE movie_id=?",
                        (new.kind.value, new.rating, new.watched_at, new.rated_at, new.source, seq, new.movie_id),
                    )
            if touched and self._identify is not None and not dry_run:
                _stamp(con, self._identify([m for m in touched if m > 0]))
            if counts.batch is not None and not (counts.added or counts.updated):
                con.execute("DELETE FROM batches WHERE id=?", (counts.batch,))
                counts.batch = None
            elif counts.batch is not None:  # imports can be undone one after another, the newest KEEP_BATCHES
                oldest = counts.batch - KEEP_BATCHES
                con.execute("DELETE FROM batch_rows WHERE batch <= ?", (oldest,))
                con.execute("DELETE FROM batches WHERE id <= ?", (oldest,))
        except BaseException:
            con.rollback()
            raise
        if dry_run:
            con.rollback()
        else:
            con.commit()
        return counts

    @staticmethod
    def _remember(con: sqlite3.Connection, batch: int, movie_id: int, seq: int) -> None:
        """Keep the entry as it was before ``batch`` first touched it (``None``: it did not exist)."""
        row = con.execute(f"SELECT {', '.join(_ROW)} FROM history WHERE movie_id=?", (movie_id,)).fetchone()
        before = json.dumps(dict(zip(_ROW, row, strict=True))) if row else None
        con.execute(
            "INSERT INTO batch_rows(batch, movie_id, seq, before) VALUES (?,?,?,?) "
            "ON CONFLICT(batch, movie_id) DO UPDATE SET seq=excluded.seq",
            (batch, movie_id, seq, before),
        )

    def last_batch(self) -> tuple[int, str, float] | None:
        """``(id, label, time)`` of the newest batch not undone yet."""
        r = self._conn().execute(
            "SELECT id, label, at FROM batches WHERE undone=0 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (int(r[0]), str(r[1]), float(r[2])) if r else None

    def undo_last_batch(self) -> UndoResult | None:
        """Put back every entry the newest batch changed, unless it was changed again since."""
        last = self.last_batch()
        if last is None:
            return None
        batch, label, at = last
        restored = kept = 0
        con = self._conn()
        with con:
            for movie_id, seq, before in con.execute(
                "SELECT movie_id, seq, before FROM batch_rows WHERE batch=?", (batch,)
            ).fetchall():
                cur = con.execute("SELECT seq FROM history WHERE movie_id=?", (movie_id,)).fetchone()
                if cur is None or cur[0] != seq:
                    kept += 1
                    continue
                con.execute("DELETE FROM history WHERE movie_id=?", (movie_id,))
                if before is not None:
                    values = dict(json.loads(before), movie_id=movie_id)
                    con.execute(
                        f"INSERT INTO history({', '.join(_ROW)}) VALUES ({','.join('?' * len(_ROW))})",
                        tuple(values.get(c) for c in _ROW),
                    )
                restored += 1
            con.execute("UPDATE batches SET undone=1 WHERE id=?", (batch,))
        return UndoResult(label, at, restored, kept)

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
            con.execute("DELETE FROM batch_rows")
            con.execute("UPDATE batches SET undone=1")
            return con.execute("DELETE FROM history").rowcount

    # ------------------------------------------------------------------ identity
    def relink(self, catalog: FilmLookup) -> RelinkReport:
        """Attach every entry to the catalog row that carries its film's identity today.

        Entries whose film is absent keep their identity under a negative id (no catalog
        row has one) and come back when the film does; entries found to name the same
        film are merged. Entries without a stored identity get their film's.
        """
        con = self._conn()
        con.execute("BEGIN IMMEDIATE")  # read and move under one write lock: two processes cannot cross
        try:
            rows = con.execute("SELECT movie_id, film_key, title, year, tmdb_id, imdb_id, source_keys FROM history")
            stored = {
                r[0]: (FilmIdentity(r[2] or "", r[3], r[4], r[5], decode_keys(r[6])) if r[1] is not None else None)
                for r in rows.fetchall()
            }
            movies = catalog.get_many(m for m in stored if m > 0)
            moves: list[tuple[int, int | None]] = []
            for mid, ident in stored.items():
                movie = movies.get(mid)
                if ident is None or (movie is not None and ident.matches(movie)):
                    continue
                found = catalog.find_identity(ident)
                if found != mid and not (found is None and mid < 0):
                    moves.append((mid, found))
            report = self._move(con, moves) if moves else RelinkReport()
            if self._identify is not None:
                linked = [r[0] for r in con.execute("SELECT movie_id FROM history WHERE movie_id > 0")]
                _stamp(con, self._identify(linked), only_missing=False)
        except BaseException:
            con.rollback()
            raise
        con.commit()
        return report

    def _move(self, con: sqlite3.Connection, moves: list[tuple[int, int | None]]) -> RelinkReport:
        # Park every moving entry on a fresh negative id first, so swaps cannot collide.
        low = min(0, con.execute("SELECT coalesce(min(movie_id), 0) FROM history").fetchone()[0])
        linked = _film_tables(con)
        parked = []
        for i, (old, new) in enumerate(moves):
            tmp = low - 1 - i
            con.execute("UPDATE history SET movie_id=? WHERE movie_id=?", (tmp, old))
            for table in linked:
                con.execute(f"UPDATE OR IGNORE {table} SET movie_id=? WHERE movie_id=?", (tmp, old))
            parked.append((tmp, new))
        relinked = detached = merged = 0
        for tmp, new in parked:
            if new is None:
                detached += 1  # stays parked: a negative id no catalog row takes
                continue
            if con.execute("SELECT 1 FROM history WHERE movie_id=?", (new,)).fetchone() is None:
                con.execute("UPDATE history SET movie_id=? WHERE movie_id=?", (new, tmp))
                for table in linked:
                    con.execute(f"UPDATE OR IGNORE {table} SET movie_id=? WHERE movie_id=?", (new, tmp))
                relinked += 1
                continue
            here = _entry(con.execute(f"{_SELECT} WHERE movie_id=?", (new,)).fetchone())
            moving = _entry(con.execute(f"{_SELECT} WHERE movie_id=?", (tmp,)).fetchone())
            both = merge(here, replace(moving, movie_id=new))
            con.execute(
                "UPDATE history SET kind=?, rating=?, watched_at=?, rated_at=?, source=? WHERE movie_id=?",
                (both.kind.value, both.rating, both.watched_at, both.rated_at, both.source, new),
            )
            con.execute("DELETE FROM history WHERE movie_id=?", (tmp,))
            for table in linked:
                con.execute(f"UPDATE OR IGNORE {table} SET movie_id=? WHERE movie_id=?", (new, tmp))
                con.execute(f"DELETE FROM {table} WHERE movie_id=?", (tmp,))  # the film already had its own
            merged += 1
        return RelinkReport(relinked, detached, merged)

    # ------------------------------------------------------------------ export
    def export_csv(self, path: Path, movies: Mapping[int, Movie]) -> int:
        """Write the history as CSV (``EXPORT_COLUMNS``) to a regular file, atomically.

        ``movies`` maps id → Movie; an entry whose film is absent (or unreadable) is
        written with its stored title, year and ids, so the file imports back anywhere.
        """
        from .csv_safe import SafeWriter
        from .fsutil import atomic_writer, export_target

        target = export_target(Path(path))
        rows = self.entries()
        known = self.identities()
        try:
            with atomic_writer(target, "w") as fh:
                out = SafeWriter(fh)
                out.writerow(EXPORT_COLUMNS)
                for e in rows:
                    m = movies.get(e.movie_id)
                    ident = known.get(e.movie_id)
                    title = m.title if m else ident.title if ident else ""
                    year = m.year if m else ident.year if ident else None
                    tmdb = m.tmdb_id if m else ident.tmdb_id if ident else None
                    imdb = m.imdb_id if m else ident.imdb_id if ident else None
                    out.writerow(
                        (
                            e.movie_id if e.movie_id > 0 else "",
                            title,
                            year or "",
                            e.kind.value,
                            "" if e.rating is None else f"{e.rating:g}",
                            _date(e.watched_at),
                            _date(e.rated_at),
                            tmdb or "",
                            imdb or "",
                            e.source,
                        )
                    )
        except OSError as exc:
            from .errors import UserInputError

            raise UserInputError(f"Cannot write {target}: {exc.strerror or exc}") from None
        return len(rows)


def _film_tables(con: sqlite3.Connection) -> list[str]:
    """Tables of this database besides ``history`` that name films by ``movie_id`` (the undo log, and
    any table another feature keeps here, e.g. films marked "not interested"): they follow re-links."""
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'history'")]
    return [
        f'"{name}"'
        for name in names
        if not name.startswith("sqlite_")
        and any(col[1] == "movie_id" for col in con.execute(f'PRAGMA table_info("{name}")'))
    ]


def _stamp(con: sqlite3.Connection, identities: Mapping[int, FilmIdentity], only_missing: bool = True) -> None:
    """Store each film's identity with its entry (only where none is stored yet, unless told)."""
    where = "movie_id=? AND film_key IS NULL" if only_missing else "movie_id=?"
    for mid, ident in identities.items():
        con.execute(
            f"UPDATE history SET film_key=?, title=?, year=?, tmdb_id=?, imdb_id=?, source_keys=? WHERE {where}",
            (ident.key, ident.title, ident.year, ident.tmdb_id, ident.imdb_id, ident.keys_json(), mid),
        )


def _entry(r: tuple[Any, ...]) -> HistoryEntry:
    return HistoryEntry(movie_id=r[0], kind=EntryKind(r[1]), rating=r[2], watched_at=r[3], rated_at=r[4], source=r[5])


_date = format_day
