"""The ``movierec`` command line: global options, dispatch, and error handling.

Each command group lives in ``movierec_gui/commands/<group>.py`` and registers its
own sub-parser; handlers take ``(services, args)`` and return an exit code.
Exit codes: 0 ok, 1 a user-facing error (one line on stderr), 2 usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from . import __version__
from .core.errors import Action, Cancelled, KnownError

#: How the CLI words the remedy a known error names.
ADVICE = {Action.INDEX: "run `movierec index`", Action.SYNC: "run `movierec sync pinecone`"}

#: Command modules, in the order ``--help`` lists them.
COMMANDS = ("catalog", "catalog_fetch", "index", "search", "history", "recommend", "eval", "sync", "gui")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="movierec",
        description="MovieRec: find films by what they are about, offline. Run without a command to open the app.",
    )
    parser.add_argument("--home", help="keep all data in this folder (same as MOVIEREC_HOME)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    parser.add_argument("--version", action="version", version=f"movierec {__version__}")
    parser.add_argument("--selftest", action="store_true", help="open the app offscreen, run a search, exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as exc:  # a command whose optional parts are not installed
            if exc.name and exc.name.startswith(f"{__package__}.commands"):
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.home:
        os.environ["MOVIEREC_HOME"] = args.home
    if args.command is None:
        args.command = "gui"
        args.func = _gui_or_help(parser)
    try:
        from .services import Services

        services = Services(args.home, notify=_notice) if getattr(args, "needs_services", True) else None
        if services is not None and getattr(args, "starter", True):
            services.ensure_starter()
        return int(args.func(services, args) or 0)
    except KnownError as exc:
        _notice(str(exc), exc.action)
        return 1
    except (KeyboardInterrupt, Cancelled):
        print("movierec: interrupted — nothing was lost; run the same command again to resume.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _notice(message: str, action: Action | None = None) -> None:
    advice = ADVICE.get(action) if action else None
    print(f"movierec: {message}" + (f" ({advice})" if advice else ""), file=sys.stderr)


def _gui_or_help(parser: argparse.ArgumentParser):
    def run(services, args) -> int:
        try:
            gui = importlib.import_module(".commands.gui", __package__)
        except ModuleNotFoundError:
            parser.print_help()
            return 0
        return gui.launch(services, args)

    return run
