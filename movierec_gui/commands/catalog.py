"""``movierec catalog import|info|reset``."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import ImportFailedError
from ..core.importers import FORMATS
from ._common import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="import films and inspect the catalog")
    csub = p.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    imp = csub.add_parser("import", help="import a catalog file or folder")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--format", default="auto", choices=FORMATS)
    imp.add_argument("--json", action="store_true", help="print the import report as JSON")
    imp.set_defaults(func=_import)

    info = csub.add_parser("info", help="films per source and cache state")
    info.add_argument("--json", action="store_true")
    info.set_defaults(func=_info)

    reset = csub.add_parser("reset", help="remove imported catalogs")
    reset.add_argument("--starter", action="store_true", help="keep only the bundled starter catalog")
    reset.set_defaults(func=_reset)


def _import(services, args) -> int:
    reports, failures = [], []
    for path in args.paths:
        try:
            reports.append(services.import_catalog(path, args.format))
        except ImportFailedError as exc:
            failures.append(str(exc))
            print(f"movierec: {exc}", file=sys.stderr)
    if args.json:
        print_json({"reports": [r.to_json() for r in reports], "failed": failures})
    else:
        for r in reports:
            print(r.summary(), file=sys.stderr)
        print(f"catalog now holds {services.catalog.count()} films", file=sys.stderr)
    # Partial success is success (the report lists what was skipped); nothing read is not.
    return 0 if any(r.imported for r in reports) else 1


def _info(services, args) -> int:
    cat = services.catalog
    status = services.cache_status()
    data = {
        "films": cat.count(),
        "sources": cat.counts_by_source(),
        "embedder": services.settings.embedder,
        "cache": status,
        "home": str(services.paths.data),
    }
    if args.json:
        print_json(data)
    else:
        print(f"{data['films']} films in {services.paths.catalog_db}")
        for src, n in sorted(data["sources"].items()):
            print(f"  {src:<12} {n}")
        if status["ok"]:
            state = "stale — run `movierec index`" if status.get("stale") else "up to date"
            print(f"vectors: {status['count']} ({data['embedder']}, {state})")
        else:
            print(f"vectors: {status['reason']}")
    return 0


def _reset(services, args) -> int:
    removed = 0
    for source in list(services.catalog.counts_by_source()):
        if args.starter and source == "starter":
            continue
        removed += services.catalog.delete_source(source)
    if args.starter:
        services.ensure_starter(force=True)
    print(f"removed {removed} films; catalog now holds {services.catalog.count()}", file=sys.stderr)
    return 0
