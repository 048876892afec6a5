"""Data contracts of the project: pydantic and the standard library only, never spaCy."""

SCHEMA_VERSION = "1"
