"""Reasons, shelves and "not interested" through ``Services`` and the CLI, on a small synthetic
catalog embedded by a deterministic bag-of-words stand-in (no model, no network)."""

from __future__ import annotations

import json

import pytest

from movierec_gui.core.errors import UserInputError
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.models import EntryKind
from movierec_gui.services import Services
from tests.core.fake_home import fake_home, run_cli

NOIR = "detective murder rain city night gun lies"
SPACE = "starship planet alien galaxy crew orbit"


def records() -> list[RowResult]:
    out = []

    def add(key: str, title: str, year: int, words: str, votes: int, **kw) -> None:
        own = " ".join(f"{key.lower()}w{j}" for j in range(3))
        out.append(RowResult(len(out) + 1, MovieRecord(source="test", key=key, title=title, year=year,
                                                       overview=f"{words} {own}", vote_count=votes, **kw)))

    for i in range(1, 9):
        director = "Ann Dark" if i <= 4 else "Bo Grey"
        add(f"n{i}", f"Noir Case {chr(64 + i)}", 1950 + i, NOIR, 100 - i, directors=[director])
    for i in range(1, 9):
        add(f"s{i}", f"Star Trip {chr(64 + i)}", 1980 + i, SPACE, 200 - i, directors=["Cy Nova"])
    add("q1", "Orbit", 1990, SPACE + " sequel saga", 50, collection="Orbit Collection")
    add("q2", "Orbit 2", 1993, SPACE + " sequel saga", 900, collection="Orbit Collection")
    add("q3", "Orbit 3", 1996, SPACE + " sequel saga", 800, collection="Orbit Collection")
    add("d1", "Noir Case A", 1952, NOIR, 5)  # the same film as n1, from another source, a year off
    return out


@pytest.fixture
def home(tmp_path, monkeypatch):
    return fake_home(tmp_path, monkeypatch, records())


@pytest.fixture
def services(home):
    return Services(home)


run = run_cli


def titles(hits) -> list[str]:
    return [h.movie.title for h in hits]


def test_history_duplicates_never_come_back_and_reasons_follow_the_signal(services):
    services.history_add("Noir Case A", 1951, kind=EntryKind.LIKED)
    services.history_add("Star Trip A", kind=EntryKind.WATCHLIST)
    recs = services.recommend(top=30)
    assert "Noir Case A" not in titles(recs.hits)  # neither the film nor its twin from 1952
    for h in recs.hits:
        assert h.reason in ("", "Because you liked Noir Case A (1951)", "Like Star Trip A (1981), on your watchlist")
        assert "liked Star Trip" not in h.reason
    assert any(h.reason.startswith("Because you liked") for h in recs.hits)


def test_not_interested_sticks_for_film_director_and_series_and_can_be_undone(home, services):
    services.history_add("Noir Case B", kind=EntryKind.LIKED)
    services.history_add("Star Trip B", kind=EntryKind.LIKED)
    c = services.resolve_title("Noir Case C")
    assert services.not_interested([c.id]) == 1 and services.not_interested([c.id]) == 0
    assert c.id in services.hidden_ids()
    assert "Noir Case C" not in titles(services.recommend(top=40).hits)
    d = services.resolve_title("Noir Case D")  # by Ann Dark
    services.not_interested([d.id], "director")
    hidden = services.hidden_ids()
    ann = {services.resolve_title(f"Noir Case {x}").id for x in "BCD"}
    ann.add(services.resolve_title("Noir Case A", 1951).id)
    assert ann <= hidden and services.resolve_title("Noir Case E").id not in hidden
    rec = titles(services.recommend(top=40).hits)
    assert not {"Noir Case A", "Noir Case C", "Noir Case D"} & set(rec)
    o = services.resolve_title("Orbit 2")
    services.not_interested([o.id], "series")
    assert not {"Orbit", "Orbit 2", "Orbit 3"} & set(titles(services.recommend(top=40).hits))
    assert Services(home).hidden_ids() == services.hidden_ids()  # stored, not remembered
    assert services.not_interested([o.id], "series", undo=True) == 1
    assert services.not_interested([d.id], "director", undo=True) == 1
    assert services.hidden_ids() == frozenset({c.id})
    with pytest.raises(UserInputError):
        services.not_interested([c.id], "actor")


