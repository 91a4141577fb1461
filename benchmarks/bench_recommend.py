"""Recommendation latency: a 1,000-film history over a ~44k-film catalog.

Synthetic unit vectors (384 dims, like the default model) in clusters, a prior and
years per film, and a history of 1,000 rated / liked / disliked / watchlisted films:

    python benchmarks/bench_recommend.py [--films 44000] [--history 1000] [--runs 50] [--services]

Prints p50 / p95 / max of ``core.recommend.recommend`` (top 10, default parameters),
with a filter mask, and without MMR. ``--services`` also times the whole
``Services.recommend`` path (history read from SQLite, films hydrated from the catalog)
on a synthetic 44k-film home (building it takes a minute). Target: p50 ≤ 40 ms.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import (
    DISLIKED,
    LIKED,
    WATCHED,
    WATCHLIST,
    ItemSpace,
    RecParams,
    Taste,
    catalog_space,
    recommend,
    score,
)
from movierec_gui.core.shelves import rank_shelf, shelf_keys


def synthetic_space(n: int, dims: int, seed: int = 0) -> ItemSpace:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(200, dims)).astype(np.float32)
    matrix = centres[rng.integers(0, 200, n)] + 0.7 * rng.normal(size=(n, dims)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    years = rng.integers(1920, 2024, n).astype(np.int32)
    prior = (np.log1p(rng.pareto(1.2, n) * 50) / np.log1p(50 * 40)).clip(0, 1).astype(np.float32)
    return catalog_space(np.ascontiguousarray(matrix, dtype=np.float32), synthetic_movies(n, years), years, prior)


def synthetic_movies(n: int, years: np.ndarray) -> list[Movie]:
    """Catalog facts for the synthetic films: every 10th starts a three-part series, 1 in 20 is a
    documentary, 1 in 7 is French, 400 directors."""
    out = []
    for i in range(n):
        base = i - i % 10
        title = f"Film {base}" + ("" if i % 10 == 0 else f" {i % 10 + 1}") if i % 10 < 3 else f"Film {i}"
        out.append(Movie(i, title, int(years[i]), genres=("Documentary",) if i % 20 == 0 else ("Drama",),
                         directors=(f"Director {i % 400}",), countries=("FR",) if i % 7 == 0 else ("US",)))
    return out


def synthetic_history(n_items: int, size: int, seed: int = 1) -> Taste:
    rng = np.random.default_rng(seed)
    rows = rng.choice(n_items, size=size, replace=False)
    kinds = rng.choice([WATCHED, LIKED, DISLIKED, WATCHLIST], size=size, p=[0.75, 0.12, 0.05, 0.08]).astype(np.int8)
    ratings = np.where(rng.random(size) < 0.7, rng.integers(1, 11, size) / 2, np.nan).astype(np.float32)
    times = np.sort(rng.uniform(1.2e9, 1.7e9, size))
    return Taste(rows.astype(np.int64), kinds, ratings, times)


def measure(fn, runs: int) -> np.ndarray:
    for _ in range(3):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return np.array(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--films", type=int, default=44_000)
    ap.add_argument("--history", type=int, default=1000)
    ap.add_argument("--dims", type=int, default=384)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--services", action="store_true", help="also time Services.recommend on a synthetic home")
    args = ap.parse_args()
    space = synthetic_space(args.films, args.dims)
    taste = synthetic_history(args.films, args.history)
    allowed = np.random.default_rng(2).random(args.films) < 0.3
    print(f"{args.films} films × {args.dims} dims, history of {args.history} films, top 10, {args.runs} runs")
    for label, fn in (
        ("recommend", lambda: recommend(space, taste, 10, RecParams())),
        ("recommend + filter", lambda: recommend(space, taste, 10, RecParams(), allowed=allowed)),
        ("recommend, no MMR", lambda: recommend(space, taste, 10, RecParams(mmr_lambda=1.0))),
        ("all shelves (12 each)", lambda: all_shelves(space, taste)),
    ):
        report(label, measure(fn, args.runs))
    if args.services:
        services = synthetic_home(args.films, args.dims, args.history)
        services.recommend(10)  # load the vectors and build the item space once
        report("Services.recommend", measure(lambda: services.recommend(10), args.runs))
        report("Services.recommend_shelves", measure(lambda: services.recommend_shelves(12), max(args.runs // 5, 5)))


def all_shelves(space: ItemSpace, taste: Taste) -> list:
    scored = score(space, taste)  # one scoring shared by the personal shelves, as Services does
    return [rank_shelf(k, space, taste, 12, scored=scored) for k in shelf_keys(taste)]


def report(label: str, ms: np.ndarray) -> None:
    print(f"  {label:<22} p50 {np.percentile(ms, 50):6.1f} ms   p95 {np.percentile(ms, 95):6.1f} ms   "
          f"max {ms.max():6.1f} ms")


class SyntheticEmbedder:
    """Clustered random unit vectors keyed by the text's first word (no model)."""

    name, fingerprint = "synthetic", "synthetic:1"

    def __init__(self, dims: int) -> None:
        self.dims = dims
        self._centres = np.random.default_rng(0).normal(size=(200, dims)).astype(np.float32)

    def embed(self, texts, progress=None) -> np.ndarray:
        rng = np.random.default_rng(len(texts))
        keys = np.array([hash(t.split(" ", 1)[0]) % 200 for t in texts])
        out = self._centres[keys] + 0.7 * rng.normal(size=(len(texts), self.dims)).astype(np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        if progress:
            progress(len(texts), len(texts))
        return out


def synthetic_home(n: int, dims: int, history: int):
    import tempfile

    from movierec_gui.core.importers.base import MovieRecord, RowResult
    from movierec_gui.core.models import EntryKind, HistoryEntry
    from movierec_gui.services import Services

    services = Services(tempfile.mkdtemp(prefix="movierec-bench-"), embedder=SyntheticEmbedder(dims))
    rng = np.random.default_rng(3)
    rows = (
        RowResult(i, MovieRecord(source="bench", key=str(i), title=f"Film {i}", year=int(1920 + i % 104),
                                 overview=f"{i % 200} plot words", vote_count=int(rng.pareto(1.2) * 50)))
        for i in range(n)
    )
    services._catalog.import_rows(rows, "bench")
    services.index()
    ids = rng.choice(services._catalog.all_ids(), size=history, replace=False)
    choices = [EntryKind.WATCHED, EntryKind.LIKED, EntryKind.DISLIKED, EntryKind.WATCHLIST]
    kinds = [choices[i] for i in rng.choice(4, size=history, p=[0.75, 0.12, 0.05, 0.08])]
    services._history().add_many(
        HistoryEntry(int(m), k, float(rng.integers(1, 11)) / 2 if rng.random() < 0.7 else None,
                     float(1.2e9 + j * 3e5), None, "bench")
        for j, (m, k) in enumerate(zip(ids, kinds, strict=True))
    )
    return services


if __name__ == "__main__":
    main()
