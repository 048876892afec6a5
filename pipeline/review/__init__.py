"""Reviewing datasets: comparing two runs mention by mention, and exporting for analysts."""
