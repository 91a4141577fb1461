"""Recommendation latency: a 1,000-film history over a ~44k-film catalog.

Synthetic unit vectors (384 dims, like the default model) in clusters, a prior and
years per film, and a history of 1,000 rated / liked / disliked / watchlisted films:

    python benchmarks/bench_recommend.py [--films 44000] [--history 1000] [--runs 50]

Prints p50 / p95 / max of ``core.recommend.recommend`` (top 10, default parameters)
with and without a genre-style filter mask. Target: p50 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from movierec_gui.core.recommend import DISLIKED, LIKED, WATCHED, WATCHLIST, ItemSpace, RecParams, Taste, recommend


def synthetic_space(n: int, dims: int, seed: int = 0) -> ItemSpace:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(200, dims)).astype(np.float32)
    matrix = centres[rng.integers(0, 200, n)] + 0.7 * rng.normal(size=(n, dims)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    years = rng.integers(1920, 2024, n).astype(np.int32)
    prior = (np.log1p(rng.pareto(1.2, n) * 50) / np.log1p(50 * 40)).clip(0, 1).astype(np.float32)
    return ItemSpace(np.ascontiguousarray(matrix, dtype=np.float32), years, prior)


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
    args = ap.parse_args()
    space = synthetic_space(args.films, args.dims)
    taste = synthetic_history(args.films, args.history)
    allowed = np.random.default_rng(2).random(args.films) < 0.3
    print(f"{args.films} films × {args.dims} dims, history of {args.history} films, top 10, {args.runs} runs")
    for label, fn in (
        ("recommend", lambda: recommend(space, taste, 10, RecParams())),
        ("recommend + filter", lambda: recommend(space, taste, 10, RecParams(), allowed=allowed)),
        ("recommend + MMR 0.8", lambda: recommend(space, taste, 10, RecParams(mmr_lambda=0.8))),
    ):
        ms = measure(fn, args.runs)
        print(f"  {label:<22} p50 {np.percentile(ms, 50):6.1f} ms   p95 {np.percentile(ms, 95):6.1f} ms   "
              f"max {ms.max():6.1f} ms")


if __name__ == "__main__":
    main()
