"""Exact cosine search over the vector cache, with filters and title-aware hybrid ranking.

Every stored row and every query vector is unit length, so cosine similarity is one
matrix-vector product; ``argpartition`` picks the top k in O(N) and only those k are
sorted. A title the user typed (exactly or nearly, ``core.matching.TitleIndex``) ranks
first; the rest is ranked by meaning, with a bounded bonus for specific lexical evidence
(``core.evidence``) and the constraints understood from the query (``core.query``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from . import arrays_store
from .catalog import Catalog, CatalogArrays
from .errors import Action, UserInputError
from .evidence import (
    COVER_WEIGHT,
    GENERIC,
    LOCAL_DEPTH,
    LOCAL_WEIGHT,
    STOP_WORDS,
    Evidence,
    LexicalEvidence,
    build_people,
    build_tags,
    distinctive,
    shares,
    without_names,
)
from .filters import Origins, filter_mask, genre_mask_bits, movie_passes
from .lexicon_store import open_or_build
from .matching import TitleIndex, title_keys
from .models import HitSource, Movie, SearchFilters, SearchHit
from .mood import merge_leans, mood_fit, mood_genres, theme_lean
from .nearest import NearestBackend
from .query import Chip, ParsedQuery, SearchResult, parse_query
from .story_facts import (
    a_character,
    a_style,
    hedged,
    in_story,
    is_request,
    of_a_character,
    other_works,
    told_in_story,
    without_spans,
)
from .text import normalize_title
from .vector_cache import VectorSet

__all__ = ["Searcher", "filter_mask", "movie_passes", "top_k"]

#: Semantic candidates per query (fixed, so the order of the first ``SEMANTIC_POOL`` hits never depends on ``top``).
SEMANTIC_POOL = 100
#: A retold plot: how much of it a story holds is measured for this many of the best candidates.
COVER_DEPTH = 50
#: A typed title scores above every meaning match (its 0–1 strength is added).
TITLE_SCORE = 1.0
#: A title match at least this strong (exact, main title, or one edit) means the query is that title.
TITLE_IS_QUERY = 0.95
#: The renown prior's share of the score (breaks near-ties toward films people know).
PRIOR_WEIGHT = 0.02
#: Below this best cosine the meaning is weak, and specific lexical evidence counts more (up to the gain).
WEAK_MEANING = 0.55
MAX_EVIDENCE_GAIN = 2.0
#: How much a film's genres meeting (or clashing with) a mood the query states move it (``core.mood``).
MOOD_WEIGHT = 0.05
#: A retold plot that names people the catalog knows (cast, crew) is embedded mostly without the names,
#: which say little about the story to the model (the credits count through the lexical evidence): the
#: query vector is this share of the text as typed plus the rest of the text without the names.
NAMES_SHARE = 0.3
#: How much a film's genres meeting (or clashing with) the genres a query's theme words lean to move it
#: (not for retold plots): a theme word's lean is read from the genres of the films tagged with it
#: ("underdog": Sport; "gangsters": Crime; ``core.mood.theme_lean``). Only for a query of at most
#: THEME_MAX_WORDS content words: a theme is said in a few; more describe one film.
THEME_WEIGHT = 0.03
THEME_MAX_WORDS = 5
#: Which understood constraint a search that found nothing ignores first (by chip kind). "Silent" goes
#: before a stated era: "a silent picture made in 2011" is a modern silent film, not one of before 1937.
_RELAX_ORDER = {kind: i for i, kind in enumerate(
    ("genre", "genres", "language", "country", "silent", "era", "runtime", "audience"))}
#: A retold plot's named genre ("a newspaper thriller set in washington") is preferred by this much, not
#: required: catalogs list a film under few genres (*State of Play* is only Action on TMDB).
GENRE_PREFERENCE = 0.03
MAX_QUERY_CHARS = 2000
#: A date, place, language or length a retold plot states inside its story ("keeps flipping between 2000
#: and 2002", "kids sneak into an r rated canadian movie"), or a child of the story read as an audience
#: ("caring for the 11-year-old boy"), lifts the films that fit it by this much.
STORY_PREFERENCE = 0.03
#: The kinds of constraint (chip keys) a retold plot may state inside its story.
_STORY_KINDS = frozenset({"era", "country", "language", "runtime", "silent"})
#: The kinds a short description may state inside its story ("an old man who watches korean dramas"); its
#: language and length describe the film ("a film where the dialogue is in korean", "… where the whole thing
#: is under 90 minutes").
_TOLD_KINDS = frozenset({"era", "country", "silent"})


@dataclass(frozen=True)
class Preference:
    """What a retold plot prefers instead of requiring: genres, and the filters of its story facts."""

    genres: tuple[str, ...] = ()
    fits: tuple[SearchFilters, ...] = ()


def top_k(
    matrix: np.ndarray, query: np.ndarray, k: int, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the ``k`` best cosine scores (best first) and the scores.

    ``mask`` (bool per row) keeps only the rows where it is True.
    """
    n = matrix.shape[0]
    if n == 0 or k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    scores = matrix @ query.astype(np.float32, copy=False)
    if mask is not None:
        scores[~mask] = -np.inf
    k = min(k, n)
    part = np.argpartition(scores, n - k)[n - k :]
    order = part[np.argsort(-scores[part], kind="stable")]
    if mask is not None:
        order = order[np.isfinite(scores[order])]
    return order, scores[order]


