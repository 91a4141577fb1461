"""The offline evaluation: protocol details, metrics, and one tiny end-to-end run."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from movierec_gui import cli
from movierec_gui.core.models import Movie
from movierec_gui.eval import movielens as ev
from tests.contract.pinecone_support import FakeEmbedder


def tiny_catalog(ids) -> ev.EvalCatalog:
    movies = [Movie(int(i), f"F{i}", 2000) for i in ids]
    return ev.EvalCatalog(movies, np.array(ids, dtype=np.int64), np.full(len(ids), 2000, dtype=np.int32))


def ratings(rows) -> ev.Ratings:
    u, m, r, t = zip(*rows, strict=True)
    return ev.Ratings(np.array(u, dtype=np.int64), np.array(m, dtype=np.int64), np.array(r, dtype=np.float32),
                      np.array(t, dtype=np.int64))


def test_leave_last_liked_out():
    cat = tiny_catalog([10, 20, 30, 40, 50])
    data = ratings([
        (1, 30, 5.0, 300), (1, 10, 4.0, 100), (1, 20, 2.0, 200), (1, 40, 3.0, 400), (1, 99, 5.0, 350),
        (2, 10, 5.0, 100),  # only one liked film and nothing before it: skipped
        (3, 10, 3.0, 100), (3, 50, 4.5, 100), (3, 20, 4.0, 100),  # a tie in time: film id decides
    ])
    cases = {c.user: c for c in ev.make_cases(data, cat)}
    assert set(cases) == {1, 3}
    one = cases[1]
    assert cat.ids[one.target] == 30  # 99 is not in the catalog; 40 (after it, < 4) is dropped
    assert cat.ids[one.rows].tolist() == [10, 20] and one.ratings.tolist() == [4.0, 2.0]
    assert cat.ids[cases[3].target] == 50 and cat.ids[cases[3].rows].tolist() == [10, 20]
    assert ev.make_cases(data, cat, min_history=3) == []


def test_metrics_count_hits_and_discount_by_rank():
    cases = [ev.Case(1, np.array([0]), np.array([4.0]), np.array([0.0]), target=t) for t in (1, 2, 3, 4)]
    fixed = lambda case, k: np.array([1, 2, 5, 6, 7, 8, 9, 10, 11, 12])  # noqa: E731
    res = ev.evaluate("fixed", fixed, cases, k=10)
    assert res.users == 4 and res.hr == pytest.approx(0.5)
    assert res.ndcg == pytest.approx((1.0 + 1.0 / np.log2(3)) / 4)


def test_baselines_exclude_history():
    matrix = np.eye(6, dtype=np.float32)
    case = ev.Case(1, np.array([0, 1]), np.array([5.0, 5.0]), np.array([0.0, 1.0]), target=2)
    for ranker in (ev.random_ranker(6), ev.popularity_ranker(np.arange(6.0)[::-1].copy()),
                   ev.mean_liked_ranker(matrix)):
        top = ranker(case, 4)
        assert len(top) == 4 and not {0, 1} & set(top.tolist())


@pytest.fixture
def tiny_movielens(shared_data, tmp_path):
    """The first 250 described films and the dev ratings on them (built at test time)."""
    src = shared_data / "movielens-dev"
    movies, kept = tmp_path / "movies.csv", set()
    with (src / "movies_with_text.csv").open(encoding="utf-8", newline="") as fh, movies.open("w", newline="") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["text"].strip() and len(kept) < 250:
                writer.writerow(row)
                kept.add(row["movieId"])
    train, test = tmp_path / "train.csv", tmp_path / "test.csv"
    with (src / "ratings_dev.csv").open(newline="") as fh, train.open("w", newline="") as a, \
            test.open("w", newline="") as b:
        reader = csv.DictReader(fh)
        wa, wb = csv.DictWriter(a, reader.fieldnames), csv.DictWriter(b, reader.fieldnames)
        wa.writeheader()
        wb.writeheader()
        for row in reader:
            if row["movieId"] in kept:
                user = int(row["userId"])
                (wb if user % 4 == 1 else wa).writerow(row)
                if user == 3:  # one test user also in train: must be dropped from train
                    wb.writerow(row)
    return movies, train, test


@pytest.mark.shared_data
def test_run_on_a_tiny_subset(tiny_movielens, tmp_path):
    movies, train, test = tiny_movielens
    report = ev.run_movielens(movies, train, test, FakeEmbedder(dims=32), cache_dir=tmp_path / "cache")
    assert [r.name for r in report.results] == ["random", "popularity", "mean-liked", "movierec"]
    assert report.catalog == 250 and report.test_users > 20 and report.dropped_train_users == 1
    assert all(r.users == report.test_users and 0 <= r.ndcg <= r.hr <= 1 for r in report.results)
    assert list((tmp_path / "cache").glob("eval-*.npy"))  # embedded once, cached
    assert "movierec" in report.table()


@pytest.mark.shared_data
def test_cli_eval_json(tiny_movielens, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: FakeEmbedder(dims=32))
    movies, train, test = tiny_movielens
    code = cli.main(["--home", str(tmp_path / "home"), "eval", "movielens", "--movies", str(movies),
                     "--train-ratings", str(train), "--test-ratings", str(test), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and {r["method"] for r in out["results"]} == {"random", "popularity", "mean-liked", "movierec"}


@pytest.mark.shared_data
def test_cli_eval_json_has_list_measures(tiny_movielens, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: FakeEmbedder(dims=32))
    movies, train, test = tiny_movielens
    cli.main(["--home", str(tmp_path / "home"), "eval", "movielens", "--movies", str(movies),
              "--train-ratings", str(train), "--test-ratings", str(test), "--json"])
    out = json.loads(capsys.readouterr().out)
    by = {r["method"]: r for r in out["results"]}
    for r in by.values():
        assert 0.0 <= r["personalization@10"] <= 1.0 and 0.0 < r["coverage@10"] <= 1.0
        assert 0.0 <= r["popularity_percentile@10"] <= 1.0 and -1.0 <= r["intra_list_similarity@10"] <= 1.0
    assert by["popularity"]["personalization@10"] < by["random"]["personalization@10"]
