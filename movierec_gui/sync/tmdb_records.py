"""Plain records of a TMDB fetch: what to fetch, the estimate told before, the report after.

No network code here, so the shells can name these (through ``services``) without loading httpx.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: TMDB's API base; ``MOVIEREC_TMDB_API`` or the ``tmdb_api_base`` setting points elsewhere.
DEFAULT_API_BASE = "https://api.themoviedb.org/3"
LISTS = ("popular", "top_rated", "now_playing")
SOURCES = ("list", "discover", "person", "history")
#: The most films one fetch may ask for (TMDB serves at most 500 pages of 20 per list).
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Wanted:
    """A film a history names but the catalog lacks: found on TMDB by id, IMDb id, or title and year."""

    title: str
    year: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch: a list, a discover query, a person's films, or the films a history misses."""

    source: str = "list"  # one of SOURCES
    list_name: str = "popular"
    discover: tuple[tuple[str, str], ...] = ()
    person: str | None = None
    wanted: tuple[Wanted, ...] = ()
    limit: int = 100
    language: str = "en-US"
    posters: bool = True

    @property
    def key(self) -> str:
        """A stable identity of the film list this request produces (a resumed job must match it)."""
        what = {
            "source": self.source,
            "list": self.list_name if self.source == "list" else None,
            "discover": sorted(self.discover),
            "person": self.person,
            "wanted": [asdict(w) for w in self.wanted],
            "limit": self.limit,
            "language": self.language,
        }
        return hashlib.blake2b(json.dumps(what, sort_keys=True).encode(), digest_size=8).hexdigest()

    def describe(self) -> str:
        if self.source == "list":
            return f"TMDB {self.list_name.replace('_', ' ')} films"
        if self.source == "discover":
            return "TMDB films where " + ", ".join(f"{k}={v}" for k, v in self.discover)
        if self.source == "person":
            return f"the films of {self.person}"
        return f"{len(self.wanted)} films of your history missing from the catalog"


@dataclass(frozen=True)
class FetchPlan:
    """The estimate shown before a fetch starts (the API is free; the cost is time and requests)."""

    description: str
    available: int  # films the source offers
    films: int  # films this fetch will look at (``limit`` applied)
    known: int  # of those, already fetched before (no detail call unless TMDB changed them)
    requests: int  # API requests, about
    posters: int  # poster downloads, at most
    seconds: float  # time, about
    resumes: bool = False  # an interrupted fetch of the same list will continue

    def describe(self) -> str:
        minutes = self.seconds / 60
        took = f"about {minutes:.0f} min" if minutes >= 1.5 else f"about {max(1, round(self.seconds))} s"
        resume = " (continues an interrupted fetch)" if self.resumes else ""
        return (
            f"{self.description}: {self.films:,} of {self.available:,} films{resume}, {self.known:,} already here; "
            f"~{self.requests:,} API requests and up to {self.posters:,} posters, {took}."
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FetchReport:
    """What a fetch did; ``summary()`` is one line for either shell."""

    description: str
    listed: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    skipped_unchanged: int = 0  # known and unchanged on TMDB: no detail call made
    not_found: list[str] = field(default_factory=list)
    requests: int = 0
    posters: int = 0
    poster_failures: int = 0
    resumed: bool = False
    seconds: float = 0.0
    relinked: int = 0  # history entries that now point at a fetched film
    notes: list[str] = field(default_factory=list)  # e.g. why posters were skipped
    found: list[tuple[str, int | None, int]] = field(default_factory=list)  # a history's films: title, year, id


    def summary(self) -> str:
        missing = f", {len(self.not_found)} not found on TMDB" if self.not_found else ""
        missing += f", {self.relinked} history entries linked" if self.relinked else ""
        failed = f" ({self.poster_failures} failed)" if self.poster_failures else ""
        return (
            f"{self.description}: {self.listed} films looked at, {self.added} added, {self.updated} updated, "
            f"{self.unchanged + self.skipped_unchanged} unchanged, {self.merged} merged with films already known"
            f"{missing}; {self.posters} posters downloaded{failed}; {self.requests} API requests in "
            f"{self.seconds:.1f} s." + "".join(f" ({note})" for note in self.notes)
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
