"""``glue`` for notebooks run outside the book's build (Colab, Binder, a downloaded notebook).

Inside the build, myst-nb's ``glue`` stores a value under a name so that the prose can show it
(``{glue:text}`` and friends). A notebook published with the book has those values already written
into its Markdown, so outside the build there is nothing to store: this ``glue`` hands over to
myst-nb's where myst-nb is installed and otherwise only shows the value when asked to, as myst-nb's
``glue(..., display=True)`` does.
"""

from __future__ import annotations

from typing import Any

from IPython.display import display as show
from ipywidgets import Widget
from matplotlib.figure import Figure

from ..validation import flag
from .plotting import FigureImage
from .plotting import show as image_of
from .widgets import widget_mode

__all__ = ["glue", "glue_figure"]

try:  # myst-nb is installed where the book is built, not where a published notebook runs
    from myst_nb import glue as _myst_nb_glue
except ImportError:
    _myst_nb_glue = None


def glue(name: str, variable: Any, display: bool = False) -> None:
    """Store ``variable`` under ``name`` for the book (myst-nb), and show it too if ``display``.

    Where a kernel runs for a reader (``SCALING_LIB_WIDGETS=live``: ``make lab``, Binder, Colab), a
    figure is shown where it is made, as a notebook has no numbered figure to show it in later: a live
    interactive figure (an ipywidgets widget) instead of being stored, a static one as well.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"glue name must be a non-empty string; got {name!r}")
    display = flag("display", display)
    if isinstance(variable, Widget):
        show(variable)
        return
    if isinstance(variable, FigureImage) and widget_mode() == "live" and not display:
        show(variable)
    if _myst_nb_glue is not None:
        _myst_nb_glue(name, variable, display=display)
    elif display:
        show(variable)


def glue_figure(name: str, fig: Figure, alt: str) -> None:
    """Render ``fig`` once with its ``alt`` text (``plotting.show``) and ``glue`` it under ``name``, for a
    ``{glue:figure}`` with its caption and label to place."""
    glue(name, image_of(fig, alt=alt))
