"""A retold plot that names another work ("…, sherlock holmes riff") does not lift that work's films by its words.

"Zero Point" tells the story retold (a little closer in meaning); the synopsis of "Sherlock Holmes" holds
the rare words "sherlock holmes": as evidence they would put it first. They stay in the embedded text.
"""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core.search import Searcher
from tests.core.hand_placed import axis, hand_placed_searcher, query_axis

DIMS = 32
PLOT = ("an eccentric genius private eye who never meets his clients and his weary assistant take a blackmail case "
        "for a rich man, sherlock holmes riff")


FILMS = [
    ("Zero Point", "A recluse and his aide chase a thief for a rich man.", axis(1, 0.62)),
    ("Sherlock Holmes", "Sherlock Holmes and Dr. Watson face a secret society in London.", axis(2, 0.6)),
] + [(f"Town {i}", f"Neighbours in town {i} quarrel over a fence, then make peace.", axis(3 + i)) for i in range(12)]


def embed(text: str) -> np.ndarray:
    return query_axis("private eye" in text or "holmes" in text, DIMS)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("works"), FILMS, embed)


def titles(searcher: Searcher, query: str) -> list[str]:
    return [h.movie.title for h in searcher.search_result(query, top=5).hits]


def test_the_work_a_plot_names_is_not_evidence(searcher: Searcher):
    assert searcher.evidence.is_retold_plot(PLOT)
    assert titles(searcher, PLOT)[:2] == ["Zero Point", "Sherlock Holmes"]


def test_a_short_query_naming_the_work_still_finds_it(searcher: Searcher):
    assert titles(searcher, "sherlock holmes riff")[0] == "Sherlock Holmes"
