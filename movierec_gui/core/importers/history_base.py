"""What every watch-history importer yields, how cells are read, and the import report.

History files are read by header name. Headers are compared after lowercasing and
dropping everything but letters and digits, so ``Your Rating``, ``your_rating`` and
``YourRating`` are one column. A cell that cannot be read (a bad date, a rating out of
range) becomes a warning and the film is kept without it; a row that names no film is
skipped and reported. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..csv_safe import unquote_cell
from ..errors import ImportFailedError
from ..models import EntryKind, ReportRow, format_day
from .base import header_cells, numbered_records, swallowed_rows
from .streams import MAX_FIELD_CHARS, shown, text_lines

MAX_FILE_BYTES = 64 << 20
#: The longest title a history row may name (a longer one is a broken row).
MAX_TITLE_CHARS = 500
#: Rows read from one history import (a person's whole Letterboxd or IMDb history is far smaller).
MAX_ROWS = 100_000


@dataclass(frozen=True)
class HistoryRecord:
    """One film named by a history file (before it is matched to the catalog)."""

    file: str
    line: int
    title: str = ""
    year: int | None = None
    kind: EntryKind = EntryKind.WATCHED
    rating: float | None = None
    watched_at: float | None = None
    rated_at: float | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    original_title: str | None = None
    movie_id: int | None = None  # our own id (a MovieRec export), trusted only if the title agrees
    error: str | None = None  # the row names no usable film
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Columns:
    """Which (normalized) headers feed which field, in order of preference."""

    title: tuple[str, ...] = ("title", "name", "film", "movie")
    original_title: tuple[str, ...] = ("originaltitle",)
    year: tuple[str, ...] = ("year",)
    release: tuple[str, ...] = ("releasedate",)
    rating5: tuple[str, ...] = ("rating",)
    rating10: tuple[str, ...] = ("rating10",)
    watched: tuple[str, ...] = ("watcheddate", "watchedat", "watchedon", "date")
    rated: tuple[str, ...] = ("rateddate", "ratedat", "daterated")
    kind: tuple[str, ...] = ("kind", "status", "list")
    tmdb: tuple[str, ...] = ("tmdbid", "tmdb")
    imdb: tuple[str, ...] = ("imdbid", "imdb", "const")
    movie_id: tuple[str, ...] = ()
    title_type: tuple[str, ...] = ()

    def identifying(self) -> tuple[str, ...]:
        return self.title + self.tmdb + self.imdb

    def known(self) -> set[str]:
        return {h for name in self.__dataclass_fields__ for h in getattr(self, name)}


# ---------------------------------------------------------------------------- cells
def norm_header(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", (name or "").lower())


def _delimiter(first_line: str, known: set[str]) -> str:
    """The delimiter that splits the header into the most known column names."""
    best, best_key = ",", (-1, -1)
    for delim in (",", ";", "\t", "|"):
        try:
            cells = next(csv.reader([first_line], delimiter=delim), [])
        except csv.Error:
            continue
        key = (sum(norm_header(c) in known for c in cells), len(cells))
        if key > best_key:
            best, best_key = delim, key
    return best


def header_of(raw: bytes, columns: Columns | None = None) -> set[str]:
    """The normalized header names of a CSV (any of the usual delimiters), from its first bytes."""
    known = (columns or Columns()).known()
    return {norm_header(c) for c in header_cells(raw, "header", lambda line: _delimiter(line, known))}


def read_table(
    source: bytes | Iterable[str], name: str, columns: Columns
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, {normalized header: cell})`` per data row, streamed from decoded lines (or bytes).

    Raises ``ImportFailedError`` when the file is empty or names no film column. A record whose
    cell holds a line break (an unbalanced quote swallowing the rows after it) is reported with
    its line range instead of being read as one film; reading stops after ``MAX_ROWS`` rows.
    """
    lines = text_lines(io.BytesIO(source), name) if isinstance(source, bytes) else iter(source)
    blank = 0
    for first in lines:
        if first.strip():
            break
        blank += 1
    else:
        raise ImportFailedError(f"{name}: the file is empty")
    csv.field_size_limit(MAX_FIELD_CHARS)
    delim = "\t" if name.lower().endswith(".tsv") else _delimiter(first.rstrip("\r\n"), columns.known())
    reader = csv.reader(itertools.chain([first], lines), delimiter=delim)
    try:
        header = [norm_header(h) for h in next(reader)]
    except (csv.Error, StopIteration) as exc:
        raise ImportFailedError(f"{name}: unreadable header ({exc})") from None
    if not any(h in header for h in columns.identifying()):
        found = shown(", ".join(h for h in header[:10] if h), 120) or "none"
        raise ImportFailedError(
            f"{name}: no title or id column (looked for Title/Name, tmdbID, imdbID/Const; found {found})"
        )
    rows = 0
    for line, cells in numbered_records(reader):
        line += blank
        if isinstance(cells, csv.Error):
            yield line, {"__error__": f"unreadable CSV from here on: {cells}"}
            return
        if rows >= MAX_ROWS:  # read at call time (tests lower it)
            yield line, {"__error__": f"more than {MAX_ROWS:,} rows; the rest of the file was not read"}
            return
        rows += 1
        end = reader.line_num + blank
        if end > line and any(swallowed_rows(c, delim) for c in cells):
            yield line, {"__error__": f"unbalanced quote: lines {line}–{end} run together; fix the quote and "
                                      "import again"}
            continue
        if any(c.strip() for c in cells):
            yield line, {h: c.strip() for h, c in zip(header, cells, strict=False) if h}


