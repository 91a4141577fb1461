"""TMDB API answers → catalog records.

``movie/{id}?append_to_response=keywords,credits,external_ids`` carries everything a catalog
row needs: titles, date, runtime, genres, overview, keywords, director(s), top cast, countries,
spoken languages, collection, popularity and votes, and the IMDb id. The source name is
``tmdb`` and the key the TMDB id, as for the TMDB CSV, so the same film from either is one row,
and a film another source brought first is found by its TMDB or IMDb id, else title and year.
"""

from __future__ import annotations

import math
from typing import Any

from .base import MovieRecord, original_language_first, year_of

SOURCE = "tmdb"
#: What one detail call appends (one request instead of four).
APPEND = "keywords,credits,external_ids"
#: How many billed cast members a film keeps.
TOP_CAST = 8


def renown_from_votes(vote_count: int | None, vote_average: float | None) -> float | None:
    """A 0–1 "widely known and well thought of" score: log-scaled votes (10k ≈ 1), nudged by the average."""
    if not vote_count:
        return None
    reach = min(1.0, math.log1p(vote_count) / math.log1p(10_000))
    esteem = 0.5 if vote_average is None else min(1.0, max(0.0, (vote_average - 4.0) / 4.5))
    return round(reach * (0.75 + 0.25 * esteem), 4)


def _names(items: Any, key: str = "name") -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i[key]).strip() for i in items if isinstance(i, dict) and str(i.get(key) or "").strip()]


def _year(date: Any) -> int | None:
    try:
        return year_of(str(date or ""))
    except ValueError:
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _order(cast_member: dict[str, Any]) -> int:
    order = _int(cast_member.get("order"))
    return 1_000_000 if order is None else order


def _int(value: Any) -> int | None:
    """A whole number a server sent, or ``None`` (also for infinities and numbers SQLite cannot hold)."""
    try:
        number = int(value) if value not in (None, "") and not isinstance(value, bool) else None
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number is None or abs(number) < 2**53 else None


def _float(value: Any) -> float | None:
    try:
        number = float(value) if value not in (None, "") and not isinstance(value, bool) else None
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number is None or math.isfinite(number) else None


def record_from_details(details: dict[str, Any], fallback_overview: str = "") -> MovieRecord:
    """One catalog record from a movie-details answer; ``ValueError`` if it names no film."""
    tmdb_id = _int(details.get("id"))
    title = str(details.get("title") or details.get("original_title") or "").strip()
    if tmdb_id is None or not title:
        raise ValueError("a TMDB answer without an id or a title")
    credits = _dict(details.get("credits"))
    crew = _list(credits.get("crew"))
    cast = sorted((c for c in _list(credits.get("cast")) if isinstance(c, dict) and c.get("name")), key=_order)
    keywords = _dict(details.get("keywords"))
    external = _dict(details.get("external_ids"))
    imdb_id = str(details.get("imdb_id") or external.get("imdb_id") or "").strip() or None
    collection = details.get("belongs_to_collection")
    languages = [
        str(lang.get("english_name") or lang.get("name") or "").strip()
        for lang in original_language_first(_list(details.get("spoken_languages")), details.get("original_language"))
    ]
    original = str(details.get("original_title") or "").strip() or None
    vote_count, vote_average = _int(details.get("vote_count")), _float(details.get("vote_average"))
    return MovieRecord(
        source=SOURCE,
        key=str(tmdb_id),
        title=title,
        original_title=original if original != title else None,
        year=_year(details.get("release_date")),
        genres=_names(details.get("genres")),
        overview=str(details.get("overview") or "").strip() or fallback_overview.strip(),
        tagline=str(details.get("tagline") or "").strip(),
        keywords=_names(keywords.get("keywords") or keywords.get("results")),
        directors=list(dict.fromkeys(_names([c for c in crew if isinstance(c, dict) and c.get("job") == "Director"]))),
        runtime=_int(details.get("runtime")) or None,
        vote_average=vote_average,
        vote_count=vote_count,
        popularity=_float(details.get("popularity")),
        renown=renown_from_votes(vote_count, vote_average),
        tmdb_id=tmdb_id,
        imdb_id=imdb_id if imdb_id and imdb_id.startswith("tt") else None,
        cast=list(dict.fromkeys(str(c["name"]).strip() for c in cast))[:TOP_CAST],
        countries=_names(details.get("production_countries")),
        languages=[name for name in languages if name],
        collection=str(collection.get("name") or "").strip() or None if isinstance(collection, dict) else None,
    )
