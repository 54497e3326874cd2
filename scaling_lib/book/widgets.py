"""The one helper behind every interactive figure: controls over a plotting function.

Two modes, chosen by the environment variable ``SCALING_LIB_WIDGETS``:

- ``static`` (the default, used by the book build): every combination of control positions is drawn
  once. ``interactive_figure`` returns a ``StaticFigure``, plain HTML: native controls (a range input
  with its label in an ``<output>``, a ``<select>``, a group of ``<button>``\\s) and the frames, one
  ``<div>`` each, all hidden but the current one. The site's one script (``assets/figures.js``) shows
  frame number ``i0 * n1 * n2 ... + i1 * n2 ... + ...`` (the controls' positions as a mixed-radix
  number, the first control most significant) when a control moves, and loads the other frames' images
  (``data-src``) as the figure nears the screen. Without that script (a notebook front end) the start
  frame shows and the controls stay disabled.
- ``live`` (``make lab``, the published notebooks): ipywidgets controls and one figure, redrawn by the
  kernel whenever a control moves.

A figure whose curves are closed forms names a ``draw`` program of the site's scripts instead
(``assets/drawn.js``, with the formulas of ``assets/formulas.js``) and the ``data`` it needs (the laws'
constants, from the library): static mode then renders only the start frame, as the picture a reader
without JavaScript sees, and the page draws every other position as SVG while a control moves. Such a
figure may take continuous controls (``Range``: any value, not a list of them) and groups of checkboxes
(``Choices``).

A frame is what ``plot`` returns: a matplotlib ``Figure``, an object with ``_repr_html_`` (a table), or
a tuple of those, shown one above the other.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import numbers
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ipywidgets as w
import numpy as np
from matplotlib.figure import Figure

from ..formatting import powers
from ..validation import choice, instance, whole_number
from .plotting import FigureImage, to_png
from .progress import progress

__all__ = [
    "Choices",
    "Control",
    "DrawnFigure",
    "KINDS",
    "MAX_FRAMES",
    "MODES",
    "Part",
    "Range",
    "StaticFigure",
    "interactive_figure",
    "widget_mode",
]

#: More frames than this would make a static page heavy (about 30 kB each).
MAX_FRAMES = 64

MODES = ("static", "live")
KINDS = ("slider", "dropdown", "buttons")


@dataclass(frozen=True)
class Control:
    """One control: a keyword ``name`` of the plotting function and the ``values`` it may take.

    ``labels`` (one per value) default to ``fmt.format(value)`` with powers of ten written for reading
    (``formatting.powers``: 10⁸, not 1e+08); ``start`` is the initial position. Values must be distinct
    and, where numbers, finite; a slider's values must be numbers.
    """

    name: str
    values: Sequence[Any]
    description: str
    kind: Literal["slider", "dropdown", "buttons"] = "slider"
    fmt: str = "{:g}"
    start: int = 0
    labels: Sequence[str] | None = field(default=None)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"control name must be a Python identifier; got {self.name!r}")
        choice("control kind", self.kind, KINDS)
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError(
                f"control {self.name!r}: description must be non-empty text; got {self.description!r}"
            )
        if isinstance(self.values, str | bytes) or not isinstance(self.values, Sequence | np.ndarray):
            raise ValueError(
                f"control {self.name!r}: values must be a list of at least 2 values; got {self.values!r}"
            )
        if not isinstance(self.fmt, str):
            raise ValueError(
                f"control {self.name!r}: fmt must be a format string like '{{:g}}'; got {self.fmt!r}"
            )
        if len(self.values) < 2:
            raise ValueError(f"control {self.name!r} needs at least 2 values; got {len(self.values)}")
        numeric = [isinstance(v, numbers.Real) and not isinstance(v, bool) for v in self.values]
        if self.kind == "slider" and not all(numeric):
            bad = next(v for v, ok in zip(self.values, numeric, strict=True) if not ok)
            raise ValueError(
                f"control {self.name!r}: a slider's values must be numbers; got {bad!r} "
                '(use kind="dropdown" or kind="buttons" for other values)'
            )
        for value, is_number in zip(self.values, numeric, strict=True):
            if is_number and not math.isfinite(value):
                raise ValueError(f"control {self.name!r}: values must be finite numbers; got {value!r}")
        if any(a is b or a == b for a, b in itertools.combinations(self.values, 2)):
            raise ValueError(f"control {self.name!r}: values must be distinct; got {list(self.values)!r}")
        if (
            isinstance(self.start, bool)
            or not isinstance(self.start, int)
            or not 0 <= self.start < len(self.values)
        ):
            raise ValueError(
                f"control {self.name!r}: start must be an index from 0 to {len(self.values) - 1}; "
                f"got {self.start!r}"
            )
        if self.labels is not None and (
            isinstance(self.labels, str)
            or not isinstance(self.labels, Sequence)
            or not all(isinstance(x, str) for x in self.labels)
        ):
            raise ValueError(
                f"control {self.name!r}: labels must be a list of text, one per value; got {self.labels!r}"
            )
        try:
            labels = self.option_labels()
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError(
                f"control {self.name!r}: fmt {self.fmt!r} cannot format its values ({err!r})"
            ) from None
        if len(labels) != len(self.values) or len(set(labels)) != len(labels):
            raise ValueError(
                f"control {self.name!r}: labels must be distinct, one per value "
                f"({len(self.values)}); got {labels}"
            )

    def option_labels(self) -> list[str]:
        """What the reader sees for each value."""
        if self.labels is not None:
            return list(self.labels)
        return [powers(self.fmt.format(v)) for v in self.values]

    def widget(self) -> w.ValueWidget:
        """The ipywidgets control of live mode."""
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

    def html(self) -> str:
        """The native HTML control of static mode, disabled until the site's script takes it over."""
        labels = self.option_labels()
        text, now = html.escape(self.description), html.escape(labels[self.start])
        if self.kind == "slider":
            data = html.escape(json.dumps(labels, ensure_ascii=False))
            return (
                f'<label class="slx-control slx-slider"><span class="slx-label">{text}</span>'
                f'<input type="range" min="0" max="{len(labels) - 1}" step="1" value="{self.start}" '
                f'aria-valuetext="{now}" data-labels="{data}" disabled/><output>{now}</output></label>'
            )
        if self.kind == "dropdown":
            options = "".join(
                f'<option value="{i}"{" selected" if i == self.start else ""}>{html.escape(label)}</option>'
                for i, label in enumerate(labels)
            )
            return (
                f'<label class="slx-control slx-dropdown"><span class="slx-label">{text}</span>'
                f"<select disabled>{options}</select></label>"
            )
        buttons = "".join(
            f'<button type="button" value="{i}" aria-pressed="{str(i == self.start).lower()}" disabled>'
            f"{html.escape(label)}</button>"
            for i, label in enumerate(labels)
        )
        return (
            f'<div class="slx-control slx-buttons" role="group" aria-label="{text}">'
            f'<span class="slx-label" aria-hidden="true">{text}</span>{buttons}</div>'
        )


