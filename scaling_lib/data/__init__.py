"""The real-run data files (each folder with its SOURCE note and licence) and ``datasets``, their loaders.

Loaders import only ``validation``: the data layer knows nothing of laws or fits.
"""
