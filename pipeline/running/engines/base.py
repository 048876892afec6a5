"""The engine interface: where chunks of bulletins are extracted.

An engine takes an iterator of chunks of ``BulletinText`` and yields ``(source_path,
Outcome)`` for each bulletin as soon as its chunk is done, in any order (the dataset is
assembled from the cache in a fixed order). It is a context manager: leaving the ``with``
block frees what it holds (worker processes, a cluster connection). It reads the chunks
lazily, with a bounded number in flight, so that a huge corpus is never all in memory.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Self

from bulletins.inputs.corpus import BulletinText
from bulletins.running.outcomes import Result

CHUNKS_IN_FLIGHT_PER_WORKER = 2


class Engine(ABC):
    """Extracts chunks of bulletins somewhere; ``with Engine(...) as engine:``."""

    @abstractmethod
    def extract(self, chunks: Iterable[list[BulletinText]]) -> Iterator[Result]:
        """The outcome of every bulletin of ``chunks``, as they are done."""

    @abstractmethod
    def close(self) -> None:
        """Free the engine's resources; it cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
