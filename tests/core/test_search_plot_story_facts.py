"""A retold plot's story dates and places are preferences, not filters (``core.story_facts``).

A small catalog with hand-placed vectors: "The Inside" (film 4, released 2004) tells the story the
person retold, which "keeps flipping between 2000 and 2002"; the parser reads that as the era
2000–2002, which would remove the film. What a plot states about the film itself ("a 2010s
thriller where …") and what a short query states keep filtering.
"""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import search as search_module
from movierec_gui.core.search import STORY_PREFERENCE, Searcher
from tests.core.hand_placed import axis, hand_placed_searcher, query_axis

DIMS = 32
PLOT = ("a man wakes up in a hospital with two years of his memory gone and a scar on his face, "
        "keeps flipping between 2000 and 2002")


FILMS = [  # film i is released in 2000 + i
    ("Ward One", "A nurse keeps a night ward running through a strike.", axis(1, 0.3)),  # 2001
    ("Ward Two", "A doctor on call falls for a patient's brother.", axis(2, 0.25)),  # 2002
    ("Quiet Town", "Neighbours quarrel over a fence, then make peace.", axis(3)),  # 2003
    ("The Inside", "A man wakes in a hospital, two years of his memory lost, and travels between them.",
     axis(4, 0.8)),  # 2004
] + [(f"Town {i}", f"Neighbours in town {i} quarrel over a fence, then make peace.", axis(5 + i), ("Drama",),
      ("Ryan Star",) if i == 0 else ()) for i in range(12)]  # 2005 on


def embed(text: str) -> np.ndarray:
    return query_axis("hospital" in text or "memory" in text, DIMS)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    return hand_placed_searcher(tmp_path_factory.mktemp("story"), FILMS, embed, first_year=2000)


def test_a_date_inside_the_story_is_preferred_not_required(searcher: Searcher):
    result = searcher.search_result(PLOT, top=5)
    assert result.hits[0].movie.title == "The Inside"
    assert [c.label for c in result.chips] == ["prefer 2000–2002"]
    assert not result.relaxed


def test_the_films_that_fit_a_story_date_gain_the_preference(searcher: Searcher, monkeypatch):
    def scores() -> dict[str, float]:
        return {h.movie.title: h.score for h in searcher.search_result(PLOT, top=20).hits}

    preferred = scores()
    monkeypatch.setattr(search_module, "STORY_PREFERENCE", 0.0)
    plain = scores()
    for title in ("Ward One", "Ward Two"):  # 2001, 2002
        assert preferred[title] - plain[title] == pytest.approx(STORY_PREFERENCE, abs=1e-6)
    for title in ("The Inside", "Town 0"):
        assert preferred[title] == pytest.approx(plain[title], abs=1e-6)


def test_removing_the_preference_chip_removes_the_lift(searcher: Searcher):
    kept = {h.movie.title: h.score for h in searcher.search_result(PLOT, top=20).hits}
    dropped = searcher.search_result(PLOT, top=20, drop=frozenset({"era"}))
    assert dropped.chips == () and not dropped.relaxed
    scores = {h.movie.title: h.score for h in dropped.hits}
    assert kept["Ward One"] - scores["Ward One"] == pytest.approx(STORY_PREFERENCE, abs=1e-6)


def test_an_era_stated_about_the_film_still_filters_a_retold_plot(searcher: Searcher):
    dated = ("a 2010s film where a man wakes up in a hospital with two years of his memory gone, a scar on "
             "his face and a nurse who lies")
    assert searcher.evidence.is_retold_plot(dated)
    result = searcher.search_result(dated, top=5)
    assert [c.label for c in result.chips] == ["2010s"] and not result.relaxed
    assert result.hits and all(h.movie.year >= 2010 for h in result.hits)


def test_a_short_query_keeps_the_era_as_a_filter(searcher: Searcher):
    result = searcher.search_result("hospital memory between 2000 and 2002", top=5)
    assert [c.label for c in result.chips] == ["2000–2002"]
    assert {h.movie.title for h in result.hits} == {"Ward One", "Ward Two"}


