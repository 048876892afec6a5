"""The pipeline's own spaCy stages, each registered with ``@Language.factory``.

Importing this package registers them; ``pipeline.nlp.build_nlp`` assembles them.
"""

from pipeline.components import acronyms, dates, names, resolver  # noqa: F401
from pipeline.components.annotations import register_extensions

register_extensions()