def test_series_are_offered_from_their_first_unseen_film(services):
    services.history_add("Star Trip A", kind=EntryKind.LIKED)
    rec = titles(services.recommend(top=40).hits)
    assert "Orbit 2" not in rec and "Orbit 3" not in rec  # the sequels are popular, the original is unseen
    services.history_add("Orbit", rating=4.5)
    rec = titles(services.recommend(top=40).hits)
    assert "Orbit 3" not in rec
    shelf = services.recommend_shelf("series")
    assert titles(shelf.hits) == ["Orbit 2"] and shelf.personal and shelf.title == "Finish the series"


def test_shelves_have_meaning(services):
    services.history_add("Noir Case B", kind=EntryKind.LIKED)
    services.history_add("Star Trip C", rating=5)
    shelves = services.recommend_shelves(per_shelf=5)
    by_key = {s.key: s for s in shelves}
    star = services.resolve_title("Star Trip C")
    because = by_key[f"because:{star.id}"]
    assert because.title == "Because you liked Star Trip C (1983)" and because.personal
    assert all("Star Trip" in t or "Orbit" in t for t in titles(because.hits))
    assert by_key["popular"].title == "Popular picks" and not by_key["popular"].personal
    assert all(h.reason == "Popular pick" for h in by_key["popular"].hits)
    directors = titles(by_key["directors"].hits)
    assert directors and all(services.film(h.movie.id).directors[0] in ("Ann Dark", "Cy Nova")
                             for h in by_key["directors"].hits)
    for s in shelves:
        assert all(a.score >= b.score for a, b in zip(s.hits, s.hits[1:]))  # monotonic with rank
        assert not {"Noir Case B", "Star Trip C"} & set(titles(s.hits))
    assert set(services.shelf_names()) >= {"hidden-gems", "directors", "series", "popular"}
    with pytest.raises(UserInputError):
        services.recommend_shelf("nonsense")


def test_cli_not_interested_and_shelves(home, capsys):
    run(home, capsys, "history", "add", "Noir Case B", "--like")
    code, _, err = run(home, capsys, "history", "not-interested", "Noir Case C")
    assert code == 0 and "will not be suggested" in err
    code, _, err = run(home, capsys, "history", "not-interested", "Noir Case E", "--director")
    assert code == 0 and "Bo Grey" in err
    code, out, _ = run(home, capsys, "history", "not-interested", "--list", "--json")
    assert [(e["scope"], e["title"]) for e in json.loads(out)] == [("film", "Noir Case C"), ("director", "Noir Case E")]
    code, out, _ = run(home, capsys, "recommend", "--top", "40", "--json")
    got = {h["title"] for h in json.loads(out)}
    assert not {"Noir Case C", "Noir Case E", "Noir Case F", "Noir Case G", "Noir Case H"} & got
    assert run(home, capsys, "history", "not-interested", "Noir Case C", "--undo")[0] == 0
    code, out, _ = run(home, capsys, "recommend", "--top", "40", "--json")
    assert "Noir Case C" in {h["title"] for h in json.loads(out)}
    code, out, _ = run(home, capsys, "recommend", "--shelves")
    assert code == 0 and "hidden-gems" in out and "Popular picks" in out and "(not personal)" in out
    code, out, err = run(home, capsys, "recommend", "--shelf", "Popular picks", "--top", "3", "--json")
    assert code == 0 and len(json.loads(out)) == 3
    code, _, err = run(home, capsys, "recommend", "--shelf", "nope")
    assert code != 0 and "No shelf named" in err
    code, out, _ = run(home, capsys, "similar", "Noir Case A", "--year", "1951", "--top", "30", "--json")
    assert "Noir Case E" not in {h["title"] for h in json.loads(out)}
