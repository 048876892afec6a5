"""The ``bulletins`` command line, one module per command."""

from bulletins.cli.app import app, main

__all__ = ["app", "main"]
