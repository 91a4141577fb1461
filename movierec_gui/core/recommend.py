"""Recommendations from a watch history: pure numpy over unit-row film vectors.

Taste decides, popularity breaks ties. Each history entry becomes a signed,
recency-weighted seed:

* strength: a rating above the pivot is taste (5★ → +1), below it is aversion; the pivot
  is the person's own mean rating (``centering``; for 5+ ratings), never above
  ``max_pivot`` so a 4★ is always taste; a "liked" mark without a rating counts as
  ``liked_strength``, "disliked" as −1, a plain "watched" or "watchlist" mark as a weak
  positive;
* recency: the seed's weight halves every ``half_life`` entries back in time.

**Candidates** are the films close to the taste: the ``neighbourhood`` nearest films of
each of the strongest seeds, the ``profile_neighbourhood`` nearest of the profile (the
weighted mean of positive seeds), and — for a taste in form (documentary, silent, a
country's cinema … see ``core.form``) — the films of that form nearest the profile; all
at or above ``sim_floor``; and the ``taste_pool`` films with the best taste scores (close
to several seeds at once, of the person's era and form). Every other film ranks below
every candidate.

A candidate's **taste score** adds ``w_neighbours`` × a smooth maximum of its cosine to
the strongest seeds (so two separate tastes both count), ``w_profile`` × its cosine to
the profile, − ``w_dislike`` × the same smooth maximum over disliked seeds, ``w_form`` ×
its share of the person's form facets, ``w_genre`` × its share of the story genres most
of their liked films have, ``w_genre_match`` × how close its genres are to the liked films'
genre mix (for a focused taste: heists, courtroom dramas), ``w_theme`` × the theme tags
most liked films carry (``core.themes``), ``w_defining`` × a *defining* tag's share when it carries
one (an exact tag on half the liked films, rare in the catalog: "mockumentary"; scaled by how much
of it the profile's neighbourhood misses, its films also candidates, a form facet fewer liked films
have at half weight), ``w_director`` × how many liked films its director
made (``core.directors``), ``w_cast`` × the same for its lead actors, ``w_era`` ×
closeness to the seeds' years, − ``w_off_language`` for a film outside the non-English
language most liked films share (``off_language``), and the kinds of ``core.taste_kinds``: a
disliked kind, a taste one tag holds, and − ``w_acclaim`` for a poorly regarded film when
nearly all liked films are well regarded (a taste for acclaim, read from the history). The shape of
the taste (``core.taste_shape``): a narrow one (strong seeds close to each other) adds ``tight_profile``
× its cosine to the profile, so it stays near its cluster; a broad one of famous films pushes
hard-edged films (violence, drugs, gangland tags) when none of the liked films is one (``w_broad_hard``).
Then ``w_prior`` × the 0–1 prior (renown, with a ``PRIOR_QUALITY`` share of regard: the
shrunk average rating, ``with_regard``) and ``w_fresh`` × freshness (scaled by
how much of the taste is recent films) order comparably close candidates. The prior counts
fully only up to the renown of the person's famous liked films (the 90th percentile of their
priors, ``prior_cap``: one blockbuster among art films does not lift the cap), a quarter beyond
it (``prior_excess``): fame past what they usually watch barely lifts a film.

Never recommended: the history, a catalog duplicate of a history film (same normalized
title, year ±1, or one film under two sources' records: ``core.duplicates``), excluded rows
("not interested"), a sequel before its unseen original, a series the person disliked
(``core.series``, with the films a catalog tags "sequel": ``join_tagged_sequels``). A series'
first unseen part carries its later parts' best score, less its own dislike-of-a-kind push.
The top is re-ranked by MMR and near-duplicates dropped; shown scores never increase down the list. A result names a
seed as its reason only when it is truly near it (``because_cosine``). Tuning on HR@10
and personalization / popularity percentile together: ``benchmarks/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np

from . import blas
from .catalog_sims import SimsCache
from .directors import DirectorIndex
from .duplicates import same_film_pairs
from .form import Facets, build_facets, facet_taste, form_affinity, form_reason, genre_facets
from .models import EntryKind, Movie, SearchHit
from .named_sequels import join_named_sequels
from .reason_rules import facet_holds, tag_holds
from .series import SeriesIndex, build_series, join_tagged_sequels, normalize_title, series_mask, untie_order
from .taste_kinds import (
    acclaim_push,
    acclaim_taste,
    dislike_margin,
    lead_dislike,
    off_tag,
    regard_percentile,
    specific_lifts,
)
from .taste_shape import fame_percentile, hard_edged, ramp, tightness
from .themes import ThemeIndex

KIND_CODE = {EntryKind.WATCHED: 0, EntryKind.LIKED: 1, EntryKind.DISLIKED: 2, EntryKind.WATCHLIST: 3}
WATCHED, LIKED, DISLIKED, WATCHLIST = 0, 1, 2, 3

_YEAR_MIN, _YEAR_MAX = 1870, 2040

#: The share of regard (shrunk average rating) in the recommender's prior; the rest is renown.
PRIOR_QUALITY = 0.2
#: Shrunk average ratings (0–10) mapped to 0–1 regard: this average and below is 0, ``_REGARD_TOP`` and above 1.
_REGARD_BOTTOM, _REGARD_TOP = 5.0, 8.0


@dataclass(frozen=True)
class RecParams:
    """The recommender's knobs; the defaults are the ones tuned on the dev users."""

    pivot: float = 3.0  # a rating above this is taste, below it aversion …
    centering: float = 1.0  # … moved this far (0–1) towards the person's own mean rating …
    max_pivot: float = 3.5  # … but never above this (a 4★ rating stays taste)
    liked_strength: float = 1.0
    watched_strength: float = 0.2
    watchlist_strength: float = 0.2
    half_life: float = 20.0  # entries; float("inf") switches recency off
    max_seeds: int = 16  # liked seeds whose own neighbours are scored
    max_dislikes: int = 8  # disliked seeds whose neighbours are pushed down
    temperature: float = 0.05
    w_neighbours: float = 0.6
    w_profile: float = 0.8
    w_dislike: float = 0.2
    w_form: float = 0.3  # form / origin facets (documentary, silent, a country's cinema …)
    w_off_language: float = 0.3  # films outside the non-English language most liked films share: pushed down …
    language_share: float = 0.6  # … when this (weighted) share of them is in it (an English film set in Germany)
    w_genre: float = 0.15  # story genres most of the liked films share (science fiction, comedy …)
    genre_share: float = 0.7  # … a genre counts when at least this (weighted) share of them has it
    w_prior: float = 0.7  # orders the films of the taste's neighbourhoods; never brings in a far one
    w_era: float = 0.2
    era_sigma: float = 3.0  # years
    w_fresh: float = 0.2  # scaled by how much of the taste is recent films (``recent_share``)
    fresh_years: float = 8.0  # a film's freshness halves every this many years after release
    neighbourhood: int = 60  # each strong seed's nearest films are candidates …
    profile_neighbourhood: int = 200  # … and so are the profile's …
    sim_floor: float = 0.0  # … when their cosine to that seed / the profile reaches this floor …
    taste_pool: int = 300  # … and so are the films with the best taste scores
    prior_cap: float = 0.9  # the prior counts fully up to this quantile of the liked films' priors (0 = off) …
    prior_excess: float = 0.25  # … and this share of the fame beyond it
    w_theme: float = 0.3  # theme tags most liked films share ("heist", "trial"; core.themes)
    theme_whole: float = 0.0  # > 0: a tag of several words is a theme of its own (round six: not better; off)
    theme_over_form: float = 0.0  # > 0: a facet weaker than the sharpest theme counts in proportion (off, ditto)
    w_defining: float = 0.2  # a defining tag (most liked films carry it, few catalog films do) lifts its films …
    defining_share: float = 0.5  # … when at least this (weighted) share of the liked films carries it …
    defining_min: int = 3  # … and at least this many of them …
    defining_rate: float = 0.02  # … and at most this share of the catalog ("mockumentary", "jane austen")
    defining_unseen: float = 2.0  # … by the share of its films the profile's neighbourhood misses (to this power)
    defining_form: float = 0.5  # a form facet fewer liked films have than the defining tag counts this much
    w_director: float = 0.2  # films by directors of the liked films (all of the weight from three liked films on)
    w_cast: float = 0.1  # films with a lead actor of the liked films (their first ``cast_billed`` names; same rule)
    cast_billed: int = 2
    w_genre_match: float = 0.2  # closeness of a film's genres to the liked films' genre mix, when the taste is focused
    # round eight (issue 12): taste terms the blind sets asked for (core.taste_kinds)
    w_dislike_kind: float = 2.0  # a film nearer the disliked films than the liked ones: pushed by the margin …
    dislike_apart: float = 0.5  # … > 0: from a disliked film this near a liked one (0.2 below: fully) not at all
    dislike_kind_outright: bool = True  # … from films disliked outright only (not a rating below one's mean)
    dislike_spare: float = 1.0  # … and this much less for a film sharing a form facet or defining tag with the taste
    w_off_tag: float = 0.2  # a taste a defining tag's kind holds: tagged films without it pushed by w × its share …
    off_tag_share: float = 0.9  # … when at least this (weighted) share of the liked films carries it
    theme_specific: float = 25.0  # > 1: a theme's lift × log(share / catalog rate) / log(this), at most 1
    # round nine (issue 12): acclaim as a taste, a disliked kind on a series' lead (core.taste_kinds)
    w_acclaim: float = 0.4  # a taste for acclaim: films below ``acclaim_high`` regard pushed by w × how far …
    acclaim_high: float = 0.9  # … (regard percentile among the catalog's films with votes; none: not judged) …
    acclaim_share: float = 0.7  # … by how far the liked share at or above it exceeds this (all of them: fully)
    series_dislike: float = 1.0  # a series' lead keeps this × its own dislike-of-a-kind push (× w_dislike_kind)
    # round ten (issue 12): the shape of a taste (core.taste_shape)
    tight_low: float = 0.30  # strong liked seeds this close to each other (weighted mean pairwise cosine) …
    tight_high: float = 0.45  # … to this close: a narrow taste (strength 0 → 1) …
    tight_profile: float = 0.75  # … adds this × strength × the cosine to the profile: it stays near its cluster
    broad_pair: float = 0.22  # a broad taste: strong seeds at most this close to each other (fully 0.05 below) …
    broad_fame: float = 0.85  # … and their mean fame percentile at least this (fully 0.1 above) …
    w_broad_hard: float = 0.4  # … pushes hard-edged films (violence, drugs, gangland tags) by w × strength …
    hard_share: float = 0.0  # … when at most this (weighted) share of the liked films are such films
    mmr_lambda: float = 0.8  # 1 = no diversity re-ranking
    mmr_pool: int = 200
    duplicate_cosine: float = 0.97
    because_max: int = 2
    because_cosine: float = 0.65  # a seed is named as the reason only this close (personas: 28 of 29 sensible)
    shelf_cosine: float = 0.5  # a "Because you liked X" shelf holds films this close to X (personas: 94 %)
    # reason lines without a seed (core.reason_rules; calibrated on the graded lines of six persona sets)
    reason_tag_liked: int = 2  # a tag is quoted when at least this many liked films carry it …
    reason_tag_share: float = 0.3  # … and this (weighted) share of them (leave-one-set-out: 0.25–0.35)
    reason_form_share: float = 0.3  # a form facet is named when this share of the liked films has it (no higher
    # value held on the left-out sets: 0.3 is the facet taste's own floor)
    reason_origin_lift: float = 12.0  # a country / language when its liked share is this × its catalog share

    def with_(self, **changes: Any) -> RecParams:
        return replace(self, **changes)


