"""One module per ``movierec`` command group; each exposes ``register(subparsers)``."""
