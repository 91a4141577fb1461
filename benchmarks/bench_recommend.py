"""Recommendation latency: a 1,000-film history over a ~44k-film catalog.

Synthetic unit vectors (384 dims, like the default model) in clusters, a prior and
years per film, and a history of 1,000 rated / liked / disliked / watchlisted films:

    python benchmarks/bench_recommend.py [--films 44000] [--history 1000] [--runs 50] [--services]
                                         [--before REV] [--compare 40] [--compare-threads]

Prints p50 / p95 of ``core.recommend.recommend`` (top 10, default parameters) and of all
shelves (one shared scoring, as ``Services.recommend_shelves``), for today's code and for
the code at ``--before`` (a git revision, loaded from git; default: the commit before the
speed-up), interleaved call by call in one run so that load hits both alike. Situations:
the same history asked again (recommendations, then shelves, a refresh), a history one
liked film longer at every call (the person just rated a film), and a cold cache (the
first call after a start). ``--services`` also times ``Services.recommend`` /
``recommend_shelves`` (history read from SQLite, films hydrated) on a synthetic 44k-film
home (building it takes a minute). ``--compare N`` checks that both versions give the
same lists for N random histories (5–1,000 films, a third with a narrow filter) and all
their shelves. ``--compare-threads``: "before" is today's code with BLAS's default threads
(``core.blas.one_thread`` a no-op), "after" today's code as shipped (one BLAS thread for the
seed product); CPU medians are printed too. Targets: p50 ≤ 40 ms (issue 12), ≤ 25 ms (issue 17).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import (
    DISLIKED,
    LIKED,
    WATCHED,
    WATCHLIST,
    ItemSpace,
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
    documentary, 1 in 7 is French, 400 directors, three billed actors of 3,000."""
    out = []
    for i in range(n):
        base = i - i % 10
        title = f"Film {base}" + ("" if i % 10 == 0 else f" {i % 10 + 1}") if i % 10 < 3 else f"Film {i}"
        out.append(Movie(i, title, int(years[i]), genres=("Documentary",) if i % 20 == 0 else ("Drama",),
                         directors=(f"Director {i % 400}",), countries=("FR",) if i % 7 == 0 else ("US",),
                         cast=tuple(f"Actor {(i * m) % 3000}" for m in (1, 7, 13))))
    return out


def synthetic_history(n_items: int, size: int, seed: int = 1) -> Taste:
    rng = np.random.default_rng(seed)
    rows = rng.choice(n_items, size=size, replace=False)
    kinds = rng.choice([WATCHED, LIKED, DISLIKED, WATCHLIST], size=size, p=[0.75, 0.12, 0.05, 0.08]).astype(np.int8)
    ratings = np.where(rng.random(size) < 0.7, rng.integers(1, 11, size) / 2, np.nan).astype(np.float32)
    times = np.sort(rng.uniform(1.2e9, 1.7e9, size))
    return Taste(rows.astype(np.int64), kinds, ratings, times)


#: The last commit before the speed-up (issue 17 goal 5): what "before" means by default.
BEFORE = "99f3de0"
_ROOT = Path(__file__).resolve().parent.parent


