"""A retold plot (a known item described from memory): how much of it a film's story holds counts.

A small catalog with hand-placed vectors: "Sea Breeze" is closer in meaning to the query than
"Harbor Lights", but only "Harbor Lights" tells the story the person retold.
"""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import search as search_module
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.evidence import PLOT_MIN_WORDS, LexicalEvidence, _stem
from movierec_gui.core.search import Searcher
from tests.core.hand_placed import axis, hand_placed_searcher, query_axis

DIMS = 32
PLOT = "a retired keeper adopts a stray dog and teaches an orphan to sail along the stormy coast"


HARBOR = "A retired lighthouse keeper adopts a stray dog and teaches a shy orphan to sail the stormy coast."
FILMS = [
    ("Harbor Lights", HARBOR, axis(1, 0.55)),
    ("Sea Breeze", "A family spends one long summer in a rented cottage by the sea.", axis(2, 0.75)),
] + [(f"Town {i}", f"Neighbours in town {i} quarrel over a fence, then make peace.", axis(3 + i)) for i in range(20)]


def embed(text: str) -> np.ndarray:
    return query_axis(text == PLOT, DIMS)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("plot"), FILMS, embed, genres=("Drama",), first_year=2000)


@pytest.fixture(scope="module")
def catalog(searcher: Searcher) -> Catalog:
    return searcher.catalog


def test_stem_joins_the_forms_of_a_word():
    assert _stem("hunting") == _stem("hunted") == _stem("hunts") == "hunt"
    assert _stem("Dog") == "dog" and _stem("sea") == "sea"


def test_only_a_retold_plot_is_measured_for_coverage(catalog: Catalog):
    evidence = LexicalEvidence(catalog)
    assert evidence.find("a stray dog by the sea").described == {}  # a theme query: too few content words
    described = evidence.find(PLOT).described
    assert len(described) >= PLOT_MIN_WORDS and {"dog", "orphan", "sail"} <= set(described)
    assert all(weight > 0 for weight in described.values())


def test_coverage_is_the_share_of_the_described_words_a_story_holds(catalog: Catalog):
    evidence = LexicalEvidence(catalog)
    ids = {m.title: m.id for m in catalog.iter_movies()}
    share = evidence.coverage({"dog": 1.0, "orphan": 1.0, "sea": 2.0}, [ids["Harbor Lights"], ids["Sea Breeze"]])
    assert share[ids["Harbor Lights"]] == pytest.approx(0.5)
    assert share[ids["Sea Breeze"]] == pytest.approx(0.5)
    assert evidence.coverage({}, [ids["Sea Breeze"]]) == {}


def test_the_film_that_tells_the_retold_story_wins(searcher: Searcher, monkeypatch):
    assert searcher.search(PLOT, top=3)[0].movie.title == "Harbor Lights"
    monkeypatch.setattr(search_module, "COVER_WEIGHT", 0.0)  # without a look at the stories, the closer vector wins
    monkeypatch.setattr(search_module, "LOCAL_WEIGHT", 0.0)
    assert searcher.search(PLOT, top=3)[0].movie.title == "Sea Breeze"


def test_word_counts_stop_past_the_common_share(catalog: Catalog):
    assert catalog.word_films("dog") == 1 and catalog.word_films("stray dog") == 1
    limit = int(catalog.count() * Catalog.COMMON_WORD_SHARE) + 1
    assert catalog.word_films("town") == limit < 20  # in 20 films, counted only until it is common
