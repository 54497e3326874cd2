"""The one helper behind every interactive figure: controls over a plotting function.

Two modes, chosen by the environment variable ``SCALING_LIB_WIDGETS``:

- ``static`` (the default, used by the book build): every combination of control positions is drawn
  once, and the frames sit in nested ipywidgets ``Stack`` widgets whose ``selected_index`` is
  ``jslink``-ed to the controls. The links run in the browser, so the figure follows the controls on
  the static site with no kernel.
- ``live`` (``make lab``): one image, redrawn by the kernel whenever a control moves.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ipywidgets as w
from matplotlib.figure import Figure

from .formatting import powers
from .plotting import FigureImage, to_png
from .progress import progress
from .validation import choice

#: More frames than this would make a static page heavy (about 30 kB each).
MAX_FRAMES = 64

MODES = ("static", "live")
KINDS = ("slider", "dropdown", "buttons")


@dataclass(frozen=True)
class Control:
    """One control: a keyword ``name`` of the plotting function and the ``values`` it may take.

    ``labels`` (one per value) default to ``fmt.format(value)`` with powers of ten written for reading
    (``formatting.powers``: 10⁸, not 1e+08); ``start`` is the initial position.
    """

    name: str
    values: Sequence[Any]
    description: str
    kind: Literal["slider", "dropdown", "buttons"] = "slider"
    fmt: str = "{:g}"
    start: int = 0
    labels: Sequence[str] | None = field(default=None)

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"control name must be a Python identifier; got {self.name!r}")
        choice("control kind", self.kind, KINDS)
        if len(self.values) < 2:
            raise ValueError(f"control {self.name!r} needs at least 2 values; got {len(self.values)}")
        if not 0 <= self.start < len(self.values):
            raise ValueError(
                f"control {self.name!r}: start must be an index from 0 to {len(self.values) - 1}; "
                f"got {self.start}"
            )
        labels = self.option_labels()
        if len(labels) != len(self.values) or len(set(labels)) != len(labels):
            raise ValueError(f"control {self.name!r} needs one distinct label per value; got {labels}")

    def option_labels(self) -> list[str]:
        if self.labels is not None:
            return list(self.labels)
        return [powers(self.fmt.format(v)) for v in self.values]

    def widget(self) -> w.ValueWidget:
        options = list(zip(self.option_labels(), range(len(self.values)), strict=True))
        style = {"description_width": "initial"}
        if self.kind == "slider":
            return w.SelectionSlider(
                options=options,
                index=self.start,
                description=self.description,
                continuous_update=True,
                style=style,
                layout=w.Layout(width="60%"),
            )
        if self.kind == "dropdown":
            return w.Dropdown(options=options, index=self.start, description=self.description, style=style)
        return w.ToggleButtons(options=options, index=self.start, description=self.description, style=style)


def widget_mode() -> str:
    """The mode named by ``SCALING_LIB_WIDGETS`` (default ``static``)."""
    return choice("SCALING_LIB_WIDGETS mode", os.environ.get("SCALING_LIB_WIDGETS", "static"), MODES)


def interactive_figure(
    plot: Callable[..., Figure], controls: Sequence[Control], alt: str, mode: str | None = None
) -> w.VBox:
    """Controls above a figure drawn by ``plot(**{control.name: value})``.

    ``alt`` describes the figure for readers who cannot see it; ``{name}`` fields are filled with the
    label of each control's current position.

    In ``static`` mode every combination is drawn up front (at most ``MAX_FRAMES``); in ``live``
    mode the figure is redrawn on change.
    """
    mode = choice("mode", mode or widget_mode(), MODES)
    if not controls:
        raise ValueError("interactive_figure needs at least one control")
    names = [c.name for c in controls]
    if len(set(names)) != len(names):
        raise ValueError(f"control names must be distinct; got {names}")
    frames = math.prod(len(c.values) for c in controls)
    if frames > MAX_FRAMES:
        raise ValueError(f"{frames} combinations of control values; at most {MAX_FRAMES} are allowed")
    inputs = [c.widget() for c in controls]
    labels = {c.name: c.option_labels() for c in controls}

    def describe(indices: Sequence[int]) -> str:
        try:
            return alt.format(**{c.name: labels[c.name][i] for c, i in zip(controls, indices, strict=True)})
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError(f"alt text {alt!r} names fields the controls do not have ({err})") from None

    describe([c.start for c in controls])

    def render(indices: Sequence[int]) -> bytes:
        kwargs = {c.name: c.values[i] for c, i in zip(controls, indices, strict=True)}
        return to_png(plot(**kwargs))

    if mode == "live":
        image = w.Image(format="png", value=render([c.start for c in controls]))

        def redraw(_: Any = None) -> None:
            image.value = render([i.index for i in inputs])

        for i in inputs:
            i.observe(redraw, names="index")
        return w.VBox([*inputs, image])
    positions = list(itertools.product(*(range(len(c.values)) for c in controls)))
    drawn = {
        idx: FigureImage(render(idx), describe(idx)) for idx in progress(positions, "drawing every frame")
    }
    return w.VBox([*inputs, _stack(drawn.__getitem__, controls, inputs, ())])


def _stack(
    render: Callable[[Sequence[int]], FigureImage],
    controls: Sequence[Control],
    inputs: Sequence[w.ValueWidget],
    prefix: tuple[int, ...],
) -> w.Widget:
    """Nested Stacks: level k is switched by control k; the leaves hold the frames."""
    depth = len(prefix)
    if depth == len(controls):
        image = render(prefix)
        # HTML only (an <img> with its alt text): a PNG copy as well would double the page's size.
        out = w.Output()
        out.outputs = ({"output_type": "display_data", "metadata": {},
                        "data": {"text/html": image._repr_html_(), "text/plain": image.alt}},)  # fmt: skip
        return out
    children = [_stack(render, controls, inputs, (*prefix, i)) for i in range(len(controls[depth].values))]
    stack = w.Stack(children, selected_index=controls[depth].start)
    w.jslink((inputs[depth], "index"), (stack, "selected_index"))
    return stack
