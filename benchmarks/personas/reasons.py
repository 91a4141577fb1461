"""Sensible share of every reason line movierec shows, per kind, from hand grades.

    python benchmarks/personas/reasons.py DIR [DIR …]

``DIR`` holds one ``runs.json`` per persona set (``DIR/tuned/runs.json``, ``DIR/holdout/…`` …
``DIR/holdout5/…``), each written by ``run.py`` on that set's home (``--out DIR/SET --personas
personas_SET.json``). Every line a pick shows — "Because you liked X", "Tagged “heist”, like many
you liked", "A documentary, …", "A film from Italy, …", "A film in Korean, …" — is looked up in
``reasons_graded.json`` (``grades``: "set/persona/film/line" → 1 sensible / 0 not, for that
persona) and counted per kind; lines no grade covers are listed (grade them before reading the
figures). Also checks that the lists of all DIRs are the same films in the same order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = ("tuned", "holdout", "holdout2", "holdout3", "holdout4", "holdout5")


def kind(line: str) -> str:
    """The kind of a reason line ("" → "none")."""
    prefixes = (("Because you liked", "because-liked"), ("Because you watched", "because-watched"),
                ("Tagged", "tag"), ("A film from", "country"), ("A film in", "language"),
                ("Popular pick", "popular"))
    if not line:
        return "none"
    if "on your watchlist" in line:
        return "watchlist"
    return next((k for p, k in prefixes if line.startswith(p)), "form")


def lines_of(folder: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(set, persona) → [(film, reason line)] in list order."""
    out = {}
    for s in SETS:
        runs = json.loads((folder / s / "runs.json").read_text(encoding="utf-8"))
        for persona, r in runs.items():
            out[(s, persona)] = [(f, r["reasons"].get(f, "")) for f in r["movierec"]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", type=Path, nargs="+")
    ap.add_argument("--grades", type=Path, default=HERE / "reasons_graded.json")
    args = ap.parse_args()
    grades = json.loads(args.grades.read_text(encoding="utf-8"))["grades"]
    first = None
    for folder in args.dirs:
        got = lines_of(folder)
        films = {k: [f for f, _ in v] for k, v in got.items()}
        if first is not None and films != first:
            print(f"{folder}: the lists differ from {args.dirs[0]}")
        first = first or films
        counts: dict[str, list[int]] = {}
        ungraded = []
        for (s, persona), picks in got.items():
            for film, line in picks:
                k = kind(line)
                if k == "none":
                    counts.setdefault(k, [0, 0])[1] += 1
                    continue
                g = grades.get(f"{s}/{persona}/{film}/{line}")
                if g is None:
                    ungraded.append(f"{s}/{persona}/{film}/{line}")
                    continue
                for key in (k, "all lines"):
                    counts.setdefault(key, [0, 0])
                    counts[key][0] += g
                    counts[key][1] += 1
        print(f"{folder}:")
        for k, (ok, n) in sorted(counts.items()):
            print(f"  {k:16s} {n:4d} picks" if k == "none" else f"  {k:16s} {ok:4d}/{n:<4d} = {ok / n:6.1%} sensible")
        for u in ungraded:
            print(f"  UNGRADED {u}")


if __name__ == "__main__":
    main()
