"""History and recommendations through ``Services`` and the CLI, on a small synthetic
catalog embedded by a deterministic bag-of-words stand-in (no model, no network)."""

from __future__ import annotations

import json

import pytest

from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.models import EntryKind, SearchFilters
from movierec_gui.services import Services
from tests.core.fake_home import fake_home, run_cli

THEMES = {
    "Noir": "detective murder rain city night gun lies",
    "Space": "starship planet alien galaxy crew orbit",
    "Farm": "tractor harvest barn cows village summer",
}


def records() -> list[RowResult]:
    out, line = [], 0
    for t, (theme, words) in enumerate(THEMES.items()):
        for i in range(1, 9):
            line += 1
            own = " ".join(f"{theme.lower()}{i}x{j}" for j in range(2))  # words only this film has
            out.append(RowResult(line, MovieRecord(
                source="test", key=f"{theme}{i}", title=f"{theme} {i}", year=1960 + 5 * t + i % 4,
                overview=f"{words} {own}", vote_count=10 * (9 - i) + t, vote_average=6.0,
            )))
    # Two films share a title: adding it needs a year.
    out.append(RowResult(line + 1, MovieRecord(source="test", key="twin-a", title="Twin", year=1990,
                                               overview=THEMES["Farm"])))
    out.append(RowResult(line + 2, MovieRecord(source="test", key="twin-b", title="Twin", year=2004,
                                               overview=THEMES["Space"])))
    return out


@pytest.fixture
def home(tmp_path, monkeypatch):
    return fake_home(tmp_path, monkeypatch, records())


@pytest.fixture
def services(home):
    return Services(home)


run = run_cli


def theme(hit) -> str:
    return hit.movie.title.split()[0]


def test_cold_start_offers_popular_films(services):
    recs = services.recommend(top=5)
    assert recs.cold and len(recs.hits) == 5
    assert [h.movie.title for h in recs.hits[:2]] == ["Farm 1", "Space 1"]  # most votes first
    assert all(h.via == "popular" and not h.because for h in recs.hits)


def test_likes_drive_recommendations_and_history_is_hidden(services):
    services.history_add("Noir 1", kind=EntryKind.LIKED)
    services.history_add("Noir 2", rating=5)
    services.history_add("Space 3", kind=EntryKind.DISLIKED)
    services.history_add("Noir 3", kind=EntryKind.WATCHLIST)
    recs = services.recommend(top=4)
    assert not recs.cold and recs.history == 4
    titles = [h.movie.title for h in recs.hits]
    assert {theme(h) for h in recs.hits} == {"Noir"}
    assert not {"Noir 1", "Noir 2", "Noir 3"} & set(titles)
    assert all(set(h.because) <= {"Noir 1 (1961)", "Noir 2 (1962)"} and h.because for h in recs.hits)


def test_filters_apply_to_recommendations(services):
    services.history_add("Noir 1", kind=EntryKind.LIKED)
    recs = services.recommend(top=10, filters=SearchFilters(year_from=1970))
    assert recs.hits and all(h.movie.year >= 1970 for h in recs.hits)


def test_cli_history_round_trip(home, capsys, tmp_path):
    code, _, err = run(home, capsys, "history", "add", "Twin")
    assert code == 1 and "Twin (1990)" in err and "Twin (2004)" in err and "--year" in err
    assert run(home, capsys, "history", "add", "Twin", "--year", "2004", "--rating", "4.5")[0] == 0
    assert run(home, capsys, "history", "add", "Farm 2", "--dislike")[0] == 0
    code, _, err = run(home, capsys, "history", "add", "Farm 3", "--rating", "7")
    assert code == 1 and "0.5–5" in err
    assert run(home, capsys, "history", "add", "No Such Film")[0] == 1
    code, out, _ = run(home, capsys, "history", "list", "--json")
    listed = json.loads(out)
    assert [(e["title"], e["kind"], e["rating"]) for e in listed] == [("Twin", "watched", 4.5),
                                                                      ("Farm 2", "disliked", None)]
    export = tmp_path / "mine.csv"
    assert run(home, capsys, "history", "export", str(export))[0] == 0
    assert run(home, capsys, "history", "remove", "Farm 2")[0] == 0
    assert run(home, capsys, "history", "remove", "Farm 2")[0] == 1
    assert run(home, capsys, "history", "clear", "--yes")[0] == 0
    code, out, err = run(home, capsys, "history", "import", str(export), "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 2 and report["format"] == "csv"
    code, out, err = run(home, capsys, "history", "import", str(export))
    assert "0 added" in err and "2 already known" in err


def test_cli_recommend_json_and_cold_hint(home, capsys):
    code, out, err = run(home, capsys, "recommend", "--top", "3", "--json")
    assert code == 0 and "history add" in err and len(json.loads(out)) == 3
    run(home, capsys, "history", "add", "Space 1", "--like")
    code, out, err = run(home, capsys, "recommend", "--top", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and not err
    assert [set(h) for h in hits] == [{"id", "title", "year", "genres", "score", "because", "reason"}] * 3
    assert all(h["because"] == ["Space 1 (1966)"] for h in hits), hits


def test_cli_similar_hides_watched(home, capsys):
    run(home, capsys, "history", "add", "Noir 2")
    _, out, _ = run(home, capsys, "similar", "Noir 1", "--top", "20", "--json")
    assert "Noir 2" not in {h["title"] for h in json.loads(out)}
    _, out, _ = run(home, capsys, "similar", "Noir 1", "--top", "20", "--json", "--include-watched")
    assert "Noir 2" in {h["title"] for h in json.loads(out)}
