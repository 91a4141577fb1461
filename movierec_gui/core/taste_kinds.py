"""Taste terms that read a *kind* of film rather than one film (issue 12, round eight).

* ``dislike_margin``: a dislike of a kind — a film nearer the disliked films than any liked one is
  pushed away by that margin; a region the person both liked and disliked is left alone.
* ``specific_lifts``: a theme's lift weighted by how specific it is to the person (share over the
  catalog's rate, on a log scale): "revenge" on 3 of 7 films is loose, "mockumentary" on 6 of 7 is not.

Round nine:

* ``acclaim_taste`` / ``acclaim_push``: a taste for acclaim rather than a genre — when nearly all
  liked films are well regarded (high regard percentile in the catalog), films well below the
  liked films' regard are pushed; a person who likes films of any regard is left alone.
* ``lead_dislike``: a series' first unseen part, which carries its later parts' best score, keeps
  its own dislike-of-a-kind push (a spoof series the person hated stays away).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .themes import ThemeIndex, tag_words


def dislike_margin(
    dis_sims: np.ndarray, like_sims: np.ndarray, dis_rows: np.ndarray | None = None, apart: float = 0.0,
) -> np.ndarray:
    """Per film: how much nearer (cosine) it is to a disliked film than to its nearest liked one;
    0 when a liked film is about as near. ``dis_sims`` / ``like_sims``: one row per
    seed. ``apart`` > 0 (needs ``dis_rows``, the disliked films' rows): a disliked film that is itself
    near a liked one (cosine ``apart`` or more; full weight 0.2 below it) says less of a kind —
    the dance viewer's one bad dance sequel is not a dislike of dance films."""
    n = dis_sims.shape[1] if dis_sims.ndim == 2 else 0
    if n == 0 or dis_sims.shape[0] == 0:
        return np.zeros(n, dtype=np.float32)
    near_like = like_sims.max(axis=0) if like_sims.shape[0] else np.zeros(n, dtype=np.float32)
    margins = np.maximum(dis_sims - near_like[None, :], 0.0)
    if apart > 0 and dis_rows is not None and like_sims.shape[0]:
        typical = like_sims[:, dis_rows].max(axis=0)
        margins *= np.clip((apart - typical) / 0.2, 0.0, 1.0).astype(np.float32)[:, None]
    out: np.ndarray = margins.max(axis=0).astype(np.float32)
    return out


def specific_lifts(lifts: dict[str, float], rates: dict[str, float], scale: float) -> dict[str, float]:
    """Each theme's lift × min(1, log(share / rate) / log(``scale``)), where share = lift + rate:
    a theme as common among the person's films as in the catalog counts nothing, one
    ``scale`` times as common or more counts fully. ``scale`` ≤ 1 leaves the lifts as they are."""
    if scale <= 1:
        return lifts
    out = {}
    for t, lift in lifts.items():
        rate = max(rates.get(t, 0.0), 1e-6)
        factor = min(1.0, max(0.0, math.log((lift + rate) / rate) / math.log(scale)))
        if factor > 0:
            out[t] = lift * factor
    return out


def tag_kind_mask(themes: ThemeIndex, tag: str, prefix: int = 5) -> np.ndarray:
    """Films carrying ``tag``'s kind: a tag word starting like one of its words ("zombies" and
    "zombie apocalypse" for "zombies"); made once per tag and catalog."""
    cache: dict[str, np.ndarray] = themes.__dict__.setdefault("_kind_masks", {})
    mask = cache.get(tag)
    if mask is None:
        stems = {w[:prefix] for w in tag_words(tag)}
        mask = np.zeros(themes.n_rows, dtype=bool)
        for term, rows in themes.rows.items():
            if " " not in term and term[:prefix] in stems:
                mask[rows] = True
        cache[tag] = mask
    return mask


def off_tag(
    themes: ThemeIndex, tags: Iterable[str], rows: np.ndarray, weights: np.ndarray, min_share: float
) -> np.ndarray:
    """0–1 per film: for a taste one tag's kind holds (at least ``min_share`` of the liked films,
    weighted, carry it — ``tag_kind_mask``), that share for the tagged films without it; films with
    no tags at all are not judged. The zombie viewer's plot neighbours without a zombie."""
    n = themes.n_rows
    out = np.zeros(n, dtype=np.float32)
    total = float(weights.sum())
    if min_share <= 0 or total <= 0 or len(rows) == 0:
        return out
    best, best_share = None, 0.0
    for tag in tags:
        mask = tag_kind_mask(themes, tag)
        share = float(weights[mask[rows]].sum()) / total
        if share >= min_share and share > best_share:
            best, best_share = mask, share
    if best is None:
        return out
    has = themes.__dict__.get("_has_tags")
    if has is None:
        has = np.array([bool(t) for t in themes.row_exact], dtype=bool)
        themes.__dict__["_has_tags"] = has
    out[has & ~best] = np.float32(best_share)
    return out


def regard_percentile(regard: np.ndarray) -> np.ndarray:
    """0–1 per film: the share of the films of known regard whose regard is below its own (ties share
    the mid-rank); NaN where the regard is unknown (NaN)."""
    out = np.full(len(regard), np.nan, dtype=np.float32)
    known = np.flatnonzero(np.isfinite(regard))
    n = len(known)
    if n == 0:
        return out
    values = regard[known]
    order = np.argsort(values, kind="stable")
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.arange(n, dtype=np.float64)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    out[known] = sums[inverse] / counts[inverse] / max(n - 1, 1)
    return out


def acclaim_taste(percentile: np.ndarray, rows: np.ndarray, weights: np.ndarray, high: float, share: float,
                  min_known: int = 3) -> float:
    """0–1: how far the liked films (``rows``, ``weights``) are a taste for acclaim — the weighted share
    of known regard at or above the ``high`` regard percentile, scaled from ``share`` (0) to all (1);
    0 when fewer than ``min_known`` liked films have a known regard."""
    pct = percentile[rows]
    known = np.isfinite(pct)
    total = float(weights[known].sum())
    if int(known.sum()) < min_known or total <= 0 or share >= 1:
        return 0.0
    top = float(weights[known & (np.nan_to_num(pct, nan=0.0) >= high)].sum()) / total
    return float(np.clip((top - share) / (1.0 - share), 0.0, 1.0))


def acclaim_push(percentile: np.ndarray, high: float) -> np.ndarray:
    """0–1 per film: how far its regard percentile falls below ``high`` (as a share of ``high``);
    0 where the regard is unknown."""
    if high <= 0:
        return np.zeros(len(percentile), dtype=np.float32)
    out: np.ndarray = np.nan_to_num(np.maximum(high - percentile, 0.0) / high, nan=0.0).astype(np.float32)
    return out


def lead_dislike(
    like_sims: np.ndarray, dis_sims: np.ndarray, leads: np.ndarray, dis_rows: np.ndarray, apart: float
) -> np.ndarray:
    """``dislike_margin`` of the films ``leads`` only (a series' first unseen parts), no facet spared:
    how much nearer each is to a disliked film (``dis_rows``) than to any liked one. ``like_sims`` /
    ``dis_sims``: one row of cosines to every film per liked / disliked seed."""
    if len(leads) == 0 or len(dis_rows) == 0:
        return np.zeros(len(leads), dtype=np.float32)
    cols = np.concatenate([leads, dis_rows])  # the leads, then the disliked films themselves
    margin = dislike_margin(dis_sims[:, cols], like_sims[:, cols], np.arange(len(leads), len(cols)), apart=apart)
    out: np.ndarray = margin[: len(leads)]
    return out
