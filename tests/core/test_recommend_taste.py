"""Invariants of the taste-first score on small synthetic vector spaces with known answers:
history (and its duplicates) never recommended, taste before popularity, because only when
near, series in order, form facets honoured."""

from __future__ import annotations

import numpy as np

from movierec_gui.core.form import Facets
from movierec_gui.core.models import Movie
from movierec_gui.core.recommend import (
    DISLIKED,
    LIKED,
    WATCHED,
    WATCHLIST,
    ItemSpace,
    RecParams,
    catalog_space,
    recommend,
    score,
    seed_weights,
)
from movierec_gui.core.series import build_series, series_mask
from tests.core.test_recommend import clusters, equally_close_space, space_of, taste, unit

NO_MMR = RecParams(mmr_lambda=1.0)


def test_a_famous_film_far_from_the_taste_never_beats_a_close_unknown_one():
    matrix, label = clusters(2)
    prior = np.zeros(len(matrix))
    prior[label == 1] = 1.0  # cluster 1 is famous, cluster 0 unknown
    got = recommend(space_of(matrix, prior), taste([0, 1, 2], [LIKED] * 3), k=10, params=NO_MMR)
    assert set(label[got.rows]) == {0}


def test_popularity_orders_films_that_are_equally_close():
    base = unit(np.eye(8)[0] + 0.01 * np.eye(8)[1])
    matrix = np.vstack([np.eye(8)[0], base, base, base]).astype(np.float32)
    prior = np.array([0.0, 0.1, 0.9, 0.5])
    got = recommend(space_of(matrix, prior), taste([0], [LIKED]), k=3, params=NO_MMR.with_(duplicate_cosine=1.01))
    assert got.rows.tolist() == [2, 3, 1]


def test_scores_fall_monotonically_down_the_list():
    matrix, _ = clusters(4)
    got = recommend(space_of(matrix, np.linspace(0, 1, len(matrix))), taste([0, 25, 45], [LIKED] * 3), k=20)
    assert np.all(np.diff(got.scores) <= 0)


def test_a_duplicate_of_a_history_film_is_never_recommended():
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Film {i}", 2000 + i % 3) for i in range(len(matrix))]
    movies[5] = Movie(5, "The Thing", 1982)
    movies[6] = Movie(6, "Thing", 1983)  # the same film from another catalog, a year off
    movies[7] = Movie(7, "The Thing", 2011)  # the remake is another film
    matrix[6] = matrix[5]
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    got = recommend(space, taste([5], [LIKED]), k=30, params=NO_MMR.with_(duplicate_cosine=1.01))
    assert 5 not in got.rows and 6 not in got.rows and 7 in got.rows


def test_because_names_a_seed_only_when_the_film_is_truly_near_it():
    matrix, label = clusters(3)
    prior = np.zeros(len(matrix))
    got = recommend(space_of(matrix, prior), taste([0, 1], [LIKED] * 2), k=40, params=NO_MMR)
    for row, because in zip(got.rows, got.because, strict=True):
        near = float(max(matrix[row] @ matrix[0], matrix[row] @ matrix[1]))
        assert bool(because) == (near >= NO_MMR.because_cosine), (row, near, because)
    assert any(label[r] != 0 and not b for r, b in zip(got.rows, got.because, strict=True))  # far → no "because"


def test_dislikes_push_a_whole_neighbourhood_below_an_equally_liked_one():
    matrix, label = clusters(3)
    liked = taste([0, 20, 25], [LIKED, LIKED, DISLIKED])  # likes in 0 and 1, a dislike in 1
    got = recommend(space_of(matrix), liked, k=10, params=NO_MMR)
    assert (label[got.rows[:8]] == 0).all()


def _series_space() -> tuple[ItemSpace, list[Movie]]:
    """Rows 0–3: a four-part series in cluster 0 (Saga, Saga 2, Saga 3, Saga IV); rest plain."""
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Other {i}x", 1990 + i % 20) for i in range(len(matrix))]
    for i, title in enumerate(["Saga", "Saga 2", "Saga 3", "Saga IV"]):
        movies[i] = Movie(i, title, 2000 + 3 * i)
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    return space, movies


def test_series_start_with_the_first_unseen_film():
    space, _ = _series_space()
    assert space.series is not None and space.series.ids[:4].tolist() == [0, 0, 0, 0]
    liked_near_part_3 = taste([10], [LIKED])
    space.matrix[10] = unit(space.matrix[2] + 0.01)
    got = recommend(space, liked_near_part_3, k=20, params=NO_MMR)
    assert {1, 2, 3}.isdisjoint(got.rows.tolist()) and 0 in got.rows.tolist()  # the original, never a sequel
    seen_first = taste([10, 0], [LIKED, WATCHED])
    got = recommend(space, seen_first, k=20, params=NO_MMR)
    assert 1 in got.rows.tolist() and {2, 3}.isdisjoint(got.rows.tolist())


