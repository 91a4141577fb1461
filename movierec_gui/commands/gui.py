"""``movierec gui [--selftest]`` (also what ``movierec`` with no command runs)."""

from __future__ import annotations

import argparse
import sys

from ..services import Services


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop app (the default when no command is given)")
    # SUPPRESS: do not overwrite the global ``movierec --selftest`` with this parser's default.
    p.add_argument("--selftest", action="store_true", default=argparse.SUPPRESS,
                   help="open the window offscreen, run a search and a recommendation, exit 0 if they work")
    p.set_defaults(func=launch)


def launch(services: Services, args: argparse.Namespace) -> int:
    """Open the window (or run the self-test); without a display on Linux, point to the CLI."""
    selftest = bool(getattr(args, "selftest", False))
    from ..ui.app import needs_display_message, run

    if not selftest:
        message = needs_display_message()
        if message:
            print(message, file=sys.stderr)
            return 0
    return run(services, selftest=selftest)
