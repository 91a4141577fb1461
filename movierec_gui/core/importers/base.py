"""What every catalog importer yields, and the report the user sees."""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ImportFailedError
from ..models import ReportRow
from .streams import MAX_FIELD_CHARS, MAX_ROWS, file_lines, read_file_capped, shown, text_lines


@dataclass
class MovieRecord:
    """One film as read from a source, before it is merged into the catalog."""

    source: str
    key: str  # the film's id within its source (tmdb id, wiki href, …)
    title: str
    year: int | None = None
    original_title: str | None = None
    genres: list[str] = field(default_factory=list)
    overview: str = ""
    tagline: str = ""
    keywords: list[str] = field(default_factory=list)
    directors: list[str] = field(default_factory=list)
    runtime: int | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    popularity: float | None = None
    renown: float | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    note: str = ""
    cast: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    silent: bool | None = None
    collection: str | None = None


@dataclass(frozen=True)
class RowResult:
    """A record, or the reason row ``line`` was skipped (1-based line / item number)."""

    line: int
    record: MovieRecord | None = None
    error: str | None = None


@dataclass
class ImportReport:
    path: str
    source: str
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # matched a film another source had already brought
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "source": self.source,
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "skipped": [{"line": n, "reason": r} for n, r in self.skipped],
        }

    def rows(self) -> list[ReportRow]:
        """The skipped rows, for a table (the GUI) or a file."""
        name = Path(self.path).name
        return [ReportRow(name, n, "", None, reason) for n, reason in self.skipped]

    def summary(self, max_errors: int = 20) -> str:
        lines = [
            f"{self.path} [{self.source}]: {self.read} rows read, {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.merged} merged with other sources, "
            f"{len(self.skipped)} skipped"
        ]
        for n, reason in self.skipped[:max_errors]:
            lines.append(f"  line {n}: {shown(reason, 200)}")
        if len(self.skipped) > max_errors:
            lines.append(f"  … and {len(self.skipped) - max_errors} more skipped rows")
        return "\n".join(lines)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252, else latin-1 (which decodes anything)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_text(path: Path, limit: int | None = None) -> str:
    """Read and decode a whole user file (regular files only, at most ``limit`` or ``streams.MAX_FILE_BYTES``)."""
    return decode(read_file_capped(path, limit))


def header_cells(head: bytes, name: str, delimiter: Callable[[str], str]) -> list[str]:
    """The cells of the first non-blank line of a CSV's first bytes (the one header reader of every
    format detection), split by the delimiter ``delimiter(line)`` picks; [] when it cannot be split."""
    first = next((ln for ln in text_lines(io.BytesIO(head[:65536]), name) if ln.strip()), "").rstrip("\r\n")
    try:
        return next(csv.reader([first], delimiter=delimiter(first)), [])
    except csv.Error:
        return []


def delimiter_for(path: Path, header_line: str) -> str:
    """Tab for ``.tsv`` files or a header with tabs but no commas; else comma."""
    if path.suffix.lower() == ".tsv" or ("\t" in header_line and "," not in header_line):
        return "\t"
    return ","


#: A required column: a name, or a tuple of accepted names (matched case-insensitively).
Column = str | tuple[str, ...]


