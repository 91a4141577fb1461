"""Taste in form and origin, read from catalog facts rather than the embedded plot.

Some tastes are about *how* or *where* a film was made: documentaries, musicals,
animation, silent films, a country's cinema, a language. Each such fact is a facet, a 0/1
column per film. A person's facet taste is how much more often a facet occurs among the
films they liked than in the catalog (lift over the base rate); a film earns the sum of
the lifts of its facets, so a history that is half documentaries lifts documentaries and
a history without any says nothing.

Story genres (science fiction, comedy, horror …) are a second, separate set of facets: a
person whose every favourite is science fiction, or a comedy, is poorly served by films
that only share plot words with them (a spy thriller for the sci-fi viewer, a silent
drama for the silent-comedy one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .cinema import is_cinema_of, is_english_film
from .models import Movie

#: Genres that describe form rather than story.
FORM_GENRES = ("Documentary", "Musical", "Animation", "Music", "Short", "Film Noir", "Western")
#: Countries / languages too common to say anything about a taste.
_MAINSTREAM_COUNTRIES = frozenset({"US", "United States", "United States of America"})
_MAINSTREAM_LANGUAGES = frozenset({"en", "English"})


@dataclass(frozen=True)
class Facets:
    """``matrix[i, f]`` is 1 when film ``i`` has facet ``names[f]``."""

    matrix: np.ndarray  # (N, F) float32 0/1
    names: tuple[str, ...]

    @classmethod
    def none(cls, n: int) -> Facets:
        return cls(np.zeros((n, 0), dtype=np.float32), ())

    @property
    def base_rate(self) -> np.ndarray:
        cached = self.__dict__.get("_base")
        if cached is None:
            n = max(self.matrix.shape[0], 1)
            cached = self.matrix.sum(axis=0) / n
            object.__setattr__(self, "_base", cached)
        out: np.ndarray = cached
        return out


def movie_facets(movie: Movie) -> list[str]:
    """The form / origin facets of one film."""
    out = [f"genre:{g}" for g in movie.genres if g in FORM_GENRES]
    if movie.silent:
        out.append("silent")
    language = movie.languages[0] if movie.languages else None
    for c in movie.countries[:1]:
        if c in _MAINSTREAM_COUNTRIES:
            continue
        english = is_english_film(movie.languages, movie.silent, movie.title, movie.original_title)
        if not is_cinema_of(c, language, first=True, english_film=english):
            continue  # a French production in English is not French cinema (EuropaCorp action)
        out.append(f"country:{c}")
    for lang in movie.languages[:1]:
        if lang not in _MAINSTREAM_LANGUAGES:
            out.append(f"language:{lang}")
    return out


def genre_facets(movie: Movie) -> list[str]:
    """The story-genre facets of one film (all its genres)."""
    return [f"genre:{g}" for g in movie.genres]


def build_facets(
    movies: Sequence[Movie], min_films: int = 3, facets_of: Callable[[Movie], list[str]] = movie_facets
) -> Facets:
    """Facet columns for ``movies`` (row ``i`` is ``movies[i]``), by default the form ones;
    facets of fewer than ``min_films`` films are dropped."""
    per_film = [facets_of(m) for m in movies]
    counts: dict[str, int] = {}
    for fs in per_film:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    names = tuple(sorted(f for f, c in counts.items() if c >= min_films))
    col = {f: j for j, f in enumerate(names)}
    matrix = np.zeros((len(movies), len(names)), dtype=np.float32)
    for i, fs in enumerate(per_film):
        for f in fs:
            j = col.get(f)
            if j is not None:
                matrix[i, j] = 1.0
    return Facets(matrix, names)


def facet_taste(
    facets: Facets, rows: np.ndarray, weights: np.ndarray, min_share: float = 0.3, min_liked: int = 3
) -> np.ndarray:
    """Per facet, how much the liked ``rows`` (positive ``weights``) over-represent it: the
    weighted share minus the catalog's base rate, kept where the share is at least
    ``min_share`` and at least ``min_liked`` liked films have it (a taste, not an accident), else 0."""
    if facets.matrix.shape[1] == 0 or len(rows) == 0 or weights.sum() <= 0:
        return np.zeros(facets.matrix.shape[1], dtype=np.float32)
    share = (weights.astype(np.float32) @ facets.matrix[rows]) / float(weights.sum())
    liked = facets.matrix[np.asarray(rows)[np.asarray(weights) > 0]].sum(axis=0)
    lift = np.where((share >= min_share) & (liked >= min_liked), share - facets.base_rate, 0.0)
    out: np.ndarray = np.clip(lift, 0.0, 1.0).astype(np.float32)
    return out


def form_affinity(facets: Facets, taste: np.ndarray) -> np.ndarray:
    """0–1 per film: the sum of the lifts of the facets it has (capped at 1), so a strong
    taste in form (nearly all documentaries) counts fully and a mild one (a third of the
    liked films British) only a little."""
    if not taste.any():
        return np.zeros(facets.matrix.shape[0], dtype=np.float32)
    out: np.ndarray = np.minimum(facets.matrix @ taste, 1.0).astype(np.float32)
    return out


_FACET_PHRASES = {
    "genre:Documentary": "A documentary",
    "genre:Musical": "A musical",
    "genre:Animation": "An animated film",
    "genre:Music": "A music film",
    "genre:Short": "A short film",
    "genre:Film Noir": "A film noir",
    "genre:Western": "A western",
    "silent": "A silent film",
}


_PLURAL_COUNTRIES = frozenset({"Netherlands", "Philippines", "Czech Republic", "Dominican Republic", "Bahamas"})


def facet_phrase(facet: str) -> str:
    """A facet as the start of a sentence ("A documentary", "A film from Japan")."""
    if facet in _FACET_PHRASES:
        return _FACET_PHRASES[facet]
    kind, _, value = facet.partition(":")
    if kind == "country":
        the = "the " if value.startswith(("United ", "Soviet ")) or value in _PLURAL_COUNTRIES else ""
        return f"A film from {the}{value}"
    if kind == "language":
        return f"A film in {value}"
    return f"A {value.lower()} film"


def form_reason(facets: Facets, taste: np.ndarray, row: int) -> str:
    """Why a film fits a taste in form, when it does ("A silent film, like many you liked"); "" otherwise."""
    if facets.matrix.shape[1] == 0 or not taste.any():
        return ""
    lift = facets.matrix[row] * taste
    if lift.max() <= 0:
        return ""
    return f"{facet_phrase(facets.names[int(np.argmax(lift))])}, like many you liked"
