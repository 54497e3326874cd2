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

from ..validation import choice, whole_number

__all__ = ["SETTINGS", "enabled", "progress"]

T = TypeVar("T")

SETTINGS = ("on", "off")


def enabled() -> bool:
    """True in a Jupyter kernel unless ``SCALING_LIB_PROGRESS`` is ``off``."""
    setting = choice("SCALING_LIB_PROGRESS setting", os.environ.get("SCALING_LIB_PROGRESS", "on"), SETTINGS)
    return setting == "on" and getattr(get_ipython(), "kernel", None) is not None


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, showing a bar labelled ``description`` while they are consumed (if ``enabled()``).
    The arguments are checked at the call, not when the first item is asked for."""
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"description must say what is being done (non-empty text); got {description!r}")
    if total is not None:
        whole_number("total", total)
    try:
        iterator = iter(items)
    except TypeError:
        raise ValueError(f"items must be iterable (a list, range, generator...); got {items!r}") from None
    return _bar(items, description, total) if enabled() else iterator


def _bar(items: Iterable[T], description: str, total: int | None) -> Iterator[T]:
    """Yield ``items`` under tqdm's notebook bar, removed when the loop ends."""
    from tqdm.notebook import tqdm

    bar = tqdm(items, total=total, desc=description, display=False, leave=False)
    handle = display(bar.container, display_id=True)
    try:
        yield from bar
    finally:
        bar.close()
        handle.update({}, raw=True)
