"""Ablation of the recommender on the MovieLens dev users (odd user ids) only.

The dev users are split into 3 folds by user id; each fold is evaluated with the other two
as train (popularity prior) — the same leave-last-liked-out protocol as
``movierec eval movielens``. Two numbers per variant, both averaged over the folds:

* ``protocol``: one case per user (the last liked film), 305 users in all — noisy;
* ``5 cuts``: each user's last 5 liked films held out in turn (with only the ratings
  before each), ~1,500 cases — what the defaults were tuned on.

    python benchmarks/ablation_recommend.py [--data ../shared/data/movielens-dev] [--cache DIR]

Each row removes one idea from the default recommender (or adds one, marked +) and
prints HR@10 / NDCG@10, the change against the default, and the mean cosine between
the films of each top-10 list (lower = more diverse). The catalog is embedded once
with the default local model and cached in ``--cache``.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from movierec_gui.core.recommend import ItemSpace, RecParams, popularity_prior
from movierec_gui.eval import movielens as ev

ROOT = Path(__file__).resolve().parents[1]
D = RecParams()

#: name → (recommender params, ratings transform or None, prior quality)
VARIANTS: dict[str, tuple[RecParams, Callable[[np.ndarray], np.ndarray] | None, float]] = {
    "movierec (defaults)": (D, None, 0.0),
    "− per-seed neighbours": (D.with_(w_neighbours=0.0), None, 0.0),
    "− profile vector": (D.with_(w_profile=0.0), None, 0.0),
    "− popularity prior": (D.with_(w_prior=0.0), None, 0.0),
    "− recency weighting": (D.with_(half_life=float("inf")), None, 0.0),
    "− release-era affinity": (D.with_(w_era=0.0), None, 0.0),
    "− freshness": (D.with_(w_fresh=0.0), None, 0.0),
    "− dislikes push away": (D.with_(w_dislike=0.0), None, 0.0),
    "− rating strength (likes = 1)": (D, lambda r: np.where(r >= 4.0, 5.0, np.where(r <= 2.0, 1.0, 3.0)), 0.0),
    "− near-duplicate filter": (D.with_(duplicate_cosine=1.01), None, 0.0),
    "+ quality in prior (0.3)": (D, None, 0.3),
    "− pivot centred on the person's mean": (D.with_(centering=0.0), None, 0.0),
    "− taste pool": (D.with_(taste_pool=0), None, 0.0),
    "− prior cap": (D.with_(prior_cap=0.0), None, 0.0),
    "− MMR (λ=1)": (D.with_(mmr_lambda=1.0), None, 0.0),
    "MMR λ=0.9": (D.with_(mmr_lambda=0.9), None, 0.0),
    "MMR λ=0.6": (D.with_(mmr_lambda=0.6), None, 0.0),
    "profile + prior only (simple blend)": (
        D.with_(w_neighbours=0.0, w_profile=1.0, half_life=float("inf"), w_era=0.0, w_dislike=0.0, w_fresh=0.0),
        None, 0.0),
    "prior + freshness only (no content)": (
        D.with_(w_neighbours=0.0, w_profile=0.0, w_era=0.0, w_dislike=0.0), None, 0.0),
}


def folds(ratings: ev.Ratings, catalog: ev.EvalCatalog, n: int = 3):
    users = np.unique(ratings.users)
    for f in range(n):
        test_users = users[(users // 2) % n == f]
        test = ratings.select(np.isin(ratings.users, test_users))
        train = ratings.without_users(test_users)
        yield train, ev.make_cases(test, catalog), ev.make_cases(test, catalog, min_history=5, cuts=5)


def transformed(cases: list[ev.Case], fn) -> list[ev.Case]:
    if fn is None:
        return cases
    return [ev.Case(c.user, c.rows, fn(c.ratings).astype(np.float32), c.times, c.target) for c in cases]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "movielens-dev")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "movierec-eval")
    ap.add_argument("--only", nargs="*", help="run only variants whose name contains one of these")
    args = ap.parse_args()
    from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
    from movierec_gui.wiring import model_files

    catalog = ev.load_movies(args.data / "movies_with_text.csv")
    matrix = ev.embed_catalog(catalog, LocalOnnxEmbedder(model_files()), args.cache)
    split = list(folds(ev.load_ratings(args.data / "ratings_dev.csv"), catalog))
    print(f"{len(catalog)} films; folds: {[len(p) for _, p, _ in split]} users, {[len(c) for _, _, c in split]} cases")

    rows: list[tuple[str, float, float, float, float, float]] = []

    def add(name: str, ranker_for) -> None:
        scores = []
        for train, proto, cut in split:
            ranker = ranker_for(train)
            lists: list[np.ndarray] = []

            def recorded(case, k, ranker=ranker, lists=lists):
                top = ranker(case, k)
                lists.append(top)
                return top

            a, b = ev.evaluate(name, recorded, proto), ev.evaluate(name, ranker, cut)
            scores.append((a.hr, a.ndcg, b.hr, b.ndcg, _redundancy(matrix, lists)))
        rows.append((name, *np.mean(scores, axis=0)))
        print(f"  {name:<38} " + "  ".join(f"{v:.4f}" for v in rows[-1][1:]), flush=True)

    def counts(train):
        return ev.train_counts(train, catalog)

    add("random", lambda train: ev.random_ranker(len(catalog)))
    add("popularity", lambda train: ev.popularity_ranker(counts(train)[0]))
    add("mean-liked (seed app)", lambda train: ev.mean_liked_ranker(matrix))
    for name, (params, fn, quality) in VARIANTS.items():
        if args.only and not any(o in name for o in args.only):
            continue

        def make(train, params=params, fn=fn, quality=quality):
            c, m = counts(train)
            space = ItemSpace(matrix, catalog.years, popularity_prior(c, m, quality))
            inner = ev.movierec_ranker(space, params)
            return inner if fn is None else (lambda case, k: inner(transformed([case], fn)[0], k))

        add(name, make)

    base = next((r for r in rows if r[0] == "movierec (defaults)"), rows[-1])
    print("\n| variant | HR@10 | NDCG@10 | HR@10, 5 cuts | Δ | NDCG@10, 5 cuts | Δ | similarity in top 10 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, hr, nd, hr5, nd5, ils in rows:
        print(f"| {name} | {hr:.4f} | {nd:.4f} | {hr5:.4f} | {hr5 - base[3]:+.4f} | {nd5:.4f} | {nd5 - base[4]:+.4f} "
              f"| {ils:.3f} |")


def _redundancy(matrix: np.ndarray, lists: list[np.ndarray]) -> float:
    """Mean pairwise cosine inside the recommended lists (lower = more diverse)."""
    values = []
    for top in lists:
        if len(top) > 1:
            sims = matrix[top] @ matrix[top].T
            values.append((sims.sum() - np.trace(sims)) / (len(top) * (len(top) - 1)))
    return float(np.mean(values)) if values else 0.0


if __name__ == "__main__":
    main()
