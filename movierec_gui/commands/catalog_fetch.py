"""``movierec catalog fetch tmdb``: more films (and posters) from TMDB, with the user's own key.

Registered as an action of the ``catalog`` command (``commands/catalog.py`` creates that group).
"""

from __future__ import annotations

import argparse
import sys

from ..core.errors import UserInputError
from ..services import TMDB_LISTS, Services
from ._common import ProgressBar, confirm, print_json

HELP = """Key: the OS keyring (set it in the app: Library → Get more films from TMDB…), or TMDB_API_KEY (a v3 key)
or TMDB_READ_TOKEN (a v4 read-access token). MOVIEREC_TMDB_API (or the tmdb_api_base setting) points at
another API base. Interrupted fetches resume; films fetched before need no detail request unless TMDB
changed them.
This product uses the TMDB API but is not endorsed or certified by TMDB."""


def _catalog_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The ``catalog`` group's own sub-command table (``commands/catalog.py`` registers first)."""
    catalog = sub.choices["catalog"]
    for action in catalog._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the catalog command has no actions")


def register(sub: argparse._SubParsersAction) -> None:
    fetch = _catalog_actions(sub).add_parser(
        "fetch", help="fetch films and posters from an online source (TMDB)", description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources = fetch.add_subparsers(dest="fetch_source", metavar="SOURCE", required=True)
    p = sources.add_parser("tmdb", help="The Movie Database (needs your free API key)", description=HELP,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", choices=TMDB_LISTS, help="a TMDB list (default: popular)")
    what.add_argument("--discover", nargs="+", metavar="KEY=VALUE",
                      help="discover filters, e.g. decade=1990s genre=Drama country=KR with_original_language=ko")
    what.add_argument("--person", metavar="NAME_OR_ID", help="a person's films (actor or crew)")
    what.add_argument("--complete-history", action="store_true",
                      help="the films of your imported histories that the catalog does not have yet")
    p.add_argument("--limit", type=int, default=100, help="fetch at most this many films (default 100)")
    p.add_argument("--no-posters", action="store_true", help="do not download posters")
    p.add_argument("--language", metavar="TAG", help="e.g. ko-KR (default: the tmdb_language setting, en-US)")
    p.add_argument("--yes", action="store_true", help="start without asking")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_fetch_tmdb)

    posters = _catalog_actions(sub).add_parser("posters", help="the downloaded-poster cache; --clear empties it")
    posters.add_argument("--clear", action="store_true", help="delete downloaded posters (your own picks stay)")
    posters.set_defaults(func=_posters)


def _fetch_tmdb(services: Services, args: argparse.Namespace) -> int:
    if not services.has_tmdb_key():
        raise UserInputError("No TMDB key: set TMDB_API_KEY (v3) or TMDB_READ_TOKEN (v4), or store one in the app.")
    source = "discover" if args.discover else "person" if args.person else "history" if args.complete_history \
        else "list"
    request = services.tmdb_request(source, list_name=args.list or "popular", discover=args.discover or (),
                                    person=args.person, limit=args.limit, language=args.language,
                                    posters=not args.no_posters)
    if source == "history" and not request.wanted:
        print("Every film of your imported histories is already in the catalog.", file=sys.stderr)
        return 0
    plan = services.plan_tmdb(request)
    print(plan.describe(), file=sys.stderr)
    if not confirm("Fetch now?", args.yes):
        return 1
    with ProgressBar("fetching from TMDB") as bar:
        report = services.fetch_tmdb(request, progress=bar)
    if args.json:
        print_json(report.to_json())
    else:
        print(report.summary(), file=sys.stderr)
        for name in report.not_found[:20]:
            print(f"  not found: {name}", file=sys.stderr)
        if report.added or report.updated:
            print("run `movierec index` to make the new films searchable", file=sys.stderr)
    return 0


def _posters(services: Services, args: argparse.Namespace) -> int:
    files, size = services.poster_cache_size()
    if args.clear:
        removed = services.clear_poster_cache()
        print(f"removed {removed} downloaded posters ({size / 1e6:.1f} MB)", file=sys.stderr)
    else:
        print(f"{files} downloaded posters, {size / 1e6:.1f} MB in {services.folders.posters / 'tmdb'}")
    return 0
