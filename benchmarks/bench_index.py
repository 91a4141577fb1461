"""Indexing throughput: ``build_index`` vs the raw model on the same texts.

    python benchmarks/bench_index.py [--films 2000] [--repeat 1]

Imports the first ``--films`` rows of the TMDB 5000 CSV (read from ``../shared/data``)
into a temporary home, then times

* **raw model**: ``LocalOnnxEmbedder.embed`` on exactly the texts the index embeds
  (every view of every film, recipe 3), which sorts them by length and runs batches of 32;
* **build_index**: a full ``force`` build into an empty cache — planning (texts, content
  hashes), embedding, averaging views per film, a checkpoint every 1,024 films, and the
  final checksummed save. No donor caches, so every film is embedded (``Services.index``
  would copy the starter films' shipped vectors instead).

and prints films/s and texts/s of both, the overhead of ``build_index`` over the raw
model, the model load time and the peak RSS. Run it on an otherwise idle machine; ONNX
Runtime uses 2 intra-op threads by default (``--threads`` to change).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

import _bench
import numpy as np

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
from movierec_gui.core.importers import reader_for
from movierec_gui.core.indexer import build_index, plan
from movierec_gui.core.vector_cache import VectorCache
from movierec_gui.wiring import model_files


def small_catalog(root: Path, films: int) -> Catalog:
    catalog = Catalog(root / "catalog.sqlite3")
    source, rows = reader_for("tmdb", _bench.TMDB_CSV)
    catalog.import_rows(itertools.islice(rows, films), source, str(_bench.TMDB_CSV))
    return catalog


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--films", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=1, help="timed runs of each (the median is reported)")
    ap.add_argument("--threads", type=int, default=None, help="ONNX Runtime intra-op threads (default: the app's)")
    args = ap.parse_args()

    _bench.header("bench_index: indexing throughput, local MiniLM int8")
    with tempfile.TemporaryDirectory(prefix="movierec-bench-index-") as tmp:
        root = Path(tmp)
        catalog = small_catalog(root, args.films)
        t = time.perf_counter()
        emb = LocalOnnxEmbedder(model_files(), threads=args.threads)
        load_s = time.perf_counter() - t
        _, views, _ = plan(catalog)
        texts = [v for vs in views for v in vs]
        n_films, n_texts = len(views), len(texts)
        chars = np.array([len(x) for x in texts])
        print(
            f"   {n_films:,} TMDB films → {n_texts:,} texts (views), {chars.mean():.0f} chars on average "
            f"(max {chars.max():,}); model loaded in {load_s:.2f} s"
        )
        emb.embed(texts[:64])  # warm the session up (first runs allocate)

        raw_s, build_s = [], []
        for rep in range(args.repeat):
            t = time.perf_counter()
            emb.embed(texts)
            raw_s.append(time.perf_counter() - t)
            cache = VectorCache(root / f"vectors-{rep}", emb.name)
            t = time.perf_counter()
            report = build_index(catalog, emb, cache, force=True)
            build_s.append(time.perf_counter() - t)
            assert report.embedded == n_films, report.summary()
            _bench.loadavg(f"after run {rep + 1} of {args.repeat}")

    raw, build = float(np.median(raw_s)), float(np.median(build_s))
    print("\n                       seconds   films/s   texts/s")
    print(f"   raw model embed    {raw:8.1f}  {n_films / raw:8.1f}  {n_texts / raw:8.1f}")
    print(f"   build_index        {build:8.1f}  {n_films / build:8.1f}  {n_texts / build:8.1f}")
    print(f"   build_index / raw time: {build / raw:.3f}× (overhead {100 * (build / raw - 1):+.1f} %)")
    if args.repeat > 1:
        print(f"   all runs (s): raw {[round(x, 1) for x in raw_s]}, build {[round(x, 1) for x in build_s]}")
    print(f"   peak RSS: {_bench.peak_rss_mb():.0f} MB")
    _bench.loadavg("at end")


if __name__ == "__main__":
    main()
