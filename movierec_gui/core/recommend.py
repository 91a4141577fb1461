"""Recommendations from a watch history: pure numpy over unit-row film vectors.

Each history entry becomes a signed, recency-weighted seed:

* strength: a rating above ``pivot`` is taste (5★ → +1), below it is aversion; a "liked"
  mark without a rating counts as ``liked_strength``, "disliked" as −1, a plain "watched"
  or "watchlist" mark as a weak positive;
* recency: the seed's weight halves every ``half_life`` entries back in time, because the
  films someone watched last say most about what they want next.

A candidate film's score adds up

* ``w_neighbours`` × a smooth maximum (weighted log-sum-exp, temperature ``temperature``)
  of its cosine to the strongest positive seeds — per-seed neighbours, so a person who
  likes both noir and cartoons gets both instead of their average;
* ``w_profile`` × its cosine to the weighted mean of all positive seeds (the profile);
* − ``w_dislike`` × the same smooth maximum over disliked / low-rated seeds;
* ``w_prior`` × a 0–1 popularity/quality prior (catalog vote counts; train ratings in the
  evaluation) that breaks ties between equally similar films;
* ``w_era`` × how close its release year is to the seeds' years (a smoothed histogram);
* ``w_fresh`` × its freshness: 1 for a film out this year, halving every ``fresh_years``
  (0 for films not released yet at the time of the recommendation).

Every film in the history (watched, liked, disliked, watchlist) is excluded. The top of
the list is re-ranked by MMR (``mmr_lambda`` < 1) and near-duplicates (cosine ≥
``duplicate_cosine`` to a film already chosen) are dropped. Each result names the seeds
that contributed most to its neighbour score. See ``core/evaluation.py`` and
``benchmarks/README.md`` for how the defaults were chosen and what each idea is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from .models import EntryKind, SearchHit

KIND_CODE = {EntryKind.WATCHED: 0, EntryKind.LIKED: 1, EntryKind.DISLIKED: 2, EntryKind.WATCHLIST: 3}
WATCHED, LIKED, DISLIKED, WATCHLIST = 0, 1, 2, 3

_YEAR_MIN, _YEAR_MAX = 1870, 2040


@dataclass(frozen=True)
class RecParams:
    """The recommender's knobs; the defaults are the ones tuned on the dev users."""

    pivot: float = 3.0  # a rating above this is taste, below it aversion
    centering: float = 0.0  # 0–1: move the pivot towards the person's own mean rating
    liked_strength: float = 1.0
    watched_strength: float = 0.2
    watchlist_strength: float = 0.2
    half_life: float = 40.0  # entries; float("inf") switches recency off
    max_seeds: int = 16  # liked seeds whose own neighbours are scored
    max_dislikes: int = 8  # disliked seeds whose neighbours are pushed down
    temperature: float = 0.05
    w_neighbours: float = 0.6
    w_profile: float = 0.8
    w_dislike: float = 0.2
    w_prior: float = 0.8
    w_era: float = 0.1
    era_sigma: float = 3.0  # years
    w_fresh: float = 0.3
    fresh_years: float = 8.0  # a film's freshness halves every this many years after release
    mmr_lambda: float = 0.8  # 1 = no diversity re-ranking
    mmr_pool: int = 200
    duplicate_cosine: float = 0.97
    because_max: int = 2

    def with_(self, **changes: Any) -> RecParams:
        return replace(self, **changes)


@dataclass(frozen=True)
class ItemSpace:
    """The films that can be recommended: ``matrix`` rows are unit vectors."""

    matrix: np.ndarray  # (N, d) float32
    years: np.ndarray  # (N,) int32, -1 unknown
    prior: np.ndarray  # (N,) float32 in [0, 1]

    def __len__(self) -> int:
        return int(self.matrix.shape[0])


