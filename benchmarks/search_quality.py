"""Search quality on the starter catalog (mood/theme queries, misspelled titles) and known items on TMDB 5000.

Systems compared (the same vectors, embedder and catalog for all):

* ``tutorial``   — ``title: synopsis`` embedded, cosine only (what a tutorial does);
* ``lexical``    — FTS5 bm25 over the catalog text (any query word);
* ``semantic``   — our vectors (text recipe), cosine of the query as typed;
* ``hybrid-rrf`` — the previous shipped ranking: typed titles first, then a reciprocal-rank
  fusion of the semantic top 30 with the bm25 top 100 (re-implemented here for comparison);
* ``ours``       — ``Searcher.search_result``: query understanding, meaning-led ranking,
  typo-proof titles.

Mood/theme queries (``quality/mood_dev.jsonl``, written before any result was seen) are
graded 0/1/2 over the pooled top 10 of all systems (``quality/mood_grades.tsv``); the
``expect`` field of a query lists the constraints it states, checked on every top-10 film.

    python benchmarks/search_quality.py --home /tmp/x            # starter: nDCG@10, P@10, violations, typos@1
    python benchmarks/search_quality.py --home /tmp/x --pool F   # write the pooled top 10 to grade into F
    python benchmarks/search_quality.py --tmdb                   # known-item recall on TMDB 5000
    python benchmarks/search_quality.py --home /tmp/x --typos quality/typos_dev2.jsonl  # another typo set
    python benchmarks/search_quality.py --tmdb --splits "" --typos quality/typos_check5.jsonl  # its TMDB part

``--home`` is a MovieRec home whose catalog is the starter catalog and whose vector cache
is built (``movierec --home /tmp/x index``). The tutorial vectors are cached in ``--work``.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
from movierec_gui.core.filters import movie_passes
from movierec_gui.core.indexer import embed_views
from movierec_gui.core.models import Movie, SearchFilters
from movierec_gui.core.search import Searcher, top_k
from movierec_gui.core.text import normalize_title, seed_text
from movierec_gui.core.vector_cache import Manifest, VectorCache, VectorSet
from movierec_gui.wiring import model_files

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "benchmarks" / "quality"
#: ../shared next to the main checkout (a worktree under /work/wt/<name> looks two levels up).
_HOMES = (ROOT.parent, ROOT.parent.parent)
SHARED = next((p / "shared" for p in _HOMES if (p / "shared" / "data").exists()), ROOT.parent / "shared")
TMDB = SHARED / "data" / "tmdb5000" / "tmdb_5000_movies.csv"
System = Callable[[str, int], list[int]]


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def model_key(emb: LocalOnnxEmbedder) -> str:
    """The model's fingerprint as a file-name part: cached vectors of another graph are never reused."""
    return emb.fingerprint.replace(":", "-")


def memo_query_embedder(emb: LocalOnnxEmbedder):
    """``emb`` for one query at a time, each distinct query embedded once (systems share the queries);
    ``.cache_clear()`` forgets them (for timings that include the embedding)."""
    return functools.lru_cache(maxsize=None)(lambda s: emb.embed([s])[0])


def embed_cached(emb, views: list[list[str]], path: Path) -> np.ndarray:
    if path.exists():
        return np.load(path)
    t = time.perf_counter()
    m = embed_views(emb, views)
    print(f"  embedded {len(views)} films in {time.perf_counter() - t:.0f} s")
    np.save(path, m)
    return m


def tutorial_vectors(cat: Catalog, emb, ids: np.ndarray, work: Path) -> np.ndarray:
    """``title: synopsis`` vectors for the films ``ids`` (cached by film id under ``work``)."""
    path = work / f"starter-seed-{model_key(emb)}.npz"
    if path.exists():
        data = np.load(path)
        if not set(map(int, ids)) <= set(map(int, data["ids"])):  # another catalog: embed again
            path.unlink()
    if not path.exists():
        all_ids = np.array(cat.all_ids(), dtype=np.int64)
        movies = cat.get_many(int(m) for m in all_ids)
        t = time.perf_counter()
        matrix = embed_views(emb, [[seed_text(movies[int(m)])] for m in all_ids])
        print(f"  embedded {len(all_ids)} films (title: synopsis) in {time.perf_counter() - t:.0f} s")
        np.savez(path, ids=all_ids, matrix=matrix)
    data = np.load(path)
    row = {int(m): i for i, m in enumerate(data["ids"])}
    return data["matrix"][[row[int(m)] for m in ids]]


