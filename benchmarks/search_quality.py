"""Known-item search quality: does a paraphrased description find the intended film?

Builds a catalog from the TMDB 5000 CSV in ../shared/data, embeds it with the default
model under two text recipes (the seed's ``title: overview`` and ours), and reports
recall@1/@10 and MRR for a set of queries written by us (never catalog sentences):

    python benchmarks/search_quality.py [--queries benchmarks/quality/known_items_dev.jsonl]

Vectors are cached under --work (default: a temp folder) so reruns are quick.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
from movierec_gui.core.importers import reader_for
from movierec_gui.core.indexer import embed_views
from movierec_gui.core.search import Searcher, top_k
from movierec_gui.core.text import content_hash, movie_views, seed_text
from movierec_gui.core.vector_cache import Manifest, VectorSet
from movierec_gui.wiring import model_files

ROOT = Path(__file__).resolve().parents[1]
TMDB = ROOT.parent / "shared" / "data" / "tmdb5000" / "tmdb_5000_movies.csv"


def embed_cached(emb, views: list[list[str]], path: Path) -> np.ndarray:
    if path.exists():
        return np.load(path)
    t = time.perf_counter()
    m = embed_views(emb, views)
    print(f"  embedded {len(views)} films in {time.perf_counter() - t:.0f} s")
    np.save(path, m)
    return m


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", default=str(ROOT / "benchmarks" / "quality" / "known_items_dev.jsonl"))
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "movierec-quality"))
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    cat = Catalog(work / "catalog.sqlite3")
    if cat.count() == 0:
        src, rows = reader_for("tmdb", TMDB)
        cat.import_rows(rows, src)
    movies = list(cat.iter_movies())
    ids = np.array([m.id for m in movies], dtype=np.int64)
    emb = LocalOnnxEmbedder(model_files())
    queries = [json.loads(line) for line in Path(args.queries).read_text(encoding="utf-8").splitlines() if line.strip()]
    targets = []
    for q in queries:
        found = [m.id for m in cat.find_title(q["title"], q.get("year"), year_slack=1)]
        targets.append(set(found))
    missing = [q["title"] for q, t in zip(queries, targets) if not t]
    if missing:
        print(f"queries whose film is not in the catalog (skipped): {missing}")
    qv = emb.embed([q["query"] for q in queries])

    recipes = {"seed title: overview": lambda m: [seed_text(m)], "ours (current recipe)": movie_views}
    print(f"{len(queries) - len(missing)} queries over {len(movies)} films")
    for name, recipe in recipes.items():
        slug = "seed" if recipe is not movie_views else f"v{content_hash(movies[0])[:6]}"
        matrix = embed_cached(emb, [recipe(m) for m in movies], work / f"vectors-{slug}.npy")
        ranks = []
        for vec, target in zip(qv, targets):
            if not target:
                continue
            rows, _ = top_k(matrix, vec, 100)
            hit = [i for i, r in enumerate(rows) if int(ids[r]) in target]
            ranks.append(hit[0] + 1 if hit else 10**6)
        _report(f"semantic, {name}", ranks)
        if recipe is movie_views:
            vs = VectorSet(ids, matrix, Manifest("x", "x", matrix.shape[1], 3, len(ids), "", "", {}))
            searcher = Searcher(cat, vs, lambda s: emb.embed([s])[0])
            ranks = []
            for q, target in zip(queries, targets):
                if not target:
                    continue
                hits = searcher.search(q["query"], top=100)
                hit = [i for i, h in enumerate(hits) if h.movie.id in target]
                ranks.append(hit[0] + 1 if hit else 10**6)
            _report(f"hybrid search, {name}", ranks)


def _report(label: str, ranks: list[int]) -> None:
    r = np.array(ranks)
    print(
        f"{label:<40} recall@1 {np.mean(r <= 1):.3f}  recall@10 {np.mean(r <= 10):.3f}  "
        f"MRR {np.mean(1 / r):.3f}  (n={len(r)})"
    )


if __name__ == "__main__":
    main()
