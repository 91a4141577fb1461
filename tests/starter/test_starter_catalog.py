"""The project's own starter catalog: size, spread, accuracy and originality."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.starter import checks

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "resources" / "catalog").glob("*.jsonl"))

#: Films whose title the shared catalogs know only as a *different* film (a remake, an
#: unrelated namesake). Checked by hand; the year we give is the right one for our film.
SAME_TITLE_OTHER_FILM = {
    ("Blackmail", 1929),
    ("Henry V", 1944),
    ("Talk to Me", 2022),
    ("Sinners", 2025),
    ("Strike", 1925),
    ("Earth", 1930),
    ("The Snow Queen", 1957),
    ("Black Girl", 1966),
    ("Timbuktu", 2014),
    ("I'm Still Here", 2024),
    ("I Was Born, But...", 1932),
    ("The Goddess", 1934),
    ("The Only Son", 1936),
    ("House", 1977),
    ("Burning", 2018),
    ("Parasite", 2019),
    ("Hi, Mom", 2021),
    ("Monster", 2023),
    # Premiered 1966; MovieLens lists its 1969 Cannes screening.
    ("Andrei Rublev", 1966),
}


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for _, _, e in checks.load_entries(FILES)]


@pytest.fixture(scope="module")
def descriptions() -> list[str]:
    if not checks.SHARED_DATA.exists():
        pytest.skip("../shared/data is not present")
    return list(checks.shared_descriptions())


@pytest.fixture(scope="module")
def years() -> dict[str, set[int]]:
    if not checks.SHARED_DATA.exists():
        pytest.skip("../shared/data is not present")
    return checks.shared_years()


def test_schema_of_every_entry():
    problems = []
    for path, line, entry in checks.load_entries(FILES):
        problems += [f"{Path(path).name}:{line} {entry.get('title')}: {p}" for p in checks.schema_problems(entry)]
    assert not problems, problems[:20]


def test_size_and_spread(entries):
    assert len(entries) >= 1000
    keys = Counter((checks.norm_title(e["title"]), e["year"]) for e in entries)
    assert [k for k, n in keys.items() if n > 1] == []
    decades = {e["year"] // 10 * 10 for e in entries}
    assert set(range(1920, 2030, 10)) <= decades
    genres = Counter(g for e in entries for g in e["genres"])
    assert len([g for g, n in genres.items() if n >= 5]) >= 15
    outside_us = sum("United States" not in e["countries"] for e in entries)
    assert outside_us / len(entries) >= 0.25
    assert genres["Documentary"] >= 20 and genres["Animation"] >= 40
    assert all(0 <= e["renown"] <= 1 for e in entries)


def test_titles_and_years_agree_with_shared_catalogs(entries, years):
    result = checks.check_years(entries, years)
    unexplained = [
        m for m in result.mismatches if not any(m.startswith(f"{t} ({y})") for t, y in SAME_TITLE_OTHER_FILM)
    ]
    assert unexplained == []
    # Most of our films are in the (mostly American) shared catalogs and agree with them.
    assert result.found >= 0.8 * len(entries)


def test_no_synopsis_copies_a_shared_description(entries, descriptions):
    synopses = {f"{e['title']} ({e['year']})": e["synopsis"] for e in entries}
    hits = checks.copied_runs(synopses, descriptions)
    assert hits == {}


def test_originality_check_catches_a_planted_copy(entries, descriptions):
    """Plant a sentence lifted from a shared description; the check must flag exactly it."""
    source = next(t for t in descriptions if len(t.split()) > 30)
    lifted = " ".join(source.split()[5:17])
    planted = dict.fromkeys(["planted"], f"Our own words first, then {lifted} and more of ours.")
    planted["clean"] = entries[0]["synopsis"]
    hits = checks.copied_runs(planted, descriptions)
    assert set(hits) == {"planted"}


def test_spot_check_thirty_random_entries(entries, years):
    """30 random films that the shared catalogs know: title and year must agree."""
    import random

    known = [e for e in entries if years.get(checks.norm_title(e["title"]))]
    sample = random.Random(2026).sample(known, 30)
    result = checks.check_years(sample, years)
    bad = [m for m in result.mismatches if not any(m.startswith(f"{t} ({y})") for t, y in SAME_TITLE_OTHER_FILM)]
    assert bad == [] and result.found + len(result.mismatches) == 30
