"""The prior cap: fame counts fully only up to the renown of the person's famous liked films (a
quantile of their priors, ``prior_cap``), so one blockbuster in a history does not lift it."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core.recommend import LIKED, RecParams, score
from tests.core.test_recommend import space_of, taste, unit

ONLY_PRIOR = RecParams(w_fresh=0.0, w_era=0.0)


def _space():
    """Rows 0–9: liked films around one direction, nine little known (0.2) and one blockbuster (1.0);
    rows 10 and 11: the same vector near them, of middling (0.5) and great (0.9) fame."""
    e = np.eye(16)
    liked = unit(np.vstack([e[0] + 0.1 * e[2 + i] for i in range(10)]))
    twins = unit(np.vstack([e[0] + 0.5 * e[1]] * 2))
    prior = np.r_[np.full(9, 0.2), 1.0, 0.5, 0.9]
    return space_of(np.vstack([liked, twins]).astype(np.float32), prior)


def test_one_blockbuster_among_the_liked_films_does_not_lift_the_cap():
    liked = taste(list(range(10)), [LIKED] * 10)
    at_max, _ = score(_space(), liked, ONLY_PRIOR.with_(prior_cap=1.0))
    at_q90, _ = score(_space(), liked, ONLY_PRIOR.with_(prior_cap=0.9))
    full = at_max[11] - at_max[10]  # the cap at the blockbuster: both films' fame counts fully
    assert full == pytest.approx(ONLY_PRIOR.w_prior * 0.4, abs=1e-5)
    cap = np.quantile(np.r_[np.full(9, 0.2), 1.0], 0.9)  # 0.28: above both films, fame counts a quarter
    assert cap < 0.5
    assert at_q90[11] - at_q90[10] == pytest.approx(full * ONLY_PRIOR.prior_excess, abs=1e-5)
    assert at_q90[11] > at_q90[10]  # still ordered by fame, only less
