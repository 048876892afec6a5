"""``python -m pipeline`` is the ``bulletins`` command."""

from pipeline.cli import main

main()
