"""What "a film passes the filters" means: one implementation over film columns.

Search (vector rows and lexical hits), the browse list and the Qt proxy model all ask
``filter_mask``; a single film is asked through the same code (``movie_passes``), so a
filter means the same thing everywhere. The vocabulary is ``SearchFilters``: the
widgets set some fields, the query parser (``core.query``) sets the same fields.

A country filter asks whose cinema a film is (``core.cinema``: its first country unless the
film is in English and that country does not speak it, and any co-producer in whose
language the film is), so a French co-production of a Thai film is not "French" and an
Israeli-French film in Hebrew is Israeli. A language filter asks the film's *main* language
(the first listed). Unknown years, runtimes, countries or languages fail a filter that asks
about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .cinema import SEP, cinema_key, language_name
from .models import Movie, SearchFilters

#: The audiences the parser understands: genres a film must have one of (none: any), genres it must not have.
AUDIENCES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "family": (frozenset({"family", "animation"}), frozenset({"horror", "thriller", "crime", "war"})),
    "adult": (frozenset(), frozenset({"family"})),  # "not for kids": no family film (adult animation is fine)
}


@dataclass(frozen=True)
class Origins:
    """Each film's cinema countries (``cinema.cinema_key``) and main language as codes into the name tuples
    (-1 unknown)."""

    countries: np.ndarray  # int32
    country_names: tuple[str, ...]
    languages: np.ndarray  # int32
    language_names: tuple[str, ...]

    @classmethod
    def build(cls, countries: Sequence[str | None], languages: Sequence[str | None]) -> Origins:
        c_codes, c_names = _codes(countries)
        l_codes, l_names = _codes([language_name(lang) for lang in languages])  # "Français" is French
        return cls(c_codes, c_names, l_codes, l_names)

    @classmethod
    def of_movies(cls, movies: Iterable[Movie]) -> Origins:
        films = list(movies)
        return cls.build(
            [cinema_key(m.countries, m.languages, m.silent, m.title, m.original_title) for m in films],
            [m.languages[0] if m.languages else None for m in films],
        )

    def take(self, rows: np.ndarray, known: np.ndarray) -> Origins:
        """These origins re-aligned to other rows (``known`` False → unknown)."""

        def pick(codes: np.ndarray) -> np.ndarray:
            out = codes[rows] if len(codes) else np.full(len(rows), -1, np.int32)
            out = out.copy()
            out[~known] = -1
            return out

        return Origins(pick(self.countries), self.country_names, pick(self.languages), self.language_names)


def _codes(values: Sequence[str | None]) -> tuple[np.ndarray, tuple[str, ...]]:
    names: dict[str, int] = {}
    codes = np.full(len(values), -1, dtype=np.int32)
    for i, v in enumerate(values):
        if v:
            codes[i] = names.setdefault(v, len(names))
    return codes, tuple(names)


def genre_mask_bits(genres: Iterable[str], genre_names: Sequence[str]) -> int:
    """The bit mask of ``genres`` (case-insensitive) in the ``genre_names`` order (first 64 only)."""
    index = {g.lower(): i for i, g in enumerate(genre_names[:64])}
    bits = 0
    for g in genres:
        i = index.get(g.lower())
        if i is not None:
            bits |= 1 << i
    return bits


def _in_names(codes: np.ndarray, names: tuple[str, ...], wanted: Iterable[str]) -> np.ndarray:
    """Rows whose value (or one of its ``SEP``-joined parts) is one of ``wanted``."""
    want = {w.lower() for w in wanted}
    ok = np.array([any(p.lower() in want for p in n.split(SEP)) for n in names] + [False], dtype=bool)  # + unknown
    return ok[np.where(codes >= 0, codes, len(names))]


def filter_mask(
    filters: SearchFilters | None,
    ids: np.ndarray,
    years: np.ndarray,
    runtimes: np.ndarray,
    genre_bits: np.ndarray,
    genre_names: Sequence[str],
    origins: Origins | None = None,
) -> np.ndarray | None:
    """Which rows pass ``filters`` (``None`` when nothing is filtered); -1 marks an unknown year/runtime.

    ``origins`` (aligned with ``ids``) is needed only for country and language filters;
    without it those filters pass no film.
    """
    if filters is None or not filters.active:
        return None
    keep = np.ones(len(ids), dtype=bool)
    if filters.year_from is not None:
        keep &= years >= filters.year_from
    if filters.year_to is not None:
        keep &= (years <= filters.year_to) & (years >= 0)
    if filters.runtime_min is not None:
        keep &= runtimes >= filters.runtime_min
    if filters.runtime_max is not None:
        keep &= (runtimes <= filters.runtime_max) & (runtimes >= 0)
    if filters.genres:
        keep &= (genre_bits & np.uint64(genre_mask_bits(filters.genres, genre_names))) != 0
    for g in filters.genres_all:
        bit = genre_mask_bits((g,), genre_names)
        keep &= (genre_bits & np.uint64(bit)) != 0 if bit else np.zeros(len(ids), dtype=bool)
    if filters.genres_not:
        keep &= (genre_bits & np.uint64(genre_mask_bits(filters.genres_not, genre_names))) == 0
    if filters.audience:
        wanted, unwanted = AUDIENCES.get(filters.audience, (frozenset(), frozenset()))
        if wanted:
            keep &= (genre_bits & np.uint64(genre_mask_bits(wanted, genre_names))) != 0
        keep &= (genre_bits & np.uint64(genre_mask_bits(unwanted, genre_names))) == 0
    if filters.countries:
        keep &= _in_names(origins.countries, origins.country_names, filters.countries) if origins else False
    if filters.languages:
        keep &= _in_names(origins.languages, origins.language_names, filters.languages) if origins else False
    if filters.languages_not:
        keep &= (
            (origins.languages >= 0) & ~_in_names(origins.languages, origins.language_names, filters.languages_not)
            if origins
            else False
        )
    if filters.countries_not:  # a film of unknown cinema passes: nothing makes it one of these
        keep &= ~_in_names(origins.countries, origins.country_names, filters.countries_not) if origins else False
    if filters.exclude_ids:
        keep &= ~np.isin(ids, np.fromiter(filters.exclude_ids, dtype=np.int64))
    return keep


def movie_passes(movie: Movie, filters: SearchFilters) -> bool:
    """Whether one film passes ``filters``: ``filter_mask`` over a one-row table."""
    if not filters.active:
        return True
    names = tuple(dict.fromkeys(movie.genres))[:64]
    mask = filter_mask(
        filters,
        np.array([movie.id], dtype=np.int64),
        np.array([movie.year if movie.year is not None else -1], dtype=np.int32),
        np.array([movie.runtime if movie.runtime is not None else -1], dtype=np.int32),
        np.array([(1 << len(names)) - 1], dtype=np.uint64),
        names,
        Origins.of_movies([movie]),
    )
    return bool(mask is None or mask[0])
