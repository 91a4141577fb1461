"""Fetch N films with posters from the loopback TMDB stand-in; print time, requests and memory.

The stand-in runs in a child process, so the resident memory printed is the fetching
process's alone. Memory is sampled as the fetch goes (it should stay flat: films are merged
in batches of 25 and posters wait in a queue of at most 64). A second fetch of the same list
must make no detail call and change nothing.

    python benchmarks/bench_tmdb_fetch.py [--films 2000] [--rate 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _bench

ROOT = Path(__file__).resolve().parents[1]
SERVE = """
import sys, time
sys.path.insert(0, {root!r})
from tests.contract.tmdb_standin import TmdbStandIn
s = TmdbStandIn(films={films}).start()
print(s.url, s.api_key, flush=True)
while True:
    time.sleep(3600)
"""


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--films", type=int, default=2000)
    ap.add_argument("--rate", type=float, default=1000.0, help="client requests per second (TMDB: keep ≤ 40)")
    args = ap.parse_args()
    _bench.header(f"TMDB fetch of {args.films} films with posters from a loopback stand-in")
    server = subprocess.Popen([sys.executable, "-c", SERVE.format(root=str(ROOT), films=args.films + 50)],
                              stdout=subprocess.PIPE, text=True)
    try:
        url, key = server.stdout.readline().split()
        home = Path(tempfile.mkdtemp(prefix="bench-tmdb-"))
        (home / "settings.json").write_text(json.dumps({"tmdb_rate": args.rate}), encoding="utf-8")
        os.environ.update(MOVIEREC_HOME=str(home), MOVIEREC_TMDB_API=url, TMDB_API_KEY=key, MOVIEREC_STARTER="0",
                          PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
        sys.path.insert(0, str(ROOT))
        from movierec_gui.services import Services

        services = Services()
        request = services.tmdb_request("list", limit=args.films)
        samples: list[tuple[int, float]] = []

        def progress(done: int, total: int, phase: str) -> None:
            if phase == "films" and (done % max(1, args.films // 8) == 0 or done == total):
                samples.append((done, rss_mb()))

        base = rss_mb()
        t = time.perf_counter()
        report = services.fetch_tmdb(request, progress=progress)
        took = time.perf_counter() - t
        print(f"   first fetch: {took:.1f} s, {report.requests} API requests, {report.added} films added, "
              f"{report.posters} posters ({services.poster_cache_size()[1] / 1e6:.1f} MB on disk)")
        print(f"   {args.films / took:.0f} films/s; RSS before {base:.0f} MB, during: "
              + ", ".join(f"{d}:{mb:.0f}" for d, mb in samples) + " MB")
        revision = services._catalog.revision
        t = time.perf_counter()
        again = services.fetch_tmdb(request)
        print(f"   re-fetch: {time.perf_counter() - t:.1f} s, {again.requests} API requests "
              f"({again.skipped_unchanged} films skipped without a detail call), "
              f"{again.added + again.updated} films changed, catalog revision "
              f"{'unchanged' if services._catalog.revision == revision else 'CHANGED'}")
        print(f"   peak RSS {_bench.peak_rss_mb():.0f} MB; catalog holds {services.film_count()} films")
        _bench.loadavg("at end")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