def _position(values: Sequence[Any], value: Any) -> int:
    """Where ``value``, one of ``values`` itself, stands among them."""
    return next(i for i, v in enumerate(values) if v is value)


def _finite_number(name: str, value: Any) -> float:
    """``value`` as a float if it is a finite real number (not a bool), else a ValueError."""
    try:
        ok = not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)
    except OverflowError:  # an int beyond float range
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a finite number; got {value!r:.60}")
    return float(value)


@dataclass(frozen=True)
class Range:
    """A continuous control of a drawn figure: any value from ``low`` to ``high``, evenly spaced in log10
    where ``log``, starting at ``start``. Its label has ``digits`` significant figures written for reading
    (3.0×10⁹) on a log scale, ``digits`` decimals on a linear one. In the page the slider takes any
    value (the arrow keys move it by 1% of its span); in a live notebook it moves in 1,000 steps."""

    name: str
    low: float
    high: float
    description: str
    start: float
    log: bool = True
    digits: int = 2

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"control name must be a Python identifier; got {self.name!r}")
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError(
                f"control {self.name!r}: description must be non-empty text; got {self.description!r}"
            )
        instance(f"control {self.name!r}: log", self.log, bool)
        whole_number(f"control {self.name!r}: digits", self.digits, 0, 6)
        for key in ("low", "high", "start"):
            _finite_number(f"control {self.name!r}: {key}", getattr(self, key))
        if not self.low < self.high or (self.log and self.low <= 0):
            raise ValueError(
                f"control {self.name!r}: needs low < high{' and low > 0 (a log scale)' if self.log else ''}; "
                f"got {self.low!r} and {self.high!r}"
            )
        if not self.low <= self.start <= self.high:
            raise ValueError(
                f"control {self.name!r}: start must be from {self.low!r} to {self.high!r}; got {self.start!r}"
            )
        if self.log and self.digits < 1:
            raise ValueError(f"control {self.name!r}: a log scale's label needs digits >= 1")

    def _ends(self) -> tuple[float, float, float]:
        f = math.log10 if self.log else float
        return f(self.low), f(self.high), f(self.start)

    def label(self, value: float) -> str:
        """What the reader sees for ``value`` (the site's script writes the same, assets/charts.js)."""
        value = _finite_number("value", value)
        if self.log:
            return powers(f"{value:.{self.digits - 1}e}")
        return f"{value:.{self.digits}f}"

    def widget(self) -> w.ValueWidget:
        """The ipywidgets slider of live mode."""
        low, high, _ = self._ends()
        style, layout = {"description_width": "initial"}, w.Layout(width="60%")
        if self.log:
            return w.FloatLogSlider(value=self.start, base=10, min=low, max=high, step=(high - low) / 1000,
                                    description=self.description, style=style, layout=layout,
                                    readout_format=f".{self.digits}g")  # fmt: skip
        return w.FloatSlider(value=self.start, min=low, max=high, step=(high - low) / 1000,
                             description=self.description, style=style, layout=layout,
                             readout_format=f".{self.digits}f")  # fmt: skip

    def html(self) -> str:
        """A range input over [low, high] (log10 of them on a log scale) that takes any value, disabled
        until the site's script takes it over."""
        low, high, start = self._ends()
        text, now = html.escape(self.description), html.escape(self.label(self.start))
        return (
            f'<label class="slx-control slx-slider"><span class="slx-label">{text}</span>'
            f'<input type="range" min="{low!r}" max="{high!r}" step="any" value="{start!r}" '
            f'aria-valuetext="{now}" data-log="{int(self.log)}" data-digits="{self.digits}" disabled/>'
            f"<output>{now}</output></label>"
        )


