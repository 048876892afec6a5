"""The pipeline's own spaCy stages, each registered with ``@Language.factory``.

Importing this package registers them; ``bulletins.extraction.nlp.build_nlp`` assembles them.
"""

from bulletins.extraction.components import acronyms, dates, names, resolver  # noqa: F401
from bulletins.extraction.components.annotations import register_extensions

register_extensions()
