"""``movierec recommend``: films for you, from your history."""

from __future__ import annotations

import argparse
import sys

from ..services import Services
from ._common import add_filter_args, filters_from, print_hits

COLD_START = (
    "Your history says nothing about your taste yet. Find films you love with `movierec search`, then add "
    'them with `movierec history add "TITLE" --like` (or import a Letterboxd / IMDb export with '
    "`movierec history import PATH`). Meanwhile, popular films:"
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recommend", help="films you have not seen that fit your history")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--backend", choices=("local", "pinecone"), default=None, help="default: settings (local)")
    add_filter_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_recommend)


def _recommend(services: Services, args: argparse.Namespace) -> int:
    if args.top < 1:
        from ..core.errors import UserInputError

        raise UserInputError("--top must be at least 1")
    recs = services.recommend(min(args.top, 1000), filters_from(args), backend=args.backend)
    if recs.cold:
        print(COLD_START, file=sys.stderr)
    print_hits(recs.hits, args.json, empty="No films left that match these filters.")
    return 0
