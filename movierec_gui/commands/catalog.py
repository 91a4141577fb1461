"""``movierec catalog import|info|reset``."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import ImportFailedError, UserInputError
from ..services import CATALOG_FORMATS, Services
from ._common import confirm, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="import films and inspect the catalog")
    csub = p.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    imp = csub.add_parser("import", help="import a catalog file or folder")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--format", default="auto", choices=CATALOG_FORMATS)
    imp.add_argument("--json", action="store_true", help="print the import report as JSON")
    imp.set_defaults(func=_import)

    info = csub.add_parser("info", help="films per source and cache state")
    info.add_argument("--json", action="store_true")
    info.set_defaults(func=_info)

    reset = csub.add_parser(
        "reset", help="remove imported catalogs (the starter films stay; your history is kept and re-links)"
    )
    reset.add_argument("--starter", action="store_true", help="also refresh the starter films from the bundle")
    reset.add_argument("--yes", action="store_true", help="do not ask")
    reset.set_defaults(func=_reset)


def _import(services: Services, args: argparse.Namespace) -> int:
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
        print(f"catalog now holds {services.film_count()} films", file=sys.stderr)
    # Partial success is success (the report lists what was skipped); nothing read is not.
    return 0 if any(r.imported for r in reports) else 1


def _info(services: Services, args: argparse.Namespace) -> int:
    info = services.catalog_info()
    if args.json:
        print_json(info.to_json())
        return 0
    print(f"{info.films} films in {info.catalog_file}")
    for src, n in sorted(info.sources.items()):
        print(f"  {src:<12} {n}")
    if info.cache.ok:
        state = "stale — run `movierec index`" if info.cache.stale else "up to date"
        print(f"vectors: {info.cache.vectors} ({info.embedder}, {state})")
    else:
        print(f"vectors: {info.cache.reason}")
    return 0


def _reset(services: Services, args: argparse.Namespace) -> int:
    n = services.imported_film_count()
    question = (
        f"Remove {n} imported films from the catalog? "
        "Your history keeps them and re-links when they are imported again."
    )
    if (n or args.starter) and not confirm(question, args.yes):
        raise UserInputError("catalog not reset")
    removed = services.reset_catalog(refresh_starter=args.starter)
    print(f"removed {removed} films; catalog now holds {services.film_count()}", file=sys.stderr)
    return 0
