"""Peak memory of hostile imports (issue 13: "memory stays bounded, ≤ 300 MB extra, for any input").

Each case runs in a fresh child process; the figure is its peak RSS during the import (VmHWM, reset
just before) minus its RSS just before (modules and a two-film catalog already loaded). Linux only. Run:

    .venv/bin/python benchmarks/bench_hostile_inputs.py

Cases: a Letterboxd ZIP of six ~60 MB CSVs of repeated rows (~1 MB compressed), a ZIP whose
member claims 100 bytes but inflates to ~60 MB, a 200 MB catalog CSV, a 60 MB JSON Lines file of
10,000-deep nesting. Figures are for a shared 2-core machine; only the memory is meaningful.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LB = "Date,Name,Year,Letterboxd URI,Rating\n"
ROW = "2020-01-01,Heat,1995,https://boxd.it/2,4.5\n"


def _write_member(zf: zipfile.ZipFile, name: str, header: str, row: str, size: int) -> None:
    chunk = row * (1 << 16 // len(row) + 1)
    with zf.open(name, "w", force_zip64=True) as fh:
        fh.write(header.encode())
        written = 0
        while written < size:
            fh.write(chunk.encode())
            written += len(chunk)


def make_cases(folder: Path) -> dict[str, tuple[str, Path]]:
    bomb = folder / "letterboxd-repeated.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in ("watched.csv", "diary.csv", "ratings.csv", "reviews.csv", "watchlist.csv", "likes/films.csv"):
            _write_member(zf, name, LB, ROW, 60 << 20)
    liar = folder / "letterboxd-lying.zip"
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as zf:
        _write_member(zf, "watched.csv", LB, ROW, 60 << 20)
    raw = bytearray(liar.read_bytes())
    cd = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 24, 100)  # claims 100 bytes
    liar.write_bytes(bytes(raw))
    big_csv = folder / "catalog-200mb.csv"
    with big_csv.open("w", encoding="utf-8") as fh:
        fh.write("title,year,overview\n")
        line = "A Film,2001," + "words " * 30 + "\n"
        for _ in range((200 << 20) // len(line)):
            fh.write(line)
    deep = folder / "deep.jsonl"
    with deep.open("w", encoding="utf-8") as fh:
        nest = "[" * 10_000 + "]" * 10_000
        for i in range((60 << 20) // (len(nest) + 40)):
            fh.write(('{"title": "x", "genres": ' + nest + "}\n") if i % 2 else json.dumps({"title": f"F{i}"}) + "\n")
    return {
        "history: Letterboxd ZIP, 6 × 60 MB of repeated rows": ("history", bomb),
        "history: ZIP member that lies about its size": ("history", liar),
        "catalog: 200 MB CSV": ("catalog", big_csv),
        "catalog: 60 MB JSONL, every other line 10,000 deep": ("catalog", deep),
    }


CHILD = r"""
import os, sys, time
from pathlib import Path
os.environ["MOVIEREC_STARTER"] = "0"
from movierec_gui.core.catalog import Catalog
from movierec_gui.core.history import HistoryStore
from movierec_gui.core.history_import import import_history
from movierec_gui.core.importers import reader_for
from movierec_gui.core.errors import KnownError
kind, path, home, films = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
cat = Catalog(home / "catalog.sqlite3")
cat.import_rows(reader_for("csv", films)[1], "csv")  # so that history rows match (every row is Heat)
def status_mb(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
try:  # reset the peak (VmHWM) so it measures the import alone (Linux >= 4.0)
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
except OSError:
    pass
before = status_mb("VmRSS")
t = time.perf_counter()
try:
    if kind == "history":
        report = import_history(path, cat, HistoryStore(home / "history.sqlite3"))
        outcome = f"{report.read} rows read, {report.matched} matched, {len(report.ignored_files)} ignored"
    else:
        source, rows = reader_for("auto", path)
        report = cat.import_rows(rows, source, str(path))
        outcome = f"{report.read} rows read, {report.imported} imported, {len(report.skipped)} skipped"
except KnownError as exc:
    outcome = f"refused: {str(exc)[:90]}"
peak = status_mb("VmHWM")
print(f"{peak - before:.0f}\t{time.perf_counter() - t:.1f}\t{outcome}")
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        cases = make_cases(folder)
        print(f"inputs written in {time.perf_counter() - t:.0f} s; sizes: "
              + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for _, p in cases.values()))
        films = folder / "films.csv"
        films.write_text("title,year\nHeat,1995\nAlien,1979\n", encoding="utf-8")
        print(f"{'case':58} {'extra MB':>9} {'s':>6}  outcome")
        for label, (kind, path) in cases.items():
            home = folder / f"home-{kind}-{path.stem}"
            home.mkdir()
            proc = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), str(home), str(films)],
                                  capture_output=True, text=True, cwd=ROOT,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=1800)
            if proc.returncode:
                print(f"{label:58} FAILED: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            extra, secs, outcome = proc.stdout.strip().split("\t")
            print(f"{label:58} {extra:>9} {secs:>6}  {outcome}")


if __name__ == "__main__":
    main()