@dataclass(frozen=True)
class Taste:
    """A history as arrays aligned with an ``ItemSpace`` (one entry per film row)."""

    rows: np.ndarray  # int64
    kinds: np.ndarray  # int8 codes (WATCHED, LIKED, DISLIKED, WATCHLIST)
    ratings: np.ndarray  # float32, NaN when unrated
    times: np.ndarray  # float64 unix seconds, NaN when unknown (ordered as given)

    @classmethod
    def empty(cls) -> Taste:
        return cls.of_ratings(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))

    @classmethod
    def of_ratings(cls, rows: np.ndarray, ratings: np.ndarray, times: np.ndarray | None = None) -> Taste:
        rows = np.asarray(rows, dtype=np.int64)
        times = np.full(len(rows), np.nan) if times is None else np.asarray(times, dtype=np.float64)
        return cls(rows, np.zeros(len(rows), dtype=np.int8), np.asarray(ratings, dtype=np.float32), times)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Ranked:
    """Recommended rows, best first, with scores and the seed rows behind each."""

    rows: np.ndarray
    scores: np.ndarray
    because: list[tuple[int, ...]]
    cold: bool = False  # no taste signal: the list is popular films


# ---------------------------------------------------------------------------- seeds
def seed_weights(taste: Taste, params: RecParams) -> np.ndarray:
    """Signed weight per entry: strength (rating / kind) × recency."""
    n = len(taste)
    strength = np.zeros(n, dtype=np.float64)
    strength[taste.kinds == WATCHED] = params.watched_strength
    strength[taste.kinds == WATCHLIST] = params.watchlist_strength
    strength[taste.kinds == LIKED] = params.liked_strength
    rated = ~np.isnan(taste.ratings)
    pivot = params.pivot
    if params.centering and rated.sum() >= 5:
        pivot += params.centering * (float(taste.ratings[rated].mean()) - pivot)
    by_rating = (taste.ratings.astype(np.float64) - pivot) / max(5.0 - pivot, 0.5)
    strength[rated] = np.clip(by_rating[rated], -1.0, 1.0)
    liked = taste.kinds == LIKED
    strength[liked] = np.maximum(strength[liked], params.liked_strength)
    strength[taste.kinds == DISLIKED] = -1.0
    if n and np.isfinite(params.half_life):
        timed = np.where(np.isnan(taste.times), -np.inf, taste.times)
        order = np.lexsort((np.arange(n), timed))  # oldest first; untimed before timed
        age = np.empty(n, dtype=np.float64)
        age[order] = np.arange(n - 1, -1, -1)
        strength *= 0.5 ** (age / max(params.half_life, 1e-6))
    return strength


