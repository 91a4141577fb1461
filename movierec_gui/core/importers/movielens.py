"""MovieLens ``movies.csv`` / ``movies_with_text.csv`` (title carries the year: ``Heat (1995)``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .base import MovieRecord, RowResult, parse_int, read_csv_records

SOURCE = "movielens"
REQUIRED = ("movieId", "title", "genres")
_TITLE_YEAR = re.compile(r"^(.*?)\s*\((\d{4})(?:[–-]\d{0,4})?\)\s*$")
_AKA = re.compile(r"^(.*?)\s+\(([^()]+)\)$")
_ARTICLE_SUFFIX = re.compile(r"^(.*), (The|A|An|Les|La|Le|L'|Il|El|Das|Der|Die)$")


def split_title(raw: str) -> tuple[str, str | None, int | None]:
    """``"Seven Samurai (Shichinin no samurai) (1954)"`` → (title, original title, year)."""
    raw = raw.strip()
    m = _TITLE_YEAR.match(raw)
    title, year = (m.group(1), int(m.group(2))) if m else (raw, None)
    original = None
    aka = _AKA.match(title)
    if aka:
        title, original = aka.group(1), aka.group(2)
        if original.lower().startswith("a.k.a. "):
            original = None
    return _unsuffix(title), (_unsuffix(original) if original else None), year


def _unsuffix(title: str) -> str:
    m = _ARTICLE_SUFFIX.match(title)
    if not m:
        return title
    article = m.group(2)
    return f"{article}{'' if article.endswith(chr(39)) else ' '}{m.group(1)}"


def parse(row: dict[str, str]) -> MovieRecord:
    movie_id = parse_int(row.get("movieId"))
    if movie_id is None:
        raise ValueError("missing movieId")
    title, original, year = split_title(row.get("title") or "")
    if not title:
        raise ValueError("empty title")
    genres = [g for g in (row.get("genres") or "").split("|") if g and g != "(no genres listed)"]
    imdb = (row.get("imdbId") or "").strip()
    return MovieRecord(
        source=SOURCE,
        key=str(movie_id),
        title=title,
        original_title=original,
        year=year,
        genres=genres,
        overview=(row.get("text") or "").strip(),
        tmdb_id=parse_int(row.get("tmdbId")),
        imdb_id=f"tt{int(imdb):07d}" if imdb.isdigit() else None,
    )


def read(path: Path) -> Iterator[RowResult]:
    return read_csv_records(path, REQUIRED, parse)