# ----------------------------------------------------------------------------- systems
def systems(
    cat: Catalog,
    vs: VectorSet,
    embed: Callable[[str], np.ndarray],
    tutorial: np.ndarray,
    people: frozenset[str] = frozenset(),
) -> dict[str, System]:
    """``people`` (normalized full names) are known to ``ours`` as people with no film in ``cat``."""
    searcher = Searcher(cat, vs, embed)
    if people:
        know_people(searcher, people)
    ids = vs.ids

    def tut(q: str, k: int) -> list[int]:
        rows, _ = top_k(tutorial, embed(q), k)
        return [int(ids[r]) for r in rows]

    def sem(q: str, k: int) -> list[int]:
        rows, _ = top_k(vs.matrix, embed(q), k)
        return [int(ids[r]) for r in rows]

    def lex(q: str, k: int) -> list[int]:
        return [m for m, _ in cat.title_search(q, limit=k)]

    def rrf(q: str, k: int) -> list[int]:
        semantic = sem(q, max(k * 3, 30))
        lexical = lex(q, 100)
        key = normalize_title(q)
        exact = [m.id for m in cat.find_title(q)] if key else []
        fused: dict[int, float] = {}
        for rank, mid in enumerate(semantic):
            fused[mid] = fused.get(mid, 0.0) + 1.0 / (61 + rank)
        for rank, mid in enumerate(lexical):
            fused[mid] = fused.get(mid, 0.0) + 1.0 / (61 + rank)
        order = exact + sorted(fused, key=lambda m: -fused[m])
        return list(dict.fromkeys(order))[:k]

    def ours(q: str, k: int) -> list[int]:
        return [h.movie.id for h in searcher.search_result(q, k).hits]

    return {"tutorial": tut, "lexical": lex, "semantic": sem, "hybrid-rrf": rrf, "ours": ours}


def know_people(searcher: Searcher, people: frozenset[str]) -> None:
    """``searcher`` also knows ``people`` as directors or cast of films outside its catalog.

    Every MovieRec home holds the starter catalog, whose credits name ~7,700 people; TMDB 5000 as
    imported here has no credits. Known-item queries run with ``--starter-people`` as in such a home.
    """
    store = searcher.evidence.store
    assert store is not None
    own = store.person

    def person(key: str) -> tuple[list[int], list[int]] | None:
        return own(key) or (([], []) if key in people else None)

    store.person = person  # type: ignore[method-assign]


def starter_people() -> frozenset[str]:
    """The normalized full names of the starter catalog's directors and cast."""
    from movierec_gui.wiring import starter_files

    names: set[str] = set()
    for path in starter_files():
        for film in load_jsonl(path):
            people = (*film.get("directors", ()), *film.get("cast", ()))
            names.update(k for k in map(normalize_title, people) if " " in k)
    return frozenset(names)


def ablations(cat: Catalog, vs: VectorSet, embed: Callable[[str], np.ndarray]) -> dict[str, System]:
    """``ours`` without one idea at a time (for the README's table; not part of the pooled grading)."""
    from movierec_gui.core import search as search_module
    from movierec_gui.core.evidence import Evidence

    plain = Searcher(cat, vs, embed)
    no_evidence = Searcher(cat, vs, embed)
    no_evidence.evidence.find = lambda text: Evidence()  # type: ignore[method-assign]

    def no_parse(q: str, k: int) -> list[int]:
        return [h.movie.id for h in plain.search_result(q, k, understand=False).hits]

    def without_evidence(q: str, k: int) -> list[int]:
        return [h.movie.id for h in no_evidence.search_result(q, k).hits]

    def without_prior(q: str, k: int) -> list[int]:
        saved, search_module.PRIOR_WEIGHT = search_module.PRIOR_WEIGHT, 0.0
        try:
            return [h.movie.id for h in plain.search_result(q, k).hits]
        finally:
            search_module.PRIOR_WEIGHT = saved

    return {"− parsing": no_parse, "− lexical": without_evidence, "− prior": without_prior}


# ----------------------------------------------------------------------------- metrics
def ndcg(grades: list[int], ideal: list[int], k: int = 10) -> float:
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(sorted(ideal, reverse=True)[:k]))
    return dcg / best if best else 0.0


def expect_filters(expect: dict) -> SearchFilters:
    keys = ("year_from", "year_to", "runtime_min", "runtime_max", "audience")
    return SearchFilters(
        genres_all=tuple(expect.get("genres_all", ())),
        genres_not=tuple(expect.get("genres_not", ())),
        countries=tuple(expect.get("countries", ())),
        languages=tuple(expect.get("languages", ())),
        languages_not=tuple(expect.get("languages_not", ())),
        countries_not=tuple(expect.get("countries_not", ())),
        **{k: expect[k] for k in keys if k in expect},
    )


