"""Generic history CSV: one film per row, read by header name.

============ ===============================================================
field        accepted headers (case, spaces and underscores ignored)
============ ===============================================================
title *      title, name, film, movie
year         year (or release_date)
rating       rating (0.5–5 stars), or rating10 (1–10, halved)
kind         kind / status: watched, liked, disliked, watchlist (default watched)
watched      watched_date, watched_at, date (ISO date, or unix seconds)
rated        rated_date, rated_at, date_rated
ids          tmdb_id, imdb_id (tt1234567); movie_id (a MovieRec export)
============ ===============================================================

``*`` a title or an id is required. Also reads Letterboxd's *import* format
(``Title, Year, Rating10, WatchedDate, tmdbID, imdbID``) and MovieRec's own export.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import EntryKind
from .history_base import Columns, HistoryRecord, parse_row, read_table

COLUMNS = Columns(movie_id=("movieid",))


def read(raw: bytes | Iterable[str], name: str, kind: EntryKind = EntryKind.WATCHED) -> Iterator[HistoryRecord]:
    for line, cells in read_table(raw, name, COLUMNS):
        yield parse_row(cells, COLUMNS, name, line, kind)
