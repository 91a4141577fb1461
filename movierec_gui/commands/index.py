"""``movierec index``: embed new and changed films into the vector cache."""

from __future__ import annotations

import argparse
import sys

from ._common import ProgressBar, confirm, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="build or update the vector cache (only new/changed films are embedded)")
    p.add_argument("--embedder", choices=("local", "openai"), help="default: the one in settings (local)")
    p.add_argument("--force", action="store_true", help="re-embed every film")
    p.add_argument("--yes", action="store_true", help="do not ask before a paid run")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_index)


def _index(services, args) -> int:
    kind = args.embedder or services.settings.embedder
    if kind == "openai" and not _confirm_paid_run(services, args):
        return 1
    with ProgressBar("indexing") as bar:
        report = services.index(progress=bar, embedder=args.embedder, force=args.force)
    if args.json:
        print_json(report.to_json())
    else:
        print(report.summary(), file=sys.stderr)
    return 0


def _confirm_paid_run(services, args) -> bool:
    from ..core.embedders.openai_api import estimate_cost_usd, estimate_tokens, is_paid
    from ..core.indexer import plan

    emb = services.embedder("openai")
    if not is_paid(services.settings.openai_base_url):
        return True
    ids, views, hashes = plan(services.catalog)
    cache = services.cache(emb)
    known: dict[str, str] = {}
    if cache.exists():
        try:
            known = cache.read_manifest().hashes
        except Exception:
            known = {}
    todo = [vs for m, vs, h in zip(ids, views, hashes) if known.get(str(int(m))) != h]
    tokens = estimate_tokens(t for vs in todo for t in vs)
    cost = estimate_cost_usd(services.settings.openai_model, tokens)
    price = "an unknown cost" if cost is None else f"about ${cost:.2f}" if cost >= 0.01 else "less than $0.01"
    print(
        f"OpenAI {services.settings.openai_model}: {len(todo)} films to embed, ~{tokens:,} tokens, {price}.",
        file=sys.stderr,
    )
    return confirm("Proceed?", args.yes)
