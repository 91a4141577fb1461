"""What every catalog importer yields, and the report the user sees."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ImportFailedError


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

    def summary(self, max_errors: int = 20) -> str:
        lines = [
            f"{self.path} [{self.source}]: {self.read} rows read, {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.merged} merged with other sources, "
            f"{len(self.skipped)} skipped"
        ]
        for n, reason in self.skipped[:max_errors]:
            lines.append(f"  line {n}: {reason}")
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


def read_text(path: Path) -> str:
    """Read and decode a user file rather than fail on its encoding."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailedError(f"Cannot read {path}: {exc.strerror or exc}") from None
    return decode(raw)


#: A required column: a name, or a tuple of accepted names (matched case-insensitively).
Column = str | tuple[str, ...]


def csv_rows(path: Path, required: tuple[Column, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for a CSV parsed by header name.

    Raises ``ImportFailedError`` when the header lacks a required column (nothing
    can be read); row-level problems are left to the caller.
    """
    csv.field_size_limit(1 << 28)
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
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
            f"found {', '.join(header[:12]) or 'no header'}"
        )
    for start, row in numbered_records(reader):
        if isinstance(row, csv.Error):
            yield start, {"__error__": f"unreadable CSV row: {row}"}
            return
        if None in row:  # more fields than the header
            row = {k: v for k, v in row.items() if k is not None} | {"__extra__": "1"}
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


#: Errors a row parser may raise for a bad row (reported with the row's line number).
ROW_ERRORS = (ValueError, TypeError, KeyError)


def read_csv_records(
    path: Path, required: tuple[Column, ...], parse: Callable[[dict[str, str]], MovieRecord]
) -> Iterator[RowResult]:
    """Parse each CSV row with ``parse``; a row it rejects becomes a reported error."""
    for line, row in csv_rows(path, required):
        if "__error__" in row:
            yield RowResult(line, error=row["__error__"])
            continue
        try:
            yield RowResult(line, parse(row))
        except ROW_ERRORS as exc:
            yield RowResult(line, error=f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc))


def parse_int(value: str | None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    return int(float(str(value).strip()))


def parse_float(value: str | None) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    return float(str(value).strip())


def year_of(value: str | None) -> int | None:
    """The year in ``2009-12-10`` / ``2009`` / ``''`` (None when absent)."""
    value = (value or "").strip()
    if not value:
        return None
    y = int(value[:4])
    if not 1870 <= y <= 2100:
        raise ValueError(f"implausible year {y}")
    return y