@dataclass
class RowAttributes:
    """Catalog attributes aligned with the rows of a vector set."""

    years: np.ndarray
    runtimes: np.ndarray
    genre_bits: np.ndarray
    renown: np.ndarray
    arrays: CatalogArrays
    origins: Origins | None = None

    @classmethod
    def align(cls, arrays: CatalogArrays, ids: np.ndarray, origins: Origins | None = None) -> RowAttributes:
        """Attributes for the rows ``ids``; ``origins`` (if given) is aligned with ``arrays.ids``."""
        pos = np.searchsorted(arrays.ids, ids)
        pos = np.clip(pos, 0, max(len(arrays.ids) - 1, 0))
        known = (arrays.ids[pos] == ids) if len(arrays.ids) else np.zeros(len(ids), dtype=bool)

        def take(values: np.ndarray, missing: object) -> np.ndarray:
            out = values[pos] if len(values) else np.full(len(ids), missing, dtype=values.dtype)
            out = out.copy()
            out[~known] = missing
            return out

        return cls(
            years=take(arrays.years, -1),
            runtimes=take(arrays.runtimes, -1),
            genre_bits=take(arrays.genre_bits, np.uint64(0)),
            renown=take(arrays.renown, 0.0),
            arrays=arrays,
            origins=origins.take(pos, known) if origins is not None else None,
        )

    def mask(self, filters: SearchFilters, ids: np.ndarray) -> np.ndarray | None:
        return filter_mask(
            filters, ids, self.years, self.runtimes, self.genre_bits, self.arrays.genre_names, self.origins
        )


class LocalNearest:
    """Exact top-k over the in-memory matrix, with the catalog filters as a row mask."""

    def __init__(self, matrix: np.ndarray, ids: np.ndarray, attrs: RowAttributes) -> None:
        self.matrix, self.ids, self.attrs = matrix, ids, attrs

    def nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        rows, scores = top_k(self.matrix, vec, k, self.attrs.mask(filters, self.ids))
        return [int(self.ids[r]) for r in rows], [float(s) for s in scores]