@dataclass(frozen=True)
class ItemSpace:
    """The films that can be recommended: ``matrix`` rows are unit vectors."""

    matrix: np.ndarray  # (N, d) float32
    years: np.ndarray  # (N,) int32, -1 unknown
    prior: np.ndarray  # (N,) float32 in [0, 1]
    #: Optional catalog facts: form facets, series, normalized titles (duplicates of history films).
    facets: Facets | None = None
    genres: Facets | None = None
    series: SeriesIndex | None = None
    title_keys: tuple[str, ...] | None = None
    original_keys: tuple[str, ...] | None = None  # normalized original titles ("" when none)
    directors: tuple[tuple[str, ...], ...] | None = None
    keywords: tuple[tuple[str, ...], ...] | None = None
    cast: tuple[tuple[str, ...], ...] | None = None  # billed names, leads first
    renown: np.ndarray | None = None  # (N,) 0–1 fame alone, when ``prior`` also holds regard
    sources: tuple[str, ...] | None = None  # catalog source per row: one film under two sources' records
    regard: np.ndarray | None = None  # (N,) 0–1 shrunk average rating (``regard``), NaN without votes

    @property
    def fame(self) -> np.ndarray:
        """0–1 fame per film (``renown``, else the prior): what "hidden gems" are low in."""
        return self.prior if self.renown is None else self.renown

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def title_groups(self) -> np.ndarray | None:
        """Per row: a number shared by the rows whose normalized title or original title is the
        same ("Mad Max 2" and "Mad Max 2: The Road Warrior" with the original title "Mad Max 2"),
        or that are one film under two sources' records (``core.duplicates``: "Drunken Master II"
        and "The Legend of Drunken Master"), -1 when no other row shares one; None without titles."""
        if self.title_keys is None:
            return None
        groups = self.__dict__.get("_title_group")
        if groups is None:
            pairs = [] if self.sources is None else same_film_pairs(
                self.title_keys, self.original_keys or ("",) * len(self), self.years, self.sources, self.directors,
                self.matrix)
            groups = _shared_key_groups(self.title_keys, self.original_keys, pairs)
            object.__setattr__(self, "_title_group", groups)
        out: np.ndarray = groups
        return out

    def duplicates_of(self, rows: np.ndarray) -> np.ndarray:
        """Rows that are the same film as one of ``rows`` (same normalized title or original title, year ±1)."""
        groups = self.title_groups()
        if groups is None or len(rows) == 0:
            return np.empty(0, dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        rows = rows[groups[rows] >= 0]
        if len(rows) == 0:
            return np.empty(0, dtype=np.int64)
        cand = np.flatnonzero(np.isin(groups, groups[rows]))
        out: list[int] = []
        by_group: dict[int, list[int]] = {}
        for r in rows.tolist():
            by_group.setdefault(int(groups[r]), []).append(int(self.years[r]))
        for j in cand.tolist():
            y1 = int(self.years[j])
            if any(y0 < 0 or y1 < 0 or abs(y0 - y1) <= 1 for y0 in by_group[int(groups[j])]):
                out.append(j)
        dup = np.array(out, dtype=np.int64)
        return dup[~np.isin(dup, rows)]


def _shared_key_groups(
    keys: Sequence[str], more: Sequence[str] | None, pairs: Sequence[tuple[int, int]] = ()
) -> np.ndarray:
    """Rows joined when any of their keys match, or as ``pairs`` (union-find); -1 for rows alone in their group."""
    n = len(keys)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for column in (keys, more or ()):
        for i, key in enumerate(column):
            if key:
                j = first.setdefault(key, i)
                if j != i:
                    parent[root(i)] = root(j)
    for i, j in pairs:
        parent[root(i)] = root(j)
    groups = np.array([root(i) for i in range(n)], dtype=np.int64)
    sizes = np.bincount(groups, minlength=n)
    groups[sizes[groups] < 2] = -1
    return groups


def catalog_space(
    matrix: np.ndarray, movies: list[Movie], years: np.ndarray, prior: np.ndarray, renown: np.ndarray | None = None
) -> ItemSpace:
    """An item space with the catalog facts the recommender reads: form facets, series and
    normalized titles (row ``i`` is ``movies[i]``); ``renown``: fame alone when ``prior`` blends in regard."""
    title_keys = tuple(normalize_title(m.title) for m in movies)
    keywords = tuple(m.keywords for m in movies)
    series = join_tagged_sequels(build_series(movies), keywords, title_keys, np.asarray(years), matrix)
    series = join_named_sequels(series, [m.overview for m in movies], title_keys, np.asarray(years), matrix)
    series = untie_order(series, movies)
    averages, counts = _votes(movies)
    return ItemSpace(matrix=matrix, years=years, prior=prior, renown=renown, facets=build_facets(movies),
                     genres=build_facets(movies, facets_of=genre_facets), series=series, title_keys=title_keys,
                     original_keys=tuple(normalize_title(m.original_title or "") for m in movies),
                     directors=tuple(m.directors for m in movies), keywords=keywords,
                     cast=tuple(m.cast for m in movies), sources=tuple(m.source for m in movies),
                     regard=_known_regard(averages, counts))


def _known_regard(averages: np.ndarray, counts: np.ndarray) -> np.ndarray | None:
    """``regard`` per film, NaN for a film without votes (unknown, not average); None when no film has any."""
    known = (counts > 0) & np.isfinite(averages)
    if not known.any():
        return None
    out: np.ndarray = np.where(known, regard(averages, counts), np.nan).astype(np.float32)
    return out


def _votes(movies: Sequence[Movie]) -> tuple[np.ndarray, np.ndarray]:
    """The films' vote averages (NaN when none) and vote counts."""
    averages = np.array([np.nan if m.vote_average is None else m.vote_average for m in movies], dtype=np.float64)
    counts = np.array([m.vote_count or 0 for m in movies], dtype=np.float64)
    return averages, counts


def catalog_prior(renown: np.ndarray, movies: Sequence[Movie], quality: float = PRIOR_QUALITY) -> np.ndarray:
    """The prior of a catalog's films (row ``i`` is ``movies[i]``): their 0–1 renown with a
    ``quality`` share of regard from their vote averages and counts (``with_regard``)."""
    averages, counts = _votes(movies)
    return with_regard(renown, averages, counts, quality)


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
        pivot = min(pivot, params.max_pivot)
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


def disliked_rows(taste: Taste, params: RecParams) -> np.ndarray:
    """Rows the person disliked outright (a "disliked" mark, or a rating below the plain
    ``pivot``): their series are not continued. A rating that is only below the person's
    own mean (a generous rater's 3★) weighs against similar films but blocks nothing."""
    return taste.rows[seed_weights(taste, params.with_(centering=0.0)) < 0]


def _strongest(rows: np.ndarray, weights: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``m`` seeds with the largest weights."""
    if len(rows) > m:
        keep = np.argpartition(-weights, m - 1)[:m] if m > 0 else np.empty(0, dtype=np.int64)
        rows, weights = rows[keep], weights[keep]
    return rows, weights


def _smooth_max(sims: np.ndarray, weights: np.ndarray, temperature: float) -> np.ndarray:
    """Weighted log-sum-exp over the rows of ``sims`` (one row per seed): near the max for
    small temperatures."""
    w = (weights / weights.sum()).astype(np.float32)
    t = max(temperature, 1e-4)
    z = np.subtract(sims, 1.0, dtype=np.float32)
    z *= np.float32(1.0 / t)
    np.exp(z, out=z)
    # einsum, not ``w @ z``: a BLAS matrix-vector call this size wakes BLAS threads, which
    # on a busy 2-core machine wait for a time slice (0.04 ms alone, 8 ms there)
    out: np.ndarray = 1.0 + t * np.log(np.maximum(np.einsum("i,ij->j", w, z), 1e-30))
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
    outright: np.ndarray  # the rows disliked outright (``disliked_rows``): what a dislike of a kind reads


def _split(taste: Taste, params: RecParams) -> _Seeds:
    w = seed_weights(taste, params)
    pos, neg = w > 0, w < 0
    return _Seeds(taste.rows[pos], w[pos], taste.rows[neg], -w[neg], disliked_rows(taste, params))


def _kind_dislikes(neg_rows: np.ndarray, seeds: _Seeds, params: RecParams) -> np.ndarray:
    """Which of ``neg_rows`` a dislike of a kind reads: with ``dislike_kind_outright``, only films
    disliked outright — a film rated just below the person's own mean says "not this one", not
    "not this kind"."""
    if not params.dislike_kind_outright:
        return np.ones(len(neg_rows), dtype=bool)
    return np.isin(neg_rows, seeds.outright)


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
    """Taste first: a film is a candidate only when it is among the nearest films of a
    strong seed or of the profile (at or above ``sim_floor``); its score is how close it is
    to the taste, plus a small prior and freshness that order comparably close films.
    Films that are not candidates score ``_FAR`` lower, so they only fill a list that the
    taste cannot (narrow filters)."""
    m = space.matrix
    n = len(space)
    cold = len(seeds.pos_rows) == 0
    taste = np.zeros(n, dtype=np.float32)
    near = np.zeros(n, dtype=bool)
    profile: np.ndarray | None = None
    if not cold and params.w_profile:
        mean = seeds.pos_w.astype(np.float32) @ m[seeds.pos_rows]
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            profile = mean / norm
    n_profile = int(profile is not None)
    pos_rows, pos_w = _strongest(seeds.pos_rows, seeds.pos_w, params.max_seeds if params.w_neighbours else 0)
    neg_rows, neg_w = _strongest(seeds.neg_rows, seeds.neg_w,
                                 params.max_dislikes if params.w_dislike or params.w_dislike_kind else 0)
    # one contiguous row of cosines per query; seeds' rows are reused from earlier calls
    sims = sims_cache(space).sims(np.concatenate([pos_rows, neg_rows]), profile)
    if n_profile:
        taste += params.w_profile * sims[0]
        _mark_nearest(near, sims[:1], params.profile_neighbourhood, params.sim_floor)
    if len(pos_rows):
        pos_sims = sims[n_profile : n_profile + len(pos_rows)]
        taste += params.w_neighbours * _smooth_max(pos_sims, pos_w, params.temperature)
        _mark_nearest(near, pos_sims, params.neighbourhood, params.sim_floor)
    if len(neg_rows):
        taste -= params.w_dislike * _smooth_max(sims[n_profile + len(pos_rows) :], neg_w, params.temperature)
    tight, broad = _shape(space, sims[n_profile : n_profile + len(pos_rows)], pos_rows, pos_w, params)
    if tight and params.tight_profile and n_profile:  # a narrow taste: stay near its cluster
        taste += params.tight_profile * tight * sims[0]
    if not cold and params.w_era:
        taste += params.w_era * era_affinity(space.years, space.years[seeds.pos_rows], seeds.pos_w, params.era_sigma)
    themes = theme_index(space) if not cold and params.w_theme else None
    lifts = _theme_lifts(themes, seeds.pos_rows, seeds.pos_w, params) if themes is not None else {}
    tagged = theme_index(space) if not cold and params.w_defining else None
    kind = np.zeros(n, dtype=bool)  # films sharing a facet or tag with the taste (not only plot words)
    defining = _defining_tags(tagged, seeds.pos_rows, seeds.pos_w, params)
    if tagged is not None and defining and params.w_off_tag:  # a taste one tag names: tagged films without it
        taste -= params.w_off_tag * off_tag(tagged, defining, seeds.pos_rows, seeds.pos_w, params.off_tag_share)
    if tagged is not None and defining:  # a taste a tag names: its films are candidates, lifted like a form
        closeness = sims[0] if n_profile else taste
        if params.defining_unseen > 0 and n_profile:
            defining = _unseen_by_plot(tagged, defining, closeness, seeds.pos_rows, params)
        carry = defining_affinity(tagged, defining, n)
        kind |= carry > 0
        taste += params.w_defining * carry
        _mark_nearest(near, np.where(carry > 0, closeness, -np.inf)[None, :], params.profile_neighbourhood,
                      params.sim_floor)
    if not cold and params.w_form and space.facets is not None:
        form = form_affinity(space.facets, _form_taste(space.facets, seeds.pos_rows, seeds.pos_w, lifts, params,
                                                       defining))
        kind |= form > 0
        taste += params.w_form * form
        if form.any():  # a taste in form brings the films of that form closest to the taste
            closeness = sims[0] if n_profile else taste
            in_form = np.where(form > 0.5, closeness, -np.inf)[None, :]
            _mark_nearest(near, in_form, params.profile_neighbourhood, params.sim_floor)
    if not cold and params.w_off_language and space.facets is not None:
        taste -= params.w_off_language * off_language(space.facets, seeds.pos_rows, seeds.pos_w, params.language_share)
    if not cold and params.w_genre and space.genres is not None:
        genre_taste = facet_taste(space.genres, seeds.pos_rows, seeds.pos_w, min_share=params.genre_share)
        taste += params.w_genre * form_affinity(space.genres, genre_taste)
    if not cold and params.w_genre_match and space.genres is not None:
        taste += params.w_genre_match * genre_match(space.genres, seeds.pos_rows, seeds.pos_w)
    if themes is not None and lifts:
        theme_aff = themes.affinity_of(lifts)
        taste += params.w_theme * theme_aff
    if not cold and params.w_dislike_kind and len(pos_rows) and len(neg_rows):  # a kind of film disliked
        hard = _kind_dislikes(neg_rows, seeds, params)
        margin = dislike_margin(sims[n_profile + len(pos_rows) :][hard], pos_sims, neg_rows[hard], params.dislike_apart)
        taste -= params.w_dislike_kind * np.where(kind, 1.0 - params.dislike_spare, 1.0) * margin
    regard_of = space.regard
    if not cold and params.w_acclaim and regard_of is not None:  # a taste for acclaim, not a genre
        pct = _memo(space, "_regard_pct", lambda: regard_percentile(regard_of))
        strength = acclaim_taste(pct, seeds.pos_rows, seeds.pos_w, params.acclaim_high, params.acclaim_share)
        if strength > 0:
            taste -= params.w_acclaim * strength * acclaim_push(pct, params.acclaim_high)
    strong = seeds.pos_rows[seeds.pos_w >= 0.5 * seeds.pos_w.max()] if not cold else seeds.pos_rows
    if not cold and params.w_director:
        index = director_index(space)
        if index is not None:
            taste += params.w_director * index.affinity(strong)
    if not cold and params.w_cast:
        leads = cast_index(space, params.cast_billed)
        if leads is not None:
            taste += params.w_cast * leads.affinity(strong)
    if not cold and params.taste_pool:  # the films closest to the whole taste (era and form included)
        _mark_nearest(near, taste[None, :], params.taste_pool, -np.inf)
    prior = space.prior.astype(np.float32)
    if not cold and params.prior_cap > 0:  # fame beyond what the person usually watches does not count
        cap = np.float32(np.quantile(space.prior[seeds.pos_rows], min(params.prior_cap, 1.0)))
        prior = np.minimum(prior, cap) + np.float32(params.prior_excess) * np.maximum(prior - cap, 0.0)
    total = taste + params.w_prior * prior
    if broad and params.w_broad_hard and space.keywords is not None:  # a mainstream viewer, no hard-edged likes
        liked = _hard_rows(space, seeds.pos_rows)
        if float(np.average(liked, weights=seeds.pos_w)) <= params.hard_share:
            rows = np.flatnonzero(near)  # only candidates can reach the list
            total[rows] -= np.float32(params.w_broad_hard * broad) * _hard_rows(space, rows)
    if params.w_fresh and now is not None:
        scale = recent_share(space.years[seeds.pos_rows], seeds.pos_w, now, params.fresh_years) if not cold else 1.0
        total += params.w_fresh * scale * freshness(space.years, now, params.fresh_years)
    if not cold:
        total[~near] -= _FAR
    return total, cold


def _shape(
    space: ItemSpace, pos_sims: np.ndarray, pos_rows: np.ndarray, pos_w: np.ndarray, params: RecParams
) -> tuple[float, float]:
    """How narrow (0–1, ``tight_*``) and how broad-and-mainstream (0–1, ``broad_*``) the taste is,
    read from the strongest liked seeds (``pos_sims``: their cosines to every film); (0, 0) when no
    knob reads them."""
    if len(pos_rows) < 3 or not (params.tight_profile or params.w_broad_hard):
        return 0.0, 0.0
    pair = tightness(pos_sims[:, pos_rows], pos_w)
    tight = ramp(pair, params.tight_low, params.tight_high)
    broad = 0.0
    if params.w_broad_hard:
        pct = _memo(space, "_fame_pct", lambda: fame_percentile(space.fame))
        fame = float(np.average(pct[pos_rows], weights=pos_w))
        broad = ramp(-pair, -params.broad_pair, -params.broad_pair + 0.05) * \
            ramp(fame, params.broad_fame, params.broad_fame + 0.1)
    return tight, broad


def _hard_rows(space: ItemSpace, rows: np.ndarray) -> np.ndarray:
    """``taste_shape.hard_edged`` for ``rows``, read from their tags once and kept on the space."""
    keywords = space.keywords
    known = _memo(space, "_hard_edged", lambda: np.full(len(space), np.nan, dtype=np.float32))
    todo = rows[np.isnan(known[rows])]
    if len(todo) and keywords is not None:
        known[todo] = hard_edged([keywords[int(r)] for r in todo])
    out: np.ndarray = known[rows]
    return out


def off_language(facets: Facets, rows: np.ndarray, weights: np.ndarray, min_share: float) -> np.ndarray:
    """0–1 per film: how far it is outside a taste held in one language — the (weighted) share of the
    liked films in the person's main non-English language, for films not in it, when that share
    reaches ``min_share`` (a German-cinema viewer and an English film set in Germany); 0 otherwise."""
    out = np.zeros(facets.matrix.shape[0], dtype=np.float32)
    cols = np.array([j for j, name in enumerate(facets.names) if name.startswith("language:")], dtype=np.int64)
    if not len(cols) or len(rows) == 0 or weights.sum() <= 0:
        return out
    share = (weights.astype(np.float32) @ facets.matrix[np.ix_(rows, cols)]) / float(weights.sum())
    best = int(np.argmax(share))
    if share[best] < min_share:
        return out
    out[facets.matrix[:, cols[best]] == 0] = np.float32(share[best])
    return out


def _theme_lifts(themes: ThemeIndex, rows: np.ndarray, weights: np.ndarray, params: RecParams) -> dict[str, float]:
    """The person's theme terms and their lifts (``ThemeIndex.lifts``) under ``params``, each
    weighted by how specific it is to them (``theme_specific``, ``taste_kinds.specific_lifts``)."""
    lifts = themes.lifts(rows, weights, whole=params.theme_whole)
    if params.theme_specific > 1 and lifts:
        rates = {t: len(themes.rows[t]) / max(themes.n_rows, 1) for t in lifts}
        lifts = specific_lifts(lifts, rates, params.theme_specific)
    return lifts


def _defining_tags(
    themes: ThemeIndex | None, rows: np.ndarray, weights: np.ndarray, params: RecParams
) -> dict[str, tuple[float, int]]:
    """The person's defining tags (``ThemeIndex.defining``) under ``params``; {} when off."""
    if themes is None or not params.w_defining or len(rows) == 0:
        return {}
    return themes.defining(rows, weights, params.defining_share, params.defining_min, params.defining_rate)


def _unseen_by_plot(
    themes: ThemeIndex, defining: dict[str, tuple[float, int]], closeness: np.ndarray, liked: np.ndarray,
    params: RecParams,
) -> dict[str, tuple[float, int]]:
    """``defining`` with each tag's share scaled by the share of its other catalog films (not the
    ``liked`` ones) that are not among the profile's ``profile_neighbourhood`` nearest (to the power
    ``defining_unseen``): a tag whose films the plot vectors already find ("christmas") adds
    little, one they scatter ("mockumentary": music films are nearer) adds most."""
    n = len(closeness)
    k = min(params.profile_neighbourhood, n)
    if k <= 0:
        return defining
    kth = np.partition(closeness, n - k)[n - k]
    out = {}
    for tag, (share, count) in defining.items():
        rows = themes.exact_rows(tag)
        rows = rows[~np.isin(rows, liked)]
        unseen = float((closeness[rows] < kth).mean()) if len(rows) else 1.0
        out[tag] = (share * unseen ** params.defining_unseen, count)
    return out


def defining_affinity(themes: ThemeIndex, defining: dict[str, tuple[float, int]], n: int) -> np.ndarray:
    """0–1 per row: the summed liked-film shares of the defining tags it carries (capped at 1)."""
    out = np.zeros(n, dtype=np.float32)
    for tag, (share, _) in defining.items():
        out[themes.exact_rows(tag)] += np.float32(share)
    np.minimum(out, 1.0, out=out)
    return out


def _form_taste(
    facets: Facets, rows: np.ndarray, weights: np.ndarray, lifts: dict[str, float], params: RecParams,
    defining: dict[str, tuple[float, int]] | None = None,
) -> np.ndarray:
    """The person's form taste (``core.form.facet_taste``); a facet whose lift is below the
    person's sharpest theme's counts only in proportion (``theme_over_form``): six of seven liked
    films tagged "mockumentary" say more than three of them being music films. A facet fewer
    liked films have than a ``defining`` tag counts ``defining_form`` of its lift: it does not lead."""
    taste = facet_taste(facets, rows, weights)
    if defining and params.defining_form < 1.0 and taste.any():
        liked = (facets.matrix[np.asarray(rows)[np.asarray(weights) > 0]] > 0).sum(axis=0)
        most = max(c for _, c in defining.values())
        taste = np.where(liked < most, taste * np.float32(params.defining_form), taste)
    best = max(lifts.values(), default=0.0)
    if params.theme_over_form > 0 and best > 0 and taste.any():
        taste = taste * np.minimum(1.0, (taste / np.float32(best)) ** np.float32(params.theme_over_form))
    return taste.astype(np.float32, copy=False)


def fit_reason(space: ItemSpace, taste: Taste, rows: Sequence[int], params: RecParams = RecParams()) -> list[str]:
    """For each of ``rows``, why it fits the person's taste in form or theme when no seed is near
    ("A documentary, like many you liked", "Tagged “mockumentary”, like many you liked"): the
    larger of its form and theme terms names it, a theme only when the film and two liked films
    carry it as a tag ("regency england" is not quoted as "england"); "" when neither holds.
    A tag or facet is named only when it is what the liked films share (``core.reason_rules``);
    when the stronger one is not, the other may be; else the film has no line."""
    w = seed_weights(taste, params)
    pos_rows, pos_w = taste.rows[w > 0], w[w > 0]
    themes = theme_index(space) if params.w_theme or params.w_defining else None
    lifts = _theme_lifts(themes, pos_rows, pos_w, params) if themes is not None and params.w_theme and \
        len(pos_rows) else {}
    defining = _defining_tags(themes, pos_rows, pos_w, params)
    facets = space.facets
    form = _form_taste(facets, pos_rows, pos_w, lifts, params, defining) \
        if facets is not None and len(pos_rows) else None
    # a theme is quoted as a tag only when two liked films carry that very tag, not only its word,
    # and the tag is distinctive (not a marker such as a credits stinger, nor "murder" or "new york")
    quotable = {t for t in lifts if themes is not None and themes.quotable(t)
                and sum(themes.carries(int(r), t) for r in pos_rows) >= 2}
    weight = {t: params.w_theme * lift for t, lift in lifts.items() if t in quotable}
    for t, (share, _) in defining.items():  # a defining tag weighs its own term too
        weight[t] = weight.get(t, 0.0) + params.w_defining * share
    total = float(pos_w.sum()) or 1.0
    holds = {}  # per quotable tag, once: is it shared by enough of the liked films to be named
    for t in weight:
        carried = np.isin(pos_rows, themes.exact_rows(t)) if themes is not None else np.zeros(len(pos_rows), bool)
        holds[t] = tag_holds(int(carried.sum()), float(pos_w[carried].sum()) / total,
                             params.reason_tag_liked, params.reason_tag_share)
    sayable = form
    if facets is not None and form is not None and form.any():  # facets the liked films share strongly
        shares = (pos_w.astype(np.float32) @ facets.matrix[pos_rows]) / np.float32(total)
        keep = [facet_holds(n, float(shares[j]), float(facets.base_rate[j]), params.reason_form_share,
                            params.reason_origin_lift) for j, n in enumerate(facets.names)]
        sayable = np.where(np.array(keep, dtype=bool), form, np.float32(0.0)).astype(np.float32)
    out = []
    for row in rows:
        form_lift = float((facets.matrix[row] * form).max()) if facets is not None and form is not None and \
            facets.matrix.shape[1] else 0.0
        tags = [(w, t) for t, w in weight.items() if themes is not None and themes.carries(row, t)]
        tag_line = ""
        for _, t in sorted(tags, reverse=True):  # the strongest tag that holds
            if holds[t]:
                tag_line = f"Tagged “{t}”, like many you liked"
                break
        form_line = form_reason(facets, sayable, row) if facets is not None and sayable is not None else ""
        if tags and max(tags)[0] > params.w_form * form_lift:
            out.append(tag_line or form_line)
        else:
            out.append(form_line or tag_line)
    return out


def genre_match(genres: Facets, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """0–1 per film: the cosine between its genres and the liked films' weighted genre mix,
    each genre weighted by its rarity (−log base rate), so sharing "drama" says little and
    sharing "western" much; scaled by how focused the taste is (the largest lift of a genre
    over its base rate), so a broad taste is barely moved by it."""
    g = genres.matrix
    if g.shape[1] == 0 or len(rows) == 0:
        return np.zeros(g.shape[0], dtype=np.float32)
    cached = genres.__dict__.get("_idf_rows")
    if cached is None:  # per film: its genres weighted by rarity, as a unit row (made once per catalog)
        idf = -np.log(np.clip(genres.base_rate, 1e-4, 1.0)).astype(np.float32)
        film = g * idf
        film /= np.maximum(np.linalg.norm(film, axis=1, keepdims=True), 1e-6)
        cached = (idf, film)
        object.__setattr__(genres, "_idf_rows", cached)
    idf, unit_rows = cached
    share = (weights.astype(np.float32) @ g[rows]) / max(float(weights.sum()), 1e-6)
    mix = share * idf
    norm = float(np.linalg.norm(mix))
    if norm == 0:
        return np.zeros(g.shape[0], dtype=np.float32)
    focus = float(np.clip((share - genres.base_rate).max(), 0.0, 1.0))
    out: np.ndarray = unit_rows @ (mix * np.float32(focus / norm))
    return out.astype(np.float32, copy=False)


def theme_index(space: ItemSpace) -> ThemeIndex | None:
    """The space's theme-tag index (``core.themes``), made on first use; None without tags."""
    keywords = space.keywords
    return None if keywords is None else _memo(space, "_theme_index", lambda: ThemeIndex(keywords))


def director_index(space: ItemSpace) -> DirectorIndex | None:
    """The space's director index (``core.directors``), made on first use; None without directors."""
    directors = space.directors
    return None if directors is None else _memo(space, "_director_index", lambda: DirectorIndex(directors))


def cast_index(space: ItemSpace, billed: int) -> DirectorIndex | None:
    """The space's index of lead actors (each film's first ``billed`` cast names), made on first
    use; None without cast. Same rule as directors: an actor of several liked films lifts their films."""
    cast = space.cast
    if cast is None:
        return None
    return _memo(space, f"_cast_index_{billed}", lambda: DirectorIndex(tuple(c[:billed] for c in cast)))


_T = TypeVar("_T")


def _memo(space: ItemSpace, name: str, make: Callable[[], _T]) -> _T:
    """A value derived from the (frozen) space, made once and kept on it."""
    value = space.__dict__.get(name)
    if value is None:
        value = make()
        object.__setattr__(space, name, value)
    out: _T = value
    return out


def sims_cache(space: ItemSpace) -> SimsCache:
    """The space's cache of seed × catalog cosines (``core.catalog_sims``), made on first use."""
    return _memo(space, "_sims_cache", lambda: SimsCache(space.matrix))


def row_sims(space: ItemSpace, row: int) -> np.ndarray:
    """Cosine of film ``row`` to every film (kept for the next call)."""
    return sims_cache(space).row(row)


#: How far below every candidate a film outside the taste's neighbourhoods ranks.
_FAR = 10.0


def _mark_nearest(near: np.ndarray, sims: np.ndarray, k: int, floor: float) -> None:
    """Set ``near`` for each row's (query's) ``k`` most similar films whose similarity reaches ``floor``."""
    n = sims.shape[1]
    if k <= 0 or n == 0:
        return
    if k >= n:
        near |= (sims >= floor).any(axis=0)
        return
    kth = np.partition(sims, n - k, axis=1)[:, n - k]  # each query's k-th best similarity
    near |= (sims >= np.maximum(kth, floor)[:, None]).any(axis=0)


def recent_share(seed_years: np.ndarray, weights: np.ndarray, now: float, half_years: float) -> float:
    """0–1: how much of a taste is recent films (weighted share of seeds released within two
    freshness half-lives of ``now``, doubled and capped). Freshness counts only this much, so
    a person who loves silent comedies is not pushed towards this year's releases."""
    total = float(weights.sum())
    if total <= 0:
        return 0.0
    current = datetime.fromtimestamp(now, UTC).year
    recent = (seed_years >= 0) & (current - seed_years <= 2 * half_years)
    return float(min(1.0, 2.0 * float(weights[recent].sum()) / total))


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
    exclude: np.ndarray | None = None,
    scored: tuple[np.ndarray, bool] | None = None,
) -> Ranked:
    """The ``k`` best rows not in the history (and, if given, where ``allowed`` is True).

    Never recommended: a history film, a duplicate of one (``ItemSpace.duplicates_of``),
    rows in ``exclude`` (films the person is not interested in), a sequel whose earlier
    part they have not seen, any part of a series they disliked. ``now`` (unix seconds) is
    when the list is made, for freshness; by default the latest time in the history.
    ``scored``: the output of ``score`` for this taste, when the caller already has it
    (shelves rank one scoring under several masks). Scores are non-increasing down the list.
    """
    seeds = _split(taste, params)
    if scored is None:
        scores, cold = _score(space, seeds, params, _now(taste, now))
    else:
        scores, cold = scored[0].copy(), scored[1]
    return finish(space, taste, scores, cold, seeds.pos_rows, seeds.pos_w, k, params, allowed, exclude)


def finish(
    space: ItemSpace,
    taste: Taste,
    scores: np.ndarray,
    cold: bool,
    seed_rows: np.ndarray,
    seed_w: np.ndarray,
    k: int,
    params: RecParams,
    allowed: np.ndarray | None = None,
    exclude: np.ndarray | None = None,
) -> Ranked:
    """Rank ``scores`` (modified in place) into a list: hide the history, its duplicates and
    ``exclude``, keep series in order, apply ``allowed``, diversify, explain by ``seed_rows``."""
    hidden = hidden_rows(space, taste, params)
    scores[hidden] = -np.inf
    if exclude is not None and len(exclude):
        scores[exclude] = -np.inf
        scores[space.duplicates_of(np.asarray(exclude, dtype=np.int64))] = -np.inf
    if space.series is not None:
        _series_order(space.series, scores, taste, params, space, allowed, max(params.mmr_pool, 4 * k))
    if allowed is not None:
        scores[~allowed] = -np.inf
    n_ok = int(np.isfinite(scores).sum())
    k = min(k, n_ok)
    if k <= 0:
        return Ranked(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32), [], cold)
    pool = min(n_ok, max(params.mmr_pool, 4 * k))
    cand = np.argpartition(-scores, pool - 1)[:pool]
    cand = cand[np.argsort(-scores[cand], kind="stable")]
    close = scores[cand] > scores[cand[0]] - _FAR / 2  # diversify among candidates of the taste only
    if close.sum() >= k:
        cand = cand[close]
    picked = _diversify(space.matrix, _first_of_each_film(space, cand), scores, k, params)
    because = explain(space.matrix, picked, seed_rows, seed_w, params)
    shown = np.minimum.accumulate(scores[picked].astype(np.float32))  # monotonic with rank
    return Ranked(picked, shown, because, cold)


def hidden_rows(space: ItemSpace, taste: Taste, params: RecParams) -> np.ndarray:
    """The history's rows and every catalog duplicate of them."""
    return np.concatenate([taste.rows, space.duplicates_of(taste.rows)]).astype(np.int64)


def _series_order(
    series: SeriesIndex, scores: np.ndarray, taste: Taste, params: RecParams, space: ItemSpace | None = None,
    allowed: np.ndarray | None = None, pool: int = 0,
) -> None:
    """In place: only the first unseen film of a series stays (carrying the best score of
    its later parts, less ``series_dislike`` × its own dislike-of-a-kind push when the item
    ``space`` is given); a series with a disliked film disappears. ``pool`` > 0 and more lifted
    leads than that: the push is measured only for leads whose carried score reaches the
    ``pool``-th best own score of the films that stay (and are ``allowed``): the others cannot
    enter a list of that pool (``_lead_margins``)."""
    n = len(scores)
    seen = np.zeros(n, dtype=bool)
    seen[taste.rows[taste.kinds != WATCHLIST]] = True
    disliked = np.zeros(n, dtype=bool)
    disliked[disliked_rows(taste, params)] = True
    member = series.ids >= 0
    if not member.any():
        return
    fin = member & np.isfinite(scores) & ~seen
    best = series.per_series_max(np.where(fin, scores, -np.inf))
    ok = series_mask(series, seen, disliked)
    lead = member & ok & np.isfinite(scores)
    carried = best[series.ids[lead]]
    if params.series_dislike and params.w_dislike_kind and space is not None:
        margin = _lead_margins(space, np.flatnonzero(lead), carried, scores[lead], taste, params, pool,
                               lambda: _pool_bar(scores, ok if allowed is None else ok & allowed, pool))
        carried = carried - np.float32(params.series_dislike * params.w_dislike_kind) * margin
    scores[lead] = np.maximum(scores[lead], carried)
    scores[~ok] = -np.inf


def _pool_bar(scores: np.ndarray, stay: np.ndarray, pool: int) -> float:
    """The ``pool``-th best score of the films that ``stay`` (−inf when fewer)."""
    kept = np.where(stay, scores, -np.inf)
    return float(np.partition(kept, len(kept) - pool)[len(kept) - pool]) if pool < len(kept) else -np.inf


def _lead_margins(
    space: ItemSpace, leads: np.ndarray, carried: np.ndarray, own: np.ndarray, taste: Taste, params: RecParams,
    pool: int, bar: Callable[[], float],
) -> np.ndarray:
    """Per series lead: its dislike margin (``lead_dislike``) against the seeds ``_score`` uses,
    where a later part's ``carried`` score lifts it above its ``own``; else 0. Margins are kept
    on the space for the same taste's next call (shelves rank one scoring under several masks);
    when more than ``pool`` lifted leads are new, only those reaching ``bar()`` are measured
    (the others cannot enter a list of that pool)."""
    out = np.zeros(len(leads), dtype=np.float32)
    lifted = carried > own
    if not lifted.any():
        return out
    seeds = _split(taste, params)
    neg_rows, _ = _strongest(seeds.neg_rows, seeds.neg_w, params.max_dislikes)
    neg_rows = neg_rows[_kind_dislikes(neg_rows, seeds, params)]
    if not len(neg_rows) or not len(seeds.pos_rows):
        return out
    pos_rows, _ = _strongest(seeds.pos_rows, seeds.pos_w, params.max_seeds if params.w_neighbours else 0)
    key = (np.sort(pos_rows).tobytes(), np.sort(neg_rows).tobytes(), params.dislike_apart)  # what a margin reads
    memo: tuple[Any, np.ndarray] | None = space.__dict__.get("_lead_margins")
    if memo is None or memo[0] != key:
        memo = (key, np.full(len(space), np.nan, dtype=np.float32))
        object.__setattr__(space, "_lead_margins", memo)
    known = memo[1]
    need = lifted & np.isnan(known[leads])
    if 0 < pool < int(need.sum()):
        need &= carried >= bar()
    if need.any():
        todo = leads[need]
        cols = np.concatenate([todo, neg_rows])  # only these columns: a small product, one BLAS thread
        with blas.one_thread():
            sims = space.matrix[np.concatenate([pos_rows, neg_rows])] @ space.matrix[cols].T
        known[todo] = lead_dislike(sims[: len(pos_rows)], sims[len(pos_rows) :], np.arange(len(todo)),
                                   np.arange(len(todo), len(cols)), params.dislike_apart)
    out[lifted] = np.nan_to_num(known[leads[lifted]], nan=0.0)  # a lead below the bar: not measured, 0
    return out


def _first_of_each_film(space: ItemSpace, cand: np.ndarray) -> np.ndarray:
    """``cand`` (best first) without the later rows of a film already there under another entry
    (the same title or original title, year ±1: two catalogs' records of one film)."""
    groups = space.title_groups()
    if groups is None:
        return cand
    kept: list[int] = []
    seen: dict[int, list[int]] = {}
    for row in cand.tolist():
        g = int(groups[row])
        year = int(space.years[row])
        if g >= 0 and any(y < 0 or year < 0 or abs(y - year) <= 1 for y in seen.get(g, ())):
            continue
        if g >= 0:
            seen.setdefault(g, []).append(year)
        kept.append(row)
    return np.array(kept, dtype=np.int64)


def _diversify(matrix: np.ndarray, cand: np.ndarray, scores: np.ndarray, k: int, params: RecParams) -> np.ndarray:
    """Greedy MMR over the candidate pool; near-duplicates of a chosen film are skipped."""
    rel = scores[cand]
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
    """For each picked row, the seeds it is truly near (cosine ≥ ``because_cosine``), the
    ones with the largest share of its neighbour score first; () when none is near."""
    if len(seed_rows) == 0 or len(picked) == 0:
        return [() for _ in picked]
    sims = _small_products(matrix[picked], matrix[seed_rows])  # (k, seeds)
    t = max(params.temperature, 1e-4)
    share = np.log(seed_w / seed_w.max())[None, :] * t + sims  # log-share, up to a constant
    out: list[tuple[int, ...]] = []
    for i in range(len(picked)):
        order = np.argsort(-share[i], kind="stable")[: params.because_max]
        best = share[i, order[0]]
        keep = [int(seed_rows[j]) for j in order
                if share[i, j] >= best - t * np.log(4.0) and sims[i, j] >= params.because_cosine]
        out.append(tuple(keep))
    return out


#: Multiply-adds per BLAS call kept below OpenBLAS's threading threshold (65,536 × 4).
_SINGLE_THREAD_MACS = 200_000


def _small_products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b.T`` for a few rows ``a`` and many rows ``b``, in column blocks small enough
    that BLAS runs each on the calling thread (waking BLAS threads for a product this small
    costs far more than the product on a busy machine)."""
    step = max(1, _SINGLE_THREAD_MACS // max(a.shape[0] * a.shape[1], 1))
    if b.shape[0] <= step:
        out: np.ndarray = a @ b.T
        return out
    return np.hstack([a @ b[i : i + step].T for i in range(0, b.shape[0], step)])


def seed_reason(kind: int, rating: float, label: str) -> str:
    """How a film is presented when it is near the seed ``label``: only a like or a rating
    of 4★ or more is "you liked"; a plain watch or a watchlist entry is worded as such."""
    if kind == LIKED or (not np.isnan(rating) and rating >= 4.0):
        return f"Because you liked {label}"
    if kind == WATCHLIST:
        return f"Like {label}, on your watchlist"
    return f"Because you watched {label}"


# ---------------------------------------------------------------------------- priors
def popularity_prior(counts: np.ndarray, averages: np.ndarray | None = None, quality: float = 0.0) -> np.ndarray:
    """0–1 prior: log vote count scaled to the catalog's maximum, optionally blended with the
    regard of ``averages`` (0–10 scale; ``quality`` its share, see ``with_regard``)."""
    counts = np.nan_to_num(np.asarray(counts, dtype=np.float64), nan=0.0).clip(min=0)
    top = np.log1p(counts.max()) if len(counts) else 0.0
    pop = np.log1p(counts) / top if top > 0 else np.zeros(len(counts))
    if averages is None or quality <= 0:
        return pop.astype(np.float32)
    return with_regard(pop, averages, counts, quality)


def regard(averages: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """0–1 per film: its average rating (0–10) shrunk towards the catalog's vote-weighted mean
    by the median vote count (a 9.0 from 5 votes is not a 9.0 from 5,000), mapped from
    ``_REGARD_BOTTOM``–``_REGARD_TOP``. A film with no votes gets the mean's regard."""
    counts = np.nan_to_num(np.asarray(counts, dtype=np.float64), nan=0.0).clip(min=0)
    avg = np.asarray(averages, dtype=np.float64)
    rated = (counts > 0) & np.isfinite(avg)
    if not rated.any():
        return np.full(len(counts), 0.5, dtype=np.float32)
    mean = float((avg[rated] * counts[rated]).sum() / counts[rated].sum())
    shrink = float(np.median(counts[rated]))
    bayes = np.where(rated, (np.where(rated, avg, 0.0) * counts + mean * shrink) / (counts + shrink), mean)
    out: np.ndarray = np.clip((bayes - _REGARD_BOTTOM) / (_REGARD_TOP - _REGARD_BOTTOM), 0.0, 1.0).astype(np.float32)
    return out


def with_regard(
    renown: np.ndarray, averages: np.ndarray, counts: np.ndarray, quality: float = PRIOR_QUALITY
) -> np.ndarray:
    """The recommender's prior: ``1 − quality`` renown (0–1) and ``quality`` regard (``regard``),
    so a well-regarded film outranks a merely famous one that is as close to the taste."""
    out: np.ndarray = ((1.0 - quality) * np.asarray(renown, dtype=np.float64)
                       + quality * regard(averages, counts)).astype(np.float32)
    return out


@dataclass(frozen=True)
class Recommendations:
    """What the shells show: hits, whether the list is a cold start, and the history size used."""

    hits: list[SearchHit]
    cold: bool = False
    history: int = 0