def csv_rows(path: Path, required: tuple[Column, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for a CSV parsed by header name.

    Raises ``ImportFailedError`` when the header lacks a required column (nothing
    can be read); row-level problems are left to the caller.
    """
    csv.field_size_limit(MAX_FIELD_CHARS)
    lines = file_lines(path)
    first = next(lines, "")
    delim = delimiter_for(path, first)
    reader = csv.DictReader(itertools.chain([first], lines), delimiter=delim)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ImportFailedError(f"{path.name}: unreadable header ({exc})") from None
    reader.fieldnames = header
    lowered = {h.lower() for h in header}
    missing = [
        c if isinstance(c, str) else " or ".join(c)
        for c in required
        if (c not in header if isinstance(c, str) else not lowered & {a.lower() for a in c})
    ]
    if missing:
        delim_hint = " (is it really comma-separated?)" if len(header) <= 1 else ""
        raise ImportFailedError(
            f"{path.name}: missing column(s) {', '.join(missing)}{delim_hint}; "
            f"found {shown(', '.join(header[:12]), 120) or 'no header'}"
        )
    for n, (start, row) in enumerate(numbered_records(reader)):
        if isinstance(row, csv.Error):
            yield start, {"__error__": f"unreadable CSV row: {row}"}
            return
        if n >= MAX_ROWS:
            yield start, {"__error__": f"more than {MAX_ROWS:,} rows; the rest of the file was not read"}
            return
        if None in row:  # more fields than the header
            row = {k: v for k, v in row.items() if k is not None} | {"__extra__": "1"}
        end = reader.line_num
        if end > start and any(_SHORT.search(k or "") and swallowed_rows(v, delim)
                               for k, v in row.items()):
            yield start, {"__error__": f"unbalanced quote: lines {start}–{end} run together; fix the quote"}
            continue
        yield start, row


def numbered_records(reader: Any) -> Iterator[tuple[int, Any]]:
    """``(first line, record)`` for each record of a ``csv`` reader (records may span lines).

    A record the csv module cannot read comes back once as ``(line, csv.Error)``, and
    the iteration stops there: nothing after a broken quote can be trusted.
    """
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, exc
            return
        yield line, record
        line = reader.line_num + 1


#: Columns that never hold a line break; one that does is an unbalanced quote swallowing rows.
_SHORT = re.compile(r"(?i)^(title|name|year|release_date|id|key|tmdb_?id|imdb_?id|movieid|runtime)$")

def swallowed_rows(cell: str | None, delimiter: str) -> bool:
    """A cell whose later lines hold the delimiter: an unbalanced quote ran rows together."""
    if not cell or "\n" not in cell:
        return False
    return any(delimiter in line for line in cell.splitlines()[1:])


#: Errors a row parser may raise for a bad row (reported with the row's line number).
ROW_ERRORS = (ValueError, TypeError, KeyError, OverflowError, RecursionError, AttributeError)


def read_csv_records(
    path: Path, required: tuple[Column, ...], parse: Callable[[dict[str, str]], MovieRecord]
) -> Iterator[RowResult]:
    """Parse each CSV row with ``parse``; a row it rejects becomes a reported error."""
    for line, row in csv_rows(path, required):
        if "__error__" in row:
            yield RowResult(line, error=row["__error__"])
            continue
        try:
            yield RowResult(line, checked(parse(row)))
        except ROW_ERRORS as exc:
            yield RowResult(line, error=row_error(exc))


def row_error(exc: BaseException) -> str:
    """A short reason for a rejected row (never the whole of a huge cell)."""
    text = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:200] + "…"


#: Plausible bounds for numeric fields (a value outside is a bad cell, reported with its line).
_INT_BOUNDS = {"year": (1870, 2100), "runtime": (0, 100_000), "tmdb_id": (1, 2**53), "vote_count": (0, 10**10)}
_FLOAT_BOUNDS = {"vote_average": (0.0, 10.0), "popularity": (0.0, 1e9), "renown": (0.0, 1.0)}
#: The longest title or key we accept (a longer one is a broken row, not a film).
MAX_TITLE_CHARS = 500


def checked(record: MovieRecord) -> MovieRecord:
    """``record`` if every field is plausible (fits SQLite, finite, in range); else ``ValueError``."""
    for name, (lo, hi) in _INT_BOUNDS.items():
        value = getattr(record, name)
        if value is not None and not (isinstance(value, int) and lo <= value <= hi):
            raise ValueError(f"{name} {str(value)[:30]} is outside {lo}–{hi}")
    for name, (flo, fhi) in _FLOAT_BOUNDS.items():
        fvalue = getattr(record, name)
        if fvalue is not None and not (math.isfinite(fvalue) and flo <= fvalue <= fhi):
            raise ValueError(f"{name} {str(fvalue)[:30]} is outside {flo:g}–{fhi:g}")
    if len(record.title) > MAX_TITLE_CHARS or len(record.key) > MAX_TITLE_CHARS:
        raise ValueError(f"title or id longer than {MAX_TITLE_CHARS} characters")
    return record


def parse_int(value: str | None) -> int | None:
    """An integer cell (``12``, ``12.0``); ``ValueError`` for text, infinities and NaN."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if len(text) > 40:
        raise ValueError(f"not a number: {text[:20]!r}…")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {text!r}")
    return int(number)


def parse_float(value: str | None) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    return float(str(value).strip())


def year_of(value: str | None) -> int | None:
    """The year in ``2009-12-10`` / ``2009`` / ``''`` (None when absent)."""
    value = (value or "").strip()
    if not value:
        return None
    if not value[:4].isdigit():
        raise ValueError(f"no year in {value[:20]!r}")
    y = int(value[:4])
    if not 1870 <= y <= 2100:
        raise ValueError(f"implausible year {y}")
    return y


def original_language_first(spoken: list[Any], original: object) -> list[dict[str, Any]]:
    """TMDB's spoken languages (dicts) with the film's original language first: TMDB lists them in
    no set order (English before Japanese for *Steamboy*), and the first is read as the main one."""
    items = [s for s in spoken if isinstance(s, dict)]
    first = [s for s in items if original and s.get("iso_639_1") == original]
    return first + [s for s in items if s not in first]
