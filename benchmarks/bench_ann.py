"""The approximate accelerator (``core.ann``, IVF in numpy) against exact search.

    python benchmarks/bench_ann.py [--films 1000000] [--queries 100] [--probe 24,42,64] [--home H | --vectors DIR]
                                   [--expand N] [--text-queries] [--layout reduced,by-list,gathered]
                                   [--dims 96] [--shortlist 200]

Synthetic clustered unit rows (``_bench.clustered_unit_rows``; queries are held-out rows of
the same distribution), or a real cache (``--home``, or ``--vectors resources/starter_vectors``; queries: rows of
it with a little noise). ``--expand N`` grows a real cache to ``N`` rows that look like it
(each new row is a real film, plus a random share of another, plus a little noise: new films
between the real ones, not copies). ``--text-queries`` adds the 60 typed queries of
``bench_query.py`` embedded by the local model (the distribution search really sees).
Prints the index build time, the probe count the build calibrated, and per probe setting the
p50/p90 of one query, recall@10 against exact ``top_k`` (same run, interleaved), the
filtered recall (a year-range mask, ~30 % of rows), and the RSS: peak so far, and the resident
memory the accelerator adds (the matrix itself is in memory here; the app memory-maps it).
Layouts: ``reduced`` (the app's: rows in list order projected on ``--dims`` principal directions,
the ``--shortlist`` best re-ranked exactly), ``by-list`` (fp32 rows in list order, a second matrix:
round 2), ``gathered`` (probed rows gathered from the matrix). For peak RSS per layout, run one
layout per process.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import _bench
import numpy as np

from movierec_gui.core import ann
from movierec_gui.core.models import SearchFilters
from movierec_gui.core.search import top_k
from movierec_gui.core.vector_cache import Manifest


def synthetic(n: int, queries: int) -> tuple[np.ndarray, np.ndarray]:
    rows = _bench.clustered_unit_rows(n + queries, 384)
    return rows[:n], rows[n:]


def real(vectors: Path, queries: int) -> tuple[np.ndarray, np.ndarray]:
    """The first cache under ``vectors`` (a home's ``vectors/`` or ``resources/starter_vectors``).

    Queries are rows of the cache with a little noise (a film's own row would be found by any index).
    """
    from movierec_gui.core.vector_cache import VectorCache

    folders = [p for p in vectors.iterdir() if (p / "manifest.json").exists()]
    vs = VectorCache(vectors, folders[0].name).load(verify=False)
    matrix = np.ascontiguousarray(vs.matrix)
    rng = np.random.default_rng(1)
    picked = matrix[rng.choice(len(matrix), queries, replace=False)]
    noisy = picked + 0.05 * rng.standard_normal(picked.shape).astype(np.float32)
    return matrix, (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def expand(real_rows: np.ndarray, n: int, seed: int = 3) -> np.ndarray:
    """``n`` unit rows like ``real_rows``: the real ones, then ``a + u·b + noise`` of random real films
    (u uniform in [0, 0.5], noise σ = 0.02 per dimension, about a tenth of the row's length)."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, real_rows.shape[1]), dtype=np.float32)
    out[: len(real_rows)] = real_rows[:n]
    step = 65_536
    for start in range(len(real_rows), n, step):
        stop = min(start + step, n)
        a = real_rows[rng.integers(0, len(real_rows), stop - start)]
        b = real_rows[rng.integers(0, len(real_rows), stop - start)]
        block = a + rng.uniform(0, 0.5, (stop - start, 1)).astype(np.float32) * b
        block += 0.02 * rng.standard_normal(block.shape, dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


def text_queries() -> np.ndarray:
    """The typed queries of ``bench_query.py``, embedded by the installed local model."""
    from bench_query import QUERIES

    from movierec_gui import wiring
    from movierec_gui.config import Settings

    emb = wiring.make_embedder(Settings())
    return np.asarray(emb.embed(list(QUERIES)), dtype=np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--films", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--probe", default="", help="comma-separated probe counts (default: the app's and two around it)")
    ap.add_argument("--home", type=Path, default=None, help="use the real vector cache of this home")
    ap.add_argument("--vectors", type=Path, default=None, help="use the first vector cache in this folder")
    ap.add_argument("--expand", type=int, default=0, help="grow the real cache to this many rows like it")
    ap.add_argument("--text-queries", action="store_true", help="also measure typed queries embedded by the model")
    ap.add_argument("--layout", default="reduced",
                    help="comma-separated: reduced (the app's), by-list (fp32 rows in list order, a second "
                         "matrix), gathered (probed rows gathered from the matrix)")
    ap.add_argument("--dims", type=int, default=None,
                    help="dimensions of the reduced copy (default: the width the index calibrated, as the app)")
    ap.add_argument("--shortlist", type=int, default=ann.SHORTLIST, help="rows re-ranked exactly (reduced)")
    args = ap.parse_args()
    _bench.header("bench_ann: IVF accelerator vs exact top-10")
    t = time.perf_counter()
    source = args.vectors or (args.home / "vectors" if args.home else None)
    matrix, queries = real(source, args.queries) if source else synthetic(args.films, args.queries)
    kind = "real cache" if source else "synthetic clustered"
    if source and args.expand > len(matrix):
        kind = f"{len(matrix):,} real rows expanded"
        matrix = expand(matrix, args.expand)
    query_sets = {"noisy rows" if source else "held-out rows": queries}
    if args.text_queries:
        query_sets["typed queries"] = text_queries()
    n = len(matrix)
    print(f"   {n:,} × {matrix.shape[1]} rows ({kind}), "
          f"{', '.join(f'{len(q)} {name}' for name, q in query_sets.items())}; made in {time.perf_counter() - t:.1f} s")
    ids = np.arange(n, dtype=np.int64) * 7 + 3
    years = np.random.default_rng(2).integers(1900, 2030, n)
    manifest = Manifest("bench", "bench", matrix.shape[1], 3, n, "sha-bench", "ids")

    def mask(filters: SearchFilters) -> np.ndarray | None:
        if not filters.active:
            return None
        return (years >= (filters.year_from or 0)) & (years <= (filters.year_to or 9999))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.ann.npz"
        t = time.perf_counter()
        index = ann.open_index(path, matrix, ids, manifest)
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        ann.open_index(path, matrix, ids, manifest)
        reopen_s = time.perf_counter() - t
        size_mb = path.stat().st_size / 1e6
    print(f"   index: {index.lists} lists, built+saved in {build_s:.1f} s, file {size_mb:.1f} MB, reopened in "
          f"{reopen_s * 1000:.0f} ms; calibrated probe {index.probe_count} lists "
          f"({index.probe_count / index.lists:.1%}); peak RSS so far {_bench.peak_rss_mb():.0f} MB")

    default = index.probe_count
    if args.dims is None:
        args.dims = index.reduced_dims or matrix.shape[1]
        print(f"   calibrated copy width: {args.dims} of {matrix.shape[1]} dimensions")
    probes = [int(p) for p in args.probe.split(",")] if args.probe else sorted({max(1, default // 2), default,
                                                                                 min(index.lists, default * 2)})
    labels = {"reduced": f"rows in list order, {args.dims} principal dims, best {args.shortlist} re-ranked "
                         "exactly (the app's)",
              "by-list": "fp32 rows copied in list order", "gathered": "rows gathered"}
    for layout in args.layout.split(","):
        before = rss_mb()
        ivf = ann.IvfNearest(matrix, ids, index, mask, by_list=layout != "gathered",
                             dims=args.dims if layout == "reduced" and args.dims < matrix.shape[1] else None,
                             shortlist=args.shortlist)
        print(f"\n   == {labels[layout]}: the accelerator adds {rss_mb() - before:.0f} MB resident")
        for name, qs in query_sets.items():
            print(f"\n   -- {name} ({len(qs)}), {labels[layout]}")
            measure(matrix, ids, index, ivf, mask, qs, probes, default)
        print(f"   peak RSS so far: {_bench.peak_rss_mb():.0f} MB")
        del ivf
    print(f"   peak RSS: {_bench.peak_rss_mb():.0f} MB")
    _bench.loadavg("at end")


def rss_mb() -> float:
    """Resident memory now (VmRSS, Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(matrix, ids, index, ivf, mask, queries, probes, default) -> None:
    """Exact search, then IVF at each probe count: latency (wall, CPU), recall@10, filtered latency and recall."""
    filt = SearchFilters(year_from=1990, year_to=2030)
    fmask = mask(filt)
    exact = [top_k(matrix, q, 10)[0] for q in queries]
    exact_f = [top_k(matrix, q, 10, fmask)[0] for q in queries]
    exact_ms, exact_cpu = _bench.timed_cpu(lambda i: top_k(matrix, queries[i % len(queries)], 10), len(queries))
    floor_ms, floor_cpu = _bench.timed_cpu(lambda i: matrix @ np.ones(matrix.shape[1], np.float32), 20)
    print(
        f"\n   exact top_k: p50 {np.median(exact_ms):.1f} ms wall, {np.median(exact_cpu):.1f} ms CPU "
        f"(p90 {np.percentile(exact_ms, 90):.1f} ms wall); one pass (matrix @ ones) {np.median(floor_ms):.1f} ms "
        f"wall, {np.median(floor_cpu):.1f} ms CPU"
    )
    print("   probe  %rows   p50 ms   p90 ms   ×exact  CPU p50  ×exact CPU  recall@10   filtered p50   filt. recall")
    none = SearchFilters()
    for probe in probes:
        ivf.probe = probe
        ms, cpu = _bench.timed_cpu(lambda i, ivf=ivf: ivf.nearest(queries[i % len(queries)], 10, none), len(queries))
        fms = _bench.timed(lambda i, ivf=ivf: ivf.nearest(queries[i % len(queries)], 10, filt), len(queries))
        rec = np.mean([len(set(ivf.nearest(q, 10, none)[0]) & set(ids[e])) / 10 for q, e in zip(queries, exact)])
        frec = np.mean([len(set(ivf.nearest(q, 10, filt)[0]) & set(ids[e])) / 10 for q, e in zip(queries, exact_f)])
        mark = "  (calibrated: the app's)" if probe == default else ""
        speedup = np.median(exact_ms) / np.median(ms)
        share = np.mean([len(index.candidates(q, probe)) for q in queries]) / len(ids)
        print(f"   {probe:5d} {share:6.1%} {np.median(ms):8.2f} {np.percentile(ms, 90):8.2f} {speedup:7.1f}× "
              f"{np.median(cpu):8.2f} {np.median(exact_cpu) / np.median(cpu):9.1f}× {rec:10.3f} "
              f"{np.median(fms):12.2f} ms {frec:12.3f}{mark}")


if __name__ == "__main__":
    main()
