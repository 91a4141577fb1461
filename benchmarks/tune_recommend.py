"""Tune the recommender on accuracy AND on what people feel, at once (MovieLens dev users).

Same 3 folds as ``ablation_recommend.py`` (dev users split by id, the other two folds as
train for the popularity prior), leave-last-liked-out. For each variant it prints HR@10,
NDCG@10, HR@10 with 5 cuts per user, personalization@10, coverage@10,
popularity_percentile@10 and intra-list similarity@10 (means over the folds):

    python benchmarks/tune_recommend.py [--data ../shared/data/movielens-dev] [--cache DIR] [--only NAME…]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from movierec_gui.core.recommend import PRIOR_QUALITY, RecParams, catalog_space, popularity_prior
from movierec_gui.eval import movielens as ev

ROOT = Path(__file__).resolve().parents[1]
D = RecParams()
#: The defaults before the HR round (issue 12 helper "hr"): no taste pool, no prior cap, plain pivot, half-life 40.
PREV = D.with_(taste_pool=0, prior_cap=0.0, centering=0.0, half_life=40.0, w_prior=0.6, w_fresh=0.3)
OLD = PREV.with_(w_prior=0.8, w_fresh=0.3, w_form=0.0, neighbourhood=100_000, profile_neighbourhood=100_000)

#: The defaults before HR round 3 (issue 12 helper "hr3"): prior 0.6, freshness 0.3, cap at the most famous liked film.
HR2 = D.with_(w_prior=0.6, w_fresh=0.3, prior_cap=1.0)

VARIANTS: dict[str, RecParams] = {
    "whole catalog, prior 0.8, fresh 0.3 (before issue 12)": OLD,
    "issue 12 defaults (no pool, no cap, plain pivot, half-life 40)": PREV,
    "prior 0.6, fresh 0.3 (before HR round 3)": HR2,
    "movierec (defaults)": D,
    "prior cap at the most famous liked film (q 1.0, was)": D.with_(prior_cap=1.0),
    "prior cap q 0.8": D.with_(prior_cap=0.8),
    "prior cap q 0.95": D.with_(prior_cap=0.95),
    "prior 0.6, fresh 0.2": D.with_(w_prior=0.6),
    "prior 0.7, fresh 0.3": D.with_(w_fresh=0.3),
    "prior 0.65, fresh 0.2": D.with_(w_prior=0.65),
    "prior 0.75, fresh 0.2": D.with_(w_prior=0.75),
    "prior 0.8, fresh 0.2": D.with_(w_prior=0.8),
    "fresh 0.15": D.with_(w_fresh=0.15),
    "fresh half-life 12 years": D.with_(fresh_years=12.0),
    "ratings of 3.5 weak likes (pivot ceiling 3.25)": D.with_(max_pivot=3.25),
    "half-life 15": D.with_(half_life=15.0),
    "prior excess 0.1": D.with_(prior_excess=0.1),
    "MMR λ=0.7": D.with_(mmr_lambda=0.7),
    "temperature 0.03": D.with_(temperature=0.03),
    "− taste pool": D.with_(taste_pool=0),
    "− prior cap": D.with_(prior_cap=0.0),
    "− centring on the person's mean rating": D.with_(centering=0.0),
    "centring without the 3.5 ceiling": D.with_(max_pivot=5.0),
    "half-life 40 (was)": D.with_(half_life=40.0),
    "half-life 10": D.with_(half_life=10.0),
    "taste pool 200": D.with_(taste_pool=200),
    "taste pool 400": D.with_(taste_pool=400),
    "prior cap at the median liked film (q 0.5)": D.with_(prior_cap=0.5),
    "prior 0.5, era 0.1, fresh 0.3 (the story-genre round)": D.with_(w_prior=0.5, w_era=0.1, w_fresh=0.3),
    "prior 0.5": D.with_(w_prior=0.5),
    "era 0.1": D.with_(w_era=0.1),
    "era 0.25": D.with_(w_era=0.25),
    "strongest seeds 24": D.with_(max_seeds=24),
    "MMR λ=1": D.with_(mmr_lambda=1.0),
    "prior 0.6, fresh 0.3, cap q 1.0, no genre match (before the genre-match round)": HR2.with_(w_genre_match=0.0),
    "genre match 0.3": D.with_(w_genre_match=0.3),
    "genre match 0.1": D.with_(w_genre_match=0.1),
    "− story genres": D.with_(w_genre=0.0),
    "story genres 0.3": D.with_(w_genre=0.3),
    "story genres 0.1": D.with_(w_genre=0.1),
    "story genre share 0.5": D.with_(genre_share=0.5),
    "story genre share 0.35": D.with_(genre_share=0.35),
    "− dislikes of a kind (round eight)": D.with_(w_dislike_kind=0.0),
    "dislikes of a kind 1.0": D.with_(w_dislike_kind=1.0),
    "dislikes of a kind from every rating below the mean (round eight as merged)": D.with_(dislike_kind_outright=False),
    "before round nine (no acclaim taste, no series-lead dislike)": D.with_(w_acclaim=0.0, series_dislike=0.0),
    "round nine, acclaim taste alone": D.with_(series_dislike=0.0),
    "round nine, series-lead dislike alone": D.with_(w_acclaim=0.0),
    "before round ten (no narrow-taste term, no hard-edged push)": D.with_(tight_profile=0.0, w_broad_hard=0.0),
    "round ten, narrow taste: profile 1.0": D.with_(tight_profile=1.0),
}


def folds(ratings: ev.Ratings, catalog: ev.EvalCatalog, n: int = 3):
    users = np.unique(ratings.users)
    for f in range(n):
        test_users = users[(users // 2) % n == f]
        test = ratings.select(np.isin(ratings.users, test_users))
        train = ratings.without_users(test_users)
        yield train, ev.make_cases(test, catalog), ev.make_cases(test, catalog, min_history=5, cuts=5)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "movielens-dev")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "movierec-eval")
    ap.add_argument("--only", nargs="*", help="run only variants whose name contains one of these")
    ap.add_argument("--no-cuts", action="store_true", help="skip the 5-cut HR (faster)")
    args = ap.parse_args()
    from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
    from movierec_gui.wiring import model_files

    catalog = ev.load_movies(args.data / "movies_with_text.csv")
    matrix = ev.embed_catalog(catalog, LocalOnnxEmbedder(model_files()), args.cache)
    split = list(folds(ev.load_ratings(args.data / "ratings_dev.csv"), catalog))
    spaces = []
    for train, _, _ in split:
        counts, means = ev.train_counts(train, catalog)
        prior = popularity_prior(counts, means, PRIOR_QUALITY)  # as the product and `movierec eval` make it
        spaces.append((counts, catalog_space(matrix, catalog.movies, catalog.years, prior)))
    print(f"{len(catalog)} films; folds: {[len(p) for _, p, _ in split]} users")
    print("| variant | HR@10 | NDCG@10 | HR@10 5 cuts | personalization | coverage | pop. percentile | ILS |")
    print("|---|---|---|---|---|---|---|---|")

    def row(name: str, ranker_for) -> None:
        vals = []
        for (_train, proto, cut), (counts, space) in zip(split, spaces, strict=True):
            ranker = ranker_for(counts, space)
            a = ev.evaluate(name, ranker, proto, 10, counts, matrix)
            hr5 = np.nan if args.no_cuts else ev.evaluate(name, ranker, cut).hr
            vals.append((a.hr, a.ndcg, hr5, a.personalization, a.coverage, a.popularity_percentile,
                         a.intra_list_similarity))
        v = np.mean(vals, axis=0)
        print(f"| {name} | " + " | ".join(f"{x:.4f}" if i < 3 else f"{x:.3f}" for i, x in enumerate(v)) + " |",
              flush=True)

    if not args.only:
        row("popularity", lambda counts, space: ev.popularity_ranker(counts))
        row("mean-liked (seed app)", lambda counts, space: ev.mean_liked_ranker(matrix))
    for name, params in VARIANTS.items():
        if args.only and not any(o in name for o in args.only):
            continue
        row(name, lambda counts, space, params=params: ev.movierec_ranker(space, params))


if __name__ == "__main__":
    main()
