"""CMU Movie Summary plots (CSV: ID, Title, Category, Plot — no year)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from .base import MovieRecord, RowResult, read_csv_records

SOURCE = "cmu"
REQUIRED = ("ID", "Title", "Plot")


def _genres(cell: str) -> list[str]:
    # '"Thriller",  "Science Fiction"' — a quoted, comma-separated list.
    if not cell.strip():
        return []
    row = next(csv.reader([cell], skipinitialspace=True), [])
    return [g.strip().strip('"') for g in row if g.strip().strip('"')]


def parse(row: dict[str, str]) -> MovieRecord:
    title = (row.get("Title") or "").strip()
    key = (row.get("ID") or "").strip()
    if not title or not key:
        raise ValueError("missing ID or Title")
    return MovieRecord(
        source=SOURCE,
        key=key,
        title=title,
        genres=_genres(row.get("Category") or ""),
        overview=(row.get("Plot") or "").strip(),
    )


def read(path: Path) -> Iterator[RowResult]:
    return read_csv_records(path, REQUIRED, parse)
