"""The fixed random sample of TMDB 5000 films behind ``quality/known_items_dev2.jsonl``.

Prints title, year and overview of each sampled film (films with a 20+ word overview, not
already in the dev or holdout known-item sets), for a person to retell the plot in their own
words as a query. The sample is seeded, so it is the same on every run; the queries were
written from this list before any system was run on them.

    python benchmarks/sample_known_items.py [--n 120] [--seed 11] [--splits dev,holdout]

``--splits`` names the existing known-item sets whose films are excluded (default
"dev,holdout", which reproduces the dev2 sample).
dev3 (``quality/known_items_dev3.jsonl``) = ``--n 80 --seed 23 --splits dev,dev2,holdout``, written blind.
dev4 (``quality/known_items_dev4.jsonl``) = ``--n 100 --seed 41 --splits dev,dev2,dev3,holdout``, written blind.
dev5 (``quality/known_items_dev5.jsonl``) = ``--n 100 --seed 53 --splits dev,dev2,dev3,dev4,holdout``, written blind.
dev6 (``quality/known_items_dev6.jsonl``) = ``--n 100 --seed 67 --splits dev,dev2,dev3,dev4,dev5,holdout``, blind.
dev7 (``quality/known_items_dev7.jsonl``) = ``--n 100 --seed 79 --splits dev,dev2,dev3,dev4,dev5,dev6,holdout``, blind.
dev8 (``quality/known_items_dev8.jsonl``) = ``--n 100 --seed 83
--splits dev,dev2,dev3,dev4,dev5,dev6,dev7,holdout``, blind.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "benchmarks" / "quality"
#: ../shared next to the main checkout (a worktree under /work/wt/<name> looks two levels up).
_HOMES = (ROOT.parent, ROOT.parent.parent)
SHARED = next((p / "shared" for p in _HOMES if (p / "shared" / "data").exists()), ROOT.parent / "shared")
TMDB = SHARED / "data" / "tmdb5000" / "tmdb_5000_movies.csv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--splits", default="dev,holdout",
                    help="comma list of known-item sets whose films are excluded")
    args = ap.parse_args()
    used = set()
    for split in [s.strip() for s in args.splits.split(",") if s.strip()]:
        for line in (QUALITY / f"known_items_{split}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                used.add(json.loads(line)["title"].lower())
    with TMDB.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if len(r["overview"].split()) >= 20 and r["title"].lower() not in used]
    rows.sort(key=lambda r: int(r["id"]))
    for r in random.Random(args.seed).sample(rows, args.n):
        print(f"{r['title']}\t{r['release_date'][:4]}\t{r['overview']}")


if __name__ == "__main__":
    main()
