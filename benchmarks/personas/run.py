"""Run the personas through three systems and write the pooled lists to judge.

    python benchmarks/personas/run.py HOME [--out DIR] [--personas FILE]

For each persona of ``personas.json`` the history of ``HOME`` (built by ``build_home.py``)
is replaced by the persona's films, then three systems make a top 10:

* ``movierec``: ``Services.recommend`` (the product);
* ``cosine``: the seed app, cosine to the mean vector of the films rated ≥ 4;
* ``popularity``: the best-known films (catalog renown), history excluded.

Writes ``runs.json`` (each system's list and our reasons) and ``pooled.json`` (per persona
the union of the three lists, sorted by title, with no system named: what is judged).
Grades go to ``judgments.json`` (0 = wrong for this person, 1 = plausible, 2 = a great
pick); ``score.py`` turns them into P@10 / nDCG@10.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from movierec_gui.core.models import EntryKind
from movierec_gui.services import Services

HERE = Path(__file__).resolve().parent


def load_personas(path: Path = HERE / "personas.json") -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home", type=Path)
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--personas", type=Path, default=HERE / "personas.json", help="personas file")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="try the product with a recommender knob changed (e.g. w_form=0.3)")
    args = ap.parse_args()
    if args.param:
        from movierec_gui.core import recommend as rec

        base = rec.RecParams()
        changes = {k: type(getattr(base, k))(float(v)) for k, v in (p.split("=", 1) for p in args.param)}
        defaults = list(rec.recommend.__defaults__ or ())
        defaults[1] = base.with_(**changes)  # (k, params, allowed, now, exclude)
        rec.recommend.__defaults__ = tuple(defaults)
        rec.fit_reason.__defaults__ = (defaults[1],)  # the reason lines read the same knobs
    services = Services(args.home)
    searcher = services._local_searcher()
    matrix, ids = np.asarray(searcher.matrix), np.asarray(searcher.ids)
    renown = searcher.attrs.renown
    runs: dict[str, dict] = {}
    for name, p in load_personas(args.personas).items():
        services.history_clear()
        liked_ids = []
        for title, year, rating in p.get("rated", []):
            movie, _ = services.history_add(title, year, EntryKind.WATCHED, rating)
            if rating >= 4:
                liked_ids.append(movie.id)
        for title, year in p.get("watchlist", []):
            services.history_add(title, year, EntryKind.WATCHLIST)
        seen = np.isin(ids, np.fromiter(services.history_ids(), dtype=np.int64))
        ours = services.recommend(args.k)
        rows = [searcher.vectors.row_of(m) for m in liked_ids]
        seed_rows = [r for r in rows if r is not None]
        seed_films = services.films(liked_ids)
        nearest_seed = {}
        for h in ours.hits:  # the liked film each pick is closest to, and how close: to calibrate "because"
            sims = matrix[seed_rows] @ matrix[searcher.vectors.row_of(h.movie.id)]
            j = int(np.argmax(sims))
            nearest_seed[h.movie.label] = [seed_films[int(ids[seed_rows[j]])].label, round(float(sims[j]), 4)]
        cos = matrix @ matrix[[r for r in rows if r is not None]].mean(axis=0)
        cos[seen] = -np.inf
        pop = renown.astype(np.float64).copy()
        pop[seen] = -np.inf
        films = services.films(int(ids[r]) for r in np.r_[np.argsort(-cos)[: args.k], np.argsort(-pop)[: args.k]])
        label = {i: m.label for i, m in films.items()}
        runs[name] = {
            "movierec": [h.movie.label for h in ours.hits],
            "reasons": {h.movie.label: h.reason for h in ours.hits},
            "nearest_seed": nearest_seed,
            "cosine": [label[int(ids[r])] for r in np.argsort(-cos)[: args.k]],
            "popularity": [label[int(ids[r])] for r in np.argsort(-pop)[: args.k]],
        }
    services.history_clear()
    pooled = {
        name: sorted({f for system in ("movierec", "cosine", "popularity") for f in r[system]})
        for name, r in runs.items()
    }
    # every pick of ours with the liked film it is closest to: judged as a "because" line
    reasons = {name: {f: f"because you liked {seed}" for f, (seed, _) in r["nearest_seed"].items()}
               for name, r in runs.items()}
    (args.out / "runs.json").write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "pooled.json").write_text(
        json.dumps({"films": pooled, "reasons": reasons}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(runs)} personas; {sum(len(v) for v in pooled.values())} pooled films to judge")


if __name__ == "__main__":
    main()
