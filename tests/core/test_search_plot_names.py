"""A retold plot that names people the catalog knows: the credits count, the name is not a story word.

"Dana Ford's retired keeper adopts a stray dog …": a possessive still names Dana Ford, who acts in
"Ford Country"; her name is kept out of the plot's described words (it says nothing of the story).
"""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core.evidence import LexicalEvidence
from movierec_gui.core.search import Searcher
from tests.core.hand_placed import hand_placed_searcher

DIMS = 32
PLOT = "Dana Ford's retired keeper adopts a stray dog and teaches an orphan to sail along the stormy coast"


def unit(*pairs: tuple[int, float]) -> np.ndarray:
    v = np.zeros(DIMS, np.float32)
    for i, x in pairs:
        v[i] = x
    return v / np.linalg.norm(v)


HARBOR = "A retired lighthouse keeper adopts a stray dog and teaches a shy orphan to sail the stormy coast."
FILMS = [
    ("Harbor Lights", HARBOR, unit((1, 1.0)), ("Drama",)),  # no credits, like an imported TMDB 5000 film
    ("Decoy", "Two rival chefs open restaurants on the same street.", unit((2, 1.0)), ("Comedy",)),
    ("Ford Country", "A trucker crosses the desert with a load of melons.", unit((3, 1.0)), ("Drama",), ("Dana Ford",)),
] + [(f"Town {i}", f"Neighbours in town {i} quarrel over a fence, then make peace.", unit((4 + i, 1.0)))
     for i in range(12)]

def embed(text: str) -> np.ndarray:
    """The model, by hand: a name pulls toward "Decoy"; the story alone is "Harbor Lights"."""
    low = text.lower()
    if "dana ford" in low:
        return unit((2, 0.99), (1, 0.11))
    return unit((1, 1.0)) if "keeper" in low else unit((DIMS - 1, 1.0))


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("names"), FILMS, embed, first_year=2000)


def test_the_query_names_the_people_the_catalog_knows(searcher: Searcher):
    found = LexicalEvidence(searcher.catalog).find(PLOT)
    assert "dana ford" in found.words and found.described  # "Dana Ford's" names her
    assert not any(w.startswith(("dana", "ford")) for w in found.described)  # a name is not a story word


def test_the_credits_still_count(searcher: Searcher):
    ranked = [h.movie.title for h in searcher.search(PLOT, top=5)]
    assert ranked.index("Ford Country") < ranked.index("Town 0")  # the cast bonus, with no shared story
