"""The era a person is watching lately (``w_recent_era``): read from the order of a history
that has times, never from one import; on small synthetic spaces with known answers."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.recommend import LIKED, WATCHED, WATCHLIST, RecParams, recency, score
from tests.core.test_recommend import space_of, taste, unit

DAY = 86400.0
#: Only the recent-era term orders the two twin candidates below.
ONLY_RECENT = RecParams(w_era=0.0, w_fresh=0.0, w_prior=0.0, w_recent_era=0.3, recent_era_half_life=2.0)


def test_recency_halves_every_half_life_watched_films_back():
    t = taste([0, 1, 2, 3], [WATCHED, WATCHED, WATCHLIST, LIKED], times=[0.0, DAY, 2 * DAY, 3 * DAY])
    w = recency(t, half_life=1.0)
    assert w.tolist() == [0.25, 0.5, 0.0, 1.0]  # the watchlist entry is not a watched film


def test_a_history_added_in_one_sitting_has_no_recent_order():
    t = taste([0, 1, 2], [WATCHED] * 3, times=[100.0, 101.0, 102.0])
    assert not recency(t, half_life=1.0, min_span=60.0).any()
    untimed = taste([0, 1], [WATCHED] * 2, times=[np.nan, np.nan])
    assert not recency(untimed, half_life=1.0).any()


def _twins_space():
    """Rows 0–3: history films around one direction (0–1 from 1975, 2–3 from 2015); rows 4 and 5:
    the same vector near them, released in 1975 and 2015; the rest far away."""
    e = np.eye(8)
    hist = unit(np.vstack([e[0] + 0.1 * e[2 + i] for i in range(4)]))
    twins = unit(np.vstack([e[0] + 0.5 * e[1]] * 2))
    far = unit(e[6:8] + 0.1)
    matrix = np.vstack([hist, twins, far]).astype(np.float32)
    years = np.array([1975, 1975, 2015, 2015, 1975, 2015, 1990, 1990])
    return space_of(matrix, years=years)


def test_films_of_the_era_watched_lately_rank_above_equally_close_ones():
    space = _twins_space()
    # liked long ago: the 1975 films; watched lately (3★, neither taste nor aversion): the 2015 ones
    lately = taste([0, 1, 2, 3], ratings=[5, 5, 3, 3], times=[0.0, DAY, 300 * DAY, 301 * DAY])
    s, _ = score(space, lately, ONLY_RECENT)
    assert s[5] > s[4]
    off, _ = score(space, lately, ONLY_RECENT.with_(w_recent_era=0.0))
    assert off[5] == off[4]


def test_a_history_typed_in_at_once_is_not_read_as_watched_lately():
    space = _twins_space()
    at_once = taste([0, 1, 2, 3], ratings=[5, 5, 3, 3], times=[0.0, 1.0, 2.0, 3.0])
    s, _ = score(space, at_once, ONLY_RECENT)
    off, _ = score(space, at_once, ONLY_RECENT.with_(w_recent_era=0.0))
    assert np.array_equal(s, off)
