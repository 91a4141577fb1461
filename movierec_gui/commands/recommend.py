"""``movierec recommend``: films for you, from your history."""

from __future__ import annotations

import argparse
import sys

from ..services import Services
from ._common import add_filter_args, filters_from, print_hits, print_json

COLD_START = (
    "Your history says nothing about your taste yet. Find films you love with `movierec search`, then add "
    'them with `movierec history add "TITLE" --like` (or import a Letterboxd / IMDb export with '
    "`movierec history import PATH`). Meanwhile, popular films:"
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recommend", help="films you have not seen that fit your history")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--backend", choices=("local", "pinecone"), default=None, help="default: settings (local)")
    p.add_argument("--shelf", metavar="NAME",
                   help='one shelf: its name ("hidden-gems", "directors", "series", "popular", "because:<film id>") '
                   "or its title; --shelves lists them")
    p.add_argument("--shelves", action="store_true", help="list the shelves your history has")
    add_filter_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_recommend)


def _recommend(services: Services, args: argparse.Namespace) -> int:
    if args.top < 1:
        from ..core.errors import UserInputError

        raise UserInputError("--top must be at least 1")
    if args.shelves:
        shelves = services.recommend_shelves(per_shelf=min(args.top, 100), filters=filters_from(args))
        if args.json:
            print_json([{"key": s.key, "title": s.title, "personal": s.personal, "films": len(s.hits)}
                        for s in shelves])
        else:
            for s in shelves:
                note = "" if s.personal else "  (not personal)"
                count = f"{len(s.hits)} film{'' if len(s.hits) == 1 else 's'}"
                print(f"{s.key:<16} {s.title} — {count}{note}")
        return 0
    if args.shelf:
        shelf = services.recommend_shelf(args.shelf, min(args.top, 1000), filters_from(args))
        if not args.json:
            print(f"{shelf.title}{'' if shelf.personal else ' (not personal)'}", file=sys.stderr)
        print_hits(shelf.hits, args.json, empty="This shelf is empty for now.")
        return 0
    recs = services.recommend(min(args.top, 1000), filters_from(args), backend=args.backend)
    if recs.cold:
        print(COLD_START, file=sys.stderr)
    print_hits(recs.hits, args.json, empty="No films left that match these filters.")
    return 0
