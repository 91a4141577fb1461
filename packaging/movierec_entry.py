"""PyInstaller entry point: the ``movierec`` command (GUI by default, CLI with a subcommand).

``movierec_gui/__main__.py`` uses a relative import, which does not work as a frozen
top-level script, so the bundle starts here instead.
"""

import sys

from movierec_gui.cli import main

if __name__ == "__main__":
    sys.exit(main())
