"""Mood/theme ranking over all six graded mood sets at once, pure and constrained queries apart.

A *pure* query states no constraint (its ``expect`` is empty: "something that feels like a warm
hug", "films about grief"); a *constrained* one states an era, a runtime, a country, a genre… .
For each set: nDCG@10 of ``ours`` over pure, constrained and all queries, the films breaking a
stated constraint, and how many top-10 films nobody graded (they count 0). "cond." is the
condensed nDCG@10 (the ranked list with the ungraded films left out, read down to rank 40): an
estimate that does not punish a change for bringing in films nobody graded, nor reward it.

    python benchmarks/mood_folds.py --home /tmp/x                       # ours as it is
    python benchmarks/mood_folds.py --home /tmp/x --knob PRF_WEIGHT=0,0.2,0.4   # a grid, leave-one-set-out
    python benchmarks/mood_folds.py --home /tmp/x --extra F.tsv --unjudged U.tsv  # more grades; list ungraded

``--knob NAME=v1,v2,…`` sets ``movierec_gui.core.search.NAME`` to each value in turn; the value
chosen for each fold is the best mean nDCG over the five other sets (ties to the first listed),
reported on the sixth. ``--extra`` adds grades from another file (e.g. ones a later helper gave,
kept apart from the original graders' files); with it, figures are printed without and with them.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import QUALITY, label, load_grades, load_jsonl, ndcg, violates

from movierec_gui.core import search as search_module
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
from movierec_gui.core.search import Searcher
from movierec_gui.core.vector_cache import VectorCache
from movierec_gui.wiring import model_files

SETS = ("", "2", "3", "4", "5", "6")


def load_sets(extra: Path | None) -> list[tuple[str, list[dict], dict, dict]]:
    """(name, queries, grades, extra grades) per mood set."""
    more = load_grades(extra) if extra else {}
    out = []
    for s in SETS:
        queries = load_jsonl(QUALITY / f"mood_dev{s}.jsonl")
        qs = {q["query"] for q in queries}
        out.append((f"dev{s or '1'}", queries, load_grades(QUALITY / f"mood_grades{s}.tsv"),
                    {k: g for k, g in more.items() if k[0] in qs}))
    return out


def evaluate(searcher: Searcher, sets, use_extra: bool, unjudged_out: list[str] | None = None) -> list[dict]:
    """Per set: mean nDCG over pure / constrained / all, violations, unjudged films."""
    rows = []
    for name, queries, grades, extra in sets:
        g_all = {**grades, **extra} if use_extra else grades
        pure, cons, viol, unjudged, cpure, ccons = [], [], 0, 0, [], []
        for q in queries:
            deep = [h.movie for h in searcher.search_result(q["query"], 40).hits]
            hits = deep[:10]
            ideal = [g for (qq, _), g in g_all.items() if qq == q["query"]]
            got = []
            for m in hits:
                g = g_all.get((q["query"], label(m)))
                if g is None:
                    unjudged += 1
                    if unjudged_out is not None:
                        unjudged_out.append(f"{q['query']}\t{label(m)}\t?\t{', '.join(m.genres)} | "
                                            f"{', '.join(m.keywords[:6])} | {m.overview[:200]}")
                got.append(g or 0)
            (cons if q.get("expect") else pure).append(ndcg(got, ideal))
            judged = [g_all[(q["query"], label(m))] for m in deep if (q["query"], label(m)) in g_all]
            (ccons if q.get("expect") else cpure).append(ndcg(judged, ideal))
            viol += sum(violates(m, q.get("expect", {})) for m in hits)
        rows.append({"set": name, "pure": float(np.mean(pure)) if pure else float("nan"),
                     "cons": float(np.mean(cons)) if cons else float("nan"), "n_pure": len(pure),
                     "all": float(np.mean(pure + cons)), "viol": viol, "unjudged": unjudged,
                     "cpure": float(np.mean(cpure)) if cpure else float("nan"),
                     "call": float(np.mean(cpure + ccons))})
    return rows


def show(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    print(f"{'set':<6} {'pure':>6} {'(n)':>4} {'constr.':>8} {'all':>6} {'viol':>5} {'unjudged':>9}"
          f" {'cond.pure':>10} {'cond.all':>9}")
    for r in rows:
        print(f"{r['set']:<6} {r['pure']:>6.3f} {r['n_pure']:>4d} {r['cons']:>8.3f} {r['all']:>6.3f} "
              f"{r['viol']:>5d} {r['unjudged']:>9d} {r['cpure']:>10.3f} {r['call']:>9.3f}")
    allp = [r["pure"] for r in rows]
    print(f"{'mean':<6} {statistics.mean(allp):>6.3f} {'':>4} {statistics.mean(r['cons'] for r in rows):>8.3f} "
          f"{statistics.mean(r['all'] for r in rows):>6.3f} {sum(r['viol'] for r in rows):>5d} "
          f"{sum(r['unjudged'] for r in rows):>9d} {statistics.mean(r['cpure'] for r in rows):>10.3f}"
          f" {statistics.mean(r['call'] for r in rows):>9.3f}")


def loso(results: dict[str, list[dict]], metric: str = "all") -> None:
    """Leave one set out: the value best on the five others, reported on the held-out set."""
    values = list(results)
    n = len(next(iter(results.values())))
    base = values[0]
    print(f"\nleave-one-set-out (chosen on the other five by mean '{metric}'; baseline = {base})")
    wins = drops = 0
    for i in range(n):
        def train(v: str, i: int = i) -> float:
            return statistics.mean(r[metric] for j, r in enumerate(results[v]) if j != i)
        best = max(values, key=lambda v: (round(train(v), 6), -values.index(v)))
        held, ref = results[best][i], results[base][i]
        wins += held[metric] > ref[metric] + 1e-9
        drops += held[metric] < ref[metric] - 0.01
        pure = "cpure" if metric == "call" else "pure"
        print(f"  hold out {held['set']}: chose {best}: {metric} {ref[metric]:.3f} → {held[metric]:.3f} "
              f"({pure} {ref[pure]:.3f} → {held[pure]:.3f})")
    print(f"  held-out set improved in {wins} of {n} folds, dropped by more than 0.01 in {drops}")


def grid(specs: list[str]) -> list[dict[str, str]]:
    """Every combination of the knobs' values (``NAME=v1,v2``), the first values first."""
    combos: list[dict[str, str]] = [{}]
    for spec in specs:
        name, values = spec.split("=", 1)
        getattr(search_module, name)  # an unknown knob fails here
        combos = [{**c, name: v} for c in combos for v in values.split(",")]
    return combos


