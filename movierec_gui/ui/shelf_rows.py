"""``ShelfRows``: one recommendation shelf as a view shows it (built on a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import MovieRows


@dataclass(frozen=True)
class ShelfRows:
    key: str
    title: str
    personal: bool
    rows: MovieRows
