"""Build the persona benchmark's home: the starter catalog (optionally + TMDB 5000), indexed
with the default local model. Slow (embeds every film); run once:

    python benchmarks/personas/build_home.py HOME [--tmdb ../shared/data/tmdb5000/tmdb_5000_movies.csv]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from movierec_gui.services import Services


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home", type=Path)
    ap.add_argument("--tmdb", type=Path, help="also import this TMDB 5000 CSV (dev data, never committed)")
    args = ap.parse_args()
    services = Services(args.home)
    services.ensure_starter()
    if args.tmdb:
        print(services.import_catalog(args.tmdb, "tmdb").summary())
    print(services.index())


if __name__ == "__main__":
    main()
