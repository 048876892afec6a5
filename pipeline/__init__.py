"""French institutional bulletins → validated records of organisations, programmes, places, dates.

The Python API, for notebooks and scripts (importing ``bulletins`` imports neither spaCy
nor pydantic models beyond what is asked for: each function imports what it needs):

- ``load_pipeline(...)``: the spaCy ``Language``;
- ``extract_text(text, date=None)``: the validated records of one text;
- ``load_dataset(DIR)``: the records of a dataset folder (or of ``DIR@previous``), as
  pandas DataFrames when pandas is installed;
- ``run(corpus, out, ...)``: what ``bulletins run`` does, with its summary.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from bulletins.dataset.reader import Dataset
    from bulletins.running.batch import RunProgress, RunSummary
    from bulletins.schemas.records import BulletinRecords
    from bulletins.schemas.settings import Settings

__version__ = version("bulletins")
__all__ = ["__version__", "extract_text", "load_dataset", "load_pipeline", "run"]
FRAMES = ("bulletins", "mentions", "entities", "errors")


def _columns(name: str) -> list[str]:
    """The fields of the records of one frame: an empty table keeps its columns."""
    from pydantic import BaseModel

    from bulletins.schemas.bulletin import Bulletin
    from bulletins.schemas.records import Entity, ErrorRecord, Mention

    models: dict[str, type[BaseModel]] = {
        "bulletins": Bulletin, "mentions": Mention, "entities": Entity, "errors": ErrorRecord,
    }  # fmt: skip
    return list(models[name].model_fields)


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    from bulletins.schemas.settings import Settings

    if not overrides:
        return settings or Settings()
    return Settings.model_validate({**(settings or Settings()).model_dump(), **overrides})


def load_pipeline(settings: Settings | None = None, **overrides: Any) -> Language:
    """The spaCy pipeline for these settings, with any setting overridden by name.

    >>> nlp = load_pipeline(resources="mes-ressources")  # doctest: +SKIP
    >>> [(e.text, e.label_) for e in nlp("Le ministère de la Défense a reçu l'OTAN.").ents]  # doctest: +SKIP
    [('ministère de la Défense', 'ORGANISATION'), ('OTAN', 'ORGANISATION')]
    """
    from bulletins.extraction.nlp import build_nlp

    return build_nlp(_settings(settings, overrides))


@lru_cache(maxsize=2)
def _shared_pipeline(settings: Settings) -> Language:
    return load_pipeline(settings)


def extract_text(
    text: str, date: str | None = None, *, nlp: Language | None = None, **overrides: Any
) -> BulletinRecords:
    """The validated records of one text; ``date`` (YYYY-MM-DD) is the document's date when
    the text states none. The pipeline is loaded once and kept (or give ``nlp``).

    >>> text = "Le 4 octobre, l'OTAN a reçu le ministre."
    >>> records = extract_text(text, date="2006-10-04")  # doctest: +SKIP
    >>> [(m.text, m.label, m.value or m.entity) for m in records.mentions]  # doctest: +SKIP
    [('4 octobre', 'DATE', '2006-10-04'), ('OTAN', 'ORGANISATION', 'OTAN')]
    """
    import hashlib

    from bulletins.extraction.extract import extract
    from bulletins.inputs.corpus import BulletinMeta, BulletinText

    if date is not None:
        BulletinMeta(date=date)  # a real calendar date, or a ValidationError that says why
    bulletin = BulletinText(
        id="text",
        source_path="<text>",
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        text=text,
        date=date,
        date_source="option" if date else None,
    )
    pipeline = nlp or _shared_pipeline(_settings(None, overrides))
    [(_, records)] = list(extract(pipeline, [bulletin]))
    if isinstance(records, Exception):
        raise records
    return records


def load_dataset(directory: str | Path, frames: bool | None = None) -> Dataset | dict[str, Any]:
    """The records of a dataset folder, verified against its manifest; ``directory`` may be
    an address (``"outputs@previous"``, ``"outputs@3"``, ``"outputs@2026-11-30"``).

    With pandas installed (or ``frames=True``), a dict of DataFrames, one per record type
    (``bulletins``, ``mentions``, ``entities``, ``errors``); else (or ``frames=False``) the
    ``Dataset`` of pydantic records.
    """
    from bulletins.dataset.reader import read_dataset

    if frames is None:
        from importlib.util import find_spec

        frames = find_spec("pandas") is not None
    if frames:
        try:
            import pandas  # type: ignore[import-untyped, unused-ignore]
        except ImportError as error:
            raise ImportError("load_dataset(frames=True) needs pandas: pip install pandas") from error
    dataset = read_dataset(Path(directory))
    if not frames:
        return dataset
    return {
        name: pandas.DataFrame(
            [r.model_dump(mode="json") for r in getattr(dataset, name)], columns=_columns(name)
        )
        for name in FRAMES
    }


def run(
    corpus: str | Path,
    out: str | Path,
    *,
    rebuild: bool = False,
    on_progress: Callable[[RunProgress], None] | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> RunSummary:
    """Bring the dataset ``out`` up to date with ``corpus``, as ``bulletins run`` does.

    ``options`` are those of ``bulletins.running.batch.run_corpus`` (``jobs``,
    ``max_errors``, ``keep``, ``engine``, ``scheduler``, ``allow_shrink``, ``time_limit``)
    and the settings by name (``model``, ``resources``, ``batch_size``).

    >>> summary = run("corpus", "outputs", max_errors=10)  # doctest: +SKIP
    >>> summary.extracted + summary.unchanged + summary.failed == summary.total  # doctest: +SKIP
    True
    """
    from bulletins.running.batch import run_corpus
    from bulletins.schemas.settings import Settings

    shaping = {key: options.pop(key) for key in list(options) if key in Settings.model_fields}
    if isinstance(shaping.get("resources"), Path):
        shaping["resources"] = str(shaping["resources"])
    chosen = _settings(settings, shaping)
    options.setdefault("run", {"command": "rebuild" if rebuild else "run", "api": True})
    return run_corpus(Path(corpus), Path(out), chosen, rebuild=rebuild, on_progress=on_progress, **options)
