"""IMDb exports: ``ratings.csv`` and watchlist / list exports (by header name).

Ratings: ``Const, Your Rating (1–10), Date Rated, Title, Original Title, Title Type,
Year, Release Date, …``. Lists add ``Position, Created, …``; their films go to the
watchlist unless the user rated them. Rows that are not films (TV series, episodes,
games) are reported and skipped; ``movie``/``Movie``, TV movies, videos and shorts count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..models import EntryKind
from .history_base import Columns, HistoryRecord, norm_header, parse_row, pick, read_table

COLUMNS = Columns(
    title=("title",),
    original_title=("originaltitle",),
    rating5=(),
    rating10=("yourrating",),
    watched=(),
    rated=("daterated",),
    kind=(),
    tmdb=(),
    imdb=("const",),
    title_type=("titletype",),
)
FILM_TYPES = {"movie", "tvmovie", "video", "short", "tvshort", "tvspecial", "feature", "documentary"}


def is_imdb(header: set[str]) -> bool:
    return "const" in header and bool({"yourrating", "position", "titletype"} & header)


def read(raw: bytes | Iterable[str], name: str) -> Iterator[HistoryRecord]:
    for line, cells in read_table(raw, name, COLUMNS):
        is_list = "position" in cells or "created" in cells
        row = parse_row(cells, COLUMNS, name, line, EntryKind.WATCHED)
        kind_of = pick(cells, COLUMNS.title_type)
        if row.error is None and kind_of and norm_header(kind_of) not in FILM_TYPES:
            yield HistoryRecord(name, line, title=row.title, year=row.year, error=f"not a film ({kind_of})")
            continue
        if is_list and row.rating is None:
            row = replace(row, kind=EntryKind.WATCHLIST)
        elif row.rating is not None and row.watched_at is None:
            row = replace(row, watched_at=row.rated_at)
        yield row
