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
from collections.abc import Iterator
from io import BytesIO
from pathlib import PurePosixPath

from ..errors import ImportFailedError
from ..models import EntryKind
from .history_base import MAX_FILE_BYTES, Columns, HistoryRow, parse_row, read_table

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


def read_csv(raw: bytes, name: str) -> Iterator[HistoryRow]:
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


def read_zip(raw: bytes, name: str, ignored: list[str]) -> Iterator[HistoryRow]:
    """Rows of every history file in the export; other members are added to ``ignored``."""
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
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
    for key in FILES:
        found = wanted.get(key)
        if found is None:
            continue
        info = found
        if info.file_size > MAX_FILE_BYTES:
            raise ImportFailedError(f"{name}: {info.filename} is larger than {MAX_FILE_BYTES >> 20} MB")
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
            raise ImportFailedError(f"{name}: cannot read {info.filename} ({exc})") from None
        kind, columns = FILES[key]
        try:
            for line, cells in read_table(data, info.filename, columns):
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
