"""``MovieRows``: films as columns (NumPy arrays and lists), built on worker threads; Qt-free.

44k films cost one model reset, not 44k objects, and sorting/filtering are NumPy operations
on these columns (a Python ``lessThan`` costs ~3 µs per row and call, measured).

**Match.** Search, similar-film and recommendation lists arrive in rank order, but the
engine's raw scores are not comparable across tabs (cosine, fused ranks) and not even in
rank order after fusion. The one figure people see is ``match``: 1–100, the score relative
to the list's first (best-ranked) film, made non-increasing down the list, so it always agrees with the order.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ...core.models import Movie, SearchFilters, SearchHit
from ...services import filter_mask

#: A film's row as the browse list needs it: ``(id, title, year, genres, runtime, renown)``.
ListingRow = tuple[int, str, "int | None", Sequence[str], "int | None", float]

MATCH_TIP = ("Match: how well the film fits, from 100 (the best film in this list) down; "
             "the list is always in this order.")


def ranks(keys: Sequence) -> np.ndarray:
    """The rank of each key in sorted order (ties keep input order)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    out = np.empty(len(keys), dtype=np.int64)
    out[np.array(order, dtype=np.int64)] = np.arange(len(keys), dtype=np.int64)
    return out


def match_of(scores: Sequence[float]) -> np.ndarray:
    """0–100 per row in rank order: relative to the best score, never rising down the list; NaN without scores."""
    s = np.asarray(scores, dtype=np.float64)
    if not len(s) or np.all(np.isnan(s)):
        return np.full(len(s), np.nan, dtype=np.float32)
    s = np.nan_to_num(s, nan=0.0)
    top = s[0] if s[0] > 0 else s.max()  # the list's first film is its best match
    rel = s / top if top > 0 else np.ones_like(s)
    return np.clip(np.minimum.accumulate(np.minimum(rel, 1.0)) * 100.0, 1.0, 100.0).astype(np.float32)


def clean_title(title: str) -> str:
    """Imported text may carry HTML entities ("Sam &amp; Fordy")."""
    return html.unescape(title) if "&" in title else title


def display_titles(titles: Sequence[str], years: Sequence[int | None], directors: Sequence[str]) -> list[str]:
    """Titles told apart: a title shared in this list gets its year, and a shared title+year its director."""
    counts = Counter(t.casefold() for t in titles)
    pairs = Counter((t.casefold(), y) for t, y in zip(titles, years, strict=True))
    out = []
    for t, y, d in zip(titles, years, directors, strict=True):
        label = t
        if counts[t.casefold()] > 1:
            label = f"{t} ({y})" if y else t
            if pairs[(t.casefold(), y)] > 1 and d:
                label = f"{label} — {d}"
        out.append(label)
    return out


@dataclass(frozen=True)
class MovieRows:
    """Films as columns: what a ``MovieTableModel`` shows. Built on worker threads."""

    ids: np.ndarray  # int64
    titles: list[str]  # as shown: entities decoded, same titles told apart
    years: np.ndarray  # int32, -1 unknown
    genres: list[str]  # "Drama, Crime"
    genre_bits: np.ndarray  # uint64 bitmask into genre_names
    genre_names: tuple[str, ...]
    runtimes: np.ndarray  # int32, -1 unknown
    renown: np.ndarray  # float32 0–1
    scores: np.ndarray  # float32 match 0–100 (see module doc), NaN when there is none (browsing)
    because: list[str]
    directors: list[str]  # first director or ""
    reasons: list[str]  # why the engine picked it ("Because you liked Heat"), or ""
    title_rank: np.ndarray  # int64 rank of the case-folded title
    genre_rank: np.ndarray  # int64 rank of the genre text
    cells: list[tuple[str, ...]]  # the display text of each row, by column (painting reads only this)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        rows: Iterable[ListingRow],
        scores: Sequence[float] | None = None,
        because: Sequence[str] | None = None,
        directors: Sequence[str] | None = None,
        reasons: Sequence[str] | None = None,
    ) -> MovieRows:
        rows = list(rows)
        n = len(rows)
        freq: dict[str, int] = {}
        for r in rows:
            for g in r[3]:
                freq[g] = freq.get(g, 0) + 1
        names = tuple(sorted(freq, key=lambda g: (-freq[g], g))[:64])
        bit_of = {g: 1 << i for i, g in enumerate(names)}
        bits = np.zeros(n, dtype=np.uint64)
        for i, r in enumerate(rows):
            b = 0
            for g in r[3]:
                b |= bit_of.get(g, 0)
            bits[i] = b
        raw_titles = [clean_title(r[1]) for r in rows]
        directors = list(directors) if directors is not None else [""] * n
        titles = display_titles(raw_titles, [r[2] for r in rows], directors)
        genres = [", ".join(r[3]) for r in rows]
        match = match_of(scores) if scores is not None else np.full(n, np.nan, dtype=np.float32)
        because = [clean_title(b) for b in because] if because is not None else [""] * n
        cells = [
            (t, str(r[2]) if r[2] is not None else "", g, "" if m != m else f"{m:.0f}%",
             str(round((r[5] or 0.0) * 100)), b)
            for r, t, g, m, b in zip(rows, titles, genres, match.tolist(), because, strict=True)
        ]
        return cls(
            ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
            titles=titles,
            years=np.fromiter((r[2] if r[2] is not None else -1 for r in rows), dtype=np.int32, count=n),
            genres=genres,
            genre_bits=bits,
            genre_names=names,
            runtimes=np.fromiter((r[4] if r[4] is not None else -1 for r in rows), dtype=np.int32, count=n),
            renown=np.fromiter((r[5] or 0.0 for r in rows), dtype=np.float32, count=n),
            scores=match,
            because=because,
            directors=directors,
            reasons=[clean_title(x) for x in reasons] if reasons is not None else [""] * n,
            title_rank=ranks([t.casefold() for t in titles]),
            genre_rank=ranks(genres),
            cells=cells,
        )

    @classmethod
    def empty(cls) -> MovieRows:
        return cls.build([])

    @classmethod
    def from_hits(cls, hits: Sequence[SearchHit], renown: dict[int, float] | None = None) -> MovieRows:
        renown = renown or {}
        return cls.build(
            (_listing(h.movie, renown.get(h.movie.id)) for h in hits),
            scores=[h.score for h in hits],
            because=[", ".join(h.because) for h in hits],
            directors=[h.movie.directors[0] if h.movie.directors else "" for h in hits],
            reasons=[str(getattr(h, "reason", "") or "") for h in hits],
        )

    def mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Rows that pass ``filters`` (``None`` = all): the same rules as the search filters."""
        return filter_mask(filters, self.ids, self.years, self.runtimes, self.genre_bits, self.genre_names)

    def subtitle(self, i: int) -> str:
        """The caption under a cover: year and director, or year and match."""
        year = str(int(self.years[i])) if self.years[i] >= 0 else ""
        parts = [p for p in (year, self.directors[i]) if p]
        m = self.scores[i]
        if m == m:
            parts.append(f"{m:.0f}% match")
        return " · ".join(parts)


def _listing(movie: Movie, renown: float | None = None) -> ListingRow:
    return (movie.id, movie.title, movie.year, movie.genres, movie.runtime, float(renown or 0.0))
