"""``movierec history add|list|remove|import|export|clear|restore|undo-import``."""

from __future__ import annotations

import argparse
import sys
import time

from ..core.errors import UserInputError
from ..core.models import EntryKind, HistoryEntry, Movie, format_day
from ..services import HistoryItem, Services
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
    imp.add_argument("--yes", action="store_true", help="do not ask before an import that changes many entries")
    imp.set_defaults(func=_import)

    exp = hsub.add_parser("export", help="write your history to a CSV file (re-importable with --format csv)")
    exp.add_argument("path")
    exp.set_defaults(func=_export)

    clr = hsub.add_parser("clear", help="forget the whole history")
    clr.add_argument("--yes", action="store_true", help="do not ask")
    clr.set_defaults(func=_clear)

    res = hsub.add_parser("restore", help="put the history back as a snapshot held it (lists snapshots if none given)")
    res.add_argument("snapshot", nargs="?", help="a snapshot's name (or the start of it)")
    res.add_argument("--yes", action="store_true", help="do not ask")
    res.add_argument("--json", action="store_true", help="list snapshots as JSON")
    res.set_defaults(func=_restore)

    undo = hsub.add_parser("undo-import", help="undo the last history import")
    undo.add_argument("--yes", action="store_true", help="do not ask")
    undo.set_defaults(func=_undo_import)

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
        print_json([_entry_json(item.entry, item.movie, item) for item in rows])
        return 0
    if not rows:
        print('Your history is empty. Add films with `movierec history add "TITLE" --like` or import an export.')
        return 0
    for item in rows:
        e = item.entry
        name = _name(item)
        stars = f"{e.rating:g}★" if e.rating is not None else ""
        print(f"{_day(e.watched_at or e.rated_at):<10}  {e.kind.value:<9} {stars:<5} {name}")
    return 0


def _remove(services: Services, args: argparse.Namespace) -> int:
    movie = services.history_remove(args.title, args.year)
    print(f"{movie.label}: removed from your history", file=sys.stderr)
    return 0


def _import(services: Services, args: argparse.Namespace) -> int:
    def ask(added: int, updated: int) -> bool:
        return confirm(f"This import adds {added} and changes {updated} history entries. Go ahead?", args.yes)

    report = services.import_history(args.path, args.format, confirm=ask)
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
    print(f"history cleared ({n} entries); `movierec history restore` brings it back", file=sys.stderr)
    return 0


def _restore(services: Services, args: argparse.Namespace) -> int:
    if not args.snapshot:
        snaps = services.history_snapshots()
        if args.json:
            print_json([{"name": s.name, "taken": _when(s.taken_at), "reason": s.reason, "entries": s.entries()}
                        for s in snaps])
        elif not snaps:
            print("No history snapshots yet (one is taken daily and before every clear, reset or import).")
        else:
            for s in snaps:
                n = s.entries()
                print(f"{s.name}  {_when(s.taken_at)}  {s.reason:<22} {'damaged' if n is None else f'{n} entries'}")
            print("Restore one with `movierec history restore NAME`.", file=sys.stderr)
        return 0
    named = [s for s in services.history_snapshots() if s.name.startswith(args.snapshot)]
    snap = named[0] if len(named) == 1 else None
    what = f"the snapshot of {_when(snap.taken_at)} ({snap.entries()} entries)" if snap else args.snapshot
    if not confirm(f"Replace your history ({services.history_count()} entries) with {what}?", args.yes):
        raise UserInputError("history not restored")
    restored, before = services.history_restore(args.snapshot)
    print(f"history restored from {restored.name}: {services.history_count()} entries", file=sys.stderr)
    if before is not None:
        print(f"the replaced history was kept as {before.name}", file=sys.stderr)
    return 0


def _undo_import(services: Services, args: argparse.Namespace) -> int:
    last = services.history_last_import()
    if last is None:
        raise UserInputError("There is no history import to undo.")
    label, at = last
    if not confirm(f"Undo the {label} of {_when(at)}?", args.yes):
        raise UserInputError("nothing undone")
    result = services.history_undo_import()
    kept = f"; {result.kept} entries changed since were kept" if result.kept else ""
    print(f"undid the {result.label}: {result.restored} entries put back{kept}", file=sys.stderr)
    return 0


def _name(item: HistoryItem) -> str:
    if item.movie is not None:
        return item.movie.label
    label = f"{item.title} ({item.year})" if item.year else item.title
    return f"{label} — not in the catalog now; it re-links when a catalog brings it back"


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _entry_json(entry: HistoryEntry, movie: Movie | None, item: HistoryItem | None = None) -> dict[str, object]:
    return {
        "id": entry.movie_id,
        "title": movie.title if movie else (item.title if item else None),
        "year": movie.year if movie else (item.year if item else None),
        "in_catalog": movie is not None,
        "kind": entry.kind.value,
        "rating": entry.rating,
        "watched_at": _day(entry.watched_at) or None,
        "rated_at": _day(entry.rated_at) or None,
        "source": entry.source,
    }


def _day(ts: float | None) -> str:
    return format_day(ts)
