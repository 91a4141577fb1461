"""Durable film identity: what names a film across catalogs, resets and rebuilds.

Catalog row ids are volatile (a reset and a re-import give new ones; a rebuilt catalog
starts again at 1), so each history entry also stores its film's identity: external ids
where known (TMDB, IMDb, and the source keys of Wikidata/MovieLens/Wikipedia/starter
rows), else the normalized title and year. ``relink`` re-attaches every entry to the
film that carries its identity today; an entry whose film is absent keeps its identity
(and a negative placeholder id that no catalog row can take) until the film returns.

The same rules decide when two sources describe one film (``same_film``): an external
id, else the normalized title within a year (festival vs release year) and the same
director or a runtime within a few minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .models import Movie
from .text import normalize_title

#: Years apart two records of one film may be (festival premiere vs release).
YEAR_SLACK = 1
#: Minutes apart two runtimes of one film may be (cuts, rounding, credits).
RUNTIME_SLACK = 4


@dataclass(frozen=True)
class FilmIdentity:
    """What names a film independently of its catalog row."""

    title: str
    year: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    #: ``source:key`` of every catalog source that brought the film ("movielens:1", "wikipedia:/wiki/X").
    source_keys: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """One string that names the film: the strongest id known."""
        if self.tmdb_id is not None:
            return f"tmdb:{self.tmdb_id}"
        if self.imdb_id:
            return f"imdb:{self.imdb_id}"
        for prefix in ("wikidata:", "movielens:"):
            for sk in self.source_keys:
                if sk.startswith(prefix):
                    return sk
        return f"title:{normalize_title(self.title)}|{self.year or ''}"

    def keys_json(self) -> str:
        return json.dumps(list(self.source_keys))

    def matches(self, movie: Movie) -> bool:
        """Whether ``movie`` is this film (conflicting external ids say no; else title and year)."""
        if self.tmdb_id is not None and movie.tmdb_id is not None:
            return self.tmdb_id == movie.tmdb_id
        if self.imdb_id and movie.imdb_id:
            return self.imdb_id == movie.imdb_id
        return title_matches(self.title, movie) and years_close(self.year, movie.year)


def title_matches(title: str, movie: Movie) -> bool:
    key = normalize_title(title)
    if not key:
        return False
    return key == normalize_title(movie.title) or (
        movie.original_title is not None and key == normalize_title(movie.original_title)
    )


def years_close(a: int | None, b: int | None, slack: int = YEAR_SLACK) -> bool:
    return a is None or b is None or abs(a - b) <= slack


def same_film(
    a_directors: Sequence[str], a_runtime: int | None, b_directors: Sequence[str], b_runtime: int | None
) -> bool:
    """Two records with the same title a year apart: one film if a director or the runtime agrees."""
    da = {normalize_title(d) for d in a_directors if d}
    db = {normalize_title(d) for d in b_directors if d}
    if da and db and da & db:
        return True
    return a_runtime is not None and b_runtime is not None and abs(a_runtime - b_runtime) <= RUNTIME_SLACK


def decode_keys(raw: str | None) -> tuple[str, ...]:
    try:
        keys = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(k) for k in keys) if isinstance(keys, list) else ()


class FilmLookup(Protocol):
    """What ``relink`` needs of the catalog."""

    def get_many(self, ids: Iterable[int]) -> dict[int, Movie]: ...

    def find_identity(self, identity: FilmIdentity) -> int | None: ...
