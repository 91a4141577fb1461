"""`movierec index/search` with the OpenAI embedder, against the loopback stand-in."""

from __future__ import annotations

import json

import pytest

from movierec_gui.cli import main

pytestmark = pytest.mark.contract


@pytest.fixture
def openai_home(openai_standin, tmdb_sample, monkeypatch, tmp_path):
    monkeypatch.setenv("MOVIEREC_EMBEDDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", openai_standin.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", openai_standin.api_key)
    home = tmp_path / "home"
    assert main(["--home", str(home), "catalog", "import", str(tmdb_sample(40))]) == 0
    return home


def test_index_and_search_through_an_openai_compatible_server(openai_home, openai_standin, capsys):
    capsys.readouterr()
    assert main(["--home", str(openai_home), "index", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["embedded"] == 40 and report["embedder"].startswith("compat-127.0.0.1")
    sent = sum(len(r.inputs) for r in openai_standin.requests if r.path.endswith("/embeddings"))
    assert sent >= 40  # two views per film with an overview
    assert main(["--home", str(openai_home), "search", "Avatar", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["title"] == "Avatar"
    # A second run embeds nothing: the cache is per embedder and incremental.
    n = len(openai_standin.requests)
    assert main(["--home", str(openai_home), "index", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["embedded"] == 0
    assert len(openai_standin.requests) - n <= 2  # at most a query, never a re-embed


def test_paid_run_shows_estimate_and_asks(openai_home, monkeypatch, capsys):
    from movierec_gui.core.embedders import openai_api

    monkeypatch.setattr(openai_api, "is_paid", lambda base_url: True)
    monkeypatch.setattr("sys.stdin", None)
    assert main(["--home", str(openai_home), "index"]) == 1
    err = capsys.readouterr().err
    assert "40 films to embed" in err and "tokens" in err and "$0.01" in err and "--yes" in err
    assert main(["--home", str(openai_home), "index", "--yes"]) == 0


def test_refused_key_is_one_line_without_the_key(openai_home, openai_standin, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong-key-123456789")
    assert main(["--home", str(openai_home), "index"]) == 1
    err = capsys.readouterr().err
    assert "sk-wrong" not in err and "123456789" not in err and "Traceback" not in err
    assert err.strip().count("\n") <= 1
