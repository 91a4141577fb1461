"""A taste held in one language (``recommend.off_language``): films outside it are pushed down,
so an English film set in the country does not pass for its cinema."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import LIKED, RecParams, off_language, recommend
from tests.core.test_recommend import equally_close_space, taste

NO_MMR = RecParams(mmr_lambda=1.0, duplicate_cosine=1.01)


def german_space(n_german_liked: int):
    liked = [Movie(i, f"Liked {i}", 1990, countries=("Germany",) if i < n_german_liked else ("United States",),
                   languages=("de",) if i < n_german_liked else ("en",)) for i in range(4)]
    twins = [Movie(4, "Set in Berlin", 1990, countries=("United States",), languages=("en",)),
             Movie(5, "Berliner", 1990, countries=("Austria",), languages=("de",))]
    filler = [Movie(6 + i, f"X{i}", 1990, languages=("de",) if i < 3 else ("en",)) for i in range(40)]
    return equally_close_space([*liked, *twins, *filler], 4, rng_seed=7)


def test_a_film_outside_the_language_of_the_taste_comes_after_one_in_it():
    space = german_space(4)
    got = recommend(space, taste([0, 1, 2, 3], [LIKED] * 4), k=2, params=NO_MMR.with_(w_form=0.0))
    assert got.rows.tolist() == [5, 4]
    plain = recommend(space, taste([0, 1, 2, 3], [LIKED] * 4), k=2,
                      params=NO_MMR.with_(w_form=0.0, w_off_language=0.0))
    assert plain.scores[0] == plain.scores[1]  # without the rule only the language facet could tell them apart


def test_a_mixed_taste_is_not_held_to_one_language():
    space = german_space(2)  # half the liked films German, half English
    assert not off_language(space.facets, np.arange(4), np.ones(4), 0.6).any()
    assert off_language(german_space(3).facets, np.arange(4), np.ones(4), 0.6)[4] == np.float32(0.75)