def test_a_disliked_series_is_not_continued_and_a_watchlisted_original_blocks_its_sequels():
    space, _ = _series_space()
    got = recommend(space, taste([5, 0], [LIKED, DISLIKED]), k=30, params=NO_MMR)
    assert {1, 2, 3}.isdisjoint(got.rows.tolist())
    got = recommend(space, taste([5, 0], [LIKED, WATCHED], ratings=[np.nan, 1.5]), k=30, params=NO_MMR)
    assert {1, 2, 3}.isdisjoint(got.rows.tolist())  # rated 1.5★: disliked too
    got = recommend(space, taste([5, 0], [LIKED, WATCHLIST]), k=30, params=NO_MMR)
    assert {0, 1, 2, 3}.isdisjoint(got.rows.tolist())


def test_title_patterns_and_collections_make_series():
    movies = [Movie(1, "Rocky", 1976), Movie(2, "Rocky II", 1979), Movie(3, "Apollo 13", 1995),
              Movie(4, "Apollo 18", 2011), Movie(5, "Toy Story 3", 2010, collection="Toy Story"),
              Movie(6, "Toy Story", 1995, collection="Toy Story"), Movie(7, "Alien", 1979),
              Movie(8, "Alien: Resurrection", 1997), Movie(9, "The Godfather", 1972),
              Movie(10, "The Godfather: Part II", 1974)]
    s = build_series(movies)
    ids = s.ids.tolist()
    assert ids[0] == ids[1] >= 0 and ids[2] == ids[3] == -1  # no "Apollo" original: not a series
    assert ids[4] == ids[5] >= 0 and ids[6] == ids[7] >= 0 and ids[8] == ids[9] >= 0
    assert s.members(ids[4]).tolist() == [5, 4]  # release order
    merged = build_series([Movie(1, "Insidious", 2010, collection="Insidious Collection"),
                           Movie(2, "Insidious: Chapter 2", 2013)])  # a second catalog without collections
    assert merged.ids.tolist() == [0, 0]


def test_a_taste_in_form_is_recognised_from_catalog_facts():
    rng = np.random.default_rng(3)
    n = 200
    matrix = unit(rng.normal(size=(n, 16)))
    doc = np.zeros((n, 1), dtype=np.float32)
    doc[:20] = 1.0  # rows 0–19 are documentaries, scattered in plot space
    space = ItemSpace(matrix, np.full(n, -1, dtype=np.int32), np.zeros(n, dtype=np.float32),
                      facets=Facets(doc, ("genre:Documentary",)))
    history = taste(list(range(8)), [LIKED] * 8)
    with_form = recommend(space, history, k=10, params=NO_MMR.with_(w_form=0.5))
    without = recommend(space, history, k=10, params=NO_MMR.with_(w_form=0.0))
    docs = lambda got: int((got.rows < 20).sum())  # noqa: E731
    assert docs(with_form) >= 5 and docs(with_form) > docs(without) + 2


def test_a_story_genre_all_the_liked_films_share_orders_equally_close_films():
    """Every liked film is a comedy: of two films equally close in plot, the comedy comes
    first; a genre only some liked films have (drama, 1 of 4) lifts nothing."""
    genres = [("Comedy",), ("Comedy",), ("Comedy",), ("Comedy", "Drama"), ("Drama",), ("Comedy",)]
    genres += [("Drama",) if i % 2 else ("Thriller",) for i in range(40)]
    space = equally_close_space([Movie(i, f"F{i}", 1990, genres=g) for i, g in enumerate(genres)], 4, rng_seed=1)
    liked = taste([0, 1, 2, 3], [LIKED] * 4)
    params = NO_MMR.with_(duplicate_cosine=1.01, w_genre_match=0.0)  # the story-genre facet alone
    assert recommend(space, liked, k=2, params=params).rows.tolist() == [5, 4]
    with_genre, _ = score(space, liked, params)
    without, _ = score(space, liked, params.with_(w_genre=0.0))
    assert without[4] == without[5] and with_genre[5] > with_genre[4]
    assert with_genre[4] == without[4]  # drama: 1 of 4 liked films, below the share
    assert with_genre[5] - without[5] <= params.w_genre  # a tie-breaker's size, never more


