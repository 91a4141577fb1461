"""Match a film named by an outside file (title, year, maybe ids) to one catalog film.

Order of evidence: an IMDb or TMDb id (exact), then the normalized title with the same
year, then the same title one year off (release dates differ between sources), then a
fuzzy title (``rapidfuzz``) within a year of the given one. Several equally good
candidates make the match *ambiguous*: it is reported with the candidates, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .catalog import Catalog
from .models import Movie
from .text import normalize_title

#: A fuzzy title must score at least this (rapidfuzz ``ratio``, 0–100) to count.
FUZZY_CUTOFF = 90.0
#: …and beat the runner-up by this much to be taken without asking.
FUZZY_MARGIN = 3.0


class MatchStatus(str, Enum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    MISSING = "missing"


@dataclass(frozen=True)
class Match:
    status: MatchStatus
    movie_id: int | None = None
    candidates: tuple[int, ...] = ()
    how: str = ""  # "imdb", "tmdb", "title", "title±1", "fuzzy"


@dataclass
class TitleMatcher:
    """An in-memory index of the catalog's titles (built once per import)."""

    catalog: Catalog
    _by_key: dict[str, list[int]] = field(default_factory=dict, init=False)
    _by_year: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict, init=False)
    _all: tuple[list[str], list[int]] = field(default_factory=lambda: ([], []), init=False)
    _years: dict[int, int] = field(default_factory=dict, init=False)
    _rank: dict[int, float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        keys, ids = self.catalog.title_index()
        arrays = self.catalog.arrays()
        self._years = {int(m): int(y) for m, y in zip(arrays.ids, arrays.years, strict=True)}
        self._rank = {int(m): float(r) for m, r in zip(arrays.ids, arrays.renown, strict=True)}
        self._all = (keys, ids)
        for key, mid in zip(keys, ids, strict=True):
            self._by_key.setdefault(key, []).append(mid)
            year = self._years.get(mid, -1)
            bucket = self._by_year.setdefault(year, ([], []))
            bucket[0].append(key)
            bucket[1].append(mid)

    def match(
        self, title: str, year: int | None = None, tmdb_id: int | None = None, imdb_id: str | None = None
    ) -> Match:
        if tmdb_id is not None or imdb_id:
            movie = self.catalog.by_external_id(tmdb_id=tmdb_id, imdb_id=imdb_id)
            if movie is not None:
                return Match(MatchStatus.MATCHED, movie.id, (movie.id,), "tmdb" if movie.tmdb_id == tmdb_id else "imdb")
        key = normalize_title(title)
        if not key:
            return Match(MatchStatus.MISSING)
        same = list(dict.fromkeys(self._by_key.get(key, [])))
        if year is None:
            return self._decide(same, "title")
        for slack, how in ((0, "title"), (1, "title±1")):
            near = [m for m in same if self._years.get(m, -1) >= 0 and abs(self._years[m] - year) <= slack]
            if near:
                return self._decide(near, how)
        fuzzy = self._fuzzy(key, year)
        if fuzzy.status is not MatchStatus.MISSING:
            return fuzzy
        # The title exists only in other years: not this film, but worth naming as a hint.
        return Match(MatchStatus.MISSING, None, self._ordered(same))

    def _decide(self, found: list[int], how: str) -> Match:
        ids = self._ordered(found)
        if not ids:
            return Match(MatchStatus.MISSING)
        if len(ids) == 1:
            return Match(MatchStatus.MATCHED, ids[0], tuple(ids), how)
        return Match(MatchStatus.AMBIGUOUS, None, tuple(ids))

    def _fuzzy(self, key: str, year: int) -> Match:
        from rapidfuzz import fuzz, process

        keys: list[str] = []
        ids: list[int] = []
        for y in (year - 1, year, year + 1):
            k, i = self._by_year.get(y, ([], []))
            keys += k
            ids += i
        if not keys:
            return Match(MatchStatus.MISSING)
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
        best: dict[int, float] = {}
        for _, score, idx in found:
            best[ids[idx]] = max(best.get(ids[idx], 0.0), float(score))
        if not best:
            return Match(MatchStatus.MISSING)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], abs(self._years.get(kv[0], year) - year)))
        if len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= FUZZY_MARGIN:
            return Match(MatchStatus.MATCHED, ranked[0][0], tuple(m for m, _ in ranked), "fuzzy")
        return Match(MatchStatus.AMBIGUOUS, None, tuple(m for m, _ in ranked))

    def _ordered(self, ids: list[int] | tuple[int, ...]) -> tuple[int, ...]:
        """Best-known first, so the candidates a user sees start with the likely one."""
        return tuple(sorted(dict.fromkeys(ids), key=lambda m: (-self._rank.get(m, 0.0), self._years.get(m, 0), m)))


#: A "did you mean" suggestion must score at least this (rapidfuzz ``ratio``).
SUGGEST_CUTOFF = 72.0


def did_you_mean(catalog: Catalog, title: str, limit: int = 3) -> list[Movie]:
    """Films whose titles come close to ``title``, best first (for "no such film" messages)."""
    from rapidfuzz import fuzz, process

    keys, ids = catalog.title_index()
    best = process.extract(normalize_title(title), keys, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_CUTOFF)
    movies = catalog.get_many(ids[i] for _, _, i in best)
    return [movies[ids[i]] for _, _, i in best if ids[i] in movies]
