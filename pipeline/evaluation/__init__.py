"""Scoring the pipeline against a gold file."""