@dataclass(frozen=True)
class Choices:
    """A group of checkboxes of a drawn figure: the figure receives the tuple of checked ``values``;
    ``start`` lists the positions checked at first."""

    name: str
    values: Sequence[Any]
    description: str
    labels: Sequence[str]
    start: Sequence[int]

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"control name must be a Python identifier; got {self.name!r}")
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError(
                f"control {self.name!r}: description must be non-empty text; got {self.description!r}"
            )
        if (
            isinstance(self.values, str | bytes)
            or not isinstance(self.values, Sequence)
            or len(self.values) < 2
        ):
            raise ValueError(f"control {self.name!r}: values must be a list of at least 2 values")
        if (
            isinstance(self.labels, str)
            or not isinstance(self.labels, Sequence)
            or len(self.labels) != len(self.values)
            or not all(isinstance(x, str) and x for x in self.labels)
        ):
            raise ValueError(f"control {self.name!r}: labels must be one non-empty text per value")
        if (
            isinstance(self.start, str)
            or not isinstance(self.start, Sequence)
            or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(self.values)
                for i in self.start
            )
        ):
            raise ValueError(
                f"control {self.name!r}: start must list positions from 0 to {len(self.values) - 1}; "
                f"got {self.start!r}"
            )

    def widget(self) -> w.ValueWidget:
        """The ipywidgets multiple selection of live mode."""
        return w.SelectMultiple(options=list(zip(self.labels, range(len(self.values)), strict=True)),
                                index=tuple(self.start), description=self.description,
                                style={"description_width": "initial"})  # fmt: skip

    def html(self) -> str:
        """Native checkboxes, disabled until the site's script takes them over."""
        boxes = "".join(
            f'<label><input type="checkbox" value="{i}"{" checked" if i in self.start else ""} disabled/>'
            f"{html.escape(label)}</label>"
            for i, label in enumerate(self.labels)
        )
        return (
            f'<fieldset class="slx-control slx-choices"><legend class="slx-label">'
            f"{html.escape(self.description)}</legend>{boxes}</fieldset>"
        )


