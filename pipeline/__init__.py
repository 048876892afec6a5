"""French institutional bulletins → validated records of organisations, programmes, places, dates."""

__version__ = "0.1.0"