def _strongest(rows: np.ndarray, weights: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``m`` seeds with the largest weights."""
    if len(rows) > m:
        keep = np.argpartition(-weights, m - 1)[:m] if m > 0 else np.empty(0, dtype=np.int64)
        rows, weights = rows[keep], weights[keep]
    return rows, weights


def _smooth_max(sims: np.ndarray, weights: np.ndarray, temperature: float) -> np.ndarray:
    """Weighted log-sum-exp over columns: near the max for small temperatures."""
    w = (weights / weights.sum()).astype(np.float32)
    t = max(temperature, 1e-4)
    z = np.subtract(sims, 1.0, dtype=np.float32)
    z *= np.float32(1.0 / t)
    np.exp(z, out=z)
    out: np.ndarray = 1.0 + t * np.log(np.maximum(z @ w, 1e-30))
    return out


def era_affinity(item_years: np.ndarray, seed_years: np.ndarray, weights: np.ndarray, sigma: float) -> np.ndarray:
    """0–1 closeness of each item's year to the (weighted) years of the seeds."""
    out = np.full(len(item_years), 0.5, dtype=np.float32)
    known = seed_years >= 0
    if not known.any() or sigma <= 0:
        return out
    span = _YEAR_MAX - _YEAR_MIN + 1
    hist = np.bincount(np.clip(seed_years[known], _YEAR_MIN, _YEAR_MAX) - _YEAR_MIN, weights[known], minlength=span)
    radius = int(3 * sigma) + 1
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    smooth = np.convolve(hist, kernel, mode="same")
    top = smooth.max()
    if top <= 0:
        return out
    smooth /= top
    has = item_years >= 0
    out[has] = smooth[np.clip(item_years[has], _YEAR_MIN, _YEAR_MAX) - _YEAR_MIN]
    return out


# ---------------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class _Seeds:
    pos_rows: np.ndarray
    pos_w: np.ndarray
    neg_rows: np.ndarray
    neg_w: np.ndarray


def _split(taste: Taste, params: RecParams) -> _Seeds:
    w = seed_weights(taste, params)
    pos, neg = w > 0, w < 0
    return _Seeds(taste.rows[pos], w[pos], taste.rows[neg], -w[neg])


def score(
    space: ItemSpace, taste: Taste, params: RecParams = RecParams(), now: float | None = None
) -> tuple[np.ndarray, bool]:
    """A score per item (higher is better) and whether it is a cold start (no taste)."""
    return _score(space, _split(taste, params), params, _now(taste, now))


def _now(taste: Taste, now: float | None) -> float | None:
    """The moment of the recommendation: given, else the latest time in the history."""
    if now is not None:
        return now
    timed = taste.times[~np.isnan(taste.times)]
    return float(timed.max()) if len(timed) else None


def _score(space: ItemSpace, seeds: _Seeds, params: RecParams, now: float | None) -> tuple[np.ndarray, bool]:
    m = space.matrix
    total = params.w_prior * space.prior.astype(np.float32)
    cold = len(seeds.pos_rows) == 0
    queries: list[np.ndarray] = []
    if not cold and params.w_profile:
        profile = seeds.pos_w.astype(np.float32) @ m[seeds.pos_rows]
        norm = float(np.linalg.norm(profile))
        if norm > 0:
            queries.append((profile / norm)[None, :])
    n_profile = len(queries)
    pos_rows, pos_w = _strongest(seeds.pos_rows, seeds.pos_w, params.max_seeds if params.w_neighbours else 0)
    neg_rows, neg_w = _strongest(seeds.neg_rows, seeds.neg_w, params.max_dislikes if params.w_dislike else 0)
    queries += [m[pos_rows], m[neg_rows]]
    sims = m @ np.vstack(queries).T  # one pass over the catalog for every query vector
    if n_profile:
        total += params.w_profile * sims[:, 0]
    if len(pos_rows):
        total += params.w_neighbours * _smooth_max(sims[:, n_profile : n_profile + len(pos_rows)], pos_w,
                                                   params.temperature)
    if len(neg_rows):
        total -= params.w_dislike * _smooth_max(sims[:, n_profile + len(pos_rows) :], neg_w, params.temperature)
    if not cold and params.w_era:
        total += params.w_era * era_affinity(space.years, space.years[seeds.pos_rows], seeds.pos_w, params.era_sigma)
    if params.w_fresh and now is not None:
        total += params.w_fresh * freshness(space.years, now, params.fresh_years)
    return total, cold


def freshness(years: np.ndarray, now: float, half_years: float) -> np.ndarray:
    """1 for a film released this year, halving every ``half_years``; 0 for films not out
    yet at ``now`` (unix seconds) and for films without a year."""
    current = datetime.fromtimestamp(now, UTC).year
    age = (current - years).astype(np.float32)
    out = np.exp2(-np.maximum(age, 0.0) / max(half_years, 1e-3)).astype(np.float32)
    out[(years < 0) | (age < 0)] = 0.0
    return out


def recommend(
    space: ItemSpace,
    taste: Taste,
    k: int = 10,
    params: RecParams = RecParams(),
    allowed: np.ndarray | None = None,
    now: float | None = None,
) -> Ranked:
    """The ``k`` best rows not in the history (and, if given, where ``allowed`` is True).

    ``now`` (unix seconds) is when the list is made, for freshness; by default the latest
    time in the history.
    """
    seeds = _split(taste, params)
    scores, cold = _score(space, seeds, params, _now(taste, now))
    scores[taste.rows] = -np.inf
    if allowed is not None:
        scores[~allowed] = -np.inf
    n_ok = int(np.isfinite(scores).sum())
    k = min(k, n_ok)
    if k <= 0:
        return Ranked(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32), [], cold)
    pool = min(n_ok, max(params.mmr_pool, 4 * k))
    cand = np.argpartition(-scores, pool - 1)[:pool]
    cand = cand[np.argsort(-scores[cand], kind="stable")]
    picked = _diversify(space.matrix, cand, scores[cand], k, params)
    because = explain(space.matrix, picked, seeds.pos_rows, seeds.pos_w, params)
    return Ranked(picked, scores[picked], because, cold)


