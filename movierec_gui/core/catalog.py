"""The catalog: every film MovieRec knows, in SQLite, with stable ids.

A film keeps its id for life: re-importing a source updates the same row, and a film
brought by several sources is merged into one row (by external id, else by normalized
title + year). Each source's own key is remembered in ``movie_sources`` so a re-import
finds its rows again even after another source changed the title.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .cinema import cinema_key
from .genres import canonical_genres
from .identity import YEAR_SLACK, FilmIdentity, same_film
from .importers.base import ImportReport, MovieRecord, RowResult
from .models import Movie, renown_prior
from .sqlite_store import SQLiteStore
from .text import normalize_title

#: Which source's description wins when several describe the same film (lower wins).
#: The most concise, plot-focused text first; our own starter synopses next.
OVERVIEW_PRIORITY = {"tmdb": 0, "starter": 1, "movielens": 2, "jsonl": 3, "csv": 3, "wikipedia": 4, "cmu": 5}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS movies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    norm_title TEXT NOT NULL,
    original_title TEXT,
    year INTEGER,
    genres TEXT NOT NULL DEFAULT '[]',
    overview TEXT NOT NULL DEFAULT '',
    overview_source TEXT,
    tagline TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',
    directors TEXT NOT NULL DEFAULT '[]',
    runtime INTEGER,
    vote_average REAL,
    vote_count INTEGER,
    popularity REAL,
    renown REAL,
    tmdb_id INTEGER UNIQUE,
    imdb_id TEXT UNIQUE,
    source TEXT NOT NULL,
    updated_at REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    cast_names TEXT NOT NULL DEFAULT '[]',
    countries TEXT NOT NULL DEFAULT '[]',
    languages TEXT NOT NULL DEFAULT '[]',
    silent INTEGER NOT NULL DEFAULT 0,
    collection TEXT
);
CREATE INDEX IF NOT EXISTS movies_norm_year ON movies(norm_title, year);
CREATE TABLE IF NOT EXISTS movie_sources (
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
    PRIMARY KEY (source, key)
);
CREATE INDEX IF NOT EXISTS movie_sources_movie ON movie_sources(movie_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

#: The lexical index: titles, plot text and keywords, stemmed (bm25 ranks it).
FTS_VERSION = "2"
_FTS_COLS = "title, original_title, overview, tagline, keywords"
_FTS_SCHEMA = f"""
DROP TRIGGER IF EXISTS movies_ai;
DROP TRIGGER IF EXISTS movies_ad;
DROP TRIGGER IF EXISTS movies_au;
DROP TABLE IF EXISTS movies_fts;
CREATE VIRTUAL TABLE movies_fts USING fts5(
    {_FTS_COLS}, content='movies', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER movies_ai AFTER INSERT ON movies BEGIN
    INSERT INTO movies_fts(rowid, {_FTS_COLS})
    VALUES (new.id, new.title, new.original_title, new.overview, new.tagline, new.keywords);
END;
CREATE TRIGGER movies_ad AFTER DELETE ON movies BEGIN
    INSERT INTO movies_fts(movies_fts, rowid, {_FTS_COLS})
    VALUES ('delete', old.id, old.title, old.original_title, old.overview, old.tagline, old.keywords);
END;
CREATE TRIGGER movies_au AFTER UPDATE ON movies BEGIN
    INSERT INTO movies_fts(movies_fts, rowid, {_FTS_COLS})
    VALUES ('delete', old.id, old.title, old.original_title, old.overview, old.tagline, old.keywords);
    INSERT INTO movies_fts(rowid, {_FTS_COLS})
    VALUES (new.id, new.title, new.original_title, new.overview, new.tagline, new.keywords);
END;
INSERT INTO movies_fts(movies_fts) VALUES ('rebuild');
INSERT INTO meta(key, value) VALUES ('fts_version', '{FTS_VERSION}')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
"""

_COLUMNS = (
    "id, title, original_title, year, genres, overview, tagline, keywords, directors, runtime, "
    "vote_average, vote_count, popularity, renown, tmdb_id, imdb_id, source, "
    "note, cast_names, countries, languages, silent, collection"
)

#: Columns added after the first release: (name, declaration), added to older files on open.
_ADDED_COLUMNS = (
    ("note", "TEXT NOT NULL DEFAULT ''"),
    ("cast_names", "TEXT NOT NULL DEFAULT '[]'"),
    ("countries", "TEXT NOT NULL DEFAULT '[]'"),
    ("languages", "TEXT NOT NULL DEFAULT '[]'"),
    ("silent", "INTEGER NOT NULL DEFAULT 0"),
    ("collection", "TEXT"),
)


def _row_to_movie(r: tuple[Any, ...]) -> Movie:
    return Movie(
        id=r[0],
        title=r[1],
        original_title=r[2],
        year=r[3],
        genres=tuple(json.loads(r[4])),
        overview=r[5],
        tagline=r[6],
        keywords=tuple(json.loads(r[7])),
        directors=tuple(json.loads(r[8])),
        runtime=r[9],
        vote_average=r[10],
        vote_count=r[11],
        popularity=r[12],
        renown=r[13],
        tmdb_id=r[14],
        imdb_id=r[15],
        source=r[16],
        note=r[17] or "",
        cast=tuple(json.loads(r[18] or "[]")),
        countries=tuple(json.loads(r[19] or "[]")),
        languages=tuple(json.loads(r[20] or "[]")),
        silent=bool(r[21]),
        collection=r[22],
    )


@dataclass(frozen=True)
class CatalogArrays:
    """Per-film attributes as arrays, for vectorized filters and priors."""

    ids: np.ndarray  # int64, sorted
    years: np.ndarray  # int32, -1 unknown
    runtimes: np.ndarray  # int32, -1 unknown
    genre_bits: np.ndarray  # uint64 bitmask into ``genre_names``
    genre_names: tuple[str, ...]
    renown: np.ndarray  # float32 0–1 (0 unknown)


class Catalog(SQLiteStore):
    """The SQLite catalog. One connection per thread; writes are serialized by SQLite."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)
        with self._conn() as con:
            present = {r[1] for r in con.execute("PRAGMA table_info(movies)")}
            for name, decl in _ADDED_COLUMNS:
                if name not in present:
                    con.execute(f"ALTER TABLE movies ADD COLUMN {name} {decl}")
            row = con.execute("SELECT value FROM meta WHERE key='fts_version'").fetchone()
            if row is None or row[0] != FTS_VERSION:
                con.executescript(_FTS_SCHEMA)

    @property
    def instance(self) -> str:
        """A random name given to this catalog file when it was created (a rebuilt file gets a new one)."""
        value = self.get_meta("instance")
        if value is None:
            import uuid

            value = uuid.uuid4().hex
            con = self._conn()
            with con:
                con.execute("INSERT OR IGNORE INTO meta(key, value) VALUES('instance', ?)", (value,))
            value = self.get_meta("instance") or value
        return value

    @property
    def revision(self) -> int:
        """Bumped on every change; caches of derived data compare it."""
        row = self._conn().execute("SELECT value FROM meta WHERE key='revision'").fetchone()
        return int(row[0]) if row else 0

    def _bump(self, con: sqlite3.Connection) -> None:
        con.execute(
            "INSERT INTO meta(key, value) VALUES('revision', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM movies").fetchone()[0])

    def get(self, movie_id: int) -> Movie | None:
        r = self._conn().execute(f"SELECT {_COLUMNS} FROM movies WHERE id=?", (int(movie_id),)).fetchone()
        return _row_to_movie(r) if r else None

    def get_many(self, ids: Iterable[int]) -> dict[int, Movie]:
        ids = [int(i) for i in ids]
        out: dict[int, Movie] = {}
        con = self._conn()
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for r in con.execute(f"SELECT {_COLUMNS} FROM movies WHERE id IN ({marks})", chunk):
                out[r[0]] = _row_to_movie(r)
        return out

    def all_ids(self) -> list[int]:
        return [r[0] for r in self._conn().execute("SELECT id FROM movies ORDER BY id")]

    def iter_movies(self, batch: int = 2000) -> Iterator[Movie]:
        last = 0
        con = self._conn()
        while True:
            rows = con.execute(
                f"SELECT {_COLUMNS} FROM movies WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield _row_to_movie(r)
            last = rows[-1][0]

    def listing(self) -> list[tuple[int, str, int | None, tuple[str, ...], int | None, float]]:
        """``(id, title, year, genres, runtime, renown 0–1)`` of every film, by id (the GUI's browse list)."""
        rows = self._conn().execute(
            "SELECT id, title, year, genres, runtime, renown, vote_count FROM movies ORDER BY id"
        )
        return [(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], _renown(r[5], r[6])) for r in rows]

    def counts_by_source(self) -> dict[str, int]:
        """Films per source that brought them (a merged film counts once per source)."""
        rows = self._conn().execute("SELECT source, count(DISTINCT movie_id) FROM movie_sources GROUP BY source")
        return dict(rows.fetchall())

    def genres(self) -> list[str]:
        seen: dict[str, int] = {}
        for (g,) in self._conn().execute("SELECT genres FROM movies"):
            for name in json.loads(g):
                seen[name] = seen.get(name, 0) + 1
        return sorted(seen, key=lambda n: (-seen[n], n))

    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        con = self._conn()
        with con:
            con.execute(
                "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def by_external_id(self, tmdb_id: int | None = None, imdb_id: str | None = None) -> Movie | None:
        con = self._conn()
        r = None
        if tmdb_id is not None:
            r = con.execute(f"SELECT {_COLUMNS} FROM movies WHERE tmdb_id=?", (tmdb_id,)).fetchone()
        if r is None and imdb_id:
            r = con.execute(f"SELECT {_COLUMNS} FROM movies WHERE imdb_id=?", (imdb_id,)).fetchone()
        return _row_to_movie(r) if r else None

    def identities(self, ids: Iterable[int]) -> dict[int, FilmIdentity]:
        """The durable identity of each film (``core.identity``)."""
        movies = self.get_many(ids)
        keys: dict[int, list[str]] = {}
        con = self._conn()
        mids = list(movies)
        for start in range(0, len(mids), 900):
            chunk = mids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for mid, src, key in con.execute(
                f"SELECT movie_id, source, key FROM movie_sources WHERE movie_id IN ({marks}) ORDER BY source, key",
                chunk,
            ):
                keys.setdefault(mid, []).append(f"{src}:{key}")
        return {
            mid: FilmIdentity(m.title, m.year, m.tmdb_id, m.imdb_id, tuple(keys.get(mid, ())))
            for mid, m in movies.items()
        }

    def find_identity(self, identity: FilmIdentity) -> int | None:
        """The film that carries ``identity`` now: external id, source key, else title within a year."""
        con = self._conn()
        if identity.tmdb_id is not None:
            r = con.execute("SELECT id FROM movies WHERE tmdb_id=?", (identity.tmdb_id,)).fetchone()
            if r:
                return int(r[0])
        if identity.imdb_id:
            r = con.execute("SELECT id FROM movies WHERE imdb_id=?", (identity.imdb_id,)).fetchone()
            if r:
                return int(r[0])
        for sk in identity.source_keys:
            source, _, key = sk.partition(":")
            r = con.execute("SELECT movie_id FROM movie_sources WHERE source=? AND key=?", (source, key)).fetchone()
            if r:
                movie = self.get(r[0])
                if movie is not None and identity.matches(movie):
                    return int(r[0])
        slack = YEAR_SLACK if identity.year is not None else 0
        found = [m for m in self.find_title(identity.title, identity.year, year_slack=slack) if identity.matches(m)]
        if identity.year is None and len(found) > 1:
            return None  # a year-less title shared by several films names none of them
        found.sort(key=lambda m: (abs((m.year or 0) - (identity.year or 0)), m.id))
        return found[0].id if found else None

    def find_title(self, title: str, year: int | None = None, year_slack: int = 0) -> list[Movie]:
        """Films whose normalized title (or original title) equals ``title``'s; best known first."""
        key = normalize_title(title)
        con = self._conn()
        ids = {r[0] for r in con.execute("SELECT id FROM movies WHERE norm_title=?", (key,))}
        for (mid,) in (
            con.execute(
                "SELECT rowid FROM movies_fts WHERE movies_fts MATCH ? LIMIT 200",
                (_fts_phrase(title, "original_title"),),
            )
            if key
            else ()
        ):
            ids.add(mid)
        movies = [
            m
            for m in self.get_many(ids).values()
            if normalize_title(m.title) == key or (m.original_title and normalize_title(m.original_title) == key)
        ]
        if year is not None:
            movies = [m for m in movies if m.year is not None and abs(m.year - year) <= year_slack]
        return sorted(movies, key=lambda m: (-(m.renown or 0), -(m.vote_count or 0), m.year or 0, m.id))

    def title_search(self, query: str, limit: int = 50) -> list[tuple[int, float]]:
        """Lexical hits (FTS5 bm25 over titles, plot text and keywords), best first.

        Any query word may match (stop words dropped, the last word also as a prefix
        for search-as-you-type); titles weigh three times the rest.
        """
        expr = _fts_query(query, self._too_common)
        if not expr:
            return []
        rows = self._conn().execute(
            "SELECT rowid, bm25(movies_fts, 3.0, 3.0, 1.0, 1.0, 1.0) AS rank FROM movies_fts "
            "WHERE movies_fts MATCH ? ORDER BY rank LIMIT ?",
            (expr, limit),
        )
        return [(r[0], -r[1]) for r in rows]

    #: Words in more than this share of films say little and make bm25 score much of the catalog
    #: (5 %: known-item recall@10 0.988 dev / 0.958 held out, lexical p90 13 -> 8 ms at 41k films).
    COMMON_WORD_SHARE = 0.05

    def _too_common(self, token: str) -> bool:
        """Whether ``token`` appears in too many films to help a lexical match (cached per revision)."""
        n, limit, total = self._word_count(token)
        return total >= 50 and n >= limit

    def word_films(self, token: str) -> int:
        """How many films' indexed text holds the word (or phrase) ``token``, stemmed, counted up to just past
        ``COMMON_WORD_SHARE`` of the catalog (a common word's exact count is not needed)."""
        return self._word_count(token)[0]

    def _word_count(self, token: str) -> tuple[int, int, int]:
        """``(films holding token, counting limit, films in the catalog)``, cached per revision."""
        key = (self.revision, token)
        cache = self.__dict__.setdefault("_df_cache", {})
        if key not in cache:
            con = self._conn()
            total = con.execute("SELECT count(*) FROM movies").fetchone()[0]
            limit = int(total * self.COMMON_WORD_SHARE) + 1
            n = con.execute(
                "SELECT count(*) FROM (SELECT 1 FROM movies_fts WHERE movies_fts MATCH ? LIMIT ?)",
                (f'"{token}"', limit),
            ).fetchone()[0]
            cache[key] = (int(n), limit, int(total))
        return cache[key]  # type: ignore[no-any-return]

    def title_index(self) -> tuple[list[str], list[int]]:
        """All normalized titles (and original titles) with their film ids, for fuzzy matching."""
        keys, ids = [], []
        for mid, norm, orig in self._conn().execute("SELECT id, norm_title, original_title FROM movies"):
            keys.append(norm)
            ids.append(mid)
            if orig:
                o = normalize_title(orig)
                if o != norm:
                    keys.append(o)
                    ids.append(mid)
        return keys, ids

    def titles(self) -> list[tuple[int, str, str | None, str]]:
        """``(id, title, original title, normalized title)`` of every film (typed-title lookups build on it)."""
        rows = self._conn().execute("SELECT id, title, original_title, norm_title FROM movies")
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def origins(self) -> list[tuple[int, str | None, str | None]]:
        """``(id, cinema countries, main language)`` of every film, by id (``cinema.cinema_key``: the
        countries whose cinema it is, joined)."""
        rows = self._conn().execute(
            "SELECT id, countries, languages, silent, title, original_title FROM movies ORDER BY id"
        )
        out: list[tuple[int, str | None, str | None]] = []
        for mid, countries, languages, silent, title, original in rows:
            langs = json.loads(languages or "[]")
            key = cinema_key(json.loads(countries or "[]"), langs, bool(silent), title, original)
            out.append((mid, key, langs[0] if langs else None))
        return out

    def tags(self) -> list[tuple[int, str]]:
        """``(id, keyword)`` for every theme keyword of every film."""
        rows = self._conn().execute("SELECT m.id, j.value FROM movies m, json_each(m.keywords) j")
        return [(r[0], str(r[1])) for r in rows]

    def people(self) -> list[tuple[int, bool, str]]:
        """``(id, directed, name)`` for every director (``True``) and cast member of every film."""
        rows = self._conn().execute(
            "SELECT m.id, 1, j.value FROM movies m, json_each(m.directors) j "
            "UNION ALL SELECT m.id, 0, j.value FROM movies m, json_each(m.cast_names) j"
        )
        return [(r[0], bool(r[1]), str(r[2])) for r in rows]

    def story_texts(self, ids: Iterable[int]) -> dict[int, str]:
        """Film id → its story as indexed text (synopsis, tagline, theme keywords; no title, no verdict)."""
        ids = [int(i) for i in ids]
        out: dict[int, str] = {}
        con = self._conn()
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for r in con.execute(f"SELECT id, overview, tagline, keywords FROM movies WHERE id IN ({marks})", chunk):
                out[r[0]] = f"{r[1] or ''} {r[2] or ''} {r[3] or ''}"
        return out

    def term_films(self, term: str, limit: int, column: str | None = None) -> list[int]:
        """Ids of at most ``limit`` films whose indexed text holds ``term`` (a word or phrase, stemmed).

        ``column`` (``"keywords"``, ``"title"``, …) looks in that field only.
        """
        tokens = _tokens(term)[:6]
        if not tokens or (column is not None and column not in _FTS_COLS.split(", ")):
            return []
        expr = ("" if column is None else f"{column} : ") + '"' + " ".join(tokens) + '"'
        return [r[0] for r in self._conn().execute(
            "SELECT rowid FROM movies_fts WHERE movies_fts MATCH ? LIMIT ?", (expr, limit)
        )]

    def arrays(self) -> CatalogArrays:
        rows = (
            self._conn()
            .execute(
                "SELECT id, coalesce(year, -1), coalesce(runtime, -1), genres, renown, vote_count "
                "FROM movies ORDER BY id"
            )
            .fetchall()
        )
        decoded: dict[str, list[str]] = {}  # few distinct genre lists: decode each once (2x faster load at 41k)
        parsed = [decoded[r[3]] if r[3] in decoded else decoded.setdefault(r[3], json.loads(r[3])) for r in rows]
        freq: dict[str, int] = {}
        for gs in parsed:
            for g in gs:
                freq[g] = freq.get(g, 0) + 1
        # The 64 most common genres get a bit each (rarer ones cannot be filtered on).
        names = {g: i for i, g in enumerate(sorted(freq, key=lambda g: (-freq[g], g))[:64])}
        bits = np.zeros(len(rows), dtype=np.uint64)
        for i, gs in enumerate(parsed):
            b = 0
            for g in gs:
                idx = names.get(g)
                if idx is not None:
                    b |= 1 << idx
            bits[i] = b
        renown = np.array([_renown(r[4], r[5]) for r in rows], dtype=np.float32)
        return CatalogArrays(
            ids=np.array([r[0] for r in rows], dtype=np.int64),
            years=np.array([r[1] for r in rows], dtype=np.int32),
            runtimes=np.array([r[2] for r in rows], dtype=np.int32),
            genre_bits=bits,
            genre_names=tuple(names),
            renown=renown,
        )

    # ------------------------------------------------------------------ writing
    def import_rows(
        self,
        rows: Iterable[RowResult],
        source: str,
        path: str = "",
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Merge ``rows`` into the catalog in one transaction; bad rows go to the report."""
        report = ImportReport(path=path, source=source)
        con = self._conn()
        with con:
            for row in rows:
                report.read += 1
                if row.record is None:
                    report.skipped.append((row.line, row.error or "unreadable row"))
                    continue
                try:
                    outcome = self._upsert(con, row.record)
                except sqlite3.IntegrityError as exc:
                    report.skipped.append((row.line, f"conflicts with another film: {exc}"))
                    continue
                setattr(report, outcome[0], getattr(report, outcome[0]) + 1)
                report.merged += outcome[1]
                if progress and report.read % 500 == 0:
                    progress(report.read)
            if report.added or report.updated:
                self._bump(con)
        return report

    def delete_source(self, source: str) -> int:
        """Forget what ``source`` brought; films no other source knows are removed."""
        con = self._conn()
        with con:
            ids = [r[0] for r in con.execute("SELECT movie_id FROM movie_sources WHERE source=?", (source,))]
            con.execute("DELETE FROM movie_sources WHERE source=?", (source,))
            removed = 0
            for mid in ids:
                if con.execute("SELECT 1 FROM movie_sources WHERE movie_id=?", (mid,)).fetchone() is None:
                    con.execute("DELETE FROM movies WHERE id=?", (mid,))
                    removed += 1
            self._bump(con)
        return removed

    def _find_existing(self, con: sqlite3.Connection, rec: MovieRecord, norm: str) -> tuple[int | None, bool]:
        """``(movie id, merged_from_other_source)`` for a record, or ``(None, False)``."""
        r = con.execute("SELECT movie_id FROM movie_sources WHERE source=? AND key=?", (rec.source, rec.key)).fetchone()
        if r:
            return r[0], False
        if rec.tmdb_id is not None:
            r = con.execute("SELECT id FROM movies WHERE tmdb_id=?", (rec.tmdb_id,)).fetchone()
            if r:
                return r[0], True
        if rec.imdb_id:
            r = con.execute("SELECT id FROM movies WHERE imdb_id=?", (rec.imdb_id,)).fetchone()
            if r:
                return r[0], True
        if rec.year is not None:
            r = con.execute(
                "SELECT id FROM movies WHERE norm_title=? AND year=? ORDER BY id LIMIT 1", (norm, rec.year)
            ).fetchone()
            if r:
                return r[0], True
            near = self._near_year(con, rec, norm)
            return (near, True) if near is not None else (None, False)
        # No year (CMU): merge only when exactly one film has this title.
        rows = con.execute("SELECT id FROM movies WHERE norm_title=? LIMIT 2", (norm,)).fetchall()
        return (rows[0][0], True) if len(rows) == 1 else (None, False)

    def _near_year(self, con: sqlite3.Connection, rec: MovieRecord, norm: str) -> int | None:
        """The film with this title a year off that a director or the runtime says is the same one."""
        assert rec.year is not None
        rows = con.execute(
            "SELECT id, directors, runtime, tmdb_id, imdb_id FROM movies WHERE norm_title=? AND year BETWEEN ? AND ? "
            "ORDER BY abs(year - ?), id",
            (norm, rec.year - YEAR_SLACK, rec.year + YEAR_SLACK, rec.year),
        ).fetchall()
        for mid, directors, runtime, tmdb_id, imdb_id in rows:
            if (rec.tmdb_id is not None and tmdb_id is not None and rec.tmdb_id != tmdb_id) or (
                rec.imdb_id and imdb_id and rec.imdb_id != imdb_id
            ):
                continue  # two films that both say who they are, and differ
            if same_film(rec.directors, rec.runtime, json.loads(directors or "[]"), runtime):
                return int(mid)
        return None

    def _upsert(self, con: sqlite3.Connection, rec: MovieRecord) -> tuple[str, int]:
        rec.genres = canonical_genres(rec.genres)
        mid, merged = self._find_existing(con, rec, normalize_title(rec.title))
        cols = ", ".join(_STORED)
        if mid is None:
            row = _merge(dict.fromkeys(_STORED), rec, owner=True)
            marks = ",".join("?" * (len(_STORED) + 2))
            cur = con.execute(
                f"INSERT INTO movies({cols}, norm_title, updated_at) VALUES ({marks})",
                (*row.values(), normalize_title(row["title"]), time.time()),
            )
            con.execute(
                "INSERT INTO movie_sources(source, key, movie_id) VALUES (?,?,?)", (rec.source, rec.key, cur.lastrowid)
            )
            return "added", 0
        con.execute(
            "INSERT OR IGNORE INTO movie_sources(source, key, movie_id) VALUES (?,?,?)", (rec.source, rec.key, mid)
        )
        current = dict(zip(_STORED, con.execute(f"SELECT {cols} FROM movies WHERE id=?", (mid,)).fetchone()))
        new = _merge(current, rec, owner=current["source"] == rec.source)
        if new == current:
            return "unchanged", int(merged)
        assignments = ", ".join(f"{c}=?" for c in _STORED)
        con.execute(
            f"UPDATE movies SET {assignments}, norm_title=?, updated_at=? WHERE id=?",
            (*new.values(), normalize_title(new["title"]), time.time(), mid),
        )
        return "updated", int(merged)


#: The columns a merge decides (``norm_title`` and ``updated_at`` follow from them).
_STORED = (
    "title", "original_title", "year", "genres", "overview", "overview_source", "tagline", "keywords",
    "directors", "runtime", "vote_average", "vote_count", "popularity", "renown", "tmdb_id", "imdb_id", "source",
    "note", "cast_names", "countries", "languages", "silent", "collection",
)  # fmt: skip
_NUMBERS = ("runtime", "vote_average", "vote_count", "popularity", "renown")
#: Stored column -> the record's attribute, for the JSON list columns.
_LISTS = {
    "genres": "genres", "keywords": "keywords", "directors": "directors",
    "cast_names": "cast", "countries": "countries", "languages": "languages",
}  # fmt: skip


def _merge(cur: dict[str, Any], rec: MovieRecord, owner: bool) -> dict[str, Any]:
    """Field-by-field merge of ``rec`` into the stored row ``cur``.

    The source that created a row (``owner``) may correct it; other sources only fill
    gaps, except the overview, which follows ``OVERVIEW_PRIORITY``.
    """
    new = dict(cur)
    if new["source"] is None:
        new["source"] = rec.source
    rank = OVERVIEW_PRIORITY.get(rec.source, 3)
    if rec.overview and (
        not cur["overview"]
        or cur["overview_source"] == rec.source
        or rank < OVERVIEW_PRIORITY.get(cur["overview_source"] or "", 9)
    ):
        new["overview"], new["overview_source"] = rec.overview, rec.source
    new.setdefault("overview", "")
    if new["overview"] is None:
        new["overview"] = ""
    if owner:
        new["title"] = rec.title
        new["year"] = rec.year if rec.year is not None else cur["year"]
        new["original_title"] = rec.original_title or cur["original_title"]
    else:
        new["year"] = cur["year"] if cur["year"] is not None else rec.year
        new["original_title"] = cur["original_title"] or rec.original_title
    new["tagline"] = rec.tagline if rec.tagline and (owner or not cur["tagline"]) else (cur["tagline"] or "")
    for field, attr in _LISTS.items():
        value = getattr(rec, attr)
        if value and (owner or cur[field] in (None, "[]")):
            new[field] = json.dumps(value)
        elif cur[field] is None:
            new[field] = "[]"
    new["note"] = rec.note if rec.note and (owner or not cur["note"]) else (cur["note"] or "")
    if rec.silent is not None and (owner or cur["silent"] is None):
        new["silent"] = int(rec.silent)
    elif cur["silent"] is None:
        new["silent"] = 0
    new["collection"] = rec.collection if rec.collection and (owner or not cur["collection"]) else cur["collection"]
    for field in _NUMBERS:
        value = getattr(rec, field)
        if value is not None and (owner or cur[field] is None):
            new[field] = value
    new["tmdb_id"] = cur["tmdb_id"] if cur["tmdb_id"] is not None else rec.tmdb_id
    new["imdb_id"] = cur["imdb_id"] or rec.imdb_id
    return new


_renown = renown_prior


def _tokens(text: str) -> list[str]:
    return [t for t in normalize_title(text).split() if t]


_STOP_WORDS = frozenset(
    "a an the of and or to in on at for with by from as is are was be been his her their its who whom that this "
    "these those into about after before over under while when where what which he she they it them him one "
    "out up no not but if then than so too very own just only also get gets has have had will would can".split()
)


def _fts_query(query: str, too_common: Callable[[str], bool] | None = None) -> str:
    """An FTS5 expression: any content word (``OR``); in short queries the last word also as a prefix.

    In longer queries, words ``too_common`` says most films contain are left out.
    """
    tokens = [t for t in _tokens(query)[:64] if t not in _STOP_WORDS]
    if too_common is not None and len(tokens) > 2:
        tokens = [t for t in tokens if not too_common(t)] or tokens[-1:]
    if not tokens:
        return ""
    parts = list(dict.fromkeys(f'"{t}"' for t in tokens))
    if len(tokens) <= 2 and len(tokens[-1]) >= 2:  # still typing a title or a word
        parts.append(f'"{tokens[-1]}"*')
    return " OR ".join(parts)


def _fts_phrase(title: str, column: str) -> str:
    tokens = _tokens(title)[:12]
    return f'{column} : "{" ".join(tokens)}"' if tokens else '""'
