"""The ``movierec`` command line: global options, dispatch, and error handling.

Each command group lives in ``movierec_gui/commands/<group>.py`` and registers its
own sub-parser; handlers take ``(services, args)`` and return an exit code.
Exit codes: 0 ok, 1 a user-facing error (one line on stderr), 2 usage, 130 interrupted.

``main`` is the one error boundary: a known error (``KnownError``, a file or disk problem,
a busy or damaged database, no memory) is one line on stderr and exit 1; anything else is a
bug: one line naming the log file that holds its traceback, exit 1. Messages hide API keys,
escape control characters and never echo megabytes of input; so does everything the commands
print to stdout (titles from imported files cannot retitle or clear the terminal).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from .core.errors import Action, Cancelled, KnownError
from .crashlog import safe_message, short_reason, write_crash_log

#: How the CLI words the remedy a known error names.
ADVICE = {Action.INDEX: "run `movierec index`", Action.SYNC: "run `movierec sync pinecone`"}

#: Command modules, in the order ``--help`` lists them.
COMMANDS = ("catalog", "catalog_fetch", "index", "search", "history", "recommend", "eval", "sync", "gui")


class _Version(argparse._VersionAction):
    """``--version``, with the version looked up only when asked for (it costs ~20 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from . import __version__

        self.version = f"movierec {__version__}"
        super().__call__(parser, *args, **kwargs)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="movierec",
        description="MovieRec: find films by what they are about, offline. Run without a command to open the app.",
    )
    parser.add_argument("--home", help="keep all data in this folder (same as MOVIEREC_HOME)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    parser.add_argument("--version", action=_Version, help="show the program's version number and exit")
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


#: C0 (but newline and tab), DEL and C1 as ``\\u00XX``: readable, and still valid inside JSON strings.
_CONTROLS = {c: f"\\u{c:04x}" for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))}
#: For stderr: carriage returns stay (progress bars redraw their line with them).
_CONTROLS_BUT_CR = {c: v for c, v in _CONTROLS.items() if c != 13}


class SafeText:
    """A text stream that escapes control characters (keeps newlines and tabs) before writing."""

    def __init__(self, stream, keep_cr: bool = False) -> None:
        self._stream = stream
        self._table = _CONTROLS_BUT_CR if keep_cr else _CONTROLS

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(self._table))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure becomes one line on stderr (see the module docstring)."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = SafeText(stdout)  # type: ignore[assignment]
    sys.stderr = SafeText(stderr, keep_cr=True)  # type: ignore[assignment]
    try:
        return _main(argv)
    except SystemExit:
        raise
    except BaseException as exc:  # the boundary: nothing reaches the user as a traceback
        return _report(exc)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


#: Expected failures that are not ``KnownError`` and how to word them.
def _expected(exc: BaseException) -> str | None:
    import sqlite3

    if isinstance(exc, MemoryError):
        return "ran out of memory; close other programs or import a smaller file"
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        return f"cannot use{where}: {exc.strerror or exc}"
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return "another MovieRec is writing to this home; try again when it has finished"
    if isinstance(exc, sqlite3.DatabaseError):
        return f"a database in this home is damaged ({exc}); see `movierec --help` for recovery"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    return None


def _report(exc: BaseException) -> int:
    if isinstance(exc, BrokenPipeError):
        return 0
    expected = _expected(exc)
    if expected is not None:
        _notice(expected)
        return 1
    log = write_crash_log(type(exc), exc, exc.__traceback__)
    where = f"details are in {log}" if log else "no log file could be written"
    _notice(f"unexpected error ({short_reason(exc)}); {where} — please include it when reporting the problem")
    return 1


def _main(argv: Sequence[str] | None = None) -> int:
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
    print(f"movierec: {safe_message(message, limit=600)}" + (f" ({advice})" if advice else ""), file=sys.stderr)


def _gui_or_help(parser: argparse.ArgumentParser):
    def run(services, args) -> int:
        try:
            gui = importlib.import_module(".commands.gui", __package__)
        except ModuleNotFoundError:
            parser.print_help()
            return 0
        return gui.launch(services, args)

    return run
