"""Score recommender variants on the persona sets in one process (no runs.json written).

    python benchmarks/personas/variants.py SET=HOME [SET=HOME …] --variant NAME=KNOB=VALUE[,KNOB=VALUE] …

``SET`` is ``tuned``, ``holdout``, ``holdout2``, ``holdout3``, ``holdout4`` (the fifth set),
``holdout5`` (the sixth) or ``probe7`` (round seven's tag-defined probes: personas and judgments of that set), ``HOME``
its home (``build_home.py``). Each persona's history is loaded once and every variant
(``core.recommend.RecParams`` knobs changed; ``default`` = no change) ranks the same item space,
so a dozen variants of 48 personas take seconds. Prints, per set and variant, P@10 / nDCG@10 /
personas above the plain cosine (of the set's ``runs.json``) and how many listed films have no
grade yet (counted 0). ``--ungraded FILE`` writes those films per persona, with no variant
named: grade them first, then score (the rule of every grading round).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

from movierec_gui.core.models import EntryKind
from movierec_gui.core.recommend import RecParams, recommend
from movierec_gui.services import Services

HERE = Path(__file__).resolve().parent
SETS = {"tuned": ("personas.json", "judgments.json", HERE),
        "holdout": ("personas_holdout.json", "judgments_holdout.json", HERE / "holdout"),
        "holdout2": ("personas_holdout2.json", "judgments_holdout2.json", HERE / "holdout2"),
        "holdout3": ("personas_holdout3.json", "judgments_holdout3.json", HERE / "holdout3" / "merged"),
        "holdout4": ("personas_holdout4.json", "judgments_holdout4.json", HERE / "holdout4"),
        "holdout5": ("personas_holdout5.json", "judgments_holdout5.json", HERE / "holdout5" / "final"),
        "probe7": ("personas_probe7.json", "judgments_probe7.json", HERE / "probe7")}


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def parse_variant(text: str) -> tuple[str, RecParams]:
    """``name=knob=value,knob=value`` → (name, params); ``name=`` keeps the defaults."""
    name, _, knobs = text.partition("=")
    base = RecParams()
    changes = {}
    for item in filter(None, knobs.split(",")):
        knob, _, value = item.partition("=")
        changes[knob] = type(getattr(base, knob))(float(value))
    return name, base.with_(**changes)


def lists_of(home: Path, personas: dict[str, dict], variants: dict[str, RecParams]) -> dict[str, dict[str, list[str]]]:
    """Each variant's top 10 (film labels) for each persona, on the home's item space."""
    services = Services(home)
    out: dict[str, dict[str, list[str]]] = {v: {} for v in variants}
    for name, p in personas.items():
        services.history_clear()
        for title, year, rating in p.get("rated", []):
            services.history_add(title, year, EntryKind.WATCHED, rating)
        for title, year in p.get("watchlist", []):
            services.history_add(title, year, EntryKind.WATCHLIST)
        ctx = services._rec_context(None)
        for v, params in variants.items():
            ranked = recommend(ctx.space, ctx.taste, 10, params=params, allowed=ctx.allowed, now=time.time(),
                               exclude=ctx.exclude)
            out[v][name] = [ctx.movies[int(r)].label for r in ranked.rows]
    services.history_clear()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("homes", nargs="+", metavar="SET=HOME")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=KNOB=VALUE,…")
    ap.add_argument("--ungraded", type=Path, help="write the listed films no grade covers (per persona)")
    args = ap.parse_args()
    variants = dict(parse_variant(v) for v in args.variant or ["default="])
    ungraded: dict[str, list[str]] = {}
    for item in args.homes:
        key, _, home = item.partition("=")
        pfile, jfile, runs_dir = SETS[key]
        personas = {k: v for k, v in json.loads((HERE / pfile).read_text(encoding="utf-8")).items()
                    if not k.startswith("_")}
        grades = json.loads((HERE / jfile).read_text(encoding="utf-8"))["grades"]
        cosine = {p: r["cosine"] for p, r in json.loads((runs_dir / "runs.json").read_text(encoding="utf-8")).items()}
        for v, lists in lists_of(Path(home), personas, variants).items():
            p10 = ndcg = 0.0
            above = missing = 0
            for persona, films in lists.items():
                g = grades[persona]
                ideal = dcg(sorted(g.values(), reverse=True)[:10]) or 1.0
                gains = [g.get(f, 0) for f in films]
                p10 += sum(x >= 1 for x in gains) / 10
                ours = dcg(gains) / ideal
                ndcg += ours
                above += ours > dcg([g.get(f, 0) for f in cosine[persona]]) / ideal
                new = [f for f in films if f not in g]
                missing += len(new)
                ungraded.setdefault(persona, []).extend(f for f in new if f not in ungraded[persona])
            n = len(lists)
            print(f"{key:9s} {v:24s} P@10 {p10 / n:.3f}  nDCG@10 {ndcg / n:.3f}  above cosine {above:2d}/{n}"
                  f"  ungraded {missing}", flush=True)
    if args.ungraded:
        todo = {p: sorted(f) for p, f in ungraded.items() if f}
        args.ungraded.write_text(json.dumps(todo, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