def load_before(rev: str) -> tuple[types.ModuleType, types.ModuleType]:
    """``core.recommend`` and ``core.shelves`` (with the ``core.series`` they use) as they
    were at git revision ``rev``, loaded from git as modules next to today's."""

    def load(name: str, renames: dict[str, str]) -> types.ModuleType:
        src = subprocess.run(["git", "-C", str(_ROOT), "show", f"{rev}:movierec_gui/core/{name}.py"],
                             capture_output=True, text=True, check=True).stdout
        for a, b in renames.items():
            src = src.replace(f"from .{a} import", f"from .{b} import")
        mod = types.ModuleType(f"movierec_gui.core._before_{name}")
        mod.__package__ = "movierec_gui.core"
        sys.modules[mod.__name__] = mod
        exec(compile(src, f"{rev}:{name}.py", "exec"), mod.__dict__)
        return mod

    load("series", {})
    rec = load("recommend", {"series": "_before_series"})
    shelves = load("shelves", {"recommend": "_before_recommend", "series": "_before_series"})
    return rec, shelves


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--films", type=int, default=44_000)
    ap.add_argument("--history", type=int, default=1000)
    ap.add_argument("--dims", type=int, default=384)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--before", default=BEFORE, help="git revision to compare with (default: %(default)s)")
    ap.add_argument("--compare", type=int, default=0, help="check that N random histories get the same lists")
    ap.add_argument("--services", action="store_true", help="also time Services.recommend on a synthetic home")
    ap.add_argument("--compare-threads", action="store_true",
                    help="before = today's code with BLAS's default threads (no core.blas limit)")
    ap.add_argument("--after-only", action="store_true",
                    help="time today's code alone (with several BLAS threads, the old code's big products leave "
                         "OpenBLAS threads spinning into the next call)")
    args = ap.parse_args()
    old, old_shelves = load_before(args.before)
    space = synthetic_space(args.films, args.dims)
    taste = synthetic_history(args.films, args.history)
    allowed = np.random.default_rng(2).random(args.films) < 0.3
    print(f"{args.films} films × {args.dims} dims, history of {args.history} films, top 10, {args.runs} runs; "
          f"before = {args.before}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}; "
          f"load {os.getloadavg()[0]:.1f}")
    if args.compare:
        compare(space, old, old_shelves, args.compare)
    old_growing, new_growing = growing_histories(taste, args.films, 2 * args.runs + 10)
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("recommend, same history", lambda: old.recommend(space, taste, 10), lambda: recommend(space, taste, 10)),
        ("recommend, +1 film/call", lambda: old.recommend(space, next(old_growing), 10),
         lambda: recommend(space, next(new_growing), 10)),
        ("recommend, cold cache", lambda: old.recommend(space, taste, 10),
         lambda: (drop_cache(space), recommend(space, taste, 10))),
        ("recommend + filter", lambda: old.recommend(space, taste, 10, allowed=allowed),
         lambda: recommend(space, taste, 10, allowed=allowed)),
        ("all shelves, same history", lambda: all_shelves(space, taste, old_shelves),
         lambda: all_shelves(space, taste)),
        ("all shelves, cold cache", lambda: all_shelves(space, taste, old_shelves),
         lambda: (drop_cache(space), all_shelves(space, taste))),
    ]
    if args.after_only:
        cases = [(label, _nothing, after) for label, _, after in cases]
    elif args.compare_threads:  # the "+1 film" case needs its own stream of histories for "before"
        global BLOCK
        BLOCK = 10
        cases = [(label, default_threads(lambda: recommend(space, next(old_growing), 10)) if "+1" in label
                  else default_threads(after), after) for label, _, after in cases]
    for label, before, after in cases:
        report(label, *interleaved(runs_today(label, before), after, args.runs))
    if args.services:
        services = synthetic_home(args.films, args.dims, args.history)
        services.recommend(10)  # load the vectors and build the item space once
        home_space = services._item_space(services._local_searcher())[0]
        runs = max(args.runs // 2, 5)
        old_rec = _nothing if args.after_only else lambda: swapped(lambda: services.recommend(10), old, old_shelves)
        old_shelf = (_nothing if args.after_only
                     else lambda: swapped(lambda: services.recommend_shelves(12), old, old_shelves))
        old_cold = old_rec
        if args.compare_threads:
            old_rec = default_threads(lambda: services.recommend(10))
            old_cold = default_threads(lambda: (drop_cache(home_space), services.recommend(10)))
            old_shelf = default_threads(lambda: services.recommend_shelves(12))
        report("Services.recommend", *interleaved(old_rec, lambda: services.recommend(10), runs))
        report("  … cold cache", *interleaved(old_cold, lambda: (drop_cache(home_space), services.recommend(10)),
                                              runs))
        report("Services.recommend_shelves", *interleaved(old_shelf, lambda: services.recommend_shelves(12),
                                                           max(runs // 2, 5)))
    print(f"load at the end {os.getloadavg()[0]:.1f}")


def _nothing() -> None:
    return None


def runs_today(label: str, before: Callable[[], object]) -> Callable[[], object]:
    """``before``, or nothing when the old code cannot run on today's item space (its shelves read
    fields that have changed since): that row then times today's code alone."""
    try:
        before()
    except (AttributeError, TypeError) as exc:
        print(f"  ({label}: the 'before' code does not run on today's item space: {exc}; timing today's alone)")
        return _nothing
    return before


def default_threads(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` with ``core.blas.one_thread`` a no-op: BLAS's default threads, as before ``core.blas``."""
    from movierec_gui.core import blas

    def run() -> object:
        saved = blas.one_thread
        blas.one_thread = contextlib.nullcontext  # type: ignore[assignment]
        try:
            return fn()
        finally:
            blas.one_thread = saved

    return run


def drop_cache(space: ItemSpace) -> None:
    """Forget the kept seed cosines (``core.catalog_sims``), as on the first call after a start."""
    space.__dict__.pop("_sims_cache", None)


def growing_histories(taste: Taste, n_items: int, count: int) -> tuple[Iterator[Taste], Iterator[Taste]]:
    """Two identical streams of histories, each one newly liked film longer than the last."""
    new = np.random.default_rng(7).choice(np.setdiff1d(np.arange(n_items), taste.rows), size=count, replace=False)
    stream = []
    rows, kinds, ratings, times = taste.rows, taste.kinds, taste.ratings, taste.times
    for i, r in enumerate(new):
        rows, kinds = np.append(rows, r), np.append(kinds, np.int8(LIKED))
        ratings, times = np.append(ratings, np.float32(5.0)), np.append(times, 1.8e9 + i)
        stream.append(Taste(rows, kinds, ratings, times))
    return iter(stream), iter(list(stream))


#: CPU milliseconds of the last ``interleaved`` call: (before, after).
LAST_CPU: list[np.ndarray] = []
#: Calls per turn in ``interleaved`` (``--compare-threads``: 10).
BLOCK = 1


def interleaved(before: Callable[[], object], after: Callable[[], object], runs: int) -> tuple[np.ndarray, np.ndarray]:
    """Milliseconds per call of each, alternating call by call (after 3 warm-up calls of each).

    With ``BLOCK`` > 1 they alternate in blocks of that many calls (the first of each block untimed):
    OpenBLAS's threads spin ~0.1 s after a threaded call and would slow the other variant's next call.
    """
    for _ in range(3):
        before()
        after()
    out: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    pairs = ((before, out[0], cpu[0]), (after, out[1], cpu[1]))
    for b in range(max(runs // BLOCK, 1)):
        for fn, times, cpus in pairs if b % 2 == 0 else pairs[::-1]:
            if BLOCK > 1:
                fn()
            for _ in range(BLOCK):
                t, c = time.perf_counter(), time.process_time()
                fn()
                times.append((time.perf_counter() - t) * 1000)
                cpus.append((time.process_time() - c) * 1000)
    LAST_CPU[:] = [np.array(cpu[0]), np.array(cpu[1])]
    return np.array(out[0]), np.array(out[1])


def swapped(fn: Callable[[], object], old: types.ModuleType, old_shelves: types.ModuleType) -> object:
    """Call ``fn`` (a Services method) with the old recommender and shelves in place of today's."""
    import movierec_gui.core.recommend as rec_mod
    import movierec_gui.services as svc

    with contextlib.ExitStack() as stack:
        for mod, name, value in ((rec_mod, "recommend", old.recommend), (rec_mod, "score", old.score),
                                 (svc, "rank_shelf", old_shelves.rank_shelf),
                                 (svc, "shelf_keys", old_shelves.shelf_keys)):
            stack.enter_context(_patched(mod, name, value))
        return fn()


@contextlib.contextmanager
def _patched(mod: types.ModuleType, name: str, value: object) -> Iterator[None]:
    saved = getattr(mod, name)
    setattr(mod, name, value)
    try:
        yield
    finally:
        setattr(mod, name, saved)


def compare(space: ItemSpace, old: types.ModuleType, old_shelves: types.ModuleType, count: int) -> None:
    """Same lists before and after? Random histories of 5–1,000 films, a third with a 2 % filter."""
    same = total = 0
    overlap = []
    for i in range(count):
        taste = synthetic_history(len(space), [5, 20, 100, 1000][i % 4], seed=100 + i)
        allowed = None if i % 3 else np.random.default_rng(i).random(len(space)) < 0.02
        pairs = [(old.recommend(space, taste, 10, allowed=allowed).rows,
                  recommend(space, taste, 10, allowed=allowed).rows)]
        old_scored, new_scored = old.score(space, taste), score(space, taste)
        for key in old_shelves.shelf_keys(taste):
            a = old_shelves.rank_shelf(key, space, taste, 12, scored=old_scored)
            b = rank_shelf(key, space, taste, 12, scored=new_scored)
            pairs.append((a.ranked.rows if a else np.empty(0), b.ranked.rows if b else np.empty(0)))
        for a, b in pairs:
            total += 1
            same += a.tolist() == b.tolist()
            if len(a) or len(b):
                overlap.append(len(set(a.tolist()) & set(b.tolist())) / max(len(a), len(b)))
    print(f"  same lists (ids and order): {same}/{total}, mean overlap {np.mean(overlap):.4f} "
          f"({count} histories: recommend and every shelf)")


def all_shelves(space: ItemSpace, taste: Taste, shelves: types.ModuleType | None = None) -> list:
    """Every shelf of this history from one shared scoring, as ``Services.recommend_shelves``."""
    if shelves is None:
        scored = score(space, taste)
        return [rank_shelf(k, space, taste, 12, scored=scored) for k in shelf_keys(taste)]
    old_scored = shelves.score(space, taste)
    return [shelves.rank_shelf(k, space, taste, 12, scored=old_scored) for k in shelves.shelf_keys(taste)]


def report(label: str, before: np.ndarray, after: np.ndarray) -> None:
    def fig(ms: np.ndarray) -> str:
        return f"p50 {np.percentile(ms, 50):6.1f}  p95 {np.percentile(ms, 95):6.1f}"

    if before.max() < 0.05:  # --after-only, or the old code cannot run
        print(f"  {label:<27} after {fig(after)} ms")
        return
    ratio = np.percentile(before, 50) / max(np.percentile(after, 50), 1e-9)
    cpu = f" | CPU p50 {np.median(LAST_CPU[0]):.1f} → {np.median(LAST_CPU[1]):.1f}" if LAST_CPU else ""
    print(f"  {label:<27} before {fig(before)} ms | after {fig(after)} ms | ×{ratio:4.1f}{cpu}")


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
