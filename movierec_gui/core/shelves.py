"""Shelves: rows of recommendations that each mean one thing.

* ``because:<movie id>`` — "Because you liked X", for each strong seed (a like or ≥ 4★,
  most recent first): films truly near X (cosine ≥ ``shelf_cosine``);
* ``hidden-gems`` — close to the whole taste, renown below the catalog's median;
* ``directors`` — "From directors you like": unseen films by directors of strong seeds;
* ``series`` — "Finish the series": the next unseen film of each series the person has
  started (and not disliked);
* ``popular`` — "Popular picks": well-known films, labelled as not personal.

The ranking is ``core.recommend.recommend`` under each shelf's own mask, so every shelf
honours the history, duplicates, "not interested", series order and dislikes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .models import SearchHit
from .recommend import (
    LIKED,
    WATCHLIST,
    ItemSpace,
    Ranked,
    RecParams,
    Taste,
    director_index,
    disliked_rows,
    finish,
    recommend,
    row_sims,
    score,
    seed_weights,
)
from .series import series_mask

#: Shelf keys and titles (the GUI codes against these; do not rename).
HIDDEN_GEMS, DIRECTORS, SERIES, POPULAR = "hidden-gems", "directors", "series", "popular"
TITLES = {
    HIDDEN_GEMS: "Hidden gems",
    DIRECTORS: "From directors you like",
    SERIES: "Finish the series",
    POPULAR: "Popular picks",
}
BECAUSE_PREFIX = "because:"
MAX_BECAUSE_SHELVES = 5


@dataclass(frozen=True)
class Shelf:
    """One row of the recommendations screen."""

    key: str
    title: str
    hits: list[SearchHit]
    personal: bool


@dataclass(frozen=True)
class RankedShelf:
    """A shelf as catalog rows, before the shell hydrates films; ``seed`` is the row a
    "because" shelf is about."""

    key: str
    ranked: Ranked
    personal: bool
    seed: int | None = None


def strong_seeds(taste: Taste, params: RecParams, limit: int = MAX_BECAUSE_SHELVES) -> list[int]:
    """Indices into ``taste`` of likes / ratings ≥ 4★, most recent (largest weight) first."""
    w = seed_weights(taste, params)
    strong = (taste.kinds == LIKED) | (np.nan_to_num(taste.ratings, nan=0.0) >= 4.0)
    idx = np.flatnonzero(strong & (w > 0) & (taste.kinds != WATCHLIST))
    order = idx[np.argsort(-w[idx], kind="stable")]
    return [int(i) for i in order[:limit]]


def _and(a: np.ndarray | None, b: np.ndarray) -> np.ndarray:
    return b if a is None else a & b


def director_rows(space: ItemSpace, names: set[str]) -> np.ndarray:
    """Boolean per row: a film by one of ``names`` (case-insensitive)."""
    index = director_index(space)
    return np.zeros(len(space), dtype=bool) if index is None or not names else index.rows_by(names)


def _median_renown(space: ItemSpace) -> float:
    """The catalog's median renown among films that have one (computed once per space)."""
    cut = space.__dict__.get("_median_renown")
    if cut is None:
        known = space.fame[space.fame > 0]
        cut = float(np.median(known)) if len(known) else 1.0
        object.__setattr__(space, "_median_renown", cut)
    return float(cut)


def rank_shelf(
    key: str,
    space: ItemSpace,
    taste: Taste,
    k: int,
    params: RecParams = RecParams(),
    allowed: np.ndarray | None = None,
    exclude: np.ndarray | None = None,
    now: float | None = None,
    scored: tuple[np.ndarray, bool] | None = None,
) -> RankedShelf | None:
    """One shelf by key (None when the key names no shelf this history has). ``scored``:
    ``core.recommend.score`` of this taste, to share one scoring between shelves."""
    hidden = np.concatenate([taste.rows, exclude if exclude is not None else np.empty(0, dtype=np.int64)])
    if key == POPULAR:
        return RankedShelf(key, recommend(space, Taste.empty(), k, params, allowed, now, exclude=hidden), False)
    if key.startswith(BECAUSE_PREFIX):
        try:
            seed = int(key[len(BECAUSE_PREFIX):])
        except ValueError:
            return None
        if seed not in set(strong_seeds(taste, params)):
            return None
        row = int(taste.rows[seed])
        sims = row_sims(space, row)  # one seed: its own neighbours, ordered by closeness
        scores = np.where(sims >= params.shelf_cosine, sims + params.w_prior * 0.2 * space.prior, -np.inf)
        w = np.ones(1)
        ranked = finish(space, taste, scores.astype(np.float32), False, np.array([row]), w, k, params,
                        allowed, hidden)
        ranked = Ranked(ranked.rows, ranked.scores, [(row,)] * len(ranked.rows), ranked.cold)
        return RankedShelf(key, ranked, True, row)
    if not (seed_weights(taste, params) > 0).any():
        return None
    if scored is None:
        scored = score(space, taste, params, now)
    base, cold = scored
    if key == HIDDEN_GEMS:
        cut = _median_renown(space)
        mask = _and(allowed, space.fame < cut)
        gems = (base - params.w_prior * space.prior, cold)  # the same taste, renown left out
        return RankedShelf(key, recommend(space, taste, k, params, mask, now, exclude, gems), True)
    if key == DIRECTORS:
        if space.directors is None:
            return None
        names = {d for i in strong_seeds(taste, params, limit=1000) for d in space.directors[int(taste.rows[i])]}
        mask = director_rows(space, names)
        ranked = recommend(space, taste, k, params, _and(allowed, mask), now, exclude, scored)
        return RankedShelf(key, ranked, True)
    if key == SERIES:
        if space.series is None:
            return None
        seen = np.zeros(len(space), dtype=bool)
        seen[taste.rows[taste.kinds != WATCHLIST]] = True
        disliked = np.zeros(len(space), dtype=bool)
        disliked[disliked_rows(taste, params)] = True
        started = np.zeros(int(space.series.ids.max()) + 2, dtype=bool)
        started[space.series.ids[seen & (space.series.ids >= 0)]] = True
        mask = series_mask(space.series, seen, disliked) & (space.series.ids >= 0) & started[space.series.ids]
        ranked = recommend(space, taste, k, params, _and(allowed, mask), now, exclude, scored)
        return RankedShelf(key, ranked, True)
    return None


def shelf_keys(taste: Taste, params: RecParams = RecParams()) -> list[str]:
    """The shelves this history has, in the order they are shown."""
    keys = [f"{BECAUSE_PREFIX}{i}" for i in strong_seeds(taste, params)]
    return [*keys, HIDDEN_GEMS, DIRECTORS, SERIES, POPULAR]
