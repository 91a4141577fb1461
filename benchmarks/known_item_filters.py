"""Known items lost to a parsed constraint: where parsing ranks the target worse than the search as typed.

For every query of the known-item sets (TMDB 5000, as ``search_quality.py --tmdb``), ``ours`` is run with
query understanding and without it (``understand=False``). A query is listed when ours misses the top 10
or ranks the target lower than the unparsed search while that one finds it in its top 100; each line shows
the chips understood and, for each, whether the target passes the constraint's filter (``✗`` = removed
by it) and the target's facts (year, genres, countries, languages).

    python benchmarks/known_item_filters.py --work W [--splits dev,dev4] [--starter-people]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import KNOWN_ITEM_SPLITS, QUALITY, know_people, load_jsonl, starter_people, tmdb_home

from movierec_gui.core.query import parse_query
from movierec_gui.core.search import Searcher, movie_passes


def rank(hits: list[int], targets: set[int]) -> int:
    return next((i + 1 for i, m in enumerate(hits) if m in targets), 10**6)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--splits", default=",".join(KNOWN_ITEM_SPLITS))
    ap.add_argument("--starter-people", action="store_true")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    cat, vs, embed = tmdb_home(work)
    searcher = Searcher(cat, vs, embed)
    if args.starter_people:
        know_people(searcher, starter_people())
    total = 0
    for split in (s for s in args.splits.split(",") if s):
        queries = load_jsonl(QUALITY / f"known_items_{split}.jsonl")
        for q in queries:
            targets = {m.id for m in cat.find_title(q["title"], q.get("year"), year_slack=1)}
            if not targets:
                continue
            result = searcher.search_result(q["query"], 100)
            ours = rank([h.movie.id for h in result.hits], targets)
            plain = rank([h.movie.id for h in searcher.search_result(q["query"], 100, understand=False).hits],
                         targets)
            if not (plain <= 100 and (ours > 10 or ours > plain)):
                continue
            total += 1
            film = cat.get_many(sorted(targets))[min(targets)]
            parsed, _ = searcher._softened(parse_query(q["query"]), frozenset())
            marks = [f"{c.chip.label}{'' if movie_passes(film, c.filters) else ' ✗'}" for c in parsed.constraints]
            facts = f"{film.year} · {'/'.join(film.genres)} · {'/'.join(film.countries)} · {'/'.join(film.languages)}"
            print(f"{split:<8} #{ours if ours < 10**6 else '—'} (as typed #{plain})  {film.title} [{facts}]")
            print(f"         understood: {' · '.join(marks) or '—'}{'  (relaxed)' if result.relaxed else ''}")
            print(f"         {q['query']}")
    print(f"{total} queries")


if __name__ == "__main__":
    main()