#: One part of a frame: a rendered figure or an object that renders itself as HTML (a table).
Part = Any


@dataclass(frozen=True)
class StaticFigure:
    """Static mode's interactive figure: controls and every frame as plain HTML (see the module's notes).

    ``frames[i]`` is the frame for the positions whose mixed-radix number is ``i``; ``alts[i]`` its text.
    """

    controls: tuple[Control, ...]
    frames: tuple[tuple[Part, ...], ...]
    alts: tuple[str, ...]
    start: int

    def __post_init__(self) -> None:
        if not (
            isinstance(self.controls, tuple)
            and self.controls
            and all(isinstance(c, Control) for c in self.controls)
        ):
            raise ValueError(f"controls must be a non-empty tuple of Control; got {self.controls!r:.60}")
        positions = math.prod(len(c.values) for c in self.controls)
        if not (isinstance(self.frames, tuple) and len(self.frames) == positions):
            raise ValueError(f"frames must be a tuple of one frame per position ({positions})")
        if not (
            isinstance(self.alts, tuple)
            and len(self.alts) == positions
            and all(isinstance(a, str) for a in self.alts)
        ):
            raise ValueError(f"alts must be a tuple of one text per position ({positions})")
        whole_number("start", self.start, 0, positions - 1)

    def __repr__(self) -> str:
        return f"[interactive figure: {self.alts[self.start]}]"

    def _repr_html_(self) -> str:
        controls = "".join(c.html() for c in self.controls)
        frames = "".join(
            f'<div class="slx-frame"{"" if i == self.start else " hidden"}>'
            f"{''.join(_part_html(p, deferred=i != self.start) for p in parts)}</div>"
            for i, parts in enumerate(self.frames)
        )
        return (
            f'<div class="slx-figure"><div class="slx-controls">{controls}</div>'
            f'<div class="slx-frames">{frames}</div></div>'
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """HTML for the book; the start frame's text and first figure (PNG) for other front ends."""
        bundle = {"text/plain": self.alts[self.start], "text/html": self._repr_html_()}
        images = [p for p in self.frames[self.start] if isinstance(p, FigureImage)]
        if images:
            bundle["image/png"] = images[0]._repr_png_()
        return bundle


@dataclass(frozen=True)
class DrawnFigure:
    """Static mode's figure drawn in the page: controls, the start frame (the picture shown without
    JavaScript, and its alt text), and the ``draw`` program of assets/drawn.js with its ``data``."""

    controls: tuple[Control | Range | Choices, ...]
    start: tuple[Part, ...]
    alt: str
    draw: str
    data: dict[str, Any]
    #: The alt text with a ``{name}`` field per control, which the page fills as the controls move.
    template: str = ""

    def __post_init__(self) -> None:
        if not (isinstance(self.controls, tuple) and self.controls
                and all(isinstance(c, Control | Range | Choices) for c in self.controls)):  # fmt: skip
            raise ValueError(
                f"controls must be a non-empty tuple of Control, Range or Choices; got {self.controls!r:.60}"
            )
        if not isinstance(self.draw, str) or not self.draw.replace("-", "").isalnum():
            raise ValueError(f"draw must name a drawing program (letters, digits, '-'); got {self.draw!r}")
        if not isinstance(self.alt, str) or not self.alt.strip():
            raise ValueError(f"alt must be non-empty text; got {self.alt!r}")
        try:
            json.dumps(self.data, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ValueError(f"data must be plain JSON (numbers finite): {err}") from None

    def __repr__(self) -> str:
        return f"[interactive figure: {self.alt}]"

    def _repr_html_(self) -> str:
        described = [
            {"name": c.name, "values": list(c.values)}
            if isinstance(c, Control | Choices)
            else {"name": c.name}
            for c in self.controls
        ]
        spec = {"controls": described, "data": self.data, "alt": self.template or self.alt}
        text = html.escape(json.dumps(spec, allow_nan=False, ensure_ascii=False))
        return (
            f'<div class="slx-figure" data-draw="{self.draw}" data-figure="{text}">'
            f'<div class="slx-controls">{"".join(c.html() for c in self.controls)}</div>'
            f'<div class="slx-frames"><div class="slx-frame">'
            f"{''.join(_part_html(p, deferred=False) for p in self.start)}</div></div></div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """HTML for the book; the start frame's text and first figure (PNG) for other front ends."""
        bundle = {"text/plain": self.alt, "text/html": self._repr_html_()}
        images = [p for p in self.start if isinstance(p, FigureImage)]
        if images:
            bundle["image/png"] = images[0]._repr_png_()
        return bundle


def _part_html(part: Part, deferred: bool) -> str:
    if isinstance(part, FigureImage):
        return part.img(deferred=deferred)
    return f'<div class="slx-html">{part._repr_html_()}</div>'


def widget_mode() -> str:
    """The mode named by ``SCALING_LIB_WIDGETS`` (default ``static``)."""
    return choice("SCALING_LIB_WIDGETS mode", os.environ.get("SCALING_LIB_WIDGETS", "static"), MODES)


def interactive_figure(
    plot: Callable[..., Any],
    controls: Sequence[Control | Range | Choices],
    alt: str,
    mode: str | None = None,
    draw: str | None = None,
    data: dict[str, Any] | None = None,
) -> StaticFigure | DrawnFigure | w.VBox:
    """Controls above the frame drawn by ``plot(**{control.name: value})`` (a Figure, an HTML table,
    or a tuple of those).

    ``alt`` describes the frame for readers who cannot see it; ``{name}`` fields are filled with the
    label of each control's current position; every figure of a frame carries it.

    In ``static`` mode every combination is drawn up front (at most ``MAX_FRAMES``) and a
    ``StaticFigure`` returned, or, for a figure the page draws (``draw`` names its program in
    assets/drawn.js, ``data`` what it needs), a ``DrawnFigure`` with the start frame only; in ``live``
    mode an ipywidgets box redrawn on change.
    """
    mode = choice("mode", mode or widget_mode(), MODES)
    if not callable(plot):
        raise ValueError(f"plot must be a function drawing one frame; got {plot!r}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be non-empty text describing the figure; got {alt!r}")
    if isinstance(controls, str) or not isinstance(controls, Sequence) or not controls:
        raise ValueError(f"controls must be a non-empty list of widgets.Control; got {controls!r}")
    for i, c in enumerate(controls):
        if not isinstance(c, Control | Range | Choices):
            raise TypeError(f"controls[{i}] must be a Control, Range or Choices; got {type(c).__name__}")
    names = [c.name for c in controls]
    if len(set(names)) != len(names):
        raise ValueError(f"controls must have distinct names; got {names}")
    if draw is None and not all(isinstance(c, Control) for c in controls):
        raise ValueError("Range and Choices controls need a figure the page draws: name its draw program")
    if (draw is None) != (data is None):
        raise ValueError("draw and data go together: the drawing program and the numbers it needs")

    def label(c: Control | Range | Choices, value: Any) -> str:
        if isinstance(c, Range):
            return c.label(value)
        # The values handed to plot are the controls' own objects: found by identity, not compared.
        if isinstance(c, Choices):
            return ", ".join(c.labels[_position(c.values, v)] for v in value) or "none"
        return c.option_labels()[_position(c.values, value)]

    def describe(values: Sequence[Any]) -> str:
        try:
            return alt.format(**{c.name: label(c, v) for c, v in zip(controls, values, strict=True)})
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError(f"alt text {alt!r} names fields the controls do not have ({err})") from None

    def initial(c: Control | Range | Choices) -> Any:
        if isinstance(c, Range):
            return c.start
        if isinstance(c, Choices):
            return tuple(c.values[i] for i in sorted(c.start))
        return c.values[c.start]

    start = [initial(c) for c in controls]
    describe(start)

    def render(values: Sequence[Any]) -> tuple[Part, ...]:
        drawn = plot(**{c.name: v for c, v in zip(controls, values, strict=True)})
        return tuple(_part(p, describe(values)) for p in (drawn if isinstance(drawn, tuple) else (drawn,)))

    if mode == "live":
        return _live(render, controls)
    if draw is not None:
        return DrawnFigure(tuple(controls), render(start), describe(start), draw, data or {}, alt)
    static = [c for c in controls if isinstance(c, Control)]
    frames = math.prod(len(c.values) for c in static)
    if frames > MAX_FRAMES:
        raise ValueError(f"{frames} combinations of control values; at most {MAX_FRAMES} are allowed")
    positions = list(itertools.product(*(range(len(c.values)) for c in static)))

    def values_at(idx: Sequence[int]) -> list[Any]:
        return [c.values[i] for c, i in zip(static, idx, strict=True)]

    drawn = tuple(render(values_at(idx)) for idx in progress(positions, "drawing every frame"))
    if len({len(parts) for parts in drawn}) != 1:
        raise ValueError("plot must return the same number of parts (figures, tables) for every frame")
    alts = tuple(describe(values_at(idx)) for idx in positions)
    return StaticFigure(tuple(static), drawn, alts, positions.index(tuple(c.start for c in static)))


def _part(drawn: Any, alt: str) -> Part:
    """A figure rendered to PNG with the frame's alt text, or an object that renders itself as HTML."""
    if isinstance(drawn, Figure):
        return FigureImage(to_png(drawn), alt)
    if hasattr(drawn, "_repr_html_"):  # a FigureImage (with its own alt text) or a table
        return drawn
    raise ValueError(
        f"plot must return a matplotlib Figure, an object with _repr_html_, or a tuple of those; "
        f"got {type(drawn).__name__}"
    )


def _live(render: Callable[[Sequence[Any]], tuple[Part, ...]],
          controls: Sequence[Control | Range | Choices]) -> w.VBox:  # fmt: skip
    """Controls and one widget per part of the frame (an Image or HTML), redrawn when a control moves."""
    inputs = [c.widget() for c in controls]

    def current() -> list[Any]:
        out: list[Any] = []
        for c, i in zip(controls, inputs, strict=True):
            if isinstance(c, Range):
                out.append(float(i.value))
            elif isinstance(c, Choices):
                out.append(tuple(c.values[k] for k in sorted(i.index)))
            else:
                out.append(c.values[i.index])
        return out

    def value(part: Part) -> bytes | str:
        return part.png if isinstance(part, FigureImage) else part._repr_html_()

    parts = render(current())
    views = [
        w.Image(format="png", value=value(p)) if isinstance(p, FigureImage) else w.HTML(value(p))
        for p in parts
    ]

    def redraw(_: Any = None) -> None:
        for view, part in zip(views, render(current()), strict=True):
            view.value = value(part)

    for c, i in zip(controls, inputs, strict=True):
        i.observe(redraw, names="value" if isinstance(c, Range) else "index")
    return w.VBox([*inputs, *views])
