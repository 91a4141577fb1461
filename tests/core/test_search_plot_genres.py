"""A retold plot's named genre is a preference, not a filter: catalogs list a film under few genres.

A small catalog with hand-placed vectors: "Deadline" tells the story the person retold, but the
catalog lists it only as Action; "Cold File" is a Thriller with another story. Shorter queries,
negated genres and eras keep filtering.
"""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import search as search_module
from movierec_gui.core.evidence import LexicalEvidence
from movierec_gui.core.search import GENRE_PREFERENCE, Searcher
from tests.core.hand_placed import axis, hand_placed_searcher, query_axis

DIMS = 32
PLOT = "a newspaper thriller about a reporter who digs into the murder of a young aide to a congressman"
SHORT = "a newspaper thriller"


DEADLINE = "A reporter digs into the murder of a congressman's young aide and finds his old friend lying."
FILMS = [
    ("Deadline", DEADLINE, axis(1, 0.8), ("Action",)),  # film 1: released 2001
    ("Cold File", "A retired detective reopens an unsolved case in a mountain town.", axis(2, 0.5), ("Thriller",)),
    ("Night Desk", "An editor at a newspaper keeps one secret from her staff.", axis(3, 0.45), ("Thriller", "Drama")),
] + [(f"Town {i}", f"Neighbours in town {i} quarrel over a fence, then make peace.", axis(4 + i), ("Comedy",))
     for i in range(12)]


def embed(text: str) -> np.ndarray:
    return query_axis("newspaper" in text or "reporter" in text, DIMS)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("genres"), FILMS, embed, first_year=2000)


def titles(searcher: Searcher, query: str) -> list[str]:
    return [h.movie.title for h in searcher.search_result(query, top=5).hits]


def test_a_retold_plot_is_told_apart_from_a_theme_query(searcher: Searcher):
    evidence = LexicalEvidence(searcher.catalog)
    assert evidence.is_retold_plot(PLOT)
    assert not evidence.is_retold_plot(SHORT)
    assert not evidence.is_retold_plot("a sad film about a lonely old man and his dog")  # 5 content words


def test_a_retold_plot_finds_the_film_its_catalog_lists_under_another_genre(searcher: Searcher):
    result = searcher.search_result(PLOT, top=5)
    assert result.hits[0].movie.title == "Deadline"
    assert [c.label for c in result.chips] == ["prefer Thriller"]
    assert not result.relaxed


def test_the_named_genre_still_lifts_its_films(searcher: Searcher, monkeypatch):
    def scores() -> dict[str, float]:
        return {h.movie.title: h.score for h in searcher.search_result(PLOT, top=20).hits}

    preferred = scores()
    monkeypatch.setattr(search_module, "GENRE_PREFERENCE", 0.0)
    plain = scores()
    for title in ("Cold File", "Night Desk"):  # the thrillers
        assert preferred[title] - plain[title] == pytest.approx(GENRE_PREFERENCE, abs=1e-6)
    for title in ("Deadline", "Town 0"):
        assert preferred[title] == pytest.approx(plain[title], abs=1e-6)


def test_a_short_query_keeps_the_genre_as_a_filter(searcher: Searcher):
    result = searcher.search_result(SHORT, top=5)
    assert [c.label for c in result.chips] == ["Thriller"]
    assert {h.movie.title for h in result.hits} == {"Cold File", "Night Desk"}


def test_negated_genres_and_eras_still_filter_a_retold_plot(searcher: Searcher):
    negated = "a reporter digs into the murder of a young aide to a congressman and his old friend, not an action movie"
    assert "Deadline" not in titles(searcher, negated)
    dated = "a thriller from the 2010s where a reporter digs into the murder of a young aide to a congressman, a friend"
    result = searcher.search_result(dated, top=5)
    assert [c.label for c in result.chips] == ["prefer Thriller", "2010s"] and not result.relaxed
    assert all(h.movie.year >= 2010 for h in result.hits)  # the era stays a filter (Town 6 on: 2010 and later)
    assert "Deadline" not in [h.movie.title for h in result.hits]


def test_a_genre_the_person_set_in_the_widgets_stays_a_filter(searcher: Searcher):
    from movierec_gui.core.models import SearchFilters

    hits = searcher.search_result(PLOT, top=5, filters=SearchFilters(genres_all=("Thriller",))).hits
    assert {h.movie.title for h in hits} == {"Cold File", "Night Desk"}
