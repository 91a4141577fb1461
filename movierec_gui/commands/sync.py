"""``movierec sync pinecone``: copy the vector cache to a Pinecone index, incrementally."""

from __future__ import annotations

import argparse
import sys

from ..services import Services
from ._common import ProgressBar, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="copy the vector cache to a remote vector database")
    targets = p.add_subparsers(dest="target", metavar="TARGET", required=True)
    pc = targets.add_parser(
        "pinecone",
        help="upsert new and changed vectors to a Pinecone index, delete removed ones",
        description="Key: PINECONE_API_KEY or the OS keyring. Control-plane host: PINECONE_CONTROLLER_HOST "
        "or the pinecone_controller_host setting (for Pinecone Local or a stand-in).",
    )
    pc.add_argument("--index", help="index name (default: the setting, 'movierec'); created if missing")
    pc.add_argument("--namespace", help="default: one per embedder and text recipe, e.g. local-minilm-l6-dynint8-r3")
    pc.add_argument("--dry-run", action="store_true", help="only count what would be sent (no network)")
    pc.add_argument("--json", action="store_true", help="print the sync report as JSON")
    pc.set_defaults(func=_sync_pinecone)


def _sync_pinecone(services: Services, args: argparse.Namespace) -> int:
    with ProgressBar("syncing to Pinecone", unit="vector") as bar:
        report = services.sync_pinecone(args.index, args.namespace, dry_run=args.dry_run, progress=bar)
    if args.json:
        print_json(report.to_json())
    else:
        print(report.summary(), file=sys.stderr)
    return 0
