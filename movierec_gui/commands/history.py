"""``movierec history add|list|remove|import|export|clear``."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import UserInputError
from ..core.models import EntryKind, HistoryEntry, Movie, format_day
from ..services import Services
from ._common import confirm, print_json

IMPORT_FORMATS = ("auto", "letterboxd", "imdb", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="the films you watched, liked, disliked or want to watch")
    hsub = p.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    add = hsub.add_parser("add", help="add a film (or change how you rated it)")
    add.add_argument("title")
    add.add_argument("--year", type=int, help="the release year, when several films share the title")
    add.add_argument("--rating", type=float, help="0.5–5 stars, in half stars")
    mood = add.add_mutually_exclusive_group()
    mood.add_argument("--like", dest="kind", action="store_const", const=EntryKind.LIKED.value)
    mood.add_argument("--dislike", dest="kind", action="store_const", const=EntryKind.DISLIKED.value,
                      help="never suggest it, and steer away from films like it")
    mood.add_argument("--watchlist", dest="kind", action="store_const", const=EntryKind.WATCHLIST.value,
                      help="you want to watch it (it will not be suggested again)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=_add, kind=EntryKind.WATCHED.value)

    ls = hsub.add_parser("list", help="show your history, oldest first")
    ls.add_argument("--kind", choices=[k.value for k in EntryKind], action="append", help="only these kinds")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)

    rm = hsub.add_parser("remove", help="forget a film")
    rm.add_argument("title")
    rm.add_argument("--year", type=int)
    rm.set_defaults(func=_remove)

    imp = hsub.add_parser("import", help="import a Letterboxd export (ZIP or CSV), IMDb ratings/watchlist, or a CSV")
    imp.add_argument("path")
    imp.add_argument("--format", default="auto", choices=IMPORT_FORMATS)
    imp.add_argument("--json", action="store_true", help="print the import report as JSON")
    imp.set_defaults(func=_import)

    exp = hsub.add_parser("export", help="write your history to a CSV file (re-importable with --format csv)")
    exp.add_argument("path")
    exp.set_defaults(func=_export)

    clr = hsub.add_parser("clear", help="forget the whole history")
    clr.add_argument("--yes", action="store_true", help="do not ask")
    clr.set_defaults(func=_clear)

    from . import not_interested

    not_interested.register(hsub)


def _add(services: Services, args: argparse.Namespace) -> int:
    movie, outcome = services.history_add(args.title, args.year, args.kind, args.rating)
    entry = services.history_entry(movie.id)
    assert entry is not None  # just written
    if args.json:
        print_json(_entry_json(entry, movie))
    else:
        stars = f", {entry.rating:g}★" if entry.rating is not None else ""
        what = {"added": "added", "updated": "updated", "unchanged": "already in your history"}[outcome]
        print(f"{movie.label}: {what} ({entry.kind.value}{stars})", file=sys.stderr)
    return 0


def _list(services: Services, args: argparse.Namespace) -> int:
    kinds = [EntryKind(k) for k in args.kind] if args.kind else None
    rows = services.history_list(kinds)
    if args.json:
        print_json([_entry_json(item.entry, item.movie) for item in rows])
        return 0
    if not rows:
        print('Your history is empty. Add films with `movierec history add "TITLE" --like` or import an export.')
        return 0
    for item in rows:
        e, m = item.entry, item.movie
        name = m.label if m else f"(film {e.movie_id}, no longer in the catalog)"
        stars = f"{e.rating:g}★" if e.rating is not None else ""
        print(f"{_day(e.watched_at or e.rated_at):<10}  {e.kind.value:<9} {stars:<5} {name}")
    return 0


def _remove(services: Services, args: argparse.Namespace) -> int:
    movie = services.history_remove(args.title, args.year)
    print(f"{movie.label}: removed from your history", file=sys.stderr)
    return 0


def _import(services: Services, args: argparse.Namespace) -> int:
    report = services.import_history(args.path, args.format)
    if args.json:
        print_json(report.to_json())
    else:
        print(report.summary(), file=sys.stderr)
    return 0


def _export(services: Services, args: argparse.Namespace) -> int:
    n = services.history_export(args.path)
    print(f"wrote {n} entries to {args.path}", file=sys.stderr)
    return 0


def _clear(services: Services, args: argparse.Namespace) -> int:
    n = services.history_count()
    if n and not confirm(f"Forget all {n} films in your history?", args.yes):
        raise UserInputError("history not cleared")
    services.history_clear()
    print(f"history cleared ({n} entries)", file=sys.stderr)
    return 0


def _entry_json(entry: HistoryEntry, movie: Movie | None) -> dict[str, object]:
    return {
        "id": entry.movie_id,
        "title": movie.title if movie else None,
        "year": movie.year if movie else None,
        "kind": entry.kind.value,
        "rating": entry.rating,
        "watched_at": _day(entry.watched_at) or None,
        "rated_at": _day(entry.rated_at) or None,
        "source": entry.source,
    }


def _day(ts: float | None) -> str:
    return format_day(ts)
