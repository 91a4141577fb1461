"""The evaluation recommends at the person's own moment: freshness is measured from the time of
their last history entry, never from the wall clock (a film released later was not out yet)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from movierec_gui.core.recommend import RecParams
from movierec_gui.eval import movielens as ev
from tests.core.test_recommend import space_of, unit


def test_the_eval_ranker_recommends_at_the_time_of_the_last_history_entry():
    e = np.eye(8)
    seed = unit(e[0])
    twins = unit(np.vstack([e[0] + 0.5 * e[1]] * 2))  # equally close to the seed
    far = unit(e[5:8])
    matrix = np.vstack([seed, twins, far]).astype(np.float32)
    years = np.array([1990, 2015, 1990, 1990, 1990, 1990])  # row 1: the twin released in 2015
    space = space_of(matrix, years=years)
    params = RecParams(w_fresh=0.5, w_era=0.0, mmr_lambda=1.0, duplicate_cosine=1.01)
    rank = ev.movierec_ranker(space, params)

    def case(year: int) -> ev.Case:
        when = datetime(year, 6, 1, tzinfo=UTC).timestamp()
        return ev.Case(user=1, rows=np.array([0]), ratings=np.array([5.0], dtype=np.float32),
                       times=np.array([when]), target=2)

    # in 1991 the 2015 twin was not out yet and the 1990 one was fresh (today both would be old: a tie)
    assert rank(case(1991), 1).tolist() == [2]
    recent = space_of(matrix, years=np.array([2015, 1990, 2015, 1990, 1990, 1990]))
    assert ev.movierec_ranker(recent, params)(case(2016), 1).tolist() == [2]  # in 2016 it is the fresh one
