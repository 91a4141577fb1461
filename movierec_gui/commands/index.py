"""``movierec index``: embed new and changed films into the vector cache."""

from __future__ import annotations

import argparse
import sys

from ..services import Services
from ._common import ProgressBar, confirm, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="build or update the vector cache (only new/changed films are embedded)")
    p.add_argument("--embedder", choices=("local", "openai"), help="default: the one in settings (local)")
    p.add_argument("--force", action="store_true", help="re-embed every film")
    p.add_argument("--yes", action="store_true", help="do not ask before a paid run")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_index)


def _index(services: Services, args: argparse.Namespace) -> int:
    kind = args.embedder or services.embedder_kind
    if kind == "openai" and services.openai_is_paid:
        plan = services.plan_index(kind)
        print(f"OpenAI {plan.describe()}", file=sys.stderr)
        if not confirm("Proceed?", args.yes):
            return 1
    with ProgressBar("indexing") as bar:
        report = services.index(progress=bar, embedder=args.embedder, force=args.force)
    if args.json:
        print_json(report.to_json())
    else:
        print(report.summary(), file=sys.stderr)
    return 0