def violates(movie: Movie, expect: dict) -> bool:
    if not movie_passes(movie, expect_filters(expect)):
        return True
    words = [w.lower() for w in expect.get("avoid", ())]
    return any(w in kw.lower() for w in words for kw in movie.keywords)


def label(m: Movie) -> str:
    return f"{m.title} ({m.year})"


def load_grades(path: Path) -> dict[tuple[str, str], int]:
    grades: dict[tuple[str, str], int] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                q, film, g = line.split("\t")
                grades[(q, film)] = int(g)
    return grades


def mood_report(cat: Catalog, runs: dict[str, System], mood: Path, grades_path: Path, pool: Path | None) -> None:
    queries = load_jsonl(mood)
    results = {name: [run(q["query"], 10) for q in queries] for name, run in runs.items()}
    movies = cat.get_many({m for lists in results.values() for ids in lists for m in ids})
    if pool is not None:
        grades = load_grades(grades_path)
        with pool.open("w", encoding="utf-8") as f:
            for i, q in enumerate(queries):
                pooled = dict.fromkeys(m for name in runs for m in results[name][i])
                for mid in pooled:
                    film = label(movies[mid])
                    if (q["query"], film) not in grades:
                        m = movies[mid]
                        f.write(f"{q['query']}\t{film}\t?\t{', '.join(m.genres)} | {m.overview[:160]}\n")
        print(f"pooled films to grade written to {pool}")
        return
    grades = load_grades(grades_path)
    print(f"\nmood/theme queries: {len(queries)} (graded films: {len(grades)})")
    print(f"{'system':<12} {'nDCG@10':>8} {'P@10':>6} {'violations':>11} {'queries w/ viol.':>17} {'unjudged':>9}")
    for name in runs:
        nd, p10, viol, qviol, unjudged = [], [], 0, 0, 0
        for i, q in enumerate(queries):
            ideal = [g for (qq, _), g in grades.items() if qq == q["query"]]
            got = []
            for mid in results[name][i]:
                g = grades.get((q["query"], label(movies[mid])))
                unjudged += g is None
                got.append(g or 0)
            nd.append(ndcg(got, ideal))
            p10.append(sum(g >= 1 for g in got) / 10)
            bad = sum(violates(movies[mid], q.get("expect", {})) for mid in results[name][i])
            viol += bad
            qviol += bad > 0
        pure = [v for v, q in zip(nd, queries) if not q.get("expect")]
        stated = [v for v, q in zip(nd, queries) if q.get("expect")]
        split = (f"   nDCG pure {np.mean(pure):.3f} (n={len(pure)}), with constraints {np.mean(stated):.3f} "
                 f"(n={len(stated)})" if pure and stated else "")
        print(f"{name:<12} {np.mean(nd):>8.3f} {np.mean(p10):>6.3f} {viol:>11d} {qviol:>17d} {unjudged:>9d}{split}")
        if name == "ours":
            for i, q in enumerate(queries):
                bad = [label(movies[m]) for m in results[name][i] if violates(movies[m], q.get("expect", {}))]
                if bad:
                    print(f"    violations for {q['query']!r}: {bad}")


def typo_report(cat: Catalog, runs: dict[str, System], typos: Path = QUALITY / "typos_dev.jsonl",
                part: str = "starter") -> None:
    """Hits at #1 (and top 3) of misspelled titles; a query's optional ``catalog`` field names its part."""
    queries = [q for q in load_jsonl(typos) if q.get("catalog", "starter") == part]
    targets = []
    for q in queries:
        found = cat.find_title(q["title"], q["year"], year_slack=1)
        targets.append({m.id for m in found})
    n = sum(bool(t) for t in targets)
    print(f"\nmisspelled titles ({part}): {n} of {len(queries)} in the catalog")
    for name, run in runs.items():
        top3 = [run(q["query"], 10)[:3] for q in queries]
        hits = sum(bool(t) and bool(a) and a[0] in t for a, t in zip(top3, targets))
        in3 = sum(bool(t) and bool(set(a) & t) for a, t in zip(top3, targets))
        misses = [q["query"] for q, a, t in zip(queries, top3, targets) if t and not (a and a[0] in t)]
        print(f"{name:<12} hits@1 {hits / n:.3f}  ({hits}/{n})  top3 {in3 / n:.3f}"
              + (f"  missed: {misses}" if name == "ours" else ""))


def rank_stability(runs: dict[str, System], mood: Path) -> None:
    queries = [q["query"] for q in load_jsonl(mood)]
    same = sum(runs["ours"](q, 10) == runs["ours"](q, 100)[:10] for q in queries)
    print(f"\nours: top 10 identical with top=10 and top=100 for {same}/{len(queries)} queries")


