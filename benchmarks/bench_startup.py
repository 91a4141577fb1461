"""Cold start at ~44k films: ``movierec search`` to its printed results, and the app to first results.

    python benchmarks/bench_startup.py [--home DIR] [--baseline REF] [--runs 7] [--gui]

Each figure is a fresh process (the OS page cache is warm: the same files were read by the
previous run, as when a person starts the app again). The code at ``--baseline`` (a git ref,
default ``main``) is unpacked to a temp folder and run with the same interpreter on the same home,
interleaved with this tree's runs, so the "before" and "after" medians come from one run on one
machine load. ``--gui`` adds the app's cold start (``bench_gui.py --cold-start-child``: window
shown, first results of a restored query, the 44k browse list).

The home is built once like ``bench_gui.py`` does (the shared catalogs imported, random unit
vectors stamped for the local model: loading costs the same whatever the values).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import _bench
from bench_gui import prepare

ROOT = Path(__file__).resolve().parents[1]
QUERY = "a heist that goes wrong"


def unpack(ref: str, dest: Path) -> Path:
    """The project's files at ``ref`` (``git archive``) in ``dest``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
    tar = dest / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as tf:
        tf.extractall(dest, filter="data")
    return dest


def _env(tree: Path, **extra: str) -> dict[str, str]:
    """The child's environment: this tree on the path, and bytecode written and reused as in an
    installed app (pip compiles at install; with PYTHONDONTWRITEBYTECODE every start compiled ~75
    modules, ~80 ms of the figure)."""
    env = dict(os.environ, MOVIEREC_STARTER="0", PYTHONPATH=str(tree), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cli_seconds(tree: Path, home: Path) -> float:
    env = _env(tree)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "movierec_gui", "--home", str(home), "search", QUERY],
                          env=env, capture_output=True, text=True, cwd=tree)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0 or "1." not in proc.stdout:
        raise SystemExit(f"search failed in {tree}:\n{proc.stderr[-2000:]}")
    return elapsed


def gui_marks(tree: Path, home: Path) -> dict[str, float]:
    env = _env(tree, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(tree / "benchmarks" / "bench_gui.py"), "--cold-start-child",
                           "--home", str(home)], env=env, capture_output=True, text=True, timeout=300, cwd=tree)
    if proc.returncode != 0:
        raise SystemExit(f"app start failed in {tree}:\n{proc.stderr[-2000:]}")
    marks = json.loads(proc.stdout.strip().splitlines()[-1])
    return {k: v for k, v in marks.items() if isinstance(v, float)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, default=Path(tempfile.gettempdir()) / "movierec-bench-startup-44k")
    ap.add_argument("--baseline", default="main", help="git ref for the 'before' figures")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--gui", action="store_true", help="also the app's cold start (slower)")
    args = ap.parse_args()
    os.environ["MOVIEREC_STARTER"] = "0"
    _bench.header("cold start")
    prepare(args.home, real_vectors=False)
    with tempfile.TemporaryDirectory(prefix="movierec-baseline-") as tmp:
        trees = {f"before ({args.baseline})": unpack(args.baseline, Path(tmp)), "after (this tree)": ROOT}
        for tree in trees.values():  # first run of each builds what it caches (e.g. the lexicon file)
            cli_seconds(tree, args.home)
        cli: dict[str, list[float]] = {k: [] for k in trees}
        gui: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
        for _ in range(args.runs):
            for label, tree in trees.items():
                cli[label].append(cli_seconds(tree, args.home))
                if args.gui:
                    gui[label].append(gui_marks(tree, args.home))
    _bench.loadavg("at end")
    print(f"   `movierec search {QUERY!r}`, process start to exit (results printed), median of {args.runs}:")
    for label, times in cli.items():
        print(f"   {label:<24} {statistics.median(times):6.2f} s   (min {min(times):.2f}, max {max(times):.2f})")
    if args.gui:
        print(f"   app cold start (s from process start, median of {args.runs}):")
        for label, runs in gui.items():
            keys = [k for k in runs[0] if all(k in r for r in runs)]
            print(f"   {label:<24} " + "  ".join(f"{k} {statistics.median(r[k] for r in runs):.2f}" for k in keys))


if __name__ == "__main__":
    main()
