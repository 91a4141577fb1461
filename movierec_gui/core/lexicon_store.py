"""The catalog's derived lookup tables, kept on disk per catalog revision (fast cold start).

Lexical evidence needs people's names and theme-tag words; typed-title lookups need every
title's keys. Building them scans the whole catalog (~1 s at 44k films), so they are built
once per catalog state into a small SQLite file beside the catalog, written atomically
(temp file + ``os.replace``) and stamped with the catalog's revision, film count and last
change. A later process looks up only the query's words (indexed), or reads the title keys
in one pass. A stale, foreign or unreadable file is rebuilt; a home that cannot be written
falls back to building in memory (the caller's job: ``open`` returns ``None``).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from .catalog import Catalog

#: 2: title keys read a Roman one after a part word ("Episode I" = "Episode 1"); 3: "teh" is "the";
#: 4: a title key's kind (full, main title, subtitle) in ``main``, subtitle and numeral-word keys added;
#: 5: a subtitle alone needs 10 letters and is not a description ("A Love Story"); each key's sound;
#: 6: a sound keeps the first vowel of a run; 7: numbers spelled in words are one number ("forty" = "40").
FORMAT = 7
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE people(key TEXT NOT NULL, directed INTEGER NOT NULL, mid INTEGER NOT NULL);
CREATE TABLE tag_words(word TEXT NOT NULL, mid INTEGER NOT NULL);
CREATE TABLE tags(mid INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE TABLE title_keys(key TEXT NOT NULL, mid INTEGER NOT NULL, main INTEGER NOT NULL, sound TEXT NOT NULL);
-- main: the key's kind; sound: the key as it sounds
"""
_INDEXES = """
CREATE INDEX people_key ON people(key);
CREATE INDEX tag_words_word ON tag_words(word);
CREATE INDEX tags_mid ON tags(mid);
"""

People = dict[str, tuple[list[int], list[int]]]
Tags = dict[int, list[tuple[str, ...]]]
TitleKeys = tuple[list[str], list[int], list[int], list[str]]  # keys, film ids, kinds (FULL/MAIN/PART), sounds


def catalog_stamp(catalog: Catalog) -> str:
    """What the tables were derived from: format, revision, film count, highest id and last change."""
    row = catalog._conn().execute("SELECT count(*), max(id), max(updated_at) FROM movies").fetchone()
    return f"{FORMAT}:{catalog.revision}:{row[0]}:{row[1]}:{row[2]}"


def store_path(catalog: Catalog) -> Path:
    return catalog.path.with_name(catalog.path.stem + ".lexicon.sqlite3")


class LexiconStore:
    """Read-only, thread-safe lookups in one built lexicon file."""

    def __init__(self, con: sqlite3.Connection, path: Path | None = None) -> None:
        self.path = path
        self._con = con
        self._lock = threading.Lock()

    @classmethod
    def read(cls, path: Path) -> LexiconStore:
        return cls(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False), path)

    def stamp(self) -> str | None:
        try:
            row = self._query("SELECT value FROM meta WHERE key='stamp'", ())
        except sqlite3.DatabaseError:
            return None
        return str(row[0][0]) if row else None

    def person(self, key: str) -> tuple[list[int], list[int]] | None:
        """Films directed and acted in by the person whose normalized name is ``key``."""
        rows = self._query("SELECT directed, mid FROM people WHERE key=? ORDER BY rowid", (key,))
        if not rows:
            return None
        directed = [m for d, m in rows if d]
        acted = [m for d, m in rows if not d]
        return directed, acted

    def tag_word_films(self, word: str) -> set[int]:
        return {r[0] for r in self._query("SELECT mid FROM tag_words WHERE word=?", (word,))}

    def film_tags(self, mids: Iterable[int]) -> Tags:
        out: Tags = {}
        ids = list(mids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for mid, tag in self._query(f"SELECT mid, tag FROM tags WHERE mid IN ({marks}) ORDER BY rowid", chunk):
                out.setdefault(mid, []).append(tuple(tag.split(" ")) if tag else ())
        return out

    def title_keys(self) -> TitleKeys:
        rows = self._query("SELECT key, mid, main, sound FROM title_keys ORDER BY rowid", ())
        return [r[0] for r in rows], [r[1] for r in rows], [int(r[2]) for r in rows], [r[3] for r in rows]

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _query(self, sql: str, args: Iterable[object]) -> list[tuple]:  # type: ignore[type-arg]
        with self._lock:
            return self._con.execute(sql, tuple(args)).fetchall()


def _fill(con: sqlite3.Connection, stamp: str, people: People, tags: Tags, titles: TitleKeys) -> None:
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    con.executemany(
        "INSERT INTO people(key, directed, mid) VALUES(?,?,?)",
        ((k, d, m) for k, (dd, aa) in people.items() for d, ms in ((1, dd), (0, aa)) for m in ms),
    )
    con.executemany(
        "INSERT INTO tag_words(word, mid) VALUES(?,?)",
        {(w, mid) for mid, ts in tags.items() for t in ts for w in t},
    )
    con.executemany(
        "INSERT INTO tags(mid, tag) VALUES(?,?)", ((mid, " ".join(t)) for mid, ts in tags.items() for t in ts)
    )
    con.executemany("INSERT INTO title_keys(key, mid, main, sound) VALUES(?,?,?,?)", zip(*titles, strict=True))
    con.executescript(_INDEXES)
    con.execute("INSERT INTO meta(key, value) VALUES('stamp', ?)", (stamp,))
    con.commit()


def write_store(path: Path, stamp: str, people: People, tags: Tags, titles: TitleKeys) -> None:
    """Write the tables to a temp file beside ``path`` and move it into place (atomic)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            _fill(con, stamp, people, tags, titles)
        finally:
            con.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_current(catalog: Catalog) -> LexiconStore | None:
    """The lexicon file of the catalog's current state, or ``None`` (missing, stale, unreadable)."""
    path = store_path(catalog)
    if not path.exists():
        return None
    try:
        store = LexiconStore.read(path)
    except sqlite3.Error:
        return None
    if store.stamp() != catalog_stamp(catalog):
        store.close()
        return None
    return store


Built = tuple[People, Tags, TitleKeys]


def open_or_build(catalog: Catalog, build: Callable[[], Built]) -> LexiconStore:
    """The current lexicon file; else ``build()`` it, save it, and read it back.

    A home that cannot be written keeps the freshly built tables in memory instead.
    """
    store = open_current(catalog)
    if store is not None:
        return store
    stamp = catalog_stamp(catalog)  # before building: a change meanwhile makes the file stale, not wrong
    people, tags, titles = build()
    path = store_path(catalog)
    try:
        write_store(path, stamp, people, tags, titles)
        return LexiconStore.read(path)
    except (OSError, sqlite3.Error):
        con = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(con, stamp, people, tags, titles)
        return LexiconStore(con)
