"""Helpers for the history tests: run the CLI on a home, read the history back."""

from __future__ import annotations

import json

from movierec_gui import cli


def run(home, capsys, *argv):
    code = cli.main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def history_json(home, capsys):
    code, out, _ = run(home, capsys, "history", "list", "--json")
    assert code == 0
    return {e["title"]: e for e in json.loads(out)}


def film_count(home):
    import sqlite3

    con = sqlite3.connect(home / "catalog.sqlite3")
    try:
        return con.execute("SELECT count(*) FROM movies").fetchone()[0]
    finally:
        con.close()
