"""French institutional bulletins → validated records of organisations, programmes, places, dates.

``load_pipeline()`` gives the spaCy pipeline; importing ``bulletins`` does not import spaCy.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from bulletins.schemas.settings import Settings

__version__ = version("bulletins")
__all__ = ["__version__", "load_pipeline"]


def load_pipeline(settings: Settings | None = None, **overrides: Any) -> Language:
    """The spaCy pipeline for these settings, with any setting overridden by name.

    >>> nlp = load_pipeline(resources="mes-ressources")  # doctest: +SKIP
    >>> [(e.text, e.label_) for e in nlp("Le ministère de la Défense a reçu l'OTAN.").ents]  # doctest: +SKIP
    [('ministère de la Défense', 'ORGANISATION'), ('OTAN', 'ORGANISATION')]
    """
    from bulletins.extraction.nlp import build_nlp
    from bulletins.schemas.settings import Settings

    if overrides:
        settings = Settings.model_validate({**(settings or Settings()).model_dump(), **overrides})
    return build_nlp(settings)