def apply(combo: dict[str, str]) -> str:
    for name, v in combo.items():
        original = getattr(search_module, name)
        setattr(search_module, name, type(original)(v))
    return " ".join(f"{k}={v}" for k, v in combo.items())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", required=True)
    ap.add_argument("--knob", action="append", help="NAME=v1,v2,… in movierec_gui.core.search (repeatable: a grid;"
                    " the first combination is the baseline)")
    ap.add_argument("--metric", default="all", choices=("all", "pure", "call", "cpure"),
                    help="what the folds choose by and report (call/cpure: condensed)")
    ap.add_argument("--extra", help="extra grades (TSV: query, film, grade)")
    ap.add_argument("--unjudged", help="write the ungraded top-10 films of the last run here")
    args = ap.parse_args()
    home = Path(args.home)
    cat = Catalog(home / "catalog.sqlite3")
    emb = LocalOnnxEmbedder(model_files())
    vs = VectorCache(home / "vectors", emb.name).load()
    embed = functools.lru_cache(maxsize=None)(lambda s: emb.embed([s])[0])
    searcher = Searcher(cat, vs, embed)
    sets = load_sets(Path(args.extra) if args.extra else None)
    modes = [False, True] if args.extra else [False]
    unjudged: list[str] = []
    if not args.knob:
        for use in modes:
            show(evaluate(searcher, sets, use, unjudged if use == modes[-1] else None),
                 "with the extra grades" if use else "original grades only")
    else:
        combos = grid(args.knob)
        for use in modes:
            results = {}
            for combo in combos:
                key = apply(combo)
                searcher._word_leans.clear()  # theme leans are cached per searcher; a knob may change them
                last = use == modes[-1] and combo == combos[-1]
                results[key] = evaluate(searcher, sets, use, unjudged if last else None)
                show(results[key], key + (" (with extra grades)" if use else ""))
            loso(results, args.metric)
    if args.unjudged:
        Path(args.unjudged).write_text("\n".join(dict.fromkeys(unjudged)) + "\n", encoding="utf-8")
        print(f"\n{len(set(unjudged))} ungraded top-10 films written to {args.unjudged}")


if __name__ == "__main__":
    main()
