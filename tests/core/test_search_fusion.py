"""Fusion rules on a small catalog whose vectors are placed by hand (the answers are known).

Meaning leads; lexical evidence counts only when specific (a rare word, a person's name,
a typed title); constraints understood from the query filter the hits; the order and the
scores do not depend on ``top``.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.models import HitSource, SearchFilters
from movierec_gui.core.search import Searcher
from movierec_gui.core.vector_cache import Manifest, VectorSet

DIMS = 64
AXIS = {name: i for i, name in enumerate(["heist", "lighthouse", "western", "grief", "politics", "filler"])}


_OWN = iter(range(len(AXIS), DIMS))


def direction(*parts: tuple[str, float]) -> np.ndarray:
    v = np.zeros(DIMS, np.float32)
    for name, weight in parts:
        v[AXIS[name]] = weight
    v[next(_OWN) % DIMS] = np.sqrt(max(0.0, 1.0 - float(v @ v)))  # the remainder on an axis of its own
    return v / np.linalg.norm(v)


FILMS = [
    # title, year, genres, overview, directors, vector
    ("The Big Job", 1975, ["Crime", "Thriller"], "A crew plans a bank robbery and everything unravels.", [],
     direction(("heist", 0.8))),
    ("Night Vault", 1999, ["Crime"], "Thieves break into a vault on a stormy night.", [],
     direction(("heist", 0.6))),
    ("Mr. Smith Goes to Washington", 1939, ["Drama"], "An idealist goes to the Senate and fights graft.", [],
     direction(("politics", 0.8), ("heist", 0.3))),
    ("The Keeper", 2010, ["Drama"], "A lighthouse keeper on a remote island guards a secret.", [],
     direction(("lighthouse", 0.5), ("grief", 0.4))),
    ("Tides", 2012, ["Drama"], "A widow by the sea learns to live again.", [],
     direction(("grief", 0.6), ("lighthouse", 0.3))),
    ("For a Few Dollars", 1965, ["Western"], "Two bounty hunters chase a bandit across the desert.", ["Sergio Leone"],
     direction(("western", 0.5))),
    ("Dust Riders", 1970, ["Western"], "A gunslinger rides into a lawless town.", ["John Smith"],
     direction(("western", 0.7))),
    ("Short Cut Blues", 1981, ["Comedy", "Horror"], "A silly caper about a bank robbery gone sideways.", [],
     direction(("heist", 0.45))),
    ("Night Vault", 2019, ["Thriller"], "A remake: a night guard is trapped inside the vault.", [],
     direction(("heist", 0.2))),
    ("Seventies", 2001, ["Drama"], "Three friends look back on the decade they grew up in.", [],
     direction(("grief", 0.1))),
]
# Twenty films that all use the words "goes" and "wrong", so those words are common here.
FILLER = [
    (f"Filler {i}", 1950 + i, ["Drama"], f"Everything goes wrong for family number {i} one summer.", [],
     direction(("filler", 0.99)))
    for i in range(20)
]
QUERIES = {
    "a heist that goes wrong": direction(("heist", 0.75)),
    "a 70s heist that goes wrong": direction(("heist", 0.75)),
    "heist that goes wrong": direction(("heist", 0.75)),
    "heist": direction(("heist", 0.75)),
    "a film about grief by a lighthouse": direction(("grief", 0.5), ("lighthouse", 0.4)),
    "film about grief by a lighthouse": direction(("grief", 0.5), ("lighthouse", 0.4)),
    "a western by Sergio Leone": direction(("western", 0.6)),
    "western by Sergio Leone": direction(("western", 0.6)),
}


def embed(text: str) -> np.ndarray:
    if text in QUERIES:
        return QUERIES[text]
    rng = np.random.default_rng(zlib.crc32(text.encode()))  # stable across runs (str hash is salted)
    v = rng.normal(size=DIMS).astype(np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    cat = Catalog(tmp_path_factory.mktemp("fusion") / "c.sqlite3")
    rows = [
        RowResult(i, MovieRecord("test", str(i), t, y, genres=g, overview=o, directors=d, runtime=100))
        for i, (t, y, g, o, d, _) in enumerate(FILMS + FILLER, 1)
    ]
    cat.import_rows(rows, "test")
    by_title = {(m.title, m.year): m.id for m in cat.iter_movies()}
    ids = np.array([by_title[f[0], f[1]] for f in FILMS + FILLER], np.int64)
    matrix = np.stack([f[5] for f in FILMS + FILLER]).astype(np.float32)
    order = np.argsort(ids)
    vs = VectorSet(ids[order], matrix[order], Manifest("t", "t", DIMS, 3, len(ids), "", "", {}))
    return Searcher(cat, vs, embed)


def titles(hits) -> list[str]:
    return [h.movie.title for h in hits]


def test_common_words_do_not_lift_a_film_above_the_meaning(searcher):
    got = titles(searcher.search("a heist that goes wrong", top=5))
    assert got[:2] == ["The Big Job", "Night Vault"]
    assert got.index("Mr. Smith Goes to Washington") > got.index("Short Cut Blues")
    assert not any(t.startswith("Filler") for t in got[:4])


def test_rare_word_is_specific_evidence(searcher):
    """"lighthouse" is in one film: it lifts that film over a slightly closer one."""
    hits = searcher.search("a film about grief by a lighthouse", top=3)
    assert titles(hits)[0] == "The Keeper"


def test_a_named_person_is_specific_evidence(searcher):
    hits = searcher.search("a western by Sergio Leone", top=3)
    assert titles(hits)[0] == "For a Few Dollars"


def test_typed_title_comes_first_even_misspelled(searcher):
    assert titles(searcher.search("Mr Smith Goes to Washingtn", top=3))[0] == "Mr. Smith Goes to Washington"
    assert searcher.search("night vault", top=3)[0].via is HitSource.TITLE


def test_a_year_picks_the_version_of_a_remade_title(searcher):
    assert [h.movie.year for h in searcher.search("night vault 2019", top=2)] == [2019, 1999]
    assert [h.movie.year for h in searcher.search("Night Vault (1999)", top=2)] == [1999, 2019]


def test_a_title_that_looks_like_a_constraint_stays_a_title(searcher):
    result = searcher.search_result("Seventies", top=3)
    assert result.chips == () and titles(result.hits)[0] == "Seventies"
    result = searcher.search_result("Seventis", top=3)  # one typo: still the title
    assert result.chips == () and titles(result.hits)[0] == "Seventies"
    result = searcher.search_result("a seventies heist", top=3)
    assert [c.key for c in result.chips] == ["era"] and all(1970 <= h.movie.year <= 1979 for h in result.hits)


def test_order_and_scores_do_not_depend_on_top(searcher):
    for q in QUERIES:
        few, many = searcher.search(q, top=3), searcher.search(q, top=25)
        assert [(h.movie.id, h.score) for h in few] == [(h.movie.id, h.score) for h in many[:3]]
        scores = [h.score for h in many]
        assert scores == sorted(scores, reverse=True)


def test_understood_constraints_filter_the_hits(searcher):
    result = searcher.search_result("a 70s heist that goes wrong", top=10)
    assert [c.label for c in result.chips] == ["1970s"] and not result.relaxed
    assert result.hits and all(1970 <= (h.movie.year or 0) <= 1979 for h in result.hits)
    result = searcher.search_result("a heist, not a horror", top=10)
    assert "Short Cut Blues" not in titles(result.hits)


def test_a_dropped_chip_lifts_its_constraint(searcher):
    result = searcher.search_result("a 70s heist that goes wrong", top=10, drop=frozenset({"era"}))
    assert result.chips == () and titles(result.hits)[:2] == ["The Big Job", "Night Vault"]


def test_constraints_that_leave_nothing_relax(searcher):
    result = searcher.search_result("a heist from the 1940s", top=5)
    assert result.relaxed and result.hits
    assert [c.key for c in result.chips] == ["era"] and result.ignored == result.chips


def test_relaxing_ignores_one_constraint_when_that_is_enough(searcher):
    """No horror film of the 1970s: the kind of film is ignored first, the era still holds."""
    result = searcher.search_result("a horror heist from the 1970s", top=5)
    assert {c.label for c in result.chips} == {"Horror", "1970s"}
    assert result.relaxed and [c.label for c in result.ignored] == ["Horror"]
    assert result.hits and all(1970 <= (h.movie.year or 0) <= 1979 for h in result.hits)


def test_widget_filters_and_no_parse(searcher):
    hits = searcher.search_result("a 70s heist", top=10, filters=SearchFilters(genres=("Crime",)),
                                  understand=False).hits
    assert hits and all("Crime" in h.movie.genres for h in hits)
