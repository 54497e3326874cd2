"""Progress bars for slow cells: tqdm's notebook bar in a Jupyter kernel, nothing elsewhere.

The bar is removed when the loop ends, so a saved notebook keeps no trace of it. The book's build
sets ``SCALING_LIB_PROGRESS=off``: pages show results, not progress.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

from IPython import get_ipython
from IPython.display import display

from .validation import choice

T = TypeVar("T")

SETTINGS = ("on", "off")


def enabled() -> bool:
    """True in a Jupyter kernel unless ``SCALING_LIB_PROGRESS`` is ``off``."""
    setting = choice("SCALING_LIB_PROGRESS setting", os.environ.get("SCALING_LIB_PROGRESS", "on"), SETTINGS)
    return setting == "on" and getattr(get_ipython(), "kernel", None) is not None


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, showing a bar labelled ``description`` while they are consumed (if ``enabled()``)."""
    if not description or not description.strip():
        raise ValueError("progress needs a description saying what is being done")
    if not enabled():
        yield from items
        return
    from tqdm.notebook import tqdm

    bar = tqdm(items, total=total, desc=description, display=False, leave=False)
    handle = display(bar.container, display_id=True)
    try:
        yield from bar
    finally:
        bar.close()
        handle.update({}, raw=True)