def latency(runs: dict[str, System], mood: Path) -> None:
    queries = [q["query"] for q in load_jsonl(mood)]
    times = []
    for q in queries:
        t = time.perf_counter()
        runs["ours"](q, 10)
        times.append((time.perf_counter() - t) * 1000)
    print(f"ours: query p50 {statistics.median(times):.1f} ms, p90 {np.percentile(times, 90):.1f} ms (incl. embedding)")


# ----------------------------------------------------------------------------- known items (TMDB 5000)
#: Known-item sets (``quality/known_items_<split>.jsonl``); dev4–dev8 were written blind, run once (see README).
KNOWN_ITEM_SPLITS = ("dev", "dev2", "holdout", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8")


def tmdb_home(work: Path) -> tuple[Catalog, VectorSet, Callable[[str], np.ndarray]]:
    """TMDB 5000 imported into ``work`` (once) with its vectors (embedded once, then read back) and a
    memoised query embedder."""
    from movierec_gui.core.importers import reader_for
    from movierec_gui.core.text import movie_views

    cat = Catalog(work / "tmdb.sqlite3")
    if cat.count() == 0:
        src, rows = reader_for("tmdb", TMDB)
        cat.import_rows(rows, src)
    movies = list(cat.iter_movies())
    ids = np.array([m.id for m in movies], dtype=np.int64)
    emb = LocalOnnxEmbedder(model_files())
    matrix = embed_cached(emb, [movie_views(m) for m in movies], work / f"tmdb-vectors-{model_key(emb)}.npy")
    vs = VectorSet(ids, matrix, Manifest("x", "x", matrix.shape[1], 3, len(ids), "", "", {}))
    return cat, vs, memo_query_embedder(emb)


def known_items(work: Path, splits: tuple[str, ...] = KNOWN_ITEM_SPLITS, people: bool = False,
                typos: Path | None = None) -> None:
    import movierec_gui

    cat, vs, embed = tmdb_home(work)
    matrix = vs.matrix
    known = starter_people() if people else frozenset()
    runs = systems(cat, vs, embed, matrix, known)
    print(f"engine: {Path(movierec_gui.__file__).parent}"  # "ours" is the ranking of this package
          + (f"; {len(known)} starter people known" if people else ""))
    for split in splits:
        path = QUALITY / f"known_items_{split}.jsonl"
        if not path.exists():
            print(f"known items {split:<8} (no {path.name})")
            continue
        queries = load_jsonl(path)
        targets = [{m.id for m in cat.find_title(q["title"], q.get("year"), year_slack=1)} for q in queries]
        for name in ("lexical", "semantic", "hybrid-rrf", "ours"):
            ranks = []
            for q, t in zip(queries, targets):
                if not t:
                    continue
                got = runs[name](q["query"], 100)
                hit = [i for i, m in enumerate(got) if m in t]
                ranks.append(hit[0] + 1 if hit else 10**6)
            r = np.array(ranks)
            print(f"known items {split:<8} {name:<11} recall@1 {np.mean(r <= 1):.3f}  recall@10 "
                  f"{np.mean(r <= 10):.3f}  MRR {np.mean(1 / r):.3f}  (n={len(r)})")
    if typos is not None:
        typo_report(cat, {"ours": runs["ours"]}, typos, part="tmdb")


def latency_at_scale(home: Path) -> None:
    """Warm query latency of ``search_result`` over a large catalog (synthetic vectors if it has no cache)."""
    import os

    cat = Catalog(home / "catalog.sqlite3")
    emb = LocalOnnxEmbedder(model_files())
    try:
        vs = VectorCache(home / "vectors", emb.name).load()
        kind = "its vector cache"
    except Exception:  # no cache: vectors do not change the cost, only the answers
        ids = np.array(sorted(cat.all_ids()), dtype=np.int64)
        m = np.random.default_rng(0).normal(size=(len(ids), 384)).astype(np.float32)
        m /= np.linalg.norm(m, axis=1, keepdims=True)
        vs = VectorSet(ids, m, Manifest("x", "x", 384, 3, len(ids), "", "", {}))
        kind = "synthetic unit vectors"
    t = time.perf_counter()
    searcher = Searcher(cat, vs, lambda s: emb.embed([s])[0])
    built = time.perf_counter() - t
    queries = [q["query"] for name in ("mood_dev", "typos_dev") for q in load_jsonl(QUALITY / f"{name}.jsonl")]
    old = systems(cat, vs, lambda s: emb.embed([s])[0], vs.matrix[:1])["hybrid-rrf"]
    for q in queries:  # warm: per-term counts cached, pages in memory
        searcher.search_result(q, 10)
        old(q, 10)
    times: list[float] = []
    before: list[float] = []
    for q in queries:  # interleaved, so both see the same load
        t = time.perf_counter()
        searcher.search_result(q, 10)
        times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        old(q, 10)
        before.append((time.perf_counter() - t) * 1000)
    print(f"{len(vs.ids)} films ({kind}); searcher built in {built:.2f} s; OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}; load {os.getloadavg()[0]:.1f}")
    titled = len(load_jsonl(QUALITY / "mood_dev.jsonl"))  # the typos_dev queries come after the mood ones
    for label, ts in (("search_result", times), ("previous hybrid-rrf", before), ("titles only", times[titled:])):
        print(f"{label:<20} warm p50 {statistics.median(ts):.1f} ms, p90 {np.percentile(ts, 90):.1f} ms, "
              f"max {max(ts):.1f} ms over {len(ts)} queries (query embedding included)")
    plot_latency(searcher)
    typo_report(cat, {"ours": lambda q, k: [h.movie.id for h in searcher.search_result(q, k).hits]})


def plot_latency(searcher: Searcher) -> None:
    """Retold plots (the known-item dev queries) with and without the coverage term, interleaved."""
    from movierec_gui.core import evidence

    plots = [q["query"] for name in ("dev", "dev2") for q in load_jsonl(QUALITY / f"known_items_{name}.jsonl")]
    saved = evidence.PLOT_MIN_WORDS
    times: dict[str, list[float]] = {"plots, coverage on": [], "plots, coverage off": []}
    for q in plots:
        searcher.search_result(q, 10)  # warm
    for q in plots:
        for label, gate in (("plots, coverage on", saved), ("plots, coverage off", 10**6)):
            evidence.PLOT_MIN_WORDS = gate
            t = time.perf_counter()
            searcher.search_result(q, 10)
            times[label].append((time.perf_counter() - t) * 1000)
    evidence.PLOT_MIN_WORDS = saved
    for label, ts in times.items():
        print(f"{label:<20} warm p50 {statistics.median(ts):.1f} ms, p90 {np.percentile(ts, 90):.1f} ms "
              f"over {len(ts)} queries (query embedding included)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", help="a MovieRec home with the starter catalog indexed")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "movierec-quality"))
    ap.add_argument("--mood", default=str(QUALITY / "mood_dev.jsonl"), help="mood/theme queries (JSONL)")
    ap.add_argument("--grades", default=str(QUALITY / "mood_grades.tsv"), help="their grades (TSV)")
    ap.add_argument("--typos", default=str(QUALITY / "typos_dev.jsonl"),
                    help="misspelled titles (JSONL); with --tmdb, the queries whose catalog is 'tmdb'")
    ap.add_argument("--pool", help="write the pooled, ungraded top 10 to this file and stop")
    ap.add_argument("--tmdb", action="store_true", help="known-item recall on TMDB 5000 instead")
    ap.add_argument("--splits", default=",".join(KNOWN_ITEM_SPLITS), help="known-item sets for --tmdb (comma list)")
    ap.add_argument("--starter-people", action="store_true",
                    help="--tmdb: ours knows the starter catalog's people, as every home does")
    ap.add_argument("--latency-home", help="time search_result on this (large) home instead")
    ap.add_argument("--ablations", action="store_true", help="also ours without parsing / lexical evidence / prior")
    args = ap.parse_args()
    if args.latency_home:
        latency_at_scale(Path(args.latency_home))
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.tmdb:
        typos = Path(args.typos) if "--typos" in sys.argv else None
        known_items(work, tuple(s for s in args.splits.split(",") if s), args.starter_people, typos)
        return
    home = Path(args.home)
    cat = Catalog(home / "catalog.sqlite3")
    emb = LocalOnnxEmbedder(model_files())
    vs = VectorCache(home / "vectors", emb.name).load()
    tutorial = tutorial_vectors(cat, emb, vs.ids, work)
    embed = memo_query_embedder(emb)
    runs = systems(cat, vs, embed, tutorial)
    if args.ablations:
        runs |= ablations(cat, vs, embed)
    mood = Path(args.mood)
    mood_report(cat, runs, mood, Path(args.grades), Path(args.pool) if args.pool else None)
    if args.pool:
        return
    typo_report(cat, runs, Path(args.typos))
    rank_stability(runs, mood)
    embed.cache_clear()
    latency(runs, mood)


if __name__ == "__main__":
    main()