def pick(cells: dict[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        value = cells.get(name, "")
        if value:
            return value
    return ""


def parse_rating(value: str, scale: float) -> float:
    """A rating on a 0–``scale`` scale as 0.5–5 stars (``ValueError`` if not a rating)."""
    text = value.strip().replace(",", ".")
    stars = text.count("★") + 0.5 * text.count("½")
    number = stars if stars else float(text)
    if scale == 10:
        if not 1 <= number <= 10:
            raise ValueError(f"rating {value[:40]!r} is outside 1–10")
        number /= 2
    elif not 0.5 <= number <= 5:
        raise ValueError(f"rating {value[:40]!r} is outside 0.5–5")
    return round(number * 2) / 2


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%a %b %d %H:%M:%S %Y", "%d %b %Y", "%b %d, %Y", "%d %B %Y", "%B %d, %Y")


def parse_date(value: str) -> float:
    """Unix seconds for an ISO date/time, a few spelled-out forms, or epoch seconds.

    A date or time without a zone is the person's own (local time), as ``format_day`` shows it.
    """
    text = value.strip()
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):
        stamp = float(text)
    else:
        parsed = None
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            for fmt in _DATE_FORMATS:
                try:
                    parsed = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if parsed is None:
            raise ValueError(f"unrecognised date {value[:40]!r}")
        stamp = parsed.timestamp()  # naive values are local time
    if not -2_208_988_800 <= stamp <= 4_102_444_800:  # 1900–2100
        raise ValueError(f"implausible date {value[:40]!r}")
    return stamp


def parse_year(value: str) -> int:
    year = int(float(value.strip()[:4])) if value.strip()[:4].isdigit() else int(value)
    if not 1870 <= year <= 2100:
        raise ValueError(f"implausible year {value[:40]!r}")
    return year


def parse_imdb(value: str) -> str:
    m = re.search(r"tt(\d{5,10})", value) or re.fullmatch(r"(\d{5,10})", value.strip())
    if not m:
        raise ValueError(f"not an IMDb id: {value[:40]!r}")
    return f"tt{int(m.group(1)):07d}"


#: Ids we store are SQLite integers; anything beyond this is not an id.
MAX_ID = 2**53


def parse_tmdb(value: str) -> int:
    number = int(float(value.strip()))
    if not 0 < number < MAX_ID:
        raise ValueError(f"not a TMDb id: {value[:40]!r}")
    return number


def parse_movie_id(value: str) -> int:
    number = int(value.strip())
    if not 0 < number < MAX_ID:
        raise ValueError(f"not a MovieRec id: {value[:40]!r}")
    return number


_KIND_WORDS = {
    "watched": EntryKind.WATCHED,
    "seen": EntryKind.WATCHED,
    "watch": EntryKind.WATCHED,
    "liked": EntryKind.LIKED,
    "like": EntryKind.LIKED,
    "love": EntryKind.LIKED,
    "loved": EntryKind.LIKED,
    "favorite": EntryKind.LIKED,
    "favourite": EntryKind.LIKED,
    "disliked": EntryKind.DISLIKED,
    "dislike": EntryKind.DISLIKED,
    "notinterested": EntryKind.DISLIKED,
    "watchlist": EntryKind.WATCHLIST,
    "towatch": EntryKind.WATCHLIST,
    "wanttowatch": EntryKind.WATCHLIST,
    "planned": EntryKind.WATCHLIST,
}


def parse_kind(value: str) -> EntryKind:
    kind = _KIND_WORDS.get(norm_header(value))
    if kind is None:
        raise ValueError(f"unknown kind {value[:40]!r} (watched, liked, disliked or watchlist)")
    return kind


def parse_row(cells: dict[str, str], columns: Columns, file: str, line: int, kind: EntryKind) -> HistoryRecord:
    """Read one row by ``columns``; bad cells become warnings, a row without a film an error."""
    if "__error__" in cells:
        return HistoryRecord(file, line, error=cells["__error__"])
    warnings: list[str] = []
    values: dict[str, object] = {}

    def read(key: str, names: tuple[str, ...], parser: Callable[[str], object]) -> None:
        text = pick(cells, names)
        if not text:
            return
        try:
            values[key] = parser(text)
        except (ValueError, TypeError, OverflowError) as exc:
            warnings.append(f"{exc}; ignored")

    read("year", columns.year, parse_year)
    if "year" not in values:
        read("year", columns.release, parse_year)
    read("rating", columns.rating5, lambda v: parse_rating(v, 5))
    if "rating" not in values:
        read("rating", columns.rating10, lambda v: parse_rating(v, 10))
    read("watched_at", columns.watched, parse_date)
    read("rated_at", columns.rated, parse_date)
    read("kind", columns.kind, parse_kind)
    read("tmdb_id", columns.tmdb, parse_tmdb)
    read("imdb_id", columns.imdb, parse_imdb)
    read("movie_id", columns.movie_id, parse_movie_id)
    title = unquote_cell(pick(cells, columns.title))  # our own exports guard formula-like titles
    if len(title) > MAX_TITLE_CHARS:
        too_long = f"title longer than {MAX_TITLE_CHARS} characters"
        return HistoryRecord(file, line, title=shown(title, 60), error=too_long)
    if not title and not values.get("tmdb_id") and not values.get("imdb_id"):
        return HistoryRecord(file, line, error="no title or id in this row", warnings=tuple(warnings))
    rating = values.get("rating")
    return HistoryRecord(
        file=file,
        line=line,
        title=title,
        year=values.get("year"),  # type: ignore[arg-type]
        kind=values.get("kind", kind),  # type: ignore[arg-type]
        rating=rating,  # type: ignore[arg-type]
        watched_at=values.get("watched_at"),  # type: ignore[arg-type]
        rated_at=values.get("rated_at") if rating is not None else None,  # type: ignore[arg-type]
        tmdb_id=values.get("tmdb_id"),  # type: ignore[arg-type]
        imdb_id=values.get("imdb_id"),  # type: ignore[arg-type]
        original_title=pick(cells, columns.original_title) or None,
        movie_id=values.get("movie_id"),  # type: ignore[arg-type]
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------- report
@dataclass
class Unmatched:
    row: HistoryRecord
    problem: str  # "ambiguous", "not in catalog", or the reason the row is unreadable
    candidates: tuple[str, ...] = ()  # film labels


@dataclass
class HistoryImportReport:
    path: str
    format: str
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    matched_by: Counter[str] = field(default_factory=Counter)
    ambiguous: list[Unmatched] = field(default_factory=list)
    missing: list[Unmatched] = field(default_factory=list)
    skipped: list[Unmatched] = field(default_factory=list)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    unmatched_file: str | None = None

    @property
    def matched(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def unmatched(self) -> list[Unmatched]:
        return self.ambiguous + self.missing + self.skipped

    def to_json(self) -> dict[str, Any]:
        def item(u: Unmatched) -> dict[str, Any]:
            r = u.row
            return {
                "file": r.file,
                "line": r.line,
                "title": r.title,
                "year": r.year,
                "problem": u.problem,
                "candidates": list(u.candidates),
            }

        return {
            "path": self.path,
            "format": self.format,
            "read": self.read,
            "matched": self.matched,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "matched_by": dict(self.matched_by),
            "ambiguous": [item(u) for u in self.ambiguous],
            "not_in_catalog": [item(u) for u in self.missing],
            "skipped": [item(u) for u in self.skipped],
            "warnings": [{"file": f, "line": n, "message": m} for f, n, m in self.warnings],
            "ignored_files": self.ignored_files,
            "unmatched_file": self.unmatched_file,
        }

    def rows(self) -> list[ReportRow]:
        """The rows that could not be placed (with their candidates), then the warnings."""
        out = [
            ReportRow(u.row.file, u.row.line, u.row.title, u.row.year, u.problem, "; ".join(u.candidates[:6]))
            for u in self.unmatched
        ]
        out.extend(ReportRow(f, n, "", None, f"warning: {m}") for f, n, m in self.warnings)
        return out

    def summary(self, limit: int = 15) -> str:
        lines = [
            f"{self.path} [{self.format}]: {self.read} rows — {self.matched} matched "
            f"({self.added} added, {self.updated} updated, {self.unchanged} already known), "
            f"{len(self.ambiguous)} ambiguous, {len(self.missing)} not in catalog, {len(self.skipped)} unreadable"
        ]
        for title, group in (
            ("ambiguous (add a year or an id)", self.ambiguous),
            ("not in catalog", self.missing),
            ("unreadable", self.skipped),
        ):
            for u in group[:limit]:
                r = u.row
                name = shown(f"{r.title} ({r.year})" if r.year else (r.title or "?"), 120)
                extra = f" — candidates: {shown('; '.join(u.candidates[:5]), 300)}" if u.candidates else ""
                why = f" — {shown(u.problem, 200)}" if group is self.skipped else ""
                lines.append(f"  {title}: {shown(r.file, 80)}:{r.line} {name}{why}{extra}")
            if len(group) > limit:
                lines.append(f"  … and {len(group) - limit} more {title.split(' (')[0]}")
        for f, n, m in self.warnings[:limit]:
            lines.append(f"  warning: {shown(f, 80)}:{n} {shown(m, 200)}")
        if len(self.warnings) > limit:
            lines.append(f"  … and {len(self.warnings) - limit} more warnings")
        for f in self.ignored_files[:limit]:
            lines.append(f"  ignored: {shown(f, 200)}")
        if len(self.ignored_files) > limit:
            lines.append(f"  … and {len(self.ignored_files) - limit} more ignored files")
        if self.unmatched_file:
            lines.append(
                f"  unmatched rows saved to {self.unmatched_file} — fix them there and import that file again "
                "(it is a plain CSV history)"
            )
        return "\n".join(lines)


UNMATCHED_COLUMNS = (
    "title",
    "year",
    "kind",
    "rating",
    "watched_date",
    "tmdb_id",
    "imdb_id",
    "problem",
    "candidates",
    "file",
    "line",
)


def write_unmatched(path: str | os.PathLike[str], unmatched: list[Unmatched]) -> None:
    """The rows we could not place, as a generic history CSV the user can fix and re-import."""
    from pathlib import Path

    from ..csv_safe import SafeWriter
    from ..fsutil import atomic_writer

    with atomic_writer(Path(path), "w") as fh:
        out = SafeWriter(fh)
        out.writerow(UNMATCHED_COLUMNS)
        for u in unmatched:
            r = u.row
            watched = format_day(r.watched_at)
            out.writerow(
                (
                    r.title,
                    r.year or "",
                    r.kind.value,
                    "" if r.rating is None else f"{r.rating:g}",
                    watched,
                    r.tmdb_id or "",
                    r.imdb_id or "",
                    u.problem,
                    " | ".join(u.candidates),
                    r.file,
                    r.line,
                )
            )
