"""Plain, frozen data records shared by every layer (no behaviour, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Movie:
    id: int
    title: str
    year: int | None = None
    genres: tuple[str, ...] = ()
    overview: str = ""
    original_title: str | None = None
    tagline: str = ""
    keywords: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    runtime: int | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    popularity: float | None = None
    #: Our 0–1 "how widely known and esteemed" score (starter catalog; derived from votes elsewhere).
    renown: float | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    source: str = ""
    #: Why the film matters (reception, craft): shown to people, never embedded.
    note: str = ""
    cast: tuple[str, ...] = ()
    #: Production countries and spoken languages, the main one first.
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    silent: bool = False
    #: The series the film belongs to ("Toy Story"), if any.
    collection: str | None = None

    @property
    def label(self) -> str:
        """``Title (Year)``, the way the app names a film to a person."""
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class SearchHit:
    movie: Movie
    score: float
    because: tuple[str, ...] = ()
    #: How the hit was found: "title", "semantic", "keyword", "profile", "seed", "popular".
    via: str = "semantic"

    def to_json(self) -> dict:
        m = self.movie
        return {
            "id": m.id,
            "title": m.title,
            "year": m.year,
            "genres": list(m.genres),
            "score": round(float(self.score), 6),
            "because": list(self.because),
        }


class EntryKind(str, Enum):
    WATCHED = "watched"
    LIKED = "liked"
    DISLIKED = "disliked"
    WATCHLIST = "watchlist"


@dataclass(frozen=True)
class HistoryEntry:
    movie_id: int
    kind: EntryKind
    rating: float | None = None  # 0.5–5 in half steps
    watched_at: float | None = None  # unix seconds
    rated_at: float | None = None
    source: str = "manual"


@dataclass(frozen=True)
class SearchFilters:
    genres: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    exclude_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def active(self) -> bool:
        return bool(
            self.genres
            or self.year_from is not None
            or self.year_to is not None
            or self.runtime_min is not None
            or self.runtime_max is not None
            or self.exclude_ids
        )
