"""Running a corpus into a dataset: the batch, and the engines that extract for it."""
