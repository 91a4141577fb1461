"""Ranking contract of ``core.recommend`` on synthetic vectors whose answers are known."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import (
    DISLIKED,
    LIKED,
    WATCHED,
    WATCHLIST,
    ItemSpace,
    RecParams,
    Taste,
    catalog_space,
    era_affinity,
    freshness,
    popularity_prior,
    recommend,
    seed_weights,
)

DIMS = 24
PER = 20  # films per cluster


def unit(m: np.ndarray) -> np.ndarray:
    return (m / np.linalg.norm(m, axis=-1, keepdims=True)).astype(np.float32)


def clusters(n_clusters: int = 4, spread: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``c*PER … c*PER+PER-1`` are cluster ``c``: tight groups around orthogonal centres."""
    rng = np.random.default_rng(seed)
    centres = np.eye(DIMS)[:n_clusters]
    rows = [unit(centres[c] + spread * rng.normal(size=(PER, DIMS))) for c in range(n_clusters)]
    return np.vstack(rows), np.repeat(np.arange(n_clusters), PER)


def space_of(matrix: np.ndarray, prior: np.ndarray | None = None, years: np.ndarray | None = None) -> ItemSpace:
    n = len(matrix)
    return ItemSpace(
        matrix=matrix,
        years=np.full(n, -1, dtype=np.int32) if years is None else years.astype(np.int32),
        prior=np.zeros(n, dtype=np.float32) if prior is None else prior.astype(np.float32),
    )


def equally_close_space(movies: list[Movie], n_seeds: int, rng_seed: int) -> ItemSpace:
    """Rows ``0 … n_seeds-1``: liked films around one direction; the next two: candidates exactly as
    close to them (the same vector, so only catalog facts can order them); the rest: films scattered
    at random. Row ``i`` is ``movies[i]``."""
    seed_dir = np.eye(DIMS)[0]
    seeds = unit(np.vstack([seed_dir + 0.05 * np.eye(DIMS)[2 + i] for i in range(n_seeds)]))
    twins = unit(np.vstack([seed_dir + 0.8 * np.eye(DIMS)[1]] * 2))
    filler = unit(np.random.default_rng(rng_seed).normal(size=(len(movies) - n_seeds - 2, DIMS)))
    matrix = np.vstack([seeds, twins, filler]).astype(np.float32)
    return catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))


def taste(rows, kinds=None, ratings=None, times=None) -> Taste:
    n = len(rows)
    return Taste(
        rows=np.asarray(rows, dtype=np.int64),
        kinds=np.asarray(kinds if kinds is not None else [WATCHED] * n, dtype=np.int8),
        ratings=np.asarray(ratings if ratings is not None else [np.nan] * n, dtype=np.float32),
        times=np.asarray(times if times is not None else np.arange(n), dtype=np.float64),
    )


def test_liked_cluster_wins():
    matrix, label = clusters()
    prior = np.linspace(1, 0, len(matrix))  # popularity favours cluster 0: taste must still win
    liked = taste([45, 47, 52], [LIKED] * 3)
    got = recommend(space_of(matrix, prior), liked, k=10, params=RecParams(mmr_lambda=1.0))
    assert set(label[got.rows]) == {2}
    assert not got.cold
    diverse = recommend(space_of(matrix, prior), liked, k=10)  # MMR may mix in a popular film or two
    assert label[diverse.rows[0]] == 2 and (label[diverse.rows] == 2).sum() >= 8


def test_high_ratings_are_taste_and_low_ratings_push_away():
    matrix, label = clusters()
    t = taste([20, 21, 22, 40, 41, 42], ratings=[5, 4.5, 5, 1, 0.5, 1.5])
    got = recommend(space_of(matrix), t, k=PER)
    assert set(label[got.rows[:10]]) == {1}
    assert 2 not in set(label[got.rows])


def test_disliked_cluster_loses_between_two_equally_liked_directions():
    # Two bridges, each halfway between the liked cluster 0 and another cluster;
    # the one towards the disliked cluster 1 must rank below the one towards cluster 2.
    matrix, _ = clusters()
    towards_disliked = unit(matrix[0] + matrix[20])
    towards_neutral = unit(matrix[0] + matrix[40])
    matrix = np.vstack([matrix, towards_disliked, towards_neutral])
    t = taste([0, 20, 21], [LIKED, DISLIKED, DISLIKED])
    got = recommend(space_of(matrix), t, k=len(matrix))
    order = list(got.rows)
    assert order.index(len(matrix) - 1) < order.index(len(matrix) - 2)


