"""Coverage, balance and accuracy figures for the starter catalog.

Shared by ``scripts/check_catalog.py`` (which prints them) and the test suite (which holds
them to the targets in the issue). Everything that does not need ``../shared/data`` runs
from the facts committed under ``tests/starter/reference/``:

* ``tmdb5000_facts.tsv`` — id, title, original title, year, runtime, genres and vote count of
  every film in TMDB-5000 (facts only; regenerate with ``check_catalog.py --refresh-reference``);
* ``sight_and_sound_2022.tsv`` — the Sight and Sound 2022 critics' poll top 100;
* ``same_title_other_film.tsv`` — reviewed cases where a shared reference lists a different
  film under one of our titles (the script skips those matches);
* ``series.tsv`` — the films a user expects in each series, or why one is left out;
* ``person_aliases.tsv`` — known wrong spellings of people and the canonical one;
* ``distinct_people.tsv`` — reviewed pairs of different people whose names fold together loosely;
* ``spot_check.tsv`` — the hand verdict on each film of the seeded 100-entry spot check.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.starter import checks

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "resources" / "catalog"
REFERENCE = Path(__file__).resolve().parent / "reference"
TMDB_FACTS = REFERENCE / "tmdb5000_facts.tsv"
SIGHT_AND_SOUND = REFERENCE / "sight_and_sound_2022.tsv"
SERIES = REFERENCE / "series.tsv"
ALIASES = REFERENCE / "person_aliases.tsv"
DISTINCT_PEOPLE = REFERENCE / "distinct_people.tsv"
SPOT_CHECK = REFERENCE / "spot_check.tsv"

#: First-country regions counted together by the issue's "≥ 300 films" target.
REGIONS = {
    "Africa": {
        "Algeria", "Angola", "Benin", "Burkina Faso", "Cameroon", "Chad", "Democratic Republic of the Congo",
        "Egypt", "Ethiopia", "Ghana", "Guinea", "Ivory Coast", "Kenya", "Libya", "Madagascar", "Mali",
        "Mauritania", "Morocco", "Mozambique", "Niger", "Nigeria", "Rwanda", "Senegal", "Somalia",
        "South Africa", "Sudan", "Tanzania", "Tunisia", "Uganda", "Zambia", "Zimbabwe", "Cape Verde",
        "Lesotho", "Botswana", "Namibia", "Gabon", "Republic of the Congo", "Togo", "Eritrea", "Sierra Leone",
    },
    "Middle East": {
        "Iran", "Iraq", "Israel", "Palestine", "Lebanon", "Syria", "Jordan", "Saudi Arabia", "Turkey",
        "Yemen", "United Arab Emirates", "Qatar", "Kuwait", "Bahrain", "Oman", "Afghanistan",
    },
    "South and Southeast Asia": {
        "India", "Pakistan", "Bangladesh", "Sri Lanka", "Nepal", "Bhutan", "Thailand", "Vietnam",
        "Philippines", "Indonesia", "Malaysia", "Singapore", "Cambodia", "Laos", "Myanmar", "Burma",
        "East Timor",
    },
    "Latin America": {
        "Mexico", "Brazil", "Argentina", "Chile", "Colombia", "Peru", "Cuba", "Venezuela", "Uruguay",
        "Bolivia", "Ecuador", "Paraguay", "Guatemala", "Dominican Republic", "Costa Rica", "Panama",
        "Nicaragua", "Honduras", "El Salvador", "Puerto Rico", "Haiti", "Jamaica",
    },
}
REGION_OF = {country: region for region, countries in REGIONS.items() for country in countries}

#: Genre depth targets: (label, predicate, minimum).
DEPTH_TARGETS = {
    "Animation": 120,
    "Documentary": 60,
    "Musical": 50,
    "Western": 50,
    "silent comedy": 25,
}

TARGETS = {
    "films": 3000,
    "tmdb_top300": 0.90,
    "sight_and_sound": 0.95,
    "share_2020s": 0.08,
    "outside_us": 0.45,
    "regions": 300,
    "spearman": 0.85,
    "runtime_within_5": 0.95,
    "genre_overlap": 0.90,
}

# Our vocabulary -> the words the shared references use for the same idea.
_GENRE_SYNONYMS = {
    "Science Fiction": {"science fiction", "sci-fi", "science-fiction"},
    "Film Noir": {"film-noir", "film noir", "noir", "crime", "thriller", "mystery", "drama"},
    "Biography": {"biography", "biographical", "drama", "history"},
    "Musical": {"musical", "music"},
    "Music": {"music", "musical", "documentary"},
    "Sport": {"sport", "sports", "drama"},
    "Family": {"family", "children"},
    "History": {"history", "historical", "war", "drama"},
}


def load_catalog(paths: Iterable[Path] | None = None) -> list[dict]:
    files = sorted(paths) if paths is not None else sorted(CATALOG.glob("*.jsonl"))
    out = []
    for path, line, entry in checks.load_entries(files):
        entry = dict(entry)
        entry["_file"], entry["_line"] = Path(path).name, line
        out.append(entry)
    return out


def _rows(path: Path) -> list[list[str]]:
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not (line.startswith("# ") or line.strip() == "#")
    ]


# ------------------------------------------------------------------ reference facts


@dataclass(frozen=True)
class RefFilm:
    title: str
    year: int
    original_title: str = ""
    runtime: int = 0
    genres: tuple[str, ...] = ()
    votes: int = 0
    ident: str = ""


def tmdb_films(path: Path = TMDB_FACTS) -> list[RefFilm]:
    out = []
    for row in _rows(path):
        ident, title, original, year, runtime, genres, votes = row[:7]
        out.append(
            RefFilm(title, int(year), original, int(runtime or 0), tuple(g for g in genres.split("|") if g),
                    int(votes), ident)
        )
    return out


def refresh_tmdb_facts(shared: Path = checks.SHARED_DATA, path: Path = TMDB_FACTS) -> int:
    """Write the TMDB-5000 facts (no descriptions) from ../shared/data; returns the row count."""
    rows = []
    with open(shared / "tmdb5000" / "tmdb_5000_movies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["release_date"][:4].isdigit():
                continue
            genres = "|".join(g["name"] for g in json.loads(row["genres"] or "[]"))
            runtime = str(int(float(row["runtime"]))) if row["runtime"] else "0"
            clean = [re.sub(r"[\t\r\n]+", " ", x) for x in (row["title"], row["original_title"])]
            rows.append([row["id"], clean[0], clean[1], row["release_date"][:4], runtime, genres, row["vote_count"]])
    rows.sort(key=lambda r: (-int(r[6]), r[1]))
    header = (
        "# TMDB-5000 facts for the catalog checks (no descriptions): id, title, original title, year of release,\n"
        "# runtime in minutes (0 = unknown), genres, vote count. Generated by scripts/check_catalog.py"
        " --refresh-reference\n"
    )
    path.write_text(header + "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return len(rows)


def tmdb_top(n: int = 300, films: list[RefFilm] | None = None) -> list[RefFilm]:
    films = films if films is not None else tmdb_films()
    return sorted(films, key=lambda f: (-f.votes, f.title))[:n]


def sight_and_sound(path: Path = SIGHT_AND_SOUND) -> list[RefFilm]:
    return [RefFilm(title, int(year), ident=rank) for rank, title, year, *_ in _rows(path)]


def same_title_other_film() -> set[tuple[str, int]]:
    return checks.same_title_other_film()


# ------------------------------------------------------------------ matching


def _titles(entry: dict) -> set[str]:
    out = {checks.norm_title(entry["title"])}
    if entry.get("original_title"):
        out.add(checks.norm_title(entry["original_title"]))
    # "Dr. Strangelove or: How I Learned ..." and "Sunrise: A Song of Two Humans" are also known by the short form
    for t in (entry["title"], entry.get("original_title") or ""):
        for sep in (":", " or "):
            if sep in t:
                out.add(checks.norm_title(t.split(sep)[0]))
    return {t for t in out if t}


def _ref_titles(film: RefFilm) -> set[str]:
    out = {checks.norm_title(film.title)}
    if film.original_title:
        out.add(checks.norm_title(film.original_title))
    return {t for t in out if t}


class Index:
    """Catalog entries by normalized title (title, original title and pre-colon short form)."""

    def __init__(self, entries: list[dict]):
        self.by_title: dict[str, list[dict]] = defaultdict(list)
        for e in entries:
            for t in _titles(e):
                self.by_title[t].append(e)

    def find(self, film: RefFilm, tolerance: int = 1) -> dict | None:
        best = None
        for t in _ref_titles(film):
            for e in self.by_title.get(t, ()):
                if abs(e["year"] - film.year) <= tolerance and (best is None or abs(e["year"] - film.year) < abs(
                    best["year"] - film.year
                )):
                    best = e
        return best


def coverage(entries: list[dict], films: list[RefFilm]) -> tuple[float, list[RefFilm]]:
    index = Index(entries)
    missing = [f for f in films if index.find(f) is None]
    return (1 - len(missing) / len(films) if films else 1.0), missing


def matched_tmdb(entries: list[dict], films: list[RefFilm] | None = None) -> list[tuple[dict, RefFilm]]:
    """Pairs (our entry, TMDB film) for films in both, skipping reviewed same-title-other-film cases."""
    films = films if films is not None else tmdb_films()
    reviewed = same_title_other_film()
    by_title: dict[str, list[RefFilm]] = defaultdict(list)
    for f in films:
        for t in _ref_titles(f):
            by_title[t].append(f)
    pairs = []
    for e in entries:
        if (checks.norm_title(e["title"]), e["year"]) in reviewed:
            continue
        cands = {f.ident: f for t in _titles(e) for f in by_title.get(t, ()) if abs(f.year - e["year"]) <= 1}
        if cands:
            pairs.append((e, min(cands.values(), key=lambda f: (abs(f.year - e["year"]), -f.votes))))
    return pairs


# ------------------------------------------------------------------ balance


def decade_counts(entries: list[dict]) -> Counter:
    return Counter(e["year"] // 10 * 10 for e in entries)


def share(entries: list[dict], pred) -> float:
    return sum(1 for e in entries if pred(e)) / len(entries) if entries else 0.0


def region_counts(entries: list[dict]) -> Counter:
    return Counter(REGION_OF[e["countries"][0]] for e in entries if e["countries"] and e["countries"][0] in REGION_OF)


def genre_depth(entries: list[dict]) -> dict[str, int]:
    g = Counter(x for e in entries for x in e["genres"])
    return {
        "Animation": g["Animation"],
        "Documentary": g["Documentary"],
        "Musical": g["Musical"],
        "Western": g["Western"],
        "silent comedy": sum(1 for e in entries if e.get("silent") and "Comedy" in e["genres"]),
    }


# ------------------------------------------------------------------ series


@dataclass
class SeriesReport:
    missing: list[str] = field(default_factory=list)  # expected member absent
    orphans: list[str] = field(default_factory=list)  # title looks like a sequel, original absent
    sizes: dict[str, int] = field(default_factory=dict)


_SEQUEL = re.compile(
    r"^(?P<base>.+?)(?:\s+(?:Part\s+)?(?:2|3|4|5|6|II|III|IV|V|VI|Two|Three)|:\s+Part\s+\w+|\s+Chapter\s+\w+)$",
    re.IGNORECASE,
)


def series_report(entries: list[dict], ref_path: Path = SERIES, ref_films: list[RefFilm] | None = None) -> SeriesReport:
    rep = SeriesReport()
    index = Index(entries)
    coll = defaultdict(list)
    for e in entries:
        if e.get("collection"):
            coll[e["collection"]].append(e)
    rep.sizes = {k: len(v) for k, v in sorted(coll.items())}
    # (a) the reviewed list of what a user expects in each series
    expected: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for row in _rows(ref_path):
        name, title, year, *rest = row
        expected[name].append((title, int(year), rest[0] if rest else ""))
    for name, members in expected.items():
        present = [m for m in members if index.find(RefFilm(m[0], m[1]))]
        if not present and name not in coll:
            continue
        for title, year, reason in members:
            if not reason and not index.find(RefFilm(title, year)):
                rep.missing.append(f"{name}: {title} ({year})")
    # (b) titles that look like a sequel ("2", "Part II", "Chapter 3", or "Base: Subtitle" where Base is
    # an earlier film in the references) whose original is absent
    known_earlier: dict[str, int] = {}
    for f in ref_films if ref_films is not None else tmdb_films():
        t = checks.norm_title(f.title)
        known_earlier[t] = min(known_earlier.get(t, 9999), f.year)
    titles = {t: e for e in entries for t in _titles(e)}
    listed = {checks.norm_title(m[0]) for ms in expected.values() for m in ms if m[2]}
    for e in entries:
        base, explicit = None, False
        m = _SEQUEL.match(e["title"])
        if m:
            base = m.group("base").strip(" -–—:,")
            explicit = bool(re.search(r"\b(Part|Chapter)\b", e["title"], re.IGNORECASE))
        elif ": " in e["title"]:
            base = e["title"].split(": ")[0]
        if not base:
            continue
        nb = checks.norm_title(base)
        # a bare number or subtitle only counts when the base title is an earlier film in the references
        if not explicit and not (nb in known_earlier and known_earlier[nb] < e["year"]):
            continue
        if nb in titles or nb in listed:
            continue
        siblings = [x for x in coll.get(e.get("collection") or "", []) if x is not e and x["year"] <= e["year"]]
        if siblings:
            continue
        rep.orphans.append(f"{e['title']} ({e['year']}): no {base!r} and no earlier film of its series")
    return rep


# ------------------------------------------------------------------ people


def person_aliases(path: Path = ALIASES) -> dict[str, str]:
    return {row[0]: row[1] for row in _rows(path)}


def person_names(entries: list[dict]) -> Counter:
    return Counter(p for e in entries for p in [*e.get("directors", []), *e.get("cast", [])])


def distinct_people(path: Path = DISTINCT_PEOPLE) -> set[frozenset[str]]:
    """Reviewed pairs of names that fold together loosely but belong to different people."""
    return {frozenset(row[:2]) for row in _rows(path)}


def near_duplicate_names(names: Iterable[str], distinct: set[frozenset[str]] | None = None) -> list[str]:
    """Groups of spellings that share a loose key (accents, initials, word order ignored),
    minus the pairs reviewed as different people."""
    distinct = distinct if distinct is not None else distinct_people()
    by_key: dict[str, set[str]] = defaultdict(set)
    for n in names:
        by_key[checks.loose_person_key(n)].add(n)
    out = []
    for group in by_key.values():
        items = sorted(group)
        pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :] if frozenset((a, b)) not in distinct]
        if pairs:
            out.append(" / ".join(items))
    return out


def name_problems(entries: list[dict]) -> tuple[list[str], list[str]]:
    """(definite, possible): spellings that fold to one key, near-duplicates (initials, word order)
    not reviewed as different people, or known aliases; near misses to review."""
    names = person_names(entries)
    by_key: dict[str, set[str]] = defaultdict(set)
    for n in names:
        by_key[checks.person_key(n)].add(n)
    definite = [" / ".join(sorted(v)) for v in by_key.values() if len(v) > 1]
    definite += [g for g in near_duplicate_names(names) if g not in definite]
    aliases = person_aliases()
    definite += [f"{n} (write {aliases[n]})" for n in names if n in aliases]
    # possible: same surname, first names that share a prefix ("Charles"/"Charlie"), or initials vs full name
    by_surname: dict[str, set[str]] = defaultdict(set)
    for n in names:
        parts = checks.person_key(n.replace(".", ". ")) and n.replace(".", " ").split()
        if len(parts) >= 2:
            by_surname[checks.person_key(parts[-1])].add(n)
    possible = []
    for group in by_surname.values():
        items = sorted(group)
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                fa, fb = a.replace(".", " ").split()[0].lower(), b.replace(".", " ").split()[0].lower()
                if fa != fb and (fa[:4] == fb[:4] or (len(fa) == 1 and fb.startswith(fa)) or (
                    len(fb) == 1 and fa.startswith(fb))):
                    possible.append(f"{a} / {b}")
    return sorted(definite), sorted(possible)


# ------------------------------------------------------------------ accuracy


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return r

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return cov / (vx * vy) if vx and vy else 0.0


def renown_spearman(entries: list[dict], films: list[RefFilm] | None = None) -> tuple[float, int]:
    pairs = [(e, f) for e, f in matched_tmdb(entries, films) if f.votes > 0]
    if len(pairs) < 3:
        return 0.0, len(pairs)
    return spearman([e["renown"] for e, _ in pairs], [f.votes for _, f in pairs]), len(pairs)


def genre_agrees(ours: list[str], theirs: Iterable[str]) -> bool:
    theirs_l = {t.lower().replace("_", " ") for t in theirs}
    for g in ours:
        words = _GENRE_SYNONYMS.get(g, set()) | {g.lower()}
        if words & theirs_l:
            return True
    return False


@dataclass
class Accuracy:
    runtime_checked: int = 0
    runtime_off: list[str] = field(default_factory=list)
    genre_checked: int = 0
    genre_off: list[str] = field(default_factory=list)
    year_checked: int = 0
    year_off: list[str] = field(default_factory=list)


def accuracy_tmdb(entries: list[dict], films: list[RefFilm] | None = None, tolerance: int = 5) -> Accuracy:
    acc = Accuracy()
    for e, f in matched_tmdb(entries, films):
        acc.year_checked += 1
        if abs(e["year"] - f.year) > 1:
            acc.year_off.append(f"{e['title']} ({e['year']}): TMDB {f.year}")
        if f.runtime > 0:
            acc.runtime_checked += 1
            if abs(e["runtime"] - f.runtime) > tolerance:
                acc.runtime_off.append(f"{e['title']} ({e['year']}): ours {e['runtime']}, TMDB {f.runtime}")
        if f.genres:
            acc.genre_checked += 1
            if not genre_agrees(e["genres"], f.genres):
                acc.genre_off.append(f"{e['title']} ({e['year']}): ours {e['genres']}, TMDB {list(f.genres)}")
    return acc


def accuracy_shared(entries: list[dict], shared: Path = checks.SHARED_DATA) -> dict[str, Accuracy]:
    """Year and genre agreement with the Wikipedia (American films) and MovieLens data in ../shared/data."""
    reviewed = same_title_other_film()
    wiki: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for path in sorted((shared / "wikipedia-movie-data").glob("movies-*.json")):
        for film in json.loads(path.read_text(encoding="utf-8")):
            wiki[checks.norm_title(film["title"])].append((int(film["year"]), film.get("genres") or []))
    ml: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    with open(shared / "movielens-dev" / "movies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parsed = checks.movielens_titles(row["title"])
            if parsed:
                for part in parsed[0]:
                    ml[checks.norm_title(part)].append((parsed[1], row["genres"].split("|")))
    out = {}
    for name, table in (("wikipedia", wiki), ("movielens", ml)):
        acc = Accuracy()
        for e in entries:
            if (checks.norm_title(e["title"]), e["year"]) in reviewed:
                continue
            cands = [c for t in _titles(e) for c in table.get(t, ())]
            if not cands:
                continue
            near = [c for c in cands if abs(c[0] - e["year"]) <= 1]
            acc.year_checked += 1
            if not near:
                acc.year_off.append(f"{e['title']} ({e['year']}): {name} {sorted({c[0] for c in cands})}")
                continue
            genres = [g for c in near for g in c[1] if g and g != "(no genres listed)"]
            if genres:
                acc.genre_checked += 1
                if not genre_agrees(e["genres"], genres):
                    theirs = sorted(set(genres))
                    acc.genre_off.append(f"{e['title']} ({e['year']}): ours {e['genres']}, {name} {theirs}")
        out[name] = acc
    return out


# ------------------------------------------------------------------ spot check

SPOT_CHECK_SEED = "2026"


def spot_check_sample(entries: list[dict], n: int = 100, seed: str = SPOT_CHECK_SEED) -> list[dict]:
    """The seeded random sample for the hand spot check: the n entries with the smallest
    sha256(seed:normalized title:year). Stable as the catalog grows (a new film displaces at most one)."""
    import hashlib

    def key(e: dict) -> str:
        return hashlib.sha256(f"{seed}:{checks.norm_title(e['title'])}:{e['year']}".encode()).hexdigest()

    return sorted(entries, key=key)[:n]


VERDICTS = ("ok", "minor", "fixed")


def spot_check_verdicts(path: Path = SPOT_CHECK) -> dict[tuple[str, int], tuple[str, str]]:
    """(normalized title, year) -> (verdict, what was checked or changed), from the reviewed file."""
    return {(checks.norm_title(r[0]), int(r[1])): (r[2], r[3] if len(r) > 3 else "") for r in _rows(path)}


def spot_check_table(entries: list[dict]) -> list[str]:
    """The README's spot-check table: one Markdown row per sampled film with its hand verdict."""
    verdicts = spot_check_verdicts()
    rows = [
        "| # | title | year | directors | runtime | genres | country | file | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, e in enumerate(spot_check_sample(entries), 1):
        verdict, why = verdicts.get((checks.norm_title(e["title"]), e["year"]), ("NOT YET JUDGED", ""))
        cells = [str(i), e["title"], str(e["year"]), ", ".join(e["directors"]), str(e["runtime"]),
                 ", ".join(e["genres"]), e["countries"][0], e["_file"], f"{verdict}: {why}" if why else verdict]
        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return rows


# ------------------------------------------------------------------ duplicates


def duplicates(entries: list[dict]) -> list[str]:
    """Pairs with the same normalized title and years at most one apart, across or within files."""
    by_title: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        by_title[checks.norm_title(e["title"])].append(e)
    out = []
    for group in by_title.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if abs(a["year"] - b["year"]) <= 1:
                    out.append(
                        f"{a['title']} ({a['year']}) {a.get('_file')}:{a.get('_line')} = "
                        f"{b['title']} ({b['year']}) {b.get('_file')}:{b.get('_line')}"
                    )
    return out