def test_genre_match_follows_the_liked_films_genre_mix_and_how_focused_it_is():
    from movierec_gui.core.form import build_facets, genre_facets
    from movierec_gui.core.recommend import genre_match

    kinds = [("Crime", "Thriller")] * 6 + [("Drama",)] * 30 + [("Comedy", "Family")] * 20 + [("Crime", "Drama")] * 4
    movies = [Movie(i, f"F{i}", 1990, genres=g) for i, g in enumerate(kinds)]
    genres = build_facets(movies, facets_of=genre_facets)
    heists = genre_match(genres, np.arange(4), np.ones(4))  # four crime thrillers liked
    assert heists[5] > heists[56] > heists[10] and heists[40] == 0.0  # thriller > crime drama > drama > comedy
    broad = genre_match(genres, np.array([0, 10, 40, 56]), np.ones(4))  # one of each kind: a broad taste
    assert broad.max() < heists.max() / 2


def test_country_reasons_read_well():
    from movierec_gui.core.form import facet_phrase

    assert facet_phrase("country:United Kingdom") == "A film from the United Kingdom"
    assert facet_phrase("country:Japan") == "A film from Japan"
    assert facet_phrase("country:Netherlands") == "A film from the Netherlands"


def test_the_same_film_under_another_title_is_known_by_its_original_title():
    """Two catalogs' records of one film ("Mad Max 2" and "Mad Max 2: The Road Warrior", whose
    original title is "Mad Max 2"): never recommended when one is in the history, never twice in a list."""
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Film {i}", 1990 + i % 7) for i in range(len(matrix))]
    movies[5] = Movie(5, "Mad Max 2", 1981)
    movies[6] = Movie(6, "Mad Max 2: The Road Warrior", 1981, original_title="Mad Max 2")
    movies[7] = Movie(7, "And Life Goes On", 1992, original_title="Zendegi va digar hich")
    movies[8] = Movie(8, "Life, and Nothing More...", 1992, original_title="Zendegi va digar hich")
    for a, b in ((6, 5), (8, 7)):
        matrix[a] = unit(matrix[b] + 0.02)
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    got = recommend(space, taste([5], [LIKED]), k=30, params=NO_MMR.with_(duplicate_cosine=1.01))
    assert 6 not in got.rows
    got = recommend(space, taste([0], [LIKED]), k=30, params=NO_MMR.with_(duplicate_cosine=1.01))
    assert len({7, 8} & set(got.rows.tolist())) == 1 and len({5, 6} & set(got.rows.tolist())) <= 1


def test_excluded_rows_and_their_duplicates_stay_out():
    matrix, _ = clusters(2)
    movies = [Movie(i, f"Film {i}", 2000) for i in range(len(matrix))]
    movies[4] = Movie(4, "Film 3", 2001)  # the same film as row 3
    space = catalog_space(matrix, movies, np.array([m.year for m in movies]), np.zeros(len(movies)))
    got = recommend(space, taste([0], [LIKED]), k=30, params=NO_MMR, exclude=np.array([3]))
    assert 3 not in got.rows and 4 not in got.rows


def test_form_reasons_name_the_shared_form_only_when_the_taste_has_it():
    from movierec_gui.core.form import build_facets, facet_taste, form_reason

    movies = [Movie(i, f"F{i}", 1925, genres=("Comedy",), silent=i < 5, countries=("France",) if i % 2 else ())
              for i in range(20)]
    facets = build_facets(movies)
    liked = facet_taste(facets, np.arange(4), np.ones(4))
    assert form_reason(facets, liked, 4) == "A silent film, like many you liked"
    assert form_reason(facets, liked, 10) == ""  # neither silent nor a form the taste over-represents
    none = facet_taste(facets, np.array([10, 12]), np.ones(2))
    assert form_reason(facets, none, 4) == ""


def test_the_best_taste_scores_are_candidates_beyond_each_seeds_own_nearest():
    matrix, label = clusters(3)
    prior = np.where(label == 2, 1.0, 0.0)  # cluster 2 is famous and far from the taste
    liked = taste([0, 20], [LIKED, LIKED])  # one seed in cluster 0, one in cluster 1
    narrow = NO_MMR.with_(neighbourhood=1, profile_neighbourhood=1, taste_pool=0, w_prior=3.0)
    few = recommend(space_of(matrix, prior), liked, k=10, params=narrow)
    assert 2 in set(label[few.rows])  # the seeds' own nearest films alone cannot fill the list
    pooled = recommend(space_of(matrix, prior), liked, k=10, params=narrow.with_(taste_pool=30))
    assert set(label[pooled.rows]) == {0, 1}  # the films closest to the taste come first, fame never


