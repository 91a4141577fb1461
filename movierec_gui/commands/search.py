"""``movierec search`` and ``movierec similar``."""

from __future__ import annotations

import argparse
import sys

from ..services import Services
from ._common import add_filter_args, filters_from, print_hits


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("search", help="find films by title or by what they are about")
    s.add_argument("query")
    s.add_argument("--top", type=int, default=10)
    s.add_argument("--backend", choices=("local", "pinecone"), default=None, help="default: settings (local)")
    s.add_argument("--include-watched", action="store_true", help="also show films in your history")
    s.add_argument(
        "--no-parse", action="store_true", help="search the words as typed (no eras, runtimes, genres read from them)"
    )
    add_filter_args(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_search)

    m = sub.add_parser("similar", help="films like the one you name")
    m.add_argument("title")
    m.add_argument("--year", type=int)
    m.add_argument("--top", type=int, default=10)
    m.add_argument("--backend", choices=("local", "pinecone"), default=None)
    m.add_argument("--include-watched", action="store_true", help="also show films in your history")
    add_filter_args(m)
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_similar)


def _top(args: argparse.Namespace) -> int:
    if args.top < 1:
        from ..core.errors import UserInputError

        raise UserInputError("--top must be at least 1")
    return min(args.top, 1000)


def _search(services: Services, args: argparse.Namespace) -> int:
    services.load_model_in_background()
    result = services.search_result(
        args.query, filters_from(args), _top(args), understand=not args.no_parse, backend=args.backend
    )
    if result.chips:
        understood = " · ".join(c.label for c in result.chips)
        print(f"understood: {understood}", file=sys.stderr)
        if result.relaxed:
            ignored = " · ".join(c.label for c in result.ignored)
            print(f"no film fits all of that; showing the closest matches without: {ignored}", file=sys.stderr)
    print_hits(result.hits, args.json)
    return 0


def _similar(services: Services, args: argparse.Namespace) -> int:
    # films in your history are not news, nor films you said you are not interested in
    hidden = () if args.include_watched else services.history_ids() | services.hidden_ids()
    hits = services.similar(args.title, args.year, _top(args), filters_from(args, hidden), backend=args.backend)
    print_hits(hits, args.json)
    return 0
