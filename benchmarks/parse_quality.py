"""How well the query parser reads the constraints a query states (issue 11).

Parses every query of a parse set (``quality/parse_dev.jsonl``: queries with the exact
constraints a careful reader takes from them, ``{}`` when none) with the engine's parser
— ``core.query.parse_query``, asked the way ``Searcher.search_result`` asks it: a query
the catalog's title index names (``TITLE_IS_QUERY``) is a title and is not parsed — and
compares field by field: years and runtimes exactly, genres / countries / languages as
sets, the audience by name, avoided topics by word. Prints the accuracy per field, the
queries parsed exactly right, the false constraints on queries that state none, every
mismatch, and how long one parse takes.

    python benchmarks/parse_quality.py                      # the parser alone (no title index)
    python benchmarks/parse_quality.py --home /tmp/starter  # with that home's catalog titles, as search does

The set is dated: relative eras ("the last decade", "new releases") are read as of
``--year`` (2026, the year it was written).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from movierec_gui.core.query import ParsedQuery, parse_query

HERE = Path(__file__).resolve().parent
EXACT = ("year_from", "year_to", "runtime_min", "runtime_max", "audience")
SETS = ("genres", "genres_all", "genres_not", "countries", "countries_not", "languages", "languages_not")
FIELDS = (*EXACT, *SETS, "avoid")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def title_test(home: Path | None) -> Callable[[str], bool] | None:
    """``is_title`` as ``Searcher.search_result`` decides it, over ``home``'s catalog (None: no index)."""
    if home is None:
        return None
    from movierec_gui.core.catalog import Catalog
    from movierec_gui.core.matching import TitleIndex
    from movierec_gui.core.search import TITLE_IS_QUERY

    cat = Catalog(home / "catalog.sqlite3")
    titles = TitleIndex.build(cat.titles(), {}, {})
    return lambda q: any(strength >= TITLE_IS_QUERY for _, strength in titles.find(q))


def understood(parsed: ParsedQuery) -> dict[str, object]:
    """The parse as an ``expect`` record (empty fields left out)."""
    f = parsed.filters()
    out: dict[str, object] = {k: getattr(f, k) for k in EXACT if getattr(f, k) is not None}
    out.update({k: sorted(getattr(f, k)) for k in SETS if getattr(f, k)})
    if parsed.avoid():
        out["avoid"] = sorted(parsed.avoid())
    return out


def _topic(word: str) -> str:
    w = word.lower().strip()
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _avoid_same(want: list[str], got: list[str]) -> bool:
    """Each expected topic word is avoided, and nothing else (a word matches a longer form of it)."""
    w, g = [_topic(x) for x in want], [_topic(x) for x in got]

    def hit(a: str, bs: list[str]) -> bool:
        return any(a in b or b in a for b in bs)

    return all(hit(a, g) for a in w) and all(hit(b, w) for b in g)


def field_ok(name: str, want: object, got: object) -> bool:
    if name == "avoid":
        return _avoid_same(list(want or []), list(got or []))  # type: ignore[call-overload]
    if name in SETS:
        return {str(x).lower() for x in want or []} == {str(x).lower() for x in got or []}  # type: ignore[attr-defined]
    return want == got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=HERE / "quality" / "parse_dev.jsonl")
    ap.add_argument("--home", type=Path, help="a MovieRec home: its catalog's titles are not parsed")
    ap.add_argument("--year", type=int, default=2026, help="the year relative eras are read in")
    ap.add_argument("--quiet", action="store_true", help="figures only, no mismatch list")
    args = ap.parse_args()

    rows = load_jsonl(args.set)
    is_title = title_test(args.home)
    right = {k: 0 for k in FIELDS}
    stated = {k: 0 for k in FIELDS}
    stated_right = {k: 0 for k in FIELDS}
    false_on_unstated = {k: 0 for k in FIELDS}
    exact = 0
    none_sets = none_false = 0
    misses: list[str] = []
    for row in rows:
        q, want = row["query"], row.get("expect", {})
        got = understood(parse_query(q, is_title=is_title, this_year=args.year))
        bad = []
        for k in FIELDS:
            ok = field_ok(k, want.get(k), got.get(k))
            right[k] += ok
            if k in want:
                stated[k] += 1
                stated_right[k] += ok
            elif not ok:
                false_on_unstated[k] += 1
            if not ok:
                bad.append(k)
        exact += not bad
        if not want:
            none_sets += 1
            none_false += bool(got)
        if bad:
            misses.append(f"  {q!r}\n      want {json.dumps(want, ensure_ascii=False)}\n"
                          f"      got  {json.dumps(got, ensure_ascii=False)}   [{', '.join(bad)}]")

    n = len(rows)
    index = f"yes ({args.home})" if args.home else "no"
    print(f"parse set {args.set.name}: {n} queries, title index: {index}")
    print(f"{'field':12} {'right':>7} {'stated: right':>16} {'false when unstated':>20}")
    for k in FIELDS:
        print(f"{k:12} {right[k] / n:7.1%} {stated_right[k]:>8}/{stated[k]:<7} {false_on_unstated[k]:>20}")
    print(f"queries parsed exactly right: {exact}/{n} ({exact / n:.1%})")
    print(f"no-constraint queries given a false constraint: {none_false}/{none_sets}")

    # The parser's own cost (no title index): median and worst of the per-query medians.
    times = []
    for row in rows:
        one = []
        for _ in range(15):
            t0 = time.perf_counter()
            parse_query(row["query"], this_year=args.year)
            one.append(time.perf_counter() - t0)
        times.append(statistics.median(one))
    times.sort()
    print(f"parse time per query: p50 {times[n // 2] * 1e6:.0f} µs, p95 {times[int(n * 0.95)] * 1e6:.0f} µs, "
          f"max {times[-1] * 1e6:.0f} µs")
    if misses and not args.quiet:
        print(f"\nmismatches ({len(misses)}):")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
