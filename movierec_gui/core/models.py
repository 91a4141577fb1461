"""Plain, frozen data records shared by every layer (no behaviour, no Qt)."""

from __future__ import annotations

import math
import time
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

    @property
    def prior(self) -> float:
        """The 0–1 popularity/renown prior search and the app use (see ``renown_prior``)."""
        return renown_prior(self.renown, self.vote_count)


def renown_prior(renown: float | None, vote_count: int | None) -> float:
    """A 0–1 prior: the catalog's own renown, else log-scaled vote counts (10k votes ≈ 1)."""
    if renown is not None:
        return float(renown)
    if vote_count:
        return float(min(1.0, math.log1p(vote_count) / math.log1p(10_000)))
    return 0.0


class HitSource(str, Enum):
    """How a hit was found."""

    TITLE = "title"  # the query named the film
    SEMANTIC = "semantic"  # close in meaning to the query
    KEYWORD = "keyword"  # lexical evidence only
    SIMILAR = "similar"  # "more like this" a given film
    PROFILE = "profile"  # a personal recommendation
    POPULAR = "popular"  # not personal: a well-known film


@dataclass(frozen=True)
class SearchHit:
    movie: Movie
    score: float
    because: tuple[str, ...] = ()
    via: HitSource = HitSource.SEMANTIC
    #: Why this film is shown, as one sentence ("Because you liked Alien (1979)"); "" when the
    #: film is not presented as personal.
    reason: str = ""

    def to_json(self) -> dict[str, object]:
        m = self.movie
        return {
            "id": m.id,
            "title": m.title,
            "year": m.year,
            "genres": list(m.genres),
            "score": round(float(self.score), 6),
            "because": list(self.because),
            "reason": self.reason,
        }


class EntryKind(str, Enum):
    WATCHED = "watched"
    LIKED = "liked"
    DISLIKED = "disliked"
    WATCHLIST = "watchlist"

    @property
    def label(self) -> str:
        """The status as a column or legend shows it ("Watchlist")."""
        return self.value.capitalize()

    @property
    def phrase(self) -> str:
        """The status inside a sentence ("3 films marked on your watchlist")."""
        return "on your watchlist" if self is EntryKind.WATCHLIST else self.value


def format_day(ts: float | None) -> str:
    """A timestamp as the calendar day the person lived it (local time, ``YYYY-MM-DD``); "" for none.

    Every shell and every file the app writes uses this one rule, so a date never differs
    between the window, the CLI and an export.
    """
    if ts is None:
        return ""
    try:
        return time.strftime("%Y-%m-%d", time.localtime(ts))
    except (OverflowError, OSError, ValueError):
        return ""


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
    #: Genres a film must have every one of ("a romantic comedy"), and genres it must not have.
    genres_all: tuple[str, ...] = ()
    genres_not: tuple[str, ...] = ()
    #: Main production country / main language must be one of these.
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    #: Main languages a film must not have ("not in English", "a foreign film"; an unknown language fails too).
    languages_not: tuple[str, ...] = ()
    #: Cinemas a film must not be ("not American", "non-Hollywood"): its cinema countries (``core.cinema``)
    #: include none of these (a film of unknown country passes: nothing makes it American).
    countries_not: tuple[str, ...] = ()
    #: A named audience (``core.filters.AUDIENCES``), e.g. ``"family"``.
    audience: str | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.genres
            or self.genres_all
            or self.genres_not
            or self.countries
            or self.languages
            or self.languages_not
            or self.countries_not
            or self.audience
            or self.year_from is not None
            or self.year_to is not None
            or self.runtime_min is not None
            or self.runtime_max is not None
            or self.exclude_ids
        )


@dataclass(frozen=True)
class ReportRow:
    """One row an import could not place or read, as every shell lists it (both import reports give these)."""

    file: str
    line: int
    title: str
    year: int | None
    problem: str
    candidates: str = ""
