"""Moods a query states, read as the genres that carry them (``core.mood``), and how they
reorder what the meaning found."""

from __future__ import annotations

from movierec_gui.core.mood import mood_fit, mood_genres


def test_mood_words_lift_the_genres_that_carry_them_and_push_clashing_ones_down():
    cozy = mood_genres("something cozy for a rainy night")
    assert cozy["Comedy"] == 1.0 and cozy["Family"] == 1.0 and cozy["Horror"] == -1.0
    assert mood_genres("a sad movie that will make me cry")["Drama"] == 1.0
    assert mood_genres("a film about a lighthouse keeper") == {}  # "light" only as a whole word
    assert mood_genres("a heist that goes wrong") == {}


def test_situations_and_images_that_name_a_mood_without_its_word():
    """Round four's families: a warm hug, date night, the company of parents or grandparents, a love story."""
    hug = mood_genres("a movie that feels like a warm hug")
    assert hug["Comedy"] == 1.0 and hug["Family"] == 1.0 and hug["Horror"] == -1.0
    date = mood_genres("date night, nothing too heavy")
    assert date["Romance"] == 1.0 and date["Horror"] == -1.0
    grandparents = mood_genres("a film i can watch with my grandparents")
    assert grandparents["Family"] == 1.0 and grandparents["Horror"] == -1.0
    assert mood_genres("a love story told in one night")["Romance"] == 1.0
    assert mood_genres("hugo and the clockwork automaton") == {}  # whole words only
    assert mood_genres("a date with destiny") == {}  # "date" alone is no date night


def test_a_genre_lifted_by_one_mood_is_not_pushed_down_by_another():
    dark_comedy = mood_genres("a dark and funny film")
    assert dark_comedy["Comedy"] == 1.0 and dark_comedy["Drama"] == 1.0


def test_fit_is_the_best_lift_or_the_worst_clash():
    wanted = mood_genres("something light")
    assert mood_fit(("Comedy", "Crime"), wanted) == 1.0
    assert mood_fit(("Horror", "Crime"), wanted) == -1.0
    assert mood_fit(("Documentary",), wanted) == 0.0


def test_a_mood_reorders_films_the_meaning_found_equally(tmp_path):
    """Two films as close to "something cozy" as each other: the comedy comes before the horror
    film; without a mood word the order is the closeness alone."""
    import numpy as np

    from tests.core.hand_placed import hand_placed_searcher

    dims = 16
    films = [("Cellar Door", "Horror", 0.62), ("Warm Kitchen", "Comedy", 0.60)]
    films += [(f"Other {i}", "Documentary", 0.1) for i in range(10)]
    placed = []
    for i, (title, genre, toward) in enumerate(films):
        v = np.zeros(dims, np.float32)
        v[0], v[1 + i % (dims - 1)] = toward, np.sqrt(1 - toward**2)
        placed.append((title, f"{title} story", v, (genre,)))
    query_vec = np.eye(dims, dtype=np.float32)[0]
    searcher = hand_placed_searcher(tmp_path, placed, lambda _text: query_vec)
    cozy = [h.movie.title for h in searcher.search_result("something cozy", top=2).hits]
    plain = [h.movie.title for h in searcher.search_result("a quiet evening", top=2).hits]
    assert cozy == ["Warm Kitchen", "Cellar Door"] and plain == ["Cellar Door", "Warm Kitchen"]


def test_specific_words_count_more_when_no_film_is_close_in_meaning():
    from movierec_gui.core.search import MAX_EVIDENCE_GAIN, WEAK_MEANING, _evidence_gain

    assert _evidence_gain(0.8, False) == 1.0  # the meaning is clear: evidence as is
    assert 1.0 < _evidence_gain(0.4, False) < MAX_EVIDENCE_GAIN
    assert _evidence_gain(0.1, False) == MAX_EVIDENCE_GAIN
    assert _evidence_gain(0.1, True) == 1.0  # a retold plot has its own coverage terms
    assert _evidence_gain(WEAK_MEANING, False) == 1.0
