"""Letterboxd exports: the ZIP, or one of its CSVs (``Date, Name, Year, Letterboxd URI, …``).

===================== ========== ===========================================
file                  becomes    dates
===================== ========== ===========================================
``watched.csv``       watched    Date (when it was logged) as the watch time
``diary.csv``         watched    Watched Date (else Date); Rating
``reviews.csv``       watched    as the diary
``ratings.csv``       watched    Rating; Date as the rating time
``likes/films.csv``   liked
``watchlist.csv``     watchlist
===================== ========== ===========================================

Other files (lists, profile, comments, likes of reviews/lists) are reported as ignored.
Rows carry no ids, only Name and Year, so they are matched by title and year.
Inside a ZIP the files are read in the order above, so diary dates win over log dates.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO

from ..errors import ImportFailedError
from ..models import EntryKind
from . import history_base
from .history_base import Columns, HistoryRecord, parse_row, read_table
from .streams import member_lines

#: Members a ZIP may list before we call it something other than a Letterboxd export.
MAX_MEMBERS = 10_000

_BASE = dict(title=("name", "title"), year=("year",), tmdb=("tmdbid",), imdb=("imdbid",), kind=())
#: Per export file: (kind, columns). Keys are paths inside the ZIP, lower-case.
FILES: dict[str, tuple[EntryKind, Columns]] = {
    "watched.csv": (EntryKind.WATCHED, Columns(**_BASE, rating5=(), rating10=(), watched=("date",), rated=())),
    "diary.csv": (EntryKind.WATCHED, Columns(**_BASE, watched=("watcheddate", "date"), rated=("date",))),
    "reviews.csv": (EntryKind.WATCHED, Columns(**_BASE, watched=("watcheddate", "date"), rated=("date",))),
    "ratings.csv": (EntryKind.WATCHED, Columns(**_BASE, watched=(), rated=("date",))),
    "likes/films.csv": (EntryKind.LIKED, Columns(**_BASE, rating5=(), rating10=(), watched=(), rated=())),
    "watchlist.csv": (EntryKind.WATCHLIST, Columns(**_BASE, rating5=(), rating10=(), watched=(), rated=())),
}


def is_letterboxd(header: set[str]) -> bool:
    return "letterboxduri" in header and "name" in header


def spec_for(name: str, header: set[str]) -> tuple[EntryKind, Columns]:
    """The file's role from its name (``likes/films.csv``…), else from its columns."""
    path = PurePosixPath(name.replace("\\", "/").lower())
    for key in (f"{path.parent.name}/{path.name}", path.name):
        if key in FILES:
            return FILES[key]
    if "watchlist" in path.stem:
        return FILES["watchlist.csv"]
    if "watcheddate" in header:
        return FILES["diary.csv"]
    if "rating" in header:
        return FILES["ratings.csv"]
    return FILES["watched.csv"]


def read_csv(raw: bytes | Iterable[str], name: str) -> Iterator[HistoryRecord]:
    probe = Columns(**_BASE)
    header: set[str] = set()
    rows = read_table(raw, name, probe)
    first = next(rows, None)
    if first is not None:
        header = set(first[1])
    kind, columns = spec_for(name, header)
    if first is not None:
        yield parse_row(first[1], columns, name, first[0], kind)
    for line, cells in rows:
        yield parse_row(cells, columns, name, line, kind)


def read_zip(raw: bytes | Path | IO[bytes], name: str, ignored: list[str]) -> Iterator[HistoryRecord]:
    """Rows of every history file in the export; other members are added to ``ignored``.

    Members are streamed and capped by the bytes they actually inflate to (the sizes a ZIP
    declares may lie); encrypted members are refused.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(raw) if isinstance(raw, bytes) else raw)
        listed = archive.infolist()
        if len(listed) > MAX_MEMBERS:
            raise ImportFailedError(f"{name}: {len(listed):,} files inside; not a Letterboxd export")
        members = [i for i in listed if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ImportFailedError(f"{name}: not a readable ZIP file ({exc})") from None
    wanted: dict[str, zipfile.ZipInfo] = {}
    for info in members:
        key = _member_key(info.filename)
        if key in FILES and key not in wanted:
            wanted[key] = info
        else:
            ignored.append(info.filename)
    if not wanted:
        raise ImportFailedError(f"{name}: no Letterboxd history files inside (watched.csv, ratings.csv, diary.csv…)")
    total = 0
    for key in FILES:
        found = wanted.get(key)
        if found is None:
            continue
        info = found
        kind, columns = FILES[key]
        try:
            for line, cells in read_table(member_lines(archive, info, name), info.filename, columns):
                if total >= history_base.MAX_ROWS:  # the cap is for the whole export, not per member
                    yield HistoryRecord(info.filename, line, error=f"more than {history_base.MAX_ROWS:,} rows in "
                                     "this export; the rest was not read")
                    return
                total += 1
                yield parse_row(cells, columns, info.filename, line, kind)
        except ImportFailedError as exc:  # one bad member does not sink the rest
            ignored.append(f"{info.filename}: {exc}")


def _member_key(filename: str) -> str:
    """``export-2024/likes/films.csv`` → ``likes/films.csv``; ``x/watched.csv`` → ``watched.csv``."""
    path = PurePosixPath(filename.replace("\\", "/").lower())
    pair = f"{path.parent.name}/{path.name}"
    if pair in FILES or path.parent.name in _OTHER_FOLDERS:
        return pair
    return path.name


#: Folders of the export whose CSVs are not history (``lists/watched.csv`` is a list).
_OTHER_FOLDERS = {"lists", "likes", "deleted", "orphaned"}