class Searcher:
    """Search and "more like this" over one catalog + one verified vector set.

    ``nearest`` ranks vectors (see ``core.nearest``); by default exact search over ``vectors``.
    Ranking (``search_result``): a title the person typed comes first; then every candidate
    scores ``cosine + specific lexical evidence + a small renown prior`` on one scale, so
    the shown score falls with the rank and the order does not depend on ``top``.
    """

    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorSet,
        embed_query: Callable[[str], np.ndarray],
        nearest: NearestBackend | None = None,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        # Page the matrix into RAM once: later queries run at memory speed.
        self.matrix = np.ascontiguousarray(vectors.matrix)
        self.ids = vectors.ids
        self._embed_query = embed_query
        arrays, origins = arrays_store.load_or_build(catalog)  # origins by id, like ``arrays``
        self.origins = Origins.build([o[1] for o in origins], [o[2] for o in origins])
        self.attrs = RowAttributes.align(arrays, self.ids, self.origins)
        self.nearest = nearest or LocalNearest(self.matrix, self.ids, self.attrs)
        years = {int(m): int(y) for m, y in zip(arrays.ids, arrays.years)}
        renown = {int(m): float(r) for m, r in zip(arrays.ids, arrays.renown)}
        # Names, tags and title keys: built once per catalog state and kept beside the catalog.
        lexicon = open_or_build(
            catalog, lambda: (build_people(catalog), build_tags(catalog), title_keys(catalog.titles()))
        )
        self.titles = TitleIndex(*lexicon.title_keys(), years, renown)
        self.evidence = LexicalEvidence(catalog, lexicon)
        self._genre_shares: dict[str, float] | None = None  # genre → share of the catalog's films (themes)
        self._word_leans: dict[str, dict[str, float]] = {}  # theme word → its genre lean (this catalog)

    # ----------------------------------------------------------------- queries
    def search(self, query: str, top: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        """Hits for ``query`` as typed (no constraints parsed out of it)."""
        return self.search_result(query, top, filters, understand=False).hits

    def search_result(
        self,
        query: str,
        top: int = 10,
        filters: SearchFilters | None = None,
        understand: bool = True,
        drop: frozenset[str] = frozenset(),
    ) -> SearchResult:
        """Hits plus what was understood; ``drop`` names chips the person removed.

        When the understood constraints leave nothing, the hits ignore them and ``relaxed`` is True.
        """
        base = filters or SearchFilters()
        query = " ".join((query or "").split())[:MAX_QUERY_CHARS]
        if not query:
            raise UserInputError("Type something to search for (a title, or what you feel like watching).")
        titled = self.titles.find(query)
        # A query that names a film (exactly, or one typo away) is a title: nothing is parsed out of it.
        named = any(strength >= TITLE_IS_QUERY for _, strength in titled)
        parsed = parse_query(query, is_title=lambda _: named) if understand else ParsedQuery(query)
        parsed, prefer = self._softened(parsed, drop)
        kept = parsed.kept(drop)
        hits = self._rank(parsed.text(drop), titled, parsed.filters(base, drop), parsed.avoid(drop), top, prefer)
        chips = tuple(c.chip for c in kept)
        if hits or not kept:
            return SearchResult(hits, chips, False)
        # Nothing fits them all: ignore one constraint if that is enough (the kind of film first, negations
        # last), else all of them.
        for c in sorted(kept, key=lambda c: _RELAX_ORDER.get(c.chip.key.split(":")[0], len(_RELAX_ORDER))):
            less = drop | {c.chip.key}
            hits = self._rank(parsed.text(drop), titled, parsed.filters(base, less), parsed.avoid(less), top, prefer)
            if hits:
                return SearchResult(hits, chips, True, (c.chip,))
        return SearchResult(self._rank(query, titled, base, (), top), chips, True, chips)

    def _softened(self, parsed: ParsedQuery, drop: frozenset[str]) -> tuple[ParsedQuery, Preference]:
        """A retold plot's wanted genres, the dates, places and lengths it states inside its story, a child
        of its story read as an audience and a style of cinema it remembers ("bollywood") become preferences
        (chip "prefer Thriller", "prefer 1950s"), not filters, and so do a date, place or length any query
        hedges ("i think it was from the 80s"; ``core.story_facts``); other queries, a request in the first
        person, negated genres and what a plot states about the film itself are unchanged."""
        kept = parsed.kept(drop)
        text = parsed.text(drop)
        low = parsed.query.lower()
        hedges = [c for c in kept if c.chip.key in _STORY_KINDS and c.spans
                  and all(hedged(low, s) or of_a_character(low, s) for s in c.spans)]
        plot = bool(kept) and self.evidence.is_retold_plot(text, names_count=True)
        genres = tuple(dict.fromkeys(g for c in kept for g in c.filters.genres_all)) if plot else ()
        if genres and not self.evidence.is_retold_plot(text):
            genres = ()
        spans = [s for c in kept for s in c.spans]
        story = [] if not plot or is_request(low) else [
            c for c in kept
            if (c.chip.key in _STORY_KINDS and all(in_story(low, s, [o for o in spans if o not in c.spans])
                                                   for s in c.spans))
            or (c.chip.key == "audience" and any(a_character(low[a:b]) for a, b in c.spans))
            or (c.chip.key == "country" and c.spans and all(a_style(low, s) for s in c.spans))]
        if not plot and not is_request(low):  # a short description: "kids sneak into an r rated canadian movie"
            story = [c for c in kept if c.chip.key in _TOLD_KINDS and c.spans
                     and all(told_in_story(low, s) for s in c.spans)]
        story += [c for c in hedges if c not in story]  # "i think it was from the 80s": a hint, in any query
        if not genres and not story:
            return parsed, Preference()
        softened = []
        for c in parsed.constraints:
            preferred = Chip(c.chip.key, f"prefer {c.chip.label}")
            if c in story:
                c = replace(c, chip=preferred, filters=SearchFilters(), strip=False)
            elif genres and c.filters.genres_all and c in kept:
                c = replace(c, chip=preferred, filters=replace(c.filters, genres_all=()))
            softened.append(c)
        return replace(parsed, constraints=tuple(softened)), Preference(genres, tuple(c.filters for c in story))

    def similar(self, movie: Movie, top: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        filters = filters or SearchFilters()
        vec = self.vectors.vector(movie.id)
        if vec is None:
            raise UserInputError(f"{movie.label} is not in the search index yet.", action=Action.INDEX)
        filters = replace(filters, exclude_ids=frozenset(filters.exclude_ids | {movie.id}))
        ids, scores = self._nearest(np.asarray(vec), top, filters)
        found = self.catalog.get_many(ids)
        pairs = zip(ids, scores, strict=True)
        return [SearchHit(found[m], s, (movie.label,), HitSource.SIMILAR) for m, s in pairs if m in found]

    def _nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        """Ids and cosine scores of the ``k`` films nearest ``vec`` that pass ``filters``, best first.

        The one place vectors are ranked: through the injected ``NearestBackend``.
        """
        return self.nearest.nearest(vec, k, filters)

    def prepare(self) -> None:
        """Build what the first query would otherwise build (the lexical-evidence index)."""
        self.evidence.prepare()

    def with_nearest(self, nearest: NearestBackend) -> Searcher:
        """This searcher's loaded state with another nearest-neighbour backend (e.g. Pinecone)."""
        twin = copy.copy(self)
        twin.nearest = nearest
        return twin

    def score_of(self, movie_id: int, qvec: np.ndarray) -> float:
        v = self.vectors.vector(movie_id)
        return float(v @ qvec) if v is not None else 0.0

    # ----------------------------------------------------------------- ranking
    def _catalog_mask(self, filters: SearchFilters) -> np.ndarray | None:
        """Which catalog films (``arrays.ids`` order) pass ``filters``; ``None`` = all."""
        arrays = self.attrs.arrays
        return filter_mask(
            filters, arrays.ids, arrays.years, arrays.runtimes, arrays.genre_bits, arrays.genre_names, self.origins
        )

    def _passes(self, mask: np.ndarray | None) -> Callable[[int], bool]:
        """Whether a film id passes (``mask`` from ``_catalog_mask``)."""
        if mask is None:
            return lambda _mid: True
        ids = self.attrs.arrays.ids

        def passes(mid: int) -> bool:
            i = int(np.searchsorted(ids, mid))
            return i < len(ids) and int(ids[i]) == mid and bool(mask[i])

        return passes

    def _rank(
        self,
        text: str,
        titled: list[tuple[int, float]],
        filters: SearchFilters,
        avoid: tuple[str, ...],
        top: int,
        prefer: Preference = Preference(),
    ) -> list[SearchHit]:
        mask = self._catalog_mask(filters)
        passes = self._passes(mask)
        scores: dict[int, float] = {}
        via: dict[int, HitSource] = {}
        if _has_content(text):
            found = self.evidence.find(text)
            works = other_works(text.lower()) if found.described else []
            if works:  # a retold plot that names another work ("a sherlock holmes riff"): its words are not evidence
                found = self.evidence.find(without_spans(text, works))
            qvec = self._query_vector(text, found)
            scores, via = self._meaning(text, qvec, found, filters, passes, top, prefer)
        else:  # only constraints ("seventies", "a short comedy for kids"): the best-known films that fit
            arrays = self.attrs.arrays
            rows = np.arange(len(arrays.ids)) if mask is None else np.flatnonzero(mask)
            best = rows[np.argsort(-arrays.renown[rows], kind="stable")[: max(SEMANTIC_POOL, top)]]
            for r in best:
                scores[int(arrays.ids[r])] = float(arrays.renown[r])
                via[int(arrays.ids[r])] = HitSource.POPULAR
        for mid in list(scores):
            scores[mid] += PRIOR_WEIGHT * self._renown(mid)
        ceiling = TITLE_SCORE + 1.0
        for mid, strength in titled:  # in the matcher's order (a stated year first), scores falling with it
            if passes(mid):
                ceiling = min(ceiling - 1e-3, TITLE_SCORE + strength)
                scores[mid] = ceiling
                via[mid] = HitSource.TITLE
        order = sorted(scores, key=lambda m: (-scores[m], m))
        return self._hydrate(order, scores, via, avoid, top)

    def _meaning(
        self,
        text: str,
        qvec: np.ndarray,
        found: Evidence,
        filters: SearchFilters,
        passes: Callable[[int], bool],
        top: int,
        prefer: Preference,
    ) -> tuple[dict[int, float], dict[int, HitSource]]:
        """Candidates scored by meaning: cosine to ``qvec``, specific lexical evidence, preferences, moods
        and themes."""
        scores: dict[int, float] = {}
        via: dict[int, HitSource] = {}
        ids, cosines = self._nearest(qvec, max(SEMANTIC_POOL, top), filters)
        for mid, cos in zip(ids, cosines):
            if passes(mid):  # a remote backend filters on fewer fields than ours
                scores[mid] = cos
                via[mid] = HitSource.SEMANTIC
        gain = _evidence_gain(max(cosines, default=1.0), bool(found.described))
        for mid, bonus in found.bonus.items():
            if mid not in scores:
                if not passes(mid):
                    continue
                scores[mid] = self.score_of(mid, qvec)
                via[mid] = HitSource.KEYWORD
            scores[mid] += bonus * gain
        if prefer.genres:
            self._prefer_genres(prefer.genres, scores)
        for fit in prefer.fits:
            self._prefer_fitting(fit, scores)
        if found.described:  # a retold plot: a second look at the best candidates' stories
            self._plot_rerank(found.described, scores)
        wanted = {} if found.described else mood_genres(text)  # a retold plot's "sad" is the story's
        if wanted:  # "something light", "a film that will make me cry": the genres that carry it
            for mid in scores:
                scores[mid] += MOOD_WEIGHT * mood_fit(self._genres(mid), wanted)
        lean = {} if found.described or not THEME_WEIGHT else self._theme_lean(text)
        if lean:  # "underdog", "gangsters", "space": the genres of the films tagged with the theme
            for mid in scores:
                scores[mid] += THEME_WEIGHT * mood_fit(self._genres(mid), lean)
        return scores, via

    def _theme_lean(self, text: str) -> dict[str, float]:
        """Genre → ±1 from the films tagged with the query's content words (``core.mood.theme_lean``)."""
        arrays = self.attrs.arrays
        if not len(arrays.ids):
            return {}
        if self._genre_shares is None:
            self._genre_shares = {g: n / len(arrays.ids) for g, n in _genre_counts(arrays.genre_bits,
                                                                                   arrays.genre_names).items()}
        words = self.evidence.theme_words(text)
        if len(words) > THEME_MAX_WORDS:
            return {}
        leans = []
        for word in words:
            if word not in self._word_leans:
                if len(self._word_leans) > 20_000:
                    self._word_leans.clear()
                tagged = np.fromiter(self.evidence.tag_films(word), dtype=np.int64)
                pos = np.clip(np.searchsorted(arrays.ids, tagged), 0, len(arrays.ids) - 1)
                pos = pos[arrays.ids[pos] == tagged]  # films of this catalog only
                counts = _genre_counts(arrays.genre_bits[pos], arrays.genre_names)
                self._word_leans[word] = theme_lean(counts, len(pos), self._genre_shares)
            leans.append(self._word_leans[word])
        return merge_leans(leans)

    def _query_vector(self, text: str, found: Evidence) -> np.ndarray:
        """The embedded query; a retold plot naming known people leans toward the story without the names."""
        story = without_names(text, found.names) if found.described and found.names else text
        if story == text or not _has_content(story):
            return self._embed_query(text)
        vec = NAMES_SHARE * self._embed_query(text) + (1.0 - NAMES_SHARE) * self._embed_query(story)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm > 0 else self._embed_query(text)

    def _plot_rerank(self, described: dict[str, float], scores: dict[int, float]) -> None:
        """A retold plot: the best candidates gain by how much of it their stories hold (``coverage``),
        then the very best by the described words that tell them apart (``distinctive``)."""
        leaders = sorted(scores, key=lambda m: (-scores[m], m))[:COVER_DEPTH]
        held = self.evidence.held(described, leaders)
        for mid, share in shares(described, held).items():
            scores[mid] += COVER_WEIGHT * share
        best = sorted(leaders, key=lambda m: (-scores[m], m))[:LOCAL_DEPTH]
        for mid, share in distinctive(described, {m: held.get(m, set()) for m in best}).items():
            scores[mid] += LOCAL_WEIGHT * share

    def _prefer_genres(self, genres: tuple[str, ...], scores: dict[int, float]) -> None:
        """Films of one of ``genres`` gain GENRE_PREFERENCE."""
        arrays = self.attrs.arrays
        bits = np.uint64(genre_mask_bits(genres, arrays.genre_names))
        for mid in scores:
            i = int(np.searchsorted(arrays.ids, mid))
            if i < len(arrays.ids) and int(arrays.ids[i]) == mid and arrays.genre_bits[i] & bits:
                scores[mid] += GENRE_PREFERENCE

    def _prefer_fitting(self, fit: SearchFilters, scores: dict[int, float]) -> None:
        """Films that pass ``fit`` gain STORY_PREFERENCE."""
        passes = self._passes(self._catalog_mask(fit))
        for mid in scores:
            if passes(mid):
                scores[mid] += STORY_PREFERENCE

    def _genres(self, mid: int) -> list[str]:
        arrays = self.attrs.arrays
        i = int(np.searchsorted(arrays.ids, mid))
        if i >= len(arrays.ids) or int(arrays.ids[i]) != mid:
            return []
        bits = int(arrays.genre_bits[i])
        return [name for j, name in enumerate(arrays.genre_names) if bits >> j & 1]

    def _renown(self, mid: int) -> float:
        return self.titles.renown.get(mid, 0.0)

    def _hydrate(
        self,
        order: list[int],
        scores: dict[int, float],
        via: dict[int, HitSource],
        avoid: tuple[str, ...],
        top: int,
    ) -> list[SearchHit]:
        hits: list[SearchHit] = []
        start = 0
        while len(hits) < top and start < len(order):
            chunk = order[start : start + max(top * 2, 20)]
            start += len(chunk)
            movies = self.catalog.get_many(chunk)
            for mid in chunk:
                movie = movies.get(mid)
                if movie is None or (avoid and _mentions(movie, avoid)):
                    continue
                hits.append(SearchHit(movie, round(scores[mid], 6), (), via[mid]))
                if len(hits) >= top:
                    break
        return hits


def _evidence_gain(best_cosine: float, retold_plot: bool) -> float:
    """How much the specific lexical evidence counts: more when the meaning is weak (no film is
    close to the query: the model does not know its key word, e.g. "heist"), up to twice; as is
    for a retold plot, which has its own coverage terms."""
    if retold_plot or best_cosine >= WEAK_MEANING:
        return 1.0
    return min(MAX_EVIDENCE_GAIN, WEAK_MEANING / max(best_cosine, 1e-6))


def _genre_counts(bits: np.ndarray, names: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Genre → how many of the films (their genre bit masks) are of it."""
    return {g: int(np.count_nonzero(bits & np.uint64(1 << j))) for j, g in enumerate(names)}


def _has_content(text: str) -> bool:
    return any(w not in STOP_WORDS and w not in GENERIC for w in normalize_title(text).split())


def _mentions(movie: Movie, words: tuple[str, ...]) -> bool:
    """Whether a film's keywords or title name one of ``words`` ("slasher" avoids slasher films)."""
    stems = [w.lower().rstrip("s") for w in words]
    text = " ".join((*movie.keywords, movie.title, movie.tagline)).lower()
    return any(re.search(rf"\b{re.escape(s)}", text) for s in stems)
