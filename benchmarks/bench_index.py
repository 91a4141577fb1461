"""Indexing throughput: ``build_index`` vs the raw model on the same texts.

    python benchmarks/bench_index.py [--films 2000] [--repeat 1] [--only before|budget|integer]

Imports the first ``--films`` rows of the TMDB 5000 CSV (read from ``../shared/data``)
into a temporary home, then times

* **raw model**: ``LocalOnnxEmbedder.embed`` on exactly the texts the index embeds
  (every view of every film, recipe 3): the default graph with integer kernels, one text
  per call (issue 17); the shipped graph run as it is (fp32 kernels), batched by a
  padded-token budget; and the shipped graph in batches of 32 as before issue 17;
* **build_index**: a full ``force`` build into an empty cache — planning (texts, content
  hashes), embedding, averaging views per film, a checkpoint every 1,024 films, and the
  final checksummed save. No donor caches, so every film is embedded (``Services.index``
  would copy the starter films' shipped vectors instead).

and prints films/s and texts/s (per wall second and per CPU second: on a shared machine the
CPU time is the steadier measure of work), the ratio to the batching used before issue 17
(texts sorted by characters, batches of 32), the cosine between both outputs, and the
peak RSS of each variant (reset between them; ONNX Runtime's arena never shrinks, so for a
variant's own peak run it alone: ``--only``). Variants are interleaved. Run it on an otherwise
idle machine; ONNX Runtime uses 2 intra-op threads by default (``--threads`` to change).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import _bench
import numpy as np

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.embedders.local_onnx import TOKEN_BUDGET, LocalOnnxEmbedder
from movierec_gui.core.importers import reader_for
from movierec_gui.core.indexer import build_index, plan
from movierec_gui.core.vector_cache import VectorCache
from movierec_gui.wiring import model_files


def small_catalog(root: Path, films: int) -> Catalog:
    catalog = Catalog(root / "catalog.sqlite3")
    source, rows = reader_for("tmdb", _bench.TMDB_CSV)
    catalog.import_rows(itertools.islice(rows, films), source, str(_bench.TMDB_CSV))
    return catalog


def by_count(emb: LocalOnnxEmbedder, texts: list[str], size: int = 32) -> np.ndarray:
    """Before issue 17: texts sorted by characters, batches of ``size`` texts padded to their longest."""
    out = np.empty((len(texts), emb.dims), dtype=np.float32)
    order = np.argsort([len(t) for t in texts], kind="stable")
    for start in range(0, len(texts), size):
        rows = order[start : start + size]
        enc = emb._tokenizer.encode_batch([texts[i] for i in rows])
        out[rows] = emb._embed_batch([e.ids for e in enc])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--films", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=1, help="timed runs of each (the median is reported)")
    ap.add_argument("--threads", type=int, default=None, help="ONNX Runtime intra-op threads (default: the app's)")
    ap.add_argument("--no-build", action="store_true", help="skip the build_index run (raw model variants only)")
    ap.add_argument("--only", choices=["before", "budget", "integer"], help="time this variant alone (own peak RSS)")
    args = ap.parse_args()

    _bench.header("bench_index: indexing throughput, local MiniLM (integer kernels vs the shipped graph)")
    with tempfile.TemporaryDirectory(prefix="movierec-bench-index-") as tmp:
        root = Path(tmp)
        catalog = small_catalog(root, args.films)
        t = time.perf_counter()
        # The default (integer kernels) and the shipped graph as it is; --only loads just the one it times.
        integer = args.only in (None, "integer")
        files = model_files() if integer else replace(model_files(), prepared=None)
        emb = LocalOnnxEmbedder(files, threads=args.threads)
        load_s = time.perf_counter() - t
        shipped = emb if args.only else LocalOnnxEmbedder(replace(model_files(), prepared=None), threads=args.threads)
        _, views, _ = plan(catalog)
        texts = [v for vs in views for v in vs]
        n_films, n_texts = len(views), len(texts)
        tokens = np.array(emb.count_tokens(texts))
        print(
            f"   {n_films:,} TMDB films → {n_texts:,} texts (views), {tokens.mean():.0f} tokens on average "
            f"(max {tokens.max()}); model loaded in {load_s:.2f} s"
        )
        emb.embed(texts[:64])  # warm the sessions up (first runs allocate)
        if shipped is not emb:
            shipped.embed(texts[:64])

        variants = {
            "batches of 32 (before)": lambda: by_count(shipped, texts),
            f"token budget {TOKEN_BUDGET}, fp32": lambda: shipped.embed(texts),
            "integer kernels (now)": lambda: emb.embed(texts),
        }
        if args.only:
            keep = {"before": 0, "budget": 1, "integer": 2}[args.only]
            variants = {k: v for i, (k, v) in enumerate(variants.items()) if i == keep}
        wall: dict[str, list[float]] = {k: [] for k in variants}
        cpu: dict[str, list[float]] = {k: [] for k in variants}
        rss: dict[str, float] = {}
        vecs: dict[str, np.ndarray] = {}
        for rep in range(args.repeat):  # interleaved: A, B, A, B ... so load changes hit both alike
            for name, run in variants.items():
                _bench.reset_peak_rss()
                t, c = time.perf_counter(), time.process_time()
                vecs[name] = run()
                wall[name].append(time.perf_counter() - t)
                cpu[name].append(time.process_time() - c)
                rss[name] = max(rss.get(name, 0.0), _bench.peak_rss_since_reset_mb())
            _bench.loadavg(f"after round {rep + 1} of {args.repeat}")
        build_s = float("nan")
        if not args.no_build and integer:
            _bench.reset_peak_rss()
            cache = VectorCache(root / "vectors", emb.name)
            t = time.perf_counter()
            report = build_index(catalog, emb, cache, force=True)
            build_s = time.perf_counter() - t
            rss["build_index"] = _bench.peak_rss_since_reset_mb()
            assert report.embedded == n_films, report.summary()

    first = next(iter(variants))
    base_wall, base_cpu = float(np.median(wall[first])), float(np.median(cpu[first]))
    print("\n   variant                     wall s  films/s  texts/s   CPU s  texts/CPU-s  ×first (wall, CPU)   peak")
    for name in variants:
        w, c = float(np.median(wall[name])), float(np.median(cpu[name]))
        print(
            f"   {name:26s} {w:7.1f} {n_films / w:8.1f} {n_texts / w:8.1f} {c:7.1f} {n_texts / c:12.1f}"
            f"   {base_wall / w:5.2f}× {base_cpu / c:5.2f}×      {rss[name]:6.0f} MB"
        )
    if not args.no_build and integer:
        print(
            f"   build_index (default)      {build_s:7.1f} {n_films / build_s:8.1f} {n_texts / build_s:8.1f}"
            f"{'':50s}{rss['build_index']:6.0f} MB"
        )
    for name in variants:
        cos = np.sum(vecs[name] * vecs[first], axis=1)
        print(f"   cosine to '{first}': {name}: mean {cos.mean():.6f}, min {cos.min():.6f}")
    if args.repeat > 1:
        print(f"   all runs (wall s): { {k: [round(x, 1) for x in v] for k, v in wall.items()} }")
    _bench.loadavg("at end")


if __name__ == "__main__":
    main()
