"""What the history's safety nets cost: snapshot, quick_check, re-link, undo, lock. Prints medians.

    python benchmarks/bench_history_safety.py [--entries 1000]

Builds a temporary home from the shipped starter catalog (no ../shared needed), adds
``--entries`` history entries, then times each operation a few times.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1000)
    args = ap.parse_args()
    os.environ["MOVIEREC_EMBEDDER"] = "openai"  # nothing here embeds; skips loading the model
    from movierec_gui.core.models import EntryKind, HistoryEntry
    from movierec_gui.core.snapshots import quick_check
    from movierec_gui.services import Services

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        t = time.perf_counter()
        s = Services(home)
        s.ensure_starter()
        print(f"starter install: {time.perf_counter() - t:.2f} s, {s.film_count()} films")
        ids = [r.id for r in s.browse()][: args.entries]
        store = s._history()
        t = time.perf_counter()
        store.add_many((HistoryEntry(i, EntryKind.WATCHED, 4.0, 1e9 + i) for i in ids), batch="bench import")
        print(f"import of {len(ids)} entries as one batch: {(time.perf_counter() - t) * 1000:.0f} ms")
        print(f"snapshot: {median_ms(lambda: s.history_snapshot('manual')):.1f} ms (median of 5)")
        print(f"quick_check catalog ({s._paths.catalog_db.stat().st_size >> 20} MB): "
              f"{median_ms(lambda: quick_check(s._paths.catalog_db)):.1f} ms")
        print(f"quick_check history: {median_ms(lambda: quick_check(s._paths.history_db)):.1f} ms")
        print(f"re-link, nothing changed: {median_ms(lambda: store.relink(s._catalog)):.1f} ms")

        def shift_and_relink() -> None:
            con = sqlite3.connect(s._paths.catalog_db)
            with con:
                con.execute("UPDATE movies SET id = id + 100000")
                con.execute("UPDATE movie_sources SET movie_id = movie_id + 100000")
            con.close()
            report = store.relink(s._catalog)
            assert report.relinked == len(ids), report

        print(f"re-link after every film changed id: {median_ms(shift_and_relink, repeat=3):.0f} ms")
        t = time.perf_counter()
        result = store.undo_last_batch()
        print(f"undo import of {result.restored if result else 0} entries: {(time.perf_counter() - t) * 1000:.0f} ms")
        def lock_once() -> None:
            with s._home_lock.hold("bench"):
                pass

        print(f"writer lock acquire+release: {median_ms(lock_once):.2f} ms")


if __name__ == "__main__":
    main()
