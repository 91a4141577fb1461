"""Import a watch-history file: detect its format, read it, match films, merge, report.

Formats: ``letterboxd`` (the export ZIP or one of its CSVs), ``imdb`` (ratings or list
CSVs), ``csv`` (generic, see ``importers/history_csv.py``); ``auto`` picks by content.
Rows that cannot be placed (ambiguous, not in the catalog, unreadable) are listed in the
report and written to ``<name>-unmatched.csv``, a generic CSV the user can fix and import
again. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .catalog import Catalog
from .errors import ImportFailedError, UserInputError
from .history import HistoryStore
from .importers import history_csv, history_imdb, history_letterboxd
from .importers.history_base import (
    HistoryImportReport,
    HistoryRecord,
    Unmatched,
    header_of,
    write_unmatched,
)
from .importers.streams import file_lines, open_regular
from .matching import Match, MatchStatus, TitleMatcher
from .models import HistoryEntry
from .text import normalize_title

FORMATS = ("auto", "letterboxd", "imdb", "csv")
#: An import that would add or change this many entries is confirmed first.
BIG_IMPORT = 200
#: Headers that say a file is about films (a catalog), and headers that say it is about someone's viewing.
_CATALOG_HEADERS = frozenset(
    "overview description plot synopsis summary genres genre runtime tagline keywords budget revenue "
    "popularity voteaverage votecount cast director directors".split()
)
_HISTORY_HEADERS = frozenset(
    "rating rating10 myrating yourrating watcheddate watchedat watchedon date rateddate ratedat daterated "
    "kind status list liked like rewatch movieid dateadded created".split()
)


def refuse_catalog(raw: bytes, name: str) -> None:
    """A generic CSV that describes films but says nothing about viewing is a catalog, not a history."""
    header = header_of(raw)
    if header & _HISTORY_HEADERS or not header & _CATALOG_HEADERS:
        return
    shown = ", ".join(sorted(header & _CATALOG_HEADERS)[:4])
    raise ImportFailedError(
        f"{name} looks like a film catalog (columns {shown}), not a watch history: it has no rating, date or "
        "status column. To add these films to the catalog, use `movierec catalog import`; nothing was imported."
    )


def _read_head(path: Path) -> bytes:
    """The first 64 KB (to detect the format); the readers stream the rest."""
    if not path.exists():
        raise UserInputError(f"No such file: {path}")
    if path.is_dir():
        raise UserInputError(f"{path} is a folder; give the export ZIP or a CSV file")
    with open_regular(path) as fh:  # refuses pipes and devices without blocking on them
        try:
            return fh.read(65536)
        except OSError as exc:
            raise ImportFailedError(f"Cannot read {path}: {exc.strerror or exc}") from None


def detect_format(raw: bytes, name: str) -> str:
    if raw[:4] == b"PK\x03\x04" or name.lower().endswith(".zip"):
        return "letterboxd"
    header = header_of(raw)
    if history_letterboxd.is_letterboxd(header):
        return "letterboxd"
    if history_imdb.is_imdb(header):
        return "imdb"
    return "csv"


def read_history(path: Path, fmt: str = "auto") -> tuple[str, list[HistoryRecord], list[str]]:
    """``(format, rows, ignored files)``; raises ``ImportFailedError`` if nothing is readable."""
    path = Path(path)
    if fmt not in FORMATS:
        raise UserInputError(f"Unknown history format {fmt!r}; choose one of {', '.join(FORMATS)}")
    raw = _read_head(path)
    if fmt == "auto":
        fmt = detect_format(raw, path.name)
    ignored: list[str] = []
    rows: Iterator[HistoryRecord]
    if fmt == "letterboxd":
        is_zip = raw[:4] == b"PK\x03\x04" or path.suffix.lower() == ".zip"
        rows = history_letterboxd.read_zip(path, path.name, ignored) if is_zip else history_letterboxd.read_csv(
            file_lines(path), path.name
        )
    elif fmt == "imdb":
        rows = history_imdb.read(file_lines(path), path.name)
    else:
        refuse_catalog(raw, path.name)
        rows = history_csv.read(file_lines(path), path.name)
    return fmt, list(rows), ignored


def unmatched_path(folder: Path, source: Path) -> Path:
    stem = source.stem if source.stem.endswith("-unmatched") else f"{source.stem}-unmatched"
    return Path(folder) / f"{stem}.csv"


def import_history(
    path: Path,
    catalog: Catalog,
    store: HistoryStore,
    fmt: str = "auto",
    unmatched_dir: Path | None = None,
    confirm: Callable[[int, int], bool] | None = None,
) -> HistoryImportReport:
    """Read, match and merge ``path`` into ``store`` as one undoable batch; the report says what
    happened to every row. ``confirm(added, updated)`` is asked first when the import is big."""
    path = Path(path)
    fmt, rows, ignored = read_history(path, fmt)
    report = HistoryImportReport(path=str(path), format=fmt, ignored_files=ignored)
    matcher = TitleMatcher(catalog)
    source = f"{fmt}:{path.name}"
    entries: list[HistoryEntry] = []
    labels: dict[int, str] = {}

    def label_all(ids: tuple[int, ...]) -> tuple[str, ...]:
        missing = [i for i in ids if i not in labels]
        if missing:
            labels.update({i: m.label for i, m in catalog.get_many(missing).items()})
        return tuple(labels.get(i, str(i)) for i in ids[:8])

    for row in rows:
        report.read += 1
        report.warnings.extend((row.file, row.line, w) for w in row.warnings)
        if row.error:
            report.skipped.append(Unmatched(row, row.error))
            continue
        match = _match(row, matcher, catalog)
        if match.status is MatchStatus.MATCHED and match.movie_id is not None:
            report.matched_by[match.how] += 1
            entries.append(
                HistoryEntry(match.movie_id, row.kind, row.rating, row.watched_at, row.rated_at, source)
            )
        elif match.status is MatchStatus.AMBIGUOUS:
            report.ambiguous.append(Unmatched(row, "ambiguous", label_all(match.candidates)))
        else:
            report.missing.append(Unmatched(row, "not in catalog", label_all(match.candidates)))
    if confirm is not None:
        preview = store.preview(entries)
        if preview.added + preview.updated >= BIG_IMPORT and not confirm(preview.added, preview.updated):
            raise UserInputError(f"Import of {path.name} cancelled; your history is unchanged.")
    counts = store.add_many(entries, batch=f"import {path.name}")
    report.added, report.updated, report.unchanged = counts.added, counts.updated, counts.unchanged
    if report.unmatched and unmatched_dir is not None:
        target = unmatched_path(unmatched_dir, path)
        write_unmatched(target, report.unmatched)
        report.unmatched_file = str(target)
    return report


def _match(row: HistoryRecord, matcher: TitleMatcher, catalog: Catalog) -> Match:
    if row.movie_id is not None:
        movie = catalog.get(row.movie_id)
        if movie is not None and normalize_title(movie.title) == normalize_title(row.title):
            return Match(MatchStatus.MATCHED, movie.id, (movie.id,), "movierec id")
    match = matcher.match(row.title, row.year, row.tmdb_id, row.imdb_id)
    if match.status is MatchStatus.MISSING and row.original_title:
        alt = matcher.match(row.original_title, row.year)
        if alt.status is not MatchStatus.MISSING:
            return alt
    return match
