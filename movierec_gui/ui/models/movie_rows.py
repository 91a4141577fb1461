"""``MovieRows``: films as columns (NumPy arrays and lists), built on worker threads; Qt-free.

44k films cost one model reset, not 44k objects, and sorting/filtering are NumPy operations
on these columns (a Python ``lessThan`` costs ~3 µs per row and call, measured).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ...core.models import Movie, SearchFilters, SearchHit
from ...services import filter_mask

#: A film's row as the browse list needs it: ``(id, title, year, genres, runtime, renown)``.
ListingRow = tuple[int, str, "int | None", Sequence[str], "int | None", float]


def ranks(keys: Sequence) -> np.ndarray:
    """The rank of each key in sorted order (ties keep input order)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[np.array(order, dtype=np.int64)] = np.arange(len(keys), dtype=np.int64)
    return ranks


@dataclass(frozen=True)
class MovieRows:
    """Films as columns: what a ``MovieTableModel`` shows. Built on worker threads."""

    ids: np.ndarray  # int64
    titles: list[str]
    years: np.ndarray  # int32, -1 unknown
    genres: list[str]  # "Drama, Crime"
    genre_bits: np.ndarray  # uint64 bitmask into genre_names
    genre_names: tuple[str, ...]
    runtimes: np.ndarray  # int32, -1 unknown
    renown: np.ndarray  # float32 0–1
    scores: np.ndarray  # float32, NaN when there is no score (browsing)
    because: list[str]
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
        titles = [r[1] for r in rows]
        genres = [", ".join(r[3]) for r in rows]
        scores = [float("nan")] * n if scores is None else [float(x) for x in scores]
        because = list(because) if because is not None else [""] * n
        cells = [
            (r[1], str(r[2]) if r[2] is not None else "", g, "" if sc != sc else f"{sc:.3f}",
             str(round((r[5] or 0.0) * 100)), b)
            for r, g, sc, b in zip(rows, genres, scores, because, strict=True)
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
            scores=np.asarray(scores, dtype=np.float32),
            because=because,
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
        )

    def mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Rows that pass ``filters`` (``None`` = all): the same rules as the search filters."""
        return filter_mask(filters, self.ids, self.years, self.runtimes, self.genre_bits, self.genre_names)


def _listing(movie: Movie, renown: float | None = None) -> ListingRow:
    return (movie.id, movie.title, movie.year, movie.genres, movie.runtime, float(renown or 0.0))
