"""scaling_lib: the formulas, constants, fits, data loaders and figure helpers of the book
"Scaling Laws, Executable". Chapters import from here and never re-define a formula."""

__version__ = "0.1.0"
