"""A retold plot among twin films (an original and its sequel share most of their words): the described
words that only one of the best candidates holds tell them apart; numbers count as words.

A small catalog with hand-placed vectors: the original "Dust Riders" is closer in meaning to the
query, but only the sequel tells the part of the story the person retold (the son, the train).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from movierec_gui.core import evidence as evidence_module
from movierec_gui.core import search as search_module
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.evidence import LexicalEvidence, distinctive, shares
from movierec_gui.core.search import Searcher
from tests.core.hand_placed import axis as unit_on
from tests.core.hand_placed import hand_placed_searcher, query_axis

DIMS = 40
PLOT = "a drifter in a dusty mining town saves the widow's son from outlaws who hold him on a train"


def axis(i: int, toward_query: float = 0.0) -> np.ndarray:
    return unit_on(i, toward_query, DIMS)


ORIGINAL = "A drifter rides into a dusty mining town and defends a widow and her ranch from cattle barons."
SEQUEL = "The drifter returns to the dusty mining town when outlaws seize the widow's son and hide him on a train."
FILMS = [
    ("Dust Riders", ORIGINAL, axis(1, 0.80)),
    ("Dust Riders 2", SEQUEL, axis(2, 0.50)),
    ("Desert Sisters", "Two sisters drive 500 miles across the desert to bury their father.", axis(3, 0.45)),
    ("Long Road", "Two sisters drive many miles across the desert to bury their father.", axis(4, 0.5)),
] + [(f"Village {i}", f"Neighbours in village {i} quarrel over a fence, then make peace.", axis(5 + i))
       for i in range(30)]


def embed(text: str) -> np.ndarray:
    return query_axis(text in (PLOT, SISTERS), DIMS)


SISTERS = "two sisters drive 500 miles across the hot desert to bury their estranged father in his hometown"


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("twins"), FILMS, embed, genres=("Western",), first_year=1970)


@pytest.fixture(scope="module")
def catalog(searcher: Searcher) -> Catalog:
    return searcher.catalog


def test_a_word_every_candidate_holds_does_not_tell_them_apart():
    held = {1: {"town", "drifter"}, 2: {"town", "drifter", "train"}, 3: {"town"}}
    described = {"town": 1.0, "drifter": 1.0, "train": 1.0}
    got = distinctive(described, held)
    assert got[3] == 0.0  # "town" is in every candidate: no weight
    assert got[2] > got[1] > 0.0  # "train" is only in 2, "drifter" in two of three
    assert got[2] == pytest.approx(1.0)  # 2 holds every word that carries weight
    assert distinctive(described, {}) == {}


def test_shares_weigh_the_words_a_film_holds():
    assert shares({"a": 1.0, "b": 3.0}, {7: {"b"}, 8: set()}) == {7: 0.75, 8: 0.0}
    assert shares({}, {7: {"b"}}) == {}


def test_held_lists_the_described_stems_each_story_holds(catalog: Catalog):
    evidence = LexicalEvidence(catalog)
    ids = {m.title: m.id for m in catalog.iter_movies()}
    held = evidence.held({"train": 1.0, "son": 1.0, "ranch": 1.0}, [ids["Dust Riders"], ids["Dust Riders 2"]])
    assert held == {ids["Dust Riders"]: {"ranch"}, ids["Dust Riders 2"]: {"train", "son"}}


def test_the_twin_that_tells_the_retold_part_wins(searcher: Searcher, monkeypatch):
    assert searcher.search(PLOT, top=3)[0].movie.title == "Dust Riders 2"
    monkeypatch.setattr(search_module, "LOCAL_WEIGHT", 0.0)  # coverage alone: the closer original stays first
    assert searcher.search(PLOT, top=3)[0].movie.title == "Dust Riders"


def test_a_number_in_a_retold_plot_is_evidence(catalog: Catalog, searcher: Searcher, monkeypatch):
    found = LexicalEvidence(catalog).find(SISTERS)
    assert "500" in found.words and "500" in found.described
    assert searcher.search(SISTERS, top=2)[0].movie.title == "Desert Sisters"
    monkeypatch.setattr(evidence_module, "_WORD", re.compile(r"[A-Za-z][\w'-]*"))  # letters only: the closer twin
    assert searcher.search(SISTERS, top=2)[0].movie.title == "Long Road"