def test_a_plot_that_names_a_person_counts_the_name_as_story(searcher: Searcher):
    """Six story words and a known actor's name: still a retold plot, so its story dates do not filter."""
    named = "ryan star comes to in a hospital with his memory gone, keeps flipping between 2000 and 2002"
    assert not searcher.evidence.is_retold_plot(named.split(",")[0] + ", keeps flipping")  # the name does not count
    result = searcher.search_result(named, top=5)
    assert [c.label for c in result.chips] == ["prefer 2000–2002"]
    assert result.hits[0].movie.title == "The Inside"


def test_an_era_in_a_phrase_of_its_own_still_filters(searcher: Searcher):
    trailing = ("a man wakes up in a hospital with two years of his memory gone and a scar on his face, "
                "from the 2010s")
    assert searcher.evidence.is_retold_plot(trailing)
    result = searcher.search_result(trailing, top=5)
    assert [c.label for c in result.chips] == ["2010s"] and not result.relaxed
    assert result.hits and all(h.movie.year >= 2010 for h in result.hits)


@pytest.mark.parametrize(
    "query",
    [
        "a 90s movie where a man wakes up every morning on the same day in a small town and falls for a reporter",
        "a french film about a young woman in paris who secretly helps the people around her and finds love",
        "an old black-and-white film about a man who tells a girl he is a famous writer and they fall in love on a "
        "ship",
        "a korean thriller under 2 hours about a detective hunting a serial killer who leaves riddles in a rainy town",
        "a movie about a detective hunting a serial killer who leaves riddles in a small rainy town, korean, under 2 "
        "hours",
        "a heist film from the 70s where a crew robs a bank and everything goes wrong and the cops surround them",
        "a long epic over 3 hours where a prince seeks revenge in the desert against the british army with tribes",
        "a movie with subtitles in spanish where a girl meets a faun in a labyrinth during the civil war",
    ],
)
def test_what_a_plot_states_about_the_film_keeps_filtering(searcher: Searcher, query: str):
    assert searcher.evidence.is_retold_plot(query, names_count=True)
    chips = searcher.search_result(query, top=5).chips
    stated = [c for c in chips if c.key in ("era", "country", "language", "runtime")]
    assert stated and not any(c.label.startswith("prefer") for c in stated)


def test_a_child_of_the_story_is_not_an_audience(searcher: Searcher):
    """"Caring for the 11-year-old boy" reads as a film for an 11-year-old; here the boy is a character."""
    plot = "a nurse stuck caring for the 11-year-old boy she abandoned, in a hospital where his memory is gone"
    result = searcher.search_result(plot, top=5)
    assert [c.label for c in result.chips] == ["prefer family"] and not result.relaxed
    assert result.hits[0].movie.title == "The Inside"  # a drama, not a family film


def test_a_request_in_the_first_person_keeps_its_filters(searcher: Searcher):
    asked = ("i'd love one where a man wakes up in a hospital with two years of his memory gone, keeps flipping "
             "between 2000 and 2002")
    result = searcher.search_result(asked, top=5)
    assert [c.label for c in result.chips] == ["2000–2002"]
    assert {h.movie.title for h in result.hits} == {"Ward One", "Ward Two"}


def test_a_hedged_era_is_preferred_in_a_short_query(searcher: Searcher):
    """"I think it was from the 2010s": the person is unsure, so the film of 2004 is not removed."""
    result = searcher.search_result("hospital memory loss, i think it was from the 2010s", top=5)
    assert [c.label for c in result.chips] == ["prefer 2010s"] and not result.relaxed
    assert result.hits[0].movie.title == "The Inside"
    scores = {h.movie.title: h.score for h in searcher.search_result("hospital memory loss, i think it was from the "
                                                                     "2010s", top=20).hits}
    dropped = {h.movie.title: h.score for h in searcher.search_result(
        "hospital memory loss, i think it was from the 2010s", top=20, drop=frozenset({"era"})).hits}
    assert scores["Town 6"] - dropped["Town 6"] == pytest.approx(STORY_PREFERENCE, abs=1e-6)  # 2011 fits
    assert scores["Town 0"] == pytest.approx(dropped["Town 0"], abs=1e-6)  # 2005 does not


@pytest.mark.parametrize(
    "query",
    [
        "hospital memory loss, from the 2010s",
        "hospital memory loss, maybe from the 2010s",  # a wish, not a doubt
        "something about hospital memory loss from the 2010s, probably a drama",
        "a 2010s hospital memory drama set in the 1940s",
    ],
)
def test_an_era_stated_without_doubt_still_filters(searcher: Searcher, query: str):
    result = searcher.search_result(query, top=5)
    eras = [c.label for c in result.chips if c.key == "era"]
    assert eras == ["2010s"] and not result.relaxed
    assert result.hits and all(h.movie.year >= 2010 for h in result.hits)


