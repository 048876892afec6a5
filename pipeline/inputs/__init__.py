"""The inputs: listing a corpus folder and reading each bulletin, one module per format."""
