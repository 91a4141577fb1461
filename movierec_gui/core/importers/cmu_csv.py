"""CMU Movie Summary plots (CSV: ID, Title, Category, Plot — no year)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from .base import MovieRecord, RowResult, csv_rows

SOURCE = "cmu"
REQUIRED = ("ID", "Title", "Plot")


def _genres(cell: str) -> list[str]:
    # '"Thriller",  "Science Fiction"' — a quoted, comma-separated list.
    if not cell.strip():
        return []
    row = next(csv.reader([cell], skipinitialspace=True), [])
    return [g.strip().strip('"') for g in row if g.strip().strip('"')]


def read(path: Path) -> Iterator[RowResult]:
    for line, row in csv_rows(path, REQUIRED):
        if "__error__" in row:
            yield RowResult(line, error=row["__error__"])
            continue
        title = (row.get("Title") or "").strip()
        key = (row.get("ID") or "").strip()
        if not title or not key:
            yield RowResult(line, error="missing ID or Title")
            continue
        yield RowResult(
            line,
            MovieRecord(
                source=SOURCE,
                key=key,
                title=title,
                genres=_genres(row.get("Category") or ""),
                overview=(row.get("Plot") or "").strip(),
            ),
        )
