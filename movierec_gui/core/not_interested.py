""""Not interested": films, directors and series a person never wants suggested again.

Rows live in the history database, in their own table, with enough to re-link them when
film ids change (a catalog rebuilt or merged): the scope, the film id, its title and
year, and the director or collection value the scope names. Undo removes the row.

* ``film``: this film only;
* ``director``: every film by this director (``value`` = the director's name);
* ``series``: every film of this series (``value`` = the collection, or the base title
  of a title-pattern series, see ``core.series``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .models import Movie
from .series import normalize_title, sequel_mark
from .sqlite_store import SQLiteStore

SCOPES = ("film", "director", "series")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS not_interested (
    scope TEXT NOT NULL CHECK (scope IN ('film', 'director', 'series')),
    movie_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    year INTEGER,
    value TEXT NOT NULL DEFAULT '',
    added_at REAL NOT NULL,
    PRIMARY KEY (scope, value, movie_id)
);
"""


@dataclass(frozen=True)
class NotInterested:
    """One "not interested" statement."""

    scope: str
    movie_id: int
    title: str
    year: int | None
    value: str  # director name or series key ("" for a film)
    added_at: float

    @property
    def label(self) -> str:
        film = f"{self.title} ({self.year})" if self.year else self.title
        if self.scope == "director":
            return f"films by {self.value} (from {film})"
        if self.scope == "series":
            return f"the series of {film}"
        return film


def series_key(movie: Movie) -> str:
    """The series a film belongs to, as stored: its collection, else its base title."""
    if movie.collection:
        return "c:" + normalize_title(movie.collection)
    return "t:" + sequel_mark(movie.title)[0]


def scope_values(movie: Movie, scope: str) -> list[str]:
    """What a scope names for ``movie`` (a film: [""]; a director: each director)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r} (use {', '.join(SCOPES)})")
    if scope == "director":
        return list(movie.directors)
    if scope == "series":
        return [series_key(movie)]
    return [""]


class NotInterestedStore(SQLiteStore):
    """The ``not_interested`` table of the history database."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    def add(self, movie: Movie, scope: str = "film") -> int:
        """Record the statement; returns the rows added (0 when already there or nothing to name)."""
        values = scope_values(movie, scope)
        now = time.time()
        with self._conn() as con:
            before = con.total_changes
            con.executemany(
                "INSERT OR IGNORE INTO not_interested (scope, movie_id, title, year, value, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(scope, movie.id, movie.title, movie.year, v, now) for v in values],
            )
            return con.total_changes - before

    def remove(self, movie: Movie, scope: str = "film") -> int:
        """Undo: forget the statements of this scope made about (or naming) ``movie``."""
        values = scope_values(movie, scope)
        with self._conn() as con:
            before = con.total_changes
            for v in values:
                if scope == "film":
                    con.execute("DELETE FROM not_interested WHERE scope='film' AND movie_id=?", (movie.id,))
                else:
                    con.execute("DELETE FROM not_interested WHERE scope=? AND value=?", (scope, v))
            return con.total_changes - before

    def entries(self) -> list[NotInterested]:
        rows = self._conn().execute(
            "SELECT scope, movie_id, title, year, value, added_at FROM not_interested ORDER BY added_at, rowid"
        ).fetchall()
        return [NotInterested(s, int(m), t, y, v, a) for s, m, t, y, v, a in rows]

    def clear(self) -> int:
        with self._conn() as con:
            return con.execute("DELETE FROM not_interested").rowcount


def hidden_ids(entries: Iterable[NotInterested], movies: Mapping[int, Movie]) -> frozenset[int]:
    """Every film of ``movies`` (id → film) hidden by any statement: the film itself (by id,
    or by normalized title and year ±1 when its id changed), a director's films, a series."""
    films: set[int] = set()
    titles: dict[str, list[int | None]] = {}
    directors: set[str] = set()
    series: set[str] = set()
    for e in entries:
        if e.scope == "film":
            films.add(e.movie_id)
            titles.setdefault(normalize_title(e.title), []).append(e.year)
        elif e.scope == "director":
            directors.add(e.value.casefold())
        elif e.scope == "series":
            series.add(e.value)
    if not (films or directors or series):
        return frozenset()
    out = {i for i in films if i in movies}
    if not directors and not series and len(out) == len(films):
        return frozenset(out)  # every film still has its id: no need to look at the catalog
    for mid, m in movies.items():
        if mid in out:
            continue
        years = titles.get(normalize_title(m.title))
        same_film = years is not None and any(y is None or m.year is None or abs(y - m.year) <= 1 for y in years)
        by_director = bool(directors) and any(d.casefold() in directors for d in m.directors)
        if same_film or by_director or (bool(series) and series_key(m) in series):
            out.add(mid)
    return frozenset(out)
