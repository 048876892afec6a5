"""``python -m bulletins`` is the ``bulletins`` command."""

from bulletins.cli import main

main()
