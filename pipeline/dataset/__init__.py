"""The dataset folder: its writer and reader, the record cache, the fingerprint and the manifest."""