def test_dislikes_alone_still_push_away_from_a_cold_start():
    matrix, label = clusters()
    prior = np.where(label == 1, 1.0, 0.5)  # the disliked cluster is the most popular
    got = recommend(space_of(matrix, prior), taste([20, 21, 22], [DISLIKED] * 3), k=10, params=RecParams(w_dislike=1.0))
    assert got.cold
    assert 1 not in set(label[got.rows])


@settings(max_examples=60, deadline=None)
@given(
    n_hist=st.integers(0, 70),
    k=st.integers(1, 90),
    seed=st.integers(0, 2**31),
    lam=st.sampled_from([1.0, 0.7, 0.3]),
)
def test_history_is_never_returned(n_hist, k, seed, lam):
    rng = np.random.default_rng(seed)
    matrix, _ = clusters(seed=seed % 1000)
    rows = rng.choice(len(matrix), size=n_hist, replace=False)
    kinds = rng.choice([WATCHED, LIKED, DISLIKED, WATCHLIST], size=n_hist)
    ratings = np.where(rng.random(n_hist) < 0.5, np.nan, rng.choice(np.arange(1, 11) / 2, size=n_hist))
    got = recommend(space_of(matrix, rng.random(len(matrix))), taste(rows, kinds, ratings), k=k,
                    params=RecParams(mmr_lambda=lam))
    assert set(got.rows.tolist()).isdisjoint(rows.tolist())
    assert len(set(got.rows.tolist())) == len(got.rows) <= k
    assert len(got.because) == len(got.rows)
    assert np.all(np.isfinite(got.scores))


def test_because_names_the_seed_each_film_came_from():
    matrix, label = clusters()
    seed_a, seed_c = 3, 44  # one liked film in cluster 0, one in cluster 2
    got = recommend(space_of(matrix), taste([seed_a, seed_c], [LIKED, LIKED]), k=10)
    assert {0, 2} == set(label[got.rows])  # per-seed neighbours: both tastes, not their average
    for row, because in zip(got.rows, got.because, strict=True):
        assert because and because[0] == (seed_a if label[row] == 0 else seed_c)


def test_recent_seeds_weigh_more():
    matrix, label = clusters()
    old, new = [0, 1, 2], [40, 41, 42]
    t = taste(old + new, [LIKED] * 6, times=[1, 2, 3, 100, 101, 102])
    got = recommend(space_of(matrix), t, k=10, params=RecParams(half_life=1.0, w_profile=1.0, w_neighbours=0.0))
    assert set(label[got.rows[:5]]) == {2}


def test_prior_breaks_ties_between_equally_similar_films():
    seed = unit(np.r_[1.0, np.zeros(DIMS - 1)])
    a = unit(np.r_[0.8, 0.6, np.zeros(DIMS - 2)])
    b = unit(np.r_[0.8, -0.6, np.zeros(DIMS - 2)])  # same cosine to the seed as ``a``
    matrix = np.vstack([seed, a, b])
    got = recommend(space_of(matrix, np.array([1.0, 0.2, 0.9])), taste([0], [LIKED]), k=2)  # a famous seed
    assert got.rows.tolist() == [2, 1]


def test_near_duplicates_are_dropped_and_mmr_diversifies():
    matrix, label = clusters()
    dup = np.repeat(matrix[5:6], 6, axis=0)  # six copies of one film (several sources)
    matrix = np.vstack([matrix, dup])
    label = np.r_[label, [0] * 6]
    t = taste([0, 1, 25], [LIKED, LIKED, LIKED], times=[1, 2, 3])
    plain = recommend(space_of(matrix), t, k=10)
    copies = {5, *range(len(matrix) - 6, len(matrix))}
    assert len(copies & set(plain.rows.tolist())) <= 1
    diverse = recommend(space_of(matrix), t, k=10, params=RecParams(mmr_lambda=0.7))

    def redundancy(rows):
        sims = matrix[rows] @ matrix[rows].T
        return (sims.sum() - np.trace(sims)) / (len(rows) * (len(rows) - 1))

    assert redundancy(diverse.rows) < redundancy(plain.rows)
    assert set(label[diverse.rows]) <= {0, 1}  # diverse, but still within the tastes


