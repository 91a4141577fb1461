"""Print the starter catalog's coverage, balance and accuracy figures (reproducible).

    python scripts/check_catalog.py                 # all figures, from resources/catalog/*.jsonl
    python scripts/check_catalog.py --details       # also list every miss, mismatch and suspect name
    python scripts/check_catalog.py --spot-check    # the seeded 100-entry spot check with the hand verdicts
    python scripts/check_catalog.py --write-readme  # refresh the measured parts of resources/catalog/README.md
    python scripts/check_catalog.py --refresh-reference   # rewrite tests/starter/reference/tmdb5000_facts.tsv

The figures use the facts committed in tests/starter/reference/ (TMDB-5000 titles, years, runtimes,
genres and vote counts; the Sight and Sound 2022 critics' top 100; the reviewed list of
same-title-other-film cases; the series list). Year and genre agreement with the Wikipedia and
MovieLens data needs ../shared/data (or MOVIEREC_SHARED_DATA=/path/to/shared/data, e.g. from a git
worktree) and is skipped without it. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.starter import checks, metrics

README = metrics.CATALOG / "README.md"


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true", help="list every miss and mismatch")
    ap.add_argument("--refresh-reference", action="store_true", help="regenerate tmdb5000_facts.tsv from ../shared")
    ap.add_argument("--spot-check", action="store_true",
                    help="print the seeded 100-entry spot check with the verdicts in reference/spot_check.tsv")
    ap.add_argument("files", nargs="*", type=Path, help="catalog files (default: resources/catalog/*.jsonl)")
    ap.add_argument("--write-readme", action="store_true",
                    help="also rewrite the generated parts of resources/catalog/README.md (file counts, figures, "
                         "spot-check table)")
    args = ap.parse_args(argv)
    if args.write_readme:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            status = main([str(f) for f in args.files])
        print(buf.getvalue(), end="")
        write_readme(metrics.load_catalog(args.files or None), buf.getvalue())
        print(f"rewrote the generated parts of {README}")
        return status
    if args.refresh_reference:
        n = metrics.refresh_tmdb_facts()
        print(f"wrote {n} TMDB facts to {metrics.TMDB_FACTS}")
        return 0

    entries = metrics.load_catalog(args.files or None)
    if args.spot_check:
        rows = metrics.spot_check_table(entries)
        print("\n".join(rows))
        counts = Counter(r.split(" | ")[-1].split(":")[0].strip(" |") for r in rows[2:])
        print("\nverdicts: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
        if args.details:
            for e in metrics.spot_check_sample(entries):
                print(f"\n{e['title']} ({e['year']}): {e['synopsis']}\n  note: {e['note']}")
        return 0
    t = metrics.TARGETS
    missed = []

    def target(ok: bool, label: str) -> str:
        if not ok:
            missed.append(label)
        return "ok" if ok else "BELOW TARGET"

    def more(items: list[str], limit: int = 15) -> None:
        shown = items if args.details else items[:limit]
        for x in shown:
            print(f"      {x}")
        if len(items) > len(shown):
            print(f"      … {len(items) - len(shown)} more (--details)")

    files = sorted({e["_file"] for e in entries})
    print("== counts")
    for f in files:
        print(f"  {f}: {sum(1 for e in entries if e['_file'] == f)}")
    print(f"  films: {len(entries)} (target ≥ {t['films']}: {target(len(entries) >= t['films'], 'films')})")
    schema = [f"{e['_file']}:{e['_line']} {e.get('title')}: {p}" for e in entries for p in checks.schema_problems(
        {k: v for k, v in e.items() if not k.startswith("_")})]
    print(f"  schema v2 problems: {len(schema)} ({target(not schema, 'schema')})")
    more(schema)

    films = metrics.tmdb_films()
    print("== coverage")
    cov, miss = metrics.coverage(entries, metrics.tmdb_top(300, films))
    print(f"  TMDB-5000 top 300 by vote count: {pct(cov)} (target ≥ 90 %: {target(cov >= t['tmdb_top300'], 'tmdb')})")
    more([f"{f.title} ({f.year}, {f.votes} votes)" for f in miss])
    ss = metrics.sight_and_sound()
    cov, miss = metrics.coverage(entries, ss)
    print(f"  Sight and Sound 2022 critics' top 100 ({len(ss)} films): {pct(cov)} "
          f"(target ≥ 95 %: {target(cov >= t['sight_and_sound'], 'sight and sound')})")
    more([f"#{f.ident} {f.title} ({f.year})" for f in miss])

    print("== balance")
    decades = metrics.decade_counts(entries)
    print("  decades: " + ", ".join(f"{d}s {n}" for d, n in sorted(decades.items())))
    gaps = [d for d in range(1920, 2030, 10) if not decades.get(d)]
    print(f"  every decade from the 1920s: {target(not gaps, 'decades')}" + (f" (missing {gaps})" if gaps else ""))
    s20 = metrics.share(entries, lambda e: e["year"] >= 2020)
    print(f"  2020s share: {pct(s20)} (target ≥ 8 %: {target(s20 >= t['share_2020s'], '2020s')})")
    out_us = metrics.share(entries, lambda e: e["countries"][0] != "United States")
    print(f"  first country outside the US: {pct(out_us)} (target ≥ 45 %: {target(out_us >= t['outside_us'], 'us')})")
    regions = metrics.region_counts(entries)
    n_reg = sum(regions.values())
    print(f"  Africa + Middle East + South & Southeast Asia + Latin America: {n_reg} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(regions.items()))}; target ≥ 300: "
          f"{target(n_reg >= t['regions'], 'regions')})")
    depth = metrics.genre_depth(entries)
    for k, n in depth.items():
        need = metrics.DEPTH_TARGETS[k]
        print(f"  {k}: {n} (target ≥ {need}: {target(n >= need, k)})")

    print("== series")
    rep = metrics.series_report(entries, ref_films=films)
    print(f"  collections: {len(rep.sizes)} ({sum(rep.sizes.values())} films)")
    print(f"  expected series members missing: {len(rep.missing)} ({target(not rep.missing, 'series')})")
    more(rep.missing)
    print(f"  sequel-looking titles without their original: {len(rep.orphans)} ({target(not rep.orphans, 'orphans')})")
    more(rep.orphans)

    print("== people")
    definite, possible = metrics.name_problems(entries)
    print(f"  one spelling per person (accents, initials, word order, known aliases): {len(definite)} conflicts "
          f"({target(not definite, 'names')})")
    more(definite)
    print(f"  near misses to review (same surname, similar first name): {len(possible)}")
    more(possible, 10)

    print("== accuracy")
    rho, n = metrics.renown_spearman(entries, films)
    print(f"  Spearman(renown, TMDB vote count) on {n} films in both: {rho:.3f} "
          f"(target ≥ 0.85: {target(rho >= t['spearman'], 'spearman')})")
    acc = metrics.accuracy_tmdb(entries, films)
    r_ok = 1 - len(acc.runtime_off) / max(acc.runtime_checked, 1)
    g_ok = 1 - len(acc.genre_off) / max(acc.genre_checked, 1)
    print(f"  TMDB year (±1): {acc.year_checked - len(acc.year_off)}/{acc.year_checked} agree")
    print(f"  TMDB runtime (±5 min): {acc.runtime_checked - len(acc.runtime_off)}/{acc.runtime_checked} = "
          f"{pct(r_ok)} (target ≥ 95 %: {target(r_ok >= t['runtime_within_5'], 'runtime')})")
    more(acc.runtime_off)
    print(f"  TMDB genres (≥ 1 in common): {acc.genre_checked - len(acc.genre_off)}/{acc.genre_checked} = "
          f"{pct(g_ok)} (target ≥ 90 %: {target(g_ok >= t['genre_overlap'], 'genres')})")
    more(acc.genre_off, 10)
    print(f"  same-title-other-film cases applied: {len(metrics.same_title_other_film())} "
          f"(tests/starter/reference/same_title_other_film.tsv)")
    if checks.SHARED_DATA.exists():
        for name, a in metrics.accuracy_shared(entries).items():
            y_ok = a.year_checked - len(a.year_off)
            print(f"  {name} year (±1): {y_ok}/{a.year_checked}; genres: "
                  f"{a.genre_checked - len(a.genre_off)}/{a.genre_checked} share one")
            more(a.year_off, 10)
        yc = checks.check_years(entries, checks.shared_years())
        bad = checks.unexplained_mismatches(yc, checks.same_title_other_film())
        print(f"  all shared catalogs, year: {yc.found} confirmed, {len(bad)} unexplained mismatches "
              f"({target(not bad, 'years')})")
        more(bad)
    else:
        print("  ../shared/data not present: Wikipedia/MovieLens year and genre checks skipped")

    print("== duplicates (normalized title, year ±1)")
    dups = metrics.duplicates(entries)
    print(f"  {len(dups)} ({target(not dups, 'duplicates')})")
    more(dups)

    print("== summary")
    print("  all targets met" if not missed else f"  targets missed: {', '.join(missed)}")
    return 1 if missed else 0


def _replace_block(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{README}: markers <!-- {name} --> ... <!-- /{name} --> not found")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def write_readme(entries: list[dict], report: str) -> None:
    """Refresh the README parts between <!-- name --> markers; the prose around them is written by hand."""
    text = README.read_text(encoding="utf-8")
    described = dict(re.findall(r"^\| `([^`]+)` \| \d+ \| (.*) \|$", text, re.MULTILINE))
    counts = Counter(e["_file"] for e in entries)
    files = [f"One JSON object per line (UTF-8), {len(entries)} films in {len(counts)} files:", "",
             "| file | films | what it holds |", "|---|---|---|"]
    files += [f"| `{f}` | {n} | {described.get(f, '(describe this slice)')} |" for f, n in sorted(counts.items())]
    measured = "\n".join(line for line in report.splitlines() if not line.startswith("      "))
    rows = metrics.spot_check_table(entries)
    verdicts = Counter(r.split(" | ")[-1].split(":")[0].strip(" |") for r in rows[2:])

    def titles(kind: str) -> str:
        return ", ".join(r.split(" | ")[1] for r in rows[2:] if r.split(" | ")[-1].startswith(kind))

    result = (f"Result: {verdicts['ok']} correct as written, {verdicts['fixed']} fixed during the check "
              f"({titles('fixed')}), {verdicts['minor']} with a minor, defensible caveat noted ({titles('minor')})"
              + (f", {verdicts['NOT YET JUDGED']} not yet judged" if verdicts["NOT YET JUDGED"] else "") + ".")
    text = _replace_block(text, "file-counts", "\n".join(files))
    text = _replace_block(text, "measured", f"```\n{measured}\n```")
    text = _replace_block(text, "spot-check", result + "\n\n" + "\n".join(rows))
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
