"""The TMDB 5000 movies CSV (genres, keywords, countries and languages are JSON lists inside CSV cells)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .base import (
    MovieRecord,
    RowResult,
    original_language_first,
    parse_float,
    parse_int,
    read_csv_records,
    year_of,
)

SOURCE = "tmdb"
REQUIRED = ("id", "title", "overview", "genres", "release_date")


def _names(cell: str) -> list[str]:
    if not cell or not cell.strip():
        return []
    items = json.loads(cell)
    return [str(item["name"]) for item in items if isinstance(item, dict) and item.get("name")]


def parse(row: dict[str, str]) -> MovieRecord:
    title = (row.get("title") or "").strip()
    if not title:
        raise ValueError("empty title")
    tmdb_id = parse_int(row["id"])
    if tmdb_id is None:
        raise ValueError("missing id")
    try:
        genres, keywords = _names(row.get("genres", "")), _names(row.get("keywords", ""))
        countries = _names(row.get("production_countries", ""))
        spoken = json.loads(row.get("spoken_languages") or "[]")
        spoken = original_language_first(spoken if isinstance(spoken, list) else [], row.get("original_language"))
        languages = [str(item["name"]) for item in spoken if item.get("name")]
    except json.JSONDecodeError as exc:
        raise ValueError(f"genres/keywords are not valid JSON ({exc.msg})") from None
    return MovieRecord(
        source=SOURCE,
        key=str(tmdb_id),
        title=title,
        original_title=(row.get("original_title") or "").strip() or None,
        year=year_of(row.get("release_date")),
        genres=genres,
        keywords=keywords,
        overview=(row.get("overview") or "").strip(),
        tagline=(row.get("tagline") or "").strip(),
        runtime=parse_int(row.get("runtime")) or None,
        vote_average=parse_float(row.get("vote_average")),
        vote_count=parse_int(row.get("vote_count")),
        popularity=parse_float(row.get("popularity")),
        tmdb_id=tmdb_id,
        countries=countries,
        languages=languages,
    )


def read(path: Path) -> Iterator[RowResult]:
    return read_csv_records(path, REQUIRED, parse)
