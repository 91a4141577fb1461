"""``movierec history not-interested TITLE [--year Y] [--director|--series] [--undo]`` and ``--list``."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import UserInputError
from ..services import Services
from ._common import print_json


def register(hsub: argparse._SubParsersAction) -> None:
    """Add the ``not-interested`` action to ``movierec history``."""
    p = hsub.add_parser(
        "not-interested",
        help="never suggest a film again (or anything by its director, or its series); --undo takes it back",
    )
    p.add_argument("title", nargs="?", help="the film (omit with --list)")
    p.add_argument("--year", type=int, help="the release year, when several films share the title")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--director", dest="scope", action="store_const", const="director",
                       help="nothing by this film's director")
    scope.add_argument("--series", dest="scope", action="store_const", const="series",
                       help="nothing of this film's series")
    p.add_argument("--undo", action="store_true", help="take the statement back")
    p.add_argument("--list", action="store_true", help="show what you are not interested in")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_not_interested, scope="film")


def _not_interested(services: Services, args: argparse.Namespace) -> int:
    if args.list:
        entries = services.not_interested_list()
        if args.json:
            print_json([{"scope": e.scope, "id": e.movie_id, "title": e.title, "year": e.year, "value": e.value}
                        for e in entries])
        elif not entries:
            print("You have not said you are not interested in anything.")
        else:
            for e in entries:
                print(f"{e.scope:<9} {e.label}")
        return 0
    if not args.title:
        raise UserInputError("Name a film (or use --list).")
    movie = services.resolve_title(args.title, args.year)
    changed = services.not_interested([movie.id], args.scope, undo=args.undo)
    what = {"film": movie.label, "director": f"films by {', '.join(movie.directors)}",
            "series": f"the series of {movie.label}"}[args.scope]
    if args.undo:
        msg = f"{what}: may be suggested again" if changed else f"{what}: was not marked"
    else:
        msg = f"{what}: will not be suggested" if changed else f"{what}: already marked"
    print(msg, file=sys.stderr)
    return 0
