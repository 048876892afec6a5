"""One module per input format, each behind the same small interface.

``read(content, source_path) -> Decoded``: the text, with the warnings that say how it was
read, or a ``BulletinReadError`` that says why there is none. ``text.read`` takes a file's
bytes; ``html.read`` takes text and strips the markup when the text is HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletins.schemas.records import ErrorRecord


@dataclass(frozen=True)
class Decoded:
    """A text, and the warnings about how it was obtained."""

    text: str
    warnings: tuple[ErrorRecord, ...] = ()