def _diversify(matrix: np.ndarray, cand: np.ndarray, rel: np.ndarray, k: int, params: RecParams) -> np.ndarray:
    """Greedy MMR over the candidate pool; near-duplicates of a chosen film are skipped."""
    vecs = matrix[cand]
    span = float(rel[0] - rel[-1]) or 1.0
    rel = (rel - rel[-1]) / span  # 0–1 so that λ trades like for like
    lam = params.mmr_lambda
    closest = np.full(len(cand), -1.0, dtype=np.float32)
    alive = np.ones(len(cand), dtype=bool)
    chosen: list[int] = []
    while len(chosen) < k and alive.any():
        value = lam * rel - (1.0 - lam) * np.maximum(closest, 0.0) if lam < 1.0 else rel.copy()
        value[~alive] = -np.inf
        i = int(np.argmax(value))
        chosen.append(i)
        alive[i] = False
        sims = vecs @ vecs[i]
        closest = np.maximum(closest, sims)
        alive &= closest < params.duplicate_cosine
    return cand[np.array(chosen, dtype=np.int64)]


def explain(
    matrix: np.ndarray, picked: np.ndarray, seed_rows: np.ndarray, seed_w: np.ndarray, params: RecParams
) -> list[tuple[int, ...]]:
    """For each picked row, the seed rows with the largest share of its neighbour score."""
    if len(seed_rows) == 0 or len(picked) == 0:
        return [() for _ in picked]
    sims = matrix[picked] @ matrix[seed_rows].T  # (k, seeds)
    t = max(params.temperature, 1e-4)
    share = np.log(seed_w / seed_w.max())[None, :] * t + sims  # log-share, up to a constant
    out: list[tuple[int, ...]] = []
    for i in range(len(picked)):
        order = np.argsort(-share[i], kind="stable")[: params.because_max]
        best = share[i, order[0]]
        keep = [int(seed_rows[j]) for j in order if share[i, j] >= best - t * np.log(4.0)]
        out.append(tuple(keep))
    return out


# ---------------------------------------------------------------------------- priors
def popularity_prior(counts: np.ndarray, averages: np.ndarray | None = None, quality: float = 0.0) -> np.ndarray:
    """0–1 prior: log vote count scaled to the catalog's maximum, optionally blended with a
    Bayesian-shrunk average rating (``averages`` on a 0–10 scale, ``quality`` its share)."""
    counts = np.nan_to_num(np.asarray(counts, dtype=np.float64), nan=0.0).clip(min=0)
    top = np.log1p(counts.max()) if len(counts) else 0.0
    pop = np.log1p(counts) / top if top > 0 else np.zeros(len(counts))
    if averages is None or quality <= 0:
        return pop.astype(np.float32)
    avg = np.nan_to_num(np.asarray(averages, dtype=np.float64), nan=0.0)
    rated = counts > 0
    mean = float((avg[rated] * counts[rated]).sum() / counts[rated].sum()) if rated.any() else 5.0
    shrink = float(np.median(counts[rated])) if rated.any() else 1.0
    bayes = (avg * counts + mean * shrink) / (counts + shrink)
    qual = np.clip(bayes / 10.0, 0.0, 1.0)
    out: np.ndarray = ((1.0 - quality) * pop + quality * qual).astype(np.float32)
    return out


@dataclass(frozen=True)
class Recommendations:
    """What the shells show: hits, whether the list is a cold start, and the history size used."""

    hits: list[SearchHit]
    cold: bool = False
    history: int = 0
