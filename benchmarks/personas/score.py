"""P@10, nDCG@10 and sensible "because" lines from ``judgments.json`` and ``runs.json``.

    python benchmarks/personas/score.py [DIR] [--judgments FILE]

``judgments.json``: ``{"grades": {persona: {film: 0|1|2}}, "because": {persona: {film: 0|1}}}``.
P@10 counts a film graded 1 or 2 as relevant; nDCG@10 uses the grade as gain, the ideal
being the best 10 grades among the persona's pooled films.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEMS = ("movierec", "cosine", "popularity")


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("runs_dir", type=Path, nargs="?", default=HERE, help="directory of the runs.json to score")
    ap.add_argument("--personas", type=Path, help="accepted for symmetry with run.py; the personas are runs.json's")
    ap.add_argument("--judgments", type=Path, default=HERE / "judgments.json")
    args = ap.parse_args()
    runs = json.loads((args.runs_dir / "runs.json").read_text(encoding="utf-8"))
    judged = json.loads(args.judgments.read_text(encoding="utf-8"))
    grades, because = judged["grades"], judged.get("because", {})
    table: dict[str, dict[str, tuple[float, float]]] = {}
    for persona, r in runs.items():
        g = grades[persona]
        ideal = dcg(sorted(g.values(), reverse=True)[:10]) or 1.0
        table[persona] = {}
        for s in SYSTEMS:
            unjudged = [f for f in r[s][:10] if f not in g]
            if unjudged:
                print(f"  {persona} / {s}: not judged (counted 0): {'; '.join(unjudged)}")
            gains = [g.get(f, 0) for f in r[s][:10]]
            table[persona][s] = (sum(x >= 1 for x in gains) / max(len(gains), 1), dcg(gains) / ideal)
    print("| persona | " + " | ".join(f"{s} P@10 | {s} nDCG@10" for s in SYSTEMS) + " |")
    print("|---|" + "---|---|" * len(SYSTEMS))
    for persona, row in table.items():
        print(f"| {persona} | " + " | ".join(f"{row[s][0]:.2f} | {row[s][1]:.2f}" for s in SYSTEMS) + " |")
    n = len(table)
    means = {s: (sum(t[s][0] for t in table.values()) / n, sum(t[s][1] for t in table.values()) / n) for s in SYSTEMS}
    print("| **mean** | " + " | ".join(f"**{means[s][0]:.2f}** | **{means[s][1]:.2f}**" for s in SYSTEMS) + " |")
    wins = sum(t["movierec"][1] > t["cosine"][1] for t in table.values())
    ties = sum(t["movierec"][1] == t["cosine"][1] for t in table.values())
    print(f"\nnDCG@10 above the plain cosine for {wins} of {n} personas ({ties} ties)")
    # "because" lines: every pick was judged against the liked film nearest to it; a line is
    # shown when that film is within the threshold. Calibration: sensible share by cosine.
    judged_lines = [(r["nearest_seed"][f][1], ok, bool(r["reasons"].get(f, "").startswith("Because you liked")))
                    for p, r in runs.items() for f, ok in because.get(p, {}).items() if f in r["nearest_seed"]]
    for lo in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        above = [ok for cos, ok, _ in judged_lines if cos >= lo]
        print(f"  nearest liked film at cosine ≥ {lo:.2f}: {len(above)} lines, sensible {sum(above)}/{len(above)}"
              f" = {sum(above) / max(len(above), 1):.0%}")
    shown = [ok for _, ok, presented in judged_lines if presented]
    print(f"because-lines shown by movierec: {len(shown)} of {len(judged_lines)} picks; sensible "
          f"{sum(shown)}/{len(shown)} = {sum(shown) / max(len(shown), 1):.0%}")


if __name__ == "__main__":
    main()
