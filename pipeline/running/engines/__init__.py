"""The engines that extract chunks of bulletins for a batch: here, or on a Dask cluster."""