def test_an_era_of_the_films_a_plot_compares_to_is_preferred(searcher: Searcher):
    """"… like the old monster movies" dates the films compared to, not the one retold (*Frankenweenie*)."""
    plot = ("a man wakes up in a hospital with two years of his memory gone and a scar on his face, stitched up "
            "like the old monster movies")
    result = searcher.search_result(plot, top=5)
    assert [c.label for c in result.chips] == ["prefer before 1970"] and not result.relaxed
    assert result.hits[0].movie.title == "The Inside"


def test_a_style_of_cinema_a_plot_remembers_is_preferred(searcher: Searcher):
    """"Bollywood" names a style that British films share (*Bride & Prejudice*); a short query keeps it."""
    plot = "bollywood musical version of a hospital story, a man wakes up with his memory gone and a scar on his face"
    result = searcher.search_result(plot, top=5)
    assert [c.label for c in result.chips] == ["prefer India, Hindi"] and not result.relaxed
    assert result.hits[0].movie.title == "The Inside"
    short = searcher.search_result("a bollywood hospital drama", top=5)
    assert [c.label for c in short.chips if c.key == "country"] == ["India, Hindi"]


def test_an_era_that_describes_a_character_is_preferred(searcher: Searcher):
    """"A 2010s nurse …": the person's era, not the film's (a short query, not a retold plot)."""
    result = searcher.search_result("a 2010s nurse in a hospital with memory loss", top=5)
    assert [c.label for c in result.chips] == ["prefer 2010s"] and not result.relaxed
    assert result.hits[0].movie.title == "The Inside"
    film = searcher.search_result("a 2010s nurse movie about hospital memory loss", top=5)
    assert [c.label for c in film.chips if c.key == "era"] == ["2010s"]
    assert film.hits and all(h.movie.year >= 2010 for h in film.hits)


def test_a_short_description_prefers_the_dates_of_its_story(searcher: Searcher):
    """Not a retold plot (too short), yet the 2010s belong to what the patients watch, not to the film."""
    query = "patients who watch 2010s films in a hospital with memory loss"
    assert not searcher.evidence.is_retold_plot(query, names_count=True)
    result = searcher.search_result(query, top=5)
    assert [c.label for c in result.chips] == ["prefer 2010s"] and not result.relaxed
    assert result.hits[0].movie.title == "The Inside"


@pytest.mark.parametrize(
    "query",
    [
        "a 2010s hospital film where the memory is lost",
        "a hospital film that's from the 2010s",
        "hey can u find a hospital memory film from the 2010s",
    ],
)
def test_a_short_query_states_the_era_of_the_film(searcher: Searcher, query: str):
    result = searcher.search_result(query, top=5)
    assert [c.label for c in result.chips if c.key == "era"] == ["2010s"] and not result.relaxed
    assert result.hits and all(h.movie.year >= 2010 for h in result.hits)


def test_a_time_the_story_goes_back_to_is_preferred(searcher: Searcher):
    query = ("a man wakes up in a hospital with two years of his memory gone and a scar on his face, "
             "flashbacks to a 2010s summer romance")
    result = searcher.search_result(query, top=5)
    assert result.hits[0].movie.title == "The Inside"
    assert "prefer 2010s" in [c.label for c in result.chips]


def test_a_date_among_the_facts_of_real_events_is_preferred(searcher: Searcher):
    query = ("true story of a man who wakes up in a hospital with two years of his memory gone, "
             "new york, the 2010s, a scar on his face")
    result = searcher.search_result(query, top=5)
    assert result.hits[0].movie.title == "The Inside"
    assert [c.label for c in result.chips] == ["prefer 2010s"]


def test_the_films_era_before_a_flashback_still_filters(searcher: Searcher):
    query = ("a 2010s hospital drama, a man wakes up with two years of his memory gone and a scar on his face, "
             "flashbacks to his childhood")
    result = searcher.search_result(query, top=5)
    assert [c.label for c in result.chips] == ["2010s", "prefer Drama"]
    assert result.hits and all(h.movie.year >= 2010 for h in result.hits)