def test_ratings_count_against_the_persons_own_mean_but_a_4_star_stays_taste():
    generous = taste(list(range(7)), ratings=[5, 5, 4.5, 5, 5, 4, 2])
    w = seed_weights(generous, RecParams(centering=1.0, max_pivot=3.5, half_life=float("inf")))
    assert w[5] > 0 and w[6] < 0  # 4★ from someone who mostly gives 5★ is still a like
    assert w[0] > w[2] > w[5]
    harsh = taste(list(range(6)), ratings=[2, 2, 3, 1, 2, 1.5])
    w = seed_weights(harsh, RecParams(centering=1.0, max_pivot=3.5, half_life=float("inf")))
    assert w[2] > 0 and w[0] > 0 > w[3]  # a 3★ (and a 2★) are above this person's average; 1★ is not
    plain = seed_weights(harsh, RecParams(centering=0.0, half_life=float("inf")))
    assert plain[2] == 0 and plain[0] < 0


def test_fame_beyond_the_persons_most_famous_liked_film_does_not_count():
    seed = unit(np.r_[1.0, np.zeros(23)])
    close = unit(np.r_[0.9, 0.436, np.zeros(22)])  # closer to the seed …
    famous = unit(np.r_[0.8, -0.6, np.zeros(22)])  # … than this very famous film
    matrix = np.vstack([seed, close, famous]).astype(np.float32)
    prior = np.array([0.3, 0.3, 1.0])  # the person likes a little-known film
    liked = taste([0], [LIKED])
    capped = recommend(space_of(matrix, prior), liked, k=2, params=NO_MMR)
    assert capped.rows.tolist() == [1, 2]  # fame beyond the liked film's counts a quarter: the closer one first
    uncapped = recommend(space_of(matrix, prior), liked, k=2, params=NO_MMR.with_(prior_cap=0.0))
    assert uncapped.rows.tolist() == [2, 1]  # without the cap, fame would decide


def test_a_generous_raters_3_star_weighs_against_but_does_not_end_a_series():
    space, _ = _series_space()
    ratings = [5, 5, 4.5, 5, 3]  # mean 4.5: the 3★ on the series' first film is below this person's usual
    rows = [5, 6, 7, 8, 0]
    assert seed_weights(taste(rows, ratings=ratings), RecParams())[-1] < 0
    got = recommend(space, taste(rows, ratings=ratings), k=40, params=NO_MMR)
    assert 1 in got.rows.tolist()  # the next part still comes
    got = recommend(space, taste(rows, ratings=[5, 5, 4.5, 5, 2]), k=40, params=NO_MMR)
    assert {1, 2, 3}.isdisjoint(got.rows.tolist())  # a 2★ is a dislike for anyone: the series ends


def test_a_production_country_in_english_is_not_that_countrys_cinema():
    from movierec_gui.core.form import movie_facets

    french = Movie(1, "Le Trou", 1960, countries=("France",), languages=("French",))
    europacorp = Movie(2, "Taken", 2008, countries=("France",), languages=("English",))
    british = Movie(3, "Hot Fuzz", 2007, countries=("United Kingdom",), languages=("English",))
    assert "country:France" in movie_facets(french) and "country:France" not in movie_facets(europacorp)
    assert "country:United Kingdom" in movie_facets(british)


def test_a_title_that_continues_a_known_series_base_joins_the_series():
    movies = [Movie(0, "Step Up", 2006), Movie(1, "Step Up 2: The Streets", 2008), Movie(2, "Step Up Revolution", 2012),
              Movie(3, "Step Brothers", 2008), Movie(4, "Die Hard", 1988, collection="Die Hard Collection"),
              Movie(5, "Die Hard 2", 1990), Movie(6, "Die Hard with a Vengeance", 1995), Movie(7, "Alien", 1979),
              Movie(8, "Alien 3", 1992), Movie(9, "Alien Nation", 1988), Movie(10, "Step Up Stories", 1990)]
    s = build_series(movies)
    ids = s.ids.tolist()
    assert ids[0] == ids[1] == ids[2] >= 0 and ids[3] == -1  # "Step Brothers" is not a Step Up film
    assert ids[4] == ids[5] == ids[6] >= 0 and s.members(ids[4]).tolist() == [4, 5, 6]
    assert ids[7] == ids[8] >= 0 and ids[9] == -1  # a one-word base is too weak a sign
    assert ids[10] == -1  # made before the series began: another film
    # the next part after a disliked one is never recommended; the first unseen part is
    seen = np.zeros(len(movies), dtype=bool)
    seen[[0, 1]] = True
    disliked = np.zeros(len(movies), dtype=bool)
    assert series_mask(s, seen, disliked)[2]
    disliked[1] = True
    assert not series_mask(s, seen, disliked)[2]
