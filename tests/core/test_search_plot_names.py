"""A retold plot that names people the catalog knows is embedded mostly without the names.

"Dana Ford as a retired keeper who adopts a stray dog …": the name says little about the story to
the model but pulls the query vector toward whatever the model associates with it (here, by hand,
"Decoy"). The credits count through the lexical evidence instead (Dana Ford acts in "Ford Country").
"""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import search as search_module
from movierec_gui.core.evidence import LexicalEvidence, without_names
from movierec_gui.core.search import NAMES_SHARE, Searcher
from tests.core.hand_placed import hand_placed_searcher

DIMS = 32
PLOT = "Dana Ford's retired keeper adopts a stray dog and teaches an orphan to sail along the stormy coast"
STORY = "retired keeper adopts a stray dog and teaches an orphan to sail along the stormy coast"


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

embedded: list[str] = []


def embed(text: str) -> np.ndarray:
    """The model, by hand: a name pulls toward "Decoy"; the story alone is "Harbor Lights"."""
    embedded.append(text)
    low = text.lower()
    if "dana ford" in low:
        return unit((2, 0.99), (1, 0.11))
    return unit((1, 1.0)) if "keeper" in low else unit((DIMS - 1, 1.0))


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("names"), FILMS, embed, first_year=2000)


def test_without_names_takes_out_each_named_person():
    assert without_names(PLOT, ["dana ford"]) == STORY
    assert without_names("with DANA FORD, and ethan hawke’s agent", ["ethan hawke", "dana ford"]) == "with, and agent"
    assert without_names("a story with no one named", ["dana ford"]) == "a story with no one named"


def test_the_query_names_the_people_the_catalog_knows(searcher: Searcher):
    found = LexicalEvidence(searcher.catalog).find(PLOT)
    assert found.names == ["dana ford"] and found.described
    assert not any(w.startswith(("dana", "ford")) for w in found.described)  # a name is not a story word


def test_a_retold_plot_is_embedded_mostly_without_the_names(searcher: Searcher, monkeypatch):
    embedded.clear()
    assert searcher.search(PLOT, top=3)[0].movie.title == "Harbor Lights"
    assert set(embedded) == {PLOT, STORY} and NAMES_SHARE < 0.5
    monkeypatch.setattr(search_module, "NAMES_SHARE", 1.0)  # embedded as typed, the name wins
    assert searcher.search(PLOT, top=3)[0].movie.title == "Decoy"


def test_the_credits_still_count(searcher: Searcher):
    ranked = [h.movie.title for h in searcher.search(PLOT, top=5)]
    assert ranked.index("Ford Country") < ranked.index("Town 0")  # the cast bonus, with no shared story


def test_a_short_query_naming_a_person_is_embedded_as_typed(searcher: Searcher):
    embedded.clear()
    searcher.search("dana ford on a long drive", top=3)
    assert embedded == ["dana ford on a long drive"]