def test_allowed_mask_filters():
    matrix, label = clusters()
    allowed = label == 3
    got = recommend(space_of(matrix), taste([0, 1], [LIKED, LIKED]), k=10, allowed=allowed)
    assert set(label[got.rows]) == {3}
    none = recommend(space_of(matrix), taste([0], [LIKED]), k=10, allowed=np.zeros(len(matrix), dtype=bool))
    assert len(none.rows) == 0


def test_cold_start_returns_popular_films():
    matrix, _ = clusters()
    prior = np.random.default_rng(3).random(len(matrix))
    got = recommend(space_of(matrix, prior), Taste.empty(), k=5, params=RecParams(mmr_lambda=1.0))
    assert got.cold
    assert got.rows.tolist() == np.argsort(-prior)[:5].tolist()
    assert all(b == () for b in got.because)


def test_seed_weights_follow_ratings_kinds_and_recency():
    p = RecParams(pivot=3.0, half_life=float("inf"), liked_strength=1.0, watched_strength=0.2)
    w = seed_weights(taste([0, 1, 2, 3, 4, 5], [WATCHED, WATCHED, LIKED, DISLIKED, WATCHED, WATCHLIST],
                           [5, 1, np.nan, 4.5, np.nan, np.nan]), p)
    assert w[0] == pytest.approx(1.0) and w[1] == pytest.approx(-1.0)
    assert w[2] == pytest.approx(1.0) and w[3] == pytest.approx(-1.0)  # a dislike beats its rating
    assert w[4] == pytest.approx(0.2) and w[5] == pytest.approx(p.watchlist_strength)
    recent = seed_weights(taste([0, 1], [LIKED, LIKED], times=[10, 5]), RecParams(half_life=1.0))
    assert recent[0] == pytest.approx(2 * recent[1])


def test_era_affinity_peaks_at_the_seed_years():
    e = era_affinity(np.array([1950, 1990, 1995, 2020, -1]), np.array([1990, 1992]), np.array([1.0, 1.0]), 4.0)
    assert e[1] > e[0] and e[2] > e[3] and e[1] > 0.8 and e[0] < 0.05
    assert e[4] == pytest.approx(0.5)


def test_freshness_halves_with_age_and_ignores_unreleased_films():
    now = datetime(2018, 6, 1, tzinfo=UTC).timestamp()
    f = freshness(np.array([2018, 2010, 2002, 2019, -1]), now, 8.0)
    assert f.tolist() == pytest.approx([1.0, 0.5, 0.25, 0.0, 0.0])


def test_freshness_uses_the_time_of_the_latest_history_entry():
    matrix, _ = clusters()
    years = np.r_[np.full(PER, 1990), np.full(3 * PER, 2015)]
    t = taste([0], [LIKED], times=[datetime(1991, 1, 1, tzinfo=UTC).timestamp()])
    params = RecParams(w_fresh=5.0, w_era=0.0)
    got = recommend(space_of(matrix, years=years), t, k=5, params=params)
    assert set(years[got.rows]) == {1990}  # in 1991, the 2015 films were not out yet
    later = recommend(space_of(matrix, years=years), t, k=5, params=params,
                      now=datetime(2016, 1, 1, tzinfo=UTC).timestamp())
    assert set(years[later.rows]) == {1990}  # a taste for old films: freshness does not count
    recent = np.r_[np.tile([2015, 1990], PER // 2), np.full(3 * PER, 1990)]  # the seed's cluster: half new
    t2 = taste([0], [LIKED], times=[datetime(2015, 1, 1, tzinfo=UTC).timestamp()])
    fresh = recommend(space_of(matrix, years=recent), t2, k=5, params=params,
                      now=datetime(2016, 1, 1, tzinfo=UTC).timestamp())
    assert set(recent[fresh.rows]) == {2015}  # a taste for recent films: the newest come first


def test_popularity_prior_is_monotone_and_bounded():
    counts = np.array([0, 1, 10, 100, 1000])
    p = popularity_prior(counts)
    assert np.all(np.diff(p) > 0) and p[0] == 0 and p[-1] == pytest.approx(1.0)
    q = popularity_prior(counts, np.array([np.nan, 9.0, 5.0, 5.0, 5.0]), quality=0.5)
    assert np.all((q >= 0) & (q <= 1))
