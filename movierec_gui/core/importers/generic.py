"""Generic CSV and JSON Lines catalogs, read by column name.

Column mapping (case-insensitive; the first alias present wins):

============== ==========================================================
field          accepted column names
============== ==========================================================
title *        title, name
year           year, release_year, release_date (YYYY or YYYY-MM-DD)
original_title original_title
genres         genres, genre  (JSON list, or "A|B", or "A, B")
overview       overview, description, synopsis, plot, summary, text
tagline        tagline
keywords       keywords, tags (same list forms as genres)
directors      directors, director
runtime        runtime, runtime_minutes (minutes)
vote_average   vote_average, rating
vote_count     vote_count, votes
popularity     popularity
renown         renown (0–1)
tmdb_id        tmdb_id, tmdbid
imdb_id        imdb_id, imdbid (tt1234567 or digits)
note           note (why the film matters; shown, never embedded)
cast           cast, actors, stars (same list forms as genres)
countries      countries, country, production_countries
languages      languages, language, spoken_languages
silent         silent (true/false)
collection     collection, series
key            id, key (the film's id within the file; default title|year)
============== ==========================================================

``*`` required. The project's own starter catalog is JSON Lines in this shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import (
    ROW_ERRORS,
    MovieRecord,
    RowResult,
    checked,
    parse_float,
    parse_int,
    read_csv_records,
    row_error,
    year_of,
)
from .streams import MAX_ROWS, file_lines

ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name"),
    "year": ("year", "release_year", "release_date"),
    "original_title": ("original_title",),
    "genres": ("genres", "genre"),
    "overview": ("overview", "description", "synopsis", "plot", "summary", "text"),
    "tagline": ("tagline",),
    "keywords": ("keywords", "tags"),
    "directors": ("directors", "director"),
    "runtime": ("runtime", "runtime_minutes"),
    "vote_average": ("vote_average", "rating"),
    "vote_count": ("vote_count", "votes"),
    "popularity": ("popularity",),
    "renown": ("renown",),
    "tmdb_id": ("tmdb_id", "tmdbid"),
    "imdb_id": ("imdb_id", "imdbid"),
    "note": ("note",),
    "cast": ("cast", "actors", "stars"),
    "countries": ("countries", "country", "production_countries"),
    "languages": ("languages", "language", "spoken_languages"),
    "silent": ("silent",),
    "collection": ("collection", "series"),
    "key": ("id", "key"),
}


def _pick(row: dict[str, Any], field: str) -> Any:
    for alias in ALIASES[field]:
        if alias in row and row[alias] not in (None, ""):
            return row[alias]
    return None


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return _list(json.loads(text))
        except json.JSONDecodeError:
            pass
    sep = "|" if "|" in text else ","
    return [v.strip() for v in text.split(sep) if v.strip()]


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("year is not a number")
    if isinstance(value, int):
        if not 1870 <= value <= 2100:
            raise ValueError(f"implausible year {str(value)[:20]}")
        return value
    return year_of(str(value))


def _imdb(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.isdigit():
        return f"tt{int(text):07d}"
    if text.startswith("tt") and text[2:].isdigit():
        return text
    raise ValueError(f"bad imdb id {text!r}")


def _flag(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "y"}:
        return True
    if text in {"0", "false", "no", "n"}:
        return False
    raise ValueError(f"silent must be true or false, not {text[:20]!r}")


def to_record(row: dict[str, Any], source: str) -> MovieRecord:
    row = {str(k).strip().lower(): v for k, v in row.items()}
    title = str(_pick(row, "title") or "").strip()
    if not title:
        raise ValueError("missing title")
    year = _year(_pick(row, "year"))
    renown = parse_float(_pick(row, "renown"))
    if renown is not None and not 0 <= renown <= 1:
        raise ValueError(f"renown {renown} outside 0–1")
    return MovieRecord(
        source=source,
        key=str(_pick(row, "key") or f"{title}|{year or ''}"),
        title=title,
        year=year,
        original_title=(str(_pick(row, "original_title") or "").strip() or None),
        genres=_list(_pick(row, "genres")),
        overview=str(_pick(row, "overview") or "").strip(),
        tagline=str(_pick(row, "tagline") or "").strip(),
        keywords=_list(_pick(row, "keywords")),
        directors=_list(_pick(row, "directors")),
        runtime=parse_int(_pick(row, "runtime")),
        vote_average=parse_float(_pick(row, "vote_average")),
        vote_count=parse_int(_pick(row, "vote_count")),
        popularity=parse_float(_pick(row, "popularity")),
        renown=renown,
        tmdb_id=parse_int(_pick(row, "tmdb_id")),
        imdb_id=_imdb(_pick(row, "imdb_id")),
        note=str(_pick(row, "note") or "").strip(),
        cast=_list(_pick(row, "cast")),
        countries=_list(_pick(row, "countries")),
        languages=_list(_pick(row, "languages")),
        silent=_flag(_pick(row, "silent")),
        collection=(str(_pick(row, "collection") or "").strip() or None),
    )


def read_csv(path: Path, source: str = "csv") -> Iterator[RowResult]:
    return read_csv_records(path, (ALIASES["title"],), lambda row: to_record(row, source))


def read_jsonl(path: Path, source: str = "jsonl") -> Iterator[RowResult]:
    """One film per line, streamed; a bad line (invalid, nested too deep, wrong types) is reported."""
    rows = 0
    for n, raw in enumerate(file_lines(path), 1):
        if not raw.strip():
            continue
        if rows >= MAX_ROWS:
            yield RowResult(n, error=f"more than {MAX_ROWS:,} rows; the rest of the file was not read")
            return
        rows += 1
        try:
            row = json.loads(raw)
            if not isinstance(row, dict):
                raise ValueError("line is not a JSON object")
            yield RowResult(n, checked(to_record(row, source)))
        except json.JSONDecodeError as exc:
            yield RowResult(n, error=f"invalid JSON: {exc.msg}")
        except RecursionError:
            yield RowResult(n, error="JSON nested too deeply")
        except ROW_ERRORS as exc:
            yield RowResult(n, error=row_error(exc))
