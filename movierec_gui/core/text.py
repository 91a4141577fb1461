"""The text recipe: which string represents a film to the embedding model.

The recipe's version is part of every cache stamp, so changing what goes into the
string (or its order) must bump ``RECIPE_VERSION``; caches built with another version
are rebuilt, never mixed.

Version history
* 1 — the seed's ``title: overview``.
* 2 — title and year, genres, tagline, overview, keywords: gives the model the facts
  people use when they describe a film ("a 90s sci-fi comedy about ...").
* 3 — two views per film, averaged into one unit vector: the recipe-2 text and the
  plot description alone. On our known-item dev queries (benchmarks/search_quality.py,
  TMDB 5000) recall@10 went 0.906 (seed) / 0.847 (v2) → 0.918 and recall@1
  0.565 / 0.600 → 0.694: the facts help queries that name them, the bare plot keeps
  plot paraphrases close.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .models import Movie

RECIPE_VERSION = 3
#: Characters kept per film: ~256 tokens is the model's window; longer text is cut
#: at a sentence boundary so the model sees whole sentences.
MAX_CHARS = 1400


def seed_text(movie: Movie) -> str:
    """Recipe 1, kept for benchmarks that compare against the seed."""
    return f"{movie.title}: {movie.overview}".strip()


def movie_text(movie: Movie) -> str:
    """Recipe 2: what the local and remote embedders see for a film."""
    head = movie.title + (f" ({movie.year})" if movie.year else "")
    if movie.original_title and normalize_title(movie.original_title) != normalize_title(movie.title):
        head += f", also known as {movie.original_title}"
    parts = [head + "."]
    if movie.genres:
        parts.append(", ".join(movie.genres) + ".")
    if movie.tagline:
        parts.append(_sentence(movie.tagline))
    if movie.overview:
        parts.append(_clip(movie.overview.strip(), MAX_CHARS))
    if movie.keywords:
        parts.append("Keywords: " + ", ".join(movie.keywords[:12]) + ".")
    return " ".join(parts)


def movie_views(movie: Movie) -> list[str]:
    """The texts whose embeddings are averaged into the film's vector (recipe 3)."""
    views = [movie_text(movie)]
    if movie.overview.strip():
        views.append(_clip(movie.overview.strip(), MAX_CHARS))
    return views


def content_hash(movie: Movie) -> str:
    """A short digest of exactly what gets embedded (changes iff the vector must)."""
    data = f"{RECIPE_VERSION}\x00" + "\x00".join(movie_views(movie))
    return hashlib.blake2b(data.encode(), digest_size=10).hexdigest()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + "…"


_ARTICLES = ("the ", "a ", "an ")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_TRAILING_ARTICLE = re.compile(r",\s*(the|a|an)\s*$")


def normalize_title(title: str) -> str:
    """Case-, accent- and punctuation-insensitive title key; leading English article dropped.

    ``"The Matrix"``, ``"Matrix, The"`` and ``"the matrix!"`` all give ``"matrix"``.
    """
    t = title or ""
    if not t.isascii():  # accents off (ASCII text has none: the per-character pass is skipped)
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.lower().strip()
    t = _TRAILING_ARTICLE.sub("", t)  # MovieLens writes "Matrix, The"
    t = t.replace("&", " and ").replace("'", "").replace("\u2019", "")
    t = _NON_WORD.sub(" ", t).strip()
    for article in _ARTICLES:
        if t.startswith(article) and len(t) > len(article):
            t = t[len(article) :]
            break
    return t
