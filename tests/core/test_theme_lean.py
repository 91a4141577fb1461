"""Theme words lean toward the genres of the films tagged with them (``core.mood.theme_lean``,
``Searcher._theme_lean``): a soft reordering for mood and theme queries, never a filter, and not for
retold plots."""

from __future__ import annotations

import numpy as np
import pytest

from movierec_gui.core import search as search_module
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.mood import merge_leans, theme_lean
from movierec_gui.core.search import Searcher
from movierec_gui.core.vector_cache import Manifest, VectorSet
from movierec_gui.services import Services

BASE = {"Drama": 0.4, "Comedy": 0.3, "Horror": 0.15, "Sport": 0.03, "Western": 0.02}


def test_a_genre_far_more_common_among_the_tagged_films_carries_the_theme_and_a_rare_one_clashes():
    counts = {"Sport": 12, "Drama": 9, "Comedy": 1}  # 20 films tagged "underdog"
    lean = theme_lean(counts, 20, BASE)
    assert lean["Sport"] == 1.0  # 60 % of them, 3 % of the catalog
    assert lean["Comedy"] == -1.0 and lean["Horror"] == -1.0  # common genres (almost) absent among them
    assert "Drama" not in lean  # as common among them as in the catalog: no lean either way
    assert "Western" not in lean  # too rare in the catalog to clash


def test_a_word_few_films_are_tagged_with_leans_nowhere():
    assert theme_lean({"Sport": 3}, 3, BASE) == {}
    assert theme_lean({}, 0, BASE) == {}


def test_a_genre_one_word_lifts_is_lifted_whatever_another_word_says():
    merged = merge_leans([{"Crime": 1.0, "Comedy": -1.0}, {"Comedy": 1.0, "Horror": -1.0}, {"Crime": -1.0}])
    assert merged == {"Crime": 1.0, "Comedy": 1.0, "Horror": -1.0}


def _tagged_catalog(tmp_path, dims: int = 48) -> tuple[Searcher, dict[str, int]]:
    """Ten Sport films tagged "underdog", far from every query; two candidates as close as each other
    to the query, one Sport, one Comedy, neither tagged; thirty others (Comedy, Drama) elsewhere."""
    films: list[tuple[str, list[str], list[str], float]] = [
        (f"Cup Run {i}", ["Sport"], ["underdog", f"season {i}"], 0.0) for i in range(10)]
    films += [("Final Whistle", ["Sport"], ["stadium"], 0.60), ("Funny Bones", ["Comedy"], ["clowns"], 0.61)]
    films += [(f"Town {i}", ["Comedy" if i % 2 else "Drama"], [f"town {i}"], 0.1) for i in range(30)]
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.import_rows([RowResult(i, MovieRecord("test", str(i), t, 1990 + i % 30, genres=g, keywords=k,
                                              overview=f"{t}: a story.", runtime=100))
                     for i, (t, g, k, _) in enumerate(films, 1)], "test")
    by_title = {m.title: m.id for m in cat.iter_movies()}
    ids = np.array([by_title[f[0]] for f in films], np.int64)
    rows = []
    for i, (_, _, _, toward) in enumerate(films):
        v = np.zeros(dims, np.float32)
        v[0], v[1 + i % (dims - 1)] = toward, np.sqrt(1.0 - toward**2)
        rows.append(v)
    matrix = np.stack(rows)
    order = np.argsort(ids)
    vs = VectorSet(ids[order], matrix[order], Manifest("t", "t", dims, 3, len(ids), "", "", {}))
    query = np.eye(dims, dtype=np.float32)[0]
    return Searcher(cat, vs, lambda _text: query), by_title


def test_a_theme_word_reorders_films_the_meaning_found_equally(tmp_path):
    searcher, _ = _tagged_catalog(tmp_path)
    assert searcher._theme_lean("an underdog story")["Sport"] == 1.0
    themed = [h.movie.title for h in searcher.search_result("an underdog story", top=2).hits]
    plain = [h.movie.title for h in searcher.search_result("a story about a town", top=2).hits]
    assert themed == ["Final Whistle", "Funny Bones"]  # the Sport film gains THEME_WEIGHT, more than 0.01
    assert plain == ["Funny Bones", "Final Whistle"]  # no theme word: the cosine alone


def test_a_description_of_more_than_a_few_words_leans_nowhere(tmp_path):
    """A theme is said in a few words; six content words or more describe a film (known-item queries
    that are not yet retold plots, as "an artificial man with scissors for hands …")."""
    searcher, _ = _tagged_catalog(tmp_path)
    assert search_module.THEME_MAX_WORDS == 5
    assert searcher._theme_lean("an underdog boxer trains for a champion rival")["Sport"] == 1.0  # 5 words
    assert searcher._theme_lean("an underdog boxer trains for a champion rival from detroit") == {}  # 6


def test_the_lean_never_filters(tmp_path):
    searcher, _ = _tagged_catalog(tmp_path)
    titles = [h.movie.title for h in searcher.search_result("an underdog story", top=50).hits]
    assert "Funny Bones" in titles and any(t.startswith("Town") for t in titles)


def test_a_retold_plot_has_no_theme_lean(tmp_path, monkeypatch):
    """A retold plot's words are the story's (its own coverage terms rank it): the lean is not asked for."""
    searcher, _ = _tagged_catalog(tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(searcher, "_theme_lean", lambda text: asked.append(text) or {"Sport": 1.0})
    plot = "an underdog team of misfit players wins the final against the champions after losing every game"
    searcher.search_result(plot, top=5)
    assert asked == []
    searcher.search_result("an underdog story", top=5)
    assert asked == ["an underdog story"]


@pytest.fixture(scope="module")
def starter_services(tmp_path_factory):
    """The starter catalog with its shipped vectors and the real model."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MOVIEREC_STARTER", "1")
    svc = Services(tmp_path_factory.mktemp("theme") / "home")
    svc.ensure_starter()
    yield svc
    mp.undo()


def test_on_the_starter_catalog_an_underdog_story_brings_in_sports_films(starter_services, monkeypatch):
    """Real model, starter catalog: the catalog's "underdog" tags lean to Sport, and the top 10 for a
    pure theme query holds more sports films with the lean than without it."""
    query = "an underdog story that makes you cheer"

    def sports(weight: float) -> int:
        monkeypatch.setattr(search_module, "THEME_WEIGHT", weight)
        hits = starter_services.search_result(query, top=10).hits
        return sum("Sport" in h.movie.genres for h in hits)

    assert sports(search_module.THEME_WEIGHT) >= sports(0.0) + 2
