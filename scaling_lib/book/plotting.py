"""Figure conventions shared by every chapter: one size, a colour-blind-safe palette, labelled
axes, and compact PNG rendering (Agg, no pyplot state).

Where a rendered PNG goes: inline, as a ``data:`` URI, in Jupyter, Colab and tests; in the book's build
(``make book`` sets ``SCALING_LIB_FRAMES`` to a folder the site serves at its root), into a file of that
folder named by the hash of its bytes, which the page refers to by a relative URL.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import os
import posixpath
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter
from PIL import Image as PILImage

from ..validation import instance, numbers, positive_scalar, whole_number

__all__ = [
    "CONTENT_PX",
    "DPI",
    "FIGSIZE",
    "FRAMES_ENV",
    "FigureImage",
    "MIN_TEXT_PX",
    "PALETTE",
    "budget_colors",
    "clipped_text",
    "image_url",
    "label",
    "new_figure",
    "plain_loss_ticks",
    "shade_fitted",
    "show",
    "smallest_text_px",
    "to_png",
]

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

FIGSIZE = (6.4, 4.0)
DPI = 100
#: The width of the page's text column (sphinx-book-theme in a 1280 px window), in CSS pixels: a figure
#: wider than this is shrunk to it, and its text with it.
CONTENT_PX = 672
#: The smallest text a figure may show at the page's width: 11 px, 8 pt at 100 dpi.
MIN_TEXT_PX = 11.0


def new_figure(ncols: int = 1, width: float | None = None, nrows: int = 1) -> tuple[Figure, list[Axes]]:
    """A figure with ``nrows`` x ``ncols`` axes (row by row), in the book's size and palette.

    Side-by-side panels share the page's width (``CONTENT_PX`` at ``DPI``) rather than widen the figure,
    so that the page never shrinks their text; ``width`` (inches) may narrow a figure, not widen it.
    """
    for name, value in (("ncols", ncols), ("nrows", nrows)):
        whole_number(name, value, 1, 4)
    widest = CONTENT_PX / DPI
    if width is not None and not (isinstance(width, int | float) and 2 <= width <= widest):
        raise ValueError(f"width must be from 2 to {widest:g} inches (the page's text column); got {width!r}")
    size = (
        width or (FIGSIZE[0] if ncols == 1 else widest),
        FIGSIZE[1] * (1 if nrows == 1 else 0.7 * nrows),
    )
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]
    for ax in axes:
        ax.set_prop_cycle(color=PALETTE)
        ax.grid(True, which="major", alpha=0.3)
    return fig, axes


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be non-empty text; got {value!r}")
    return value


def label(ax: Axes, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes (give units) and optionally the title."""
    instance("ax", ax, Axes)
    _text("xlabel (an axis label, with its unit)", xlabel)
    _text("ylabel (an axis label, with its unit)", ylabel)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def smallest_text_px(fig: Figure) -> float:
    """The height in CSS pixels of the smallest visible text of ``fig`` as the page shows it: its size in
    points x DPI / 72, times the scale at which a figure wider than ``CONTENT_PX`` is shrunk to fit."""
    scale = min(1.0, CONTENT_PX / (instance("fig", fig, Figure).get_figwidth() * DPI))
    sizes = [float(t.get_fontsize()) for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes, default=float("inf")) * DPI / 72 * scale


def clipped_text(fig: Figure) -> list[str]:
    """The labels, titles, legend entries and annotations of ``fig`` that run past its edges once drawn
    (constrained layout keeps axes apart, but cannot shorten a label longer than its panel)."""
    canvas = instance("fig", fig, Figure).canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    texts = list(fig.texts)  # the suptitle among them
    for ax in fig.axes:
        texts += [ax.xaxis.label, ax.yaxis.label, ax.title, *ax.texts]
        legend = ax.get_legend()
        texts += legend.get_texts() if legend else []
    for legend in fig.legends:
        texts += legend.get_texts()
    out = []
    for t in texts:
        if not (t.get_visible() and t.get_text().strip()):
            continue
        box = t.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            out.append(t.get_text())
    return out


def to_png(fig: Figure, colors: int = 64) -> bytes:
    """Render ``fig`` to a palette PNG of at most ``colors`` colours (about a third of RGBA's size).

    Refuses a figure whose smallest text the page would show under ``MIN_TEXT_PX`` (``smallest_text_px``),
    or whose labels run off its edges (``clipped_text``): no figure of the book is illegible at the page's
    width.
    """
    instance("fig", fig, Figure)
    whole_number("colors", colors, 2, 256)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.set_dpi(DPI)
    smallest = smallest_text_px(fig)
    if smallest < MIN_TEXT_PX:
        raise ValueError(
            f"the figure's smallest text would show {smallest:.1f} px high at the page's width; at least "
            f"{MIN_TEXT_PX:g} px is legible: make the text larger (>= 8 pt) or the figure narrower"
        )
    clipped = clipped_text(fig)
    if clipped:
        raise ValueError(f"text runs off the figure's edge: {clipped}; shorten it or give it more room")
    # clipped_text drew the figure on its Agg canvas: encode those pixels rather than draw it again.
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # to_png gave the figure one before clipped_text drew it
    img = PILImage.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB")
    out = io.BytesIO()
    img.quantize(colors=colors, method=PILImage.Quantize.FASTOCTREE).save(out, format="png")
    return out.getvalue()


#: The environment variable naming the folder of image files (the book's build); unset: inline images.
FRAMES_ENV = "SCALING_LIB_FRAMES"


def _book_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding the book's ``_toc.yml`` (the site's root)."""
    for folder in (start, *start.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    raise ValueError(f"{FRAMES_ENV} is set but {start} is not inside a book (no _toc.yml above it)")


def image_url(png: bytes) -> str:
    """Where an ``<img>`` finds ``png``: a ``data:`` URI, or, when ``$SCALING_LIB_FRAMES`` names a folder,
    the relative URL of ``<that folder>/<sha256[:16]>.png`` (written once) as the site serves it: the
    folder at the site's root, the page beside its source (the working directory, as the build runs it).
    """
    folder = os.environ.get(FRAMES_ENV)
    if not folder:
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    if not os.path.isabs(folder):
        raise ValueError(f"{FRAMES_ENV} must be an absolute path; got {folder!r}")
    path = Path(folder) / f"{hashlib.sha256(png).hexdigest()[:16]}.png"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(png)
        partial.replace(path)
    page_dir = Path.cwd().resolve()
    depth = len(page_dir.relative_to(_book_root(page_dir)).parts)
    return posixpath.join(*([".."] * depth), path.parent.name, path.name)


class FigureImage:
    """A rendered figure with its alt text: HTML ``<img alt=...>`` for the book, PNG for other front ends."""

    def __init__(self, png: bytes, alt: str) -> None:
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError(f"every figure needs alt text describing what it shows; got alt = {alt!r}")
        if png[:8] != b"\x89PNG\r\n\x1a\n":
            raise ValueError("png must be the bytes of a PNG image (see to_png)")
        self.png, self.alt = png, alt.strip()

    def __repr__(self) -> str:
        """The alt text: what a plain-text front end shows, the same on every build (no memory address)."""
        return f"[figure: {self.alt}]"

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels (from the PNG's header)."""
        width, height = struct.unpack(">II", self.png[16:24])
        return width, height

    def _repr_png_(self) -> str:
        """Base64 text, as notebooks store PNG data."""
        return base64.b64encode(self.png).decode("ascii")

    def img(self, deferred: bool = False) -> str:
        """The ``<img>`` element: with its size (no layout shift) and ``loading="lazy"``; a ``deferred``
        image names its file in ``data-src`` only, for the page's script to load when it is needed."""
        width, height = self.size
        url = image_url(self.png)
        source = f'data-src="{url}"' if deferred else f'src="{url}" loading="lazy"'
        return (
            f'<img {source} alt="{html.escape(self.alt)}" width="{width}" height="{height}" class="slx-img"/>'
        )

    def _repr_html_(self) -> str:
        return self.img()


def show(fig: Figure, alt: str) -> FigureImage:
    """The figure, rendered once, for the notebook to display with its alt text."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"every figure needs alt text describing what it shows; got alt = {alt!r}")
    return FigureImage(to_png(fig), alt)


def shade_fitted(ax: Axes, low: float, high: float, label: str = "range of the fitted data") -> None:
    """Shade the x-range of the data a fit used, so that everything outside reads as extrapolation."""
    instance("ax", ax, Axes)
    low, high = positive_scalar("low", low), positive_scalar("high", high)
    if not low < high:
        raise ValueError(f"the fitted range must satisfy 0 < low < high < inf; got ({low!r}, {high!r})")
    ax.axvspan(low, high, color="0.88", zorder=0, label=label)


def plain_loss_ticks(ax: Axes) -> None:
    """Label a logarithmic loss axis with plain numbers (2, 3, 4) instead of powers of ten (2 x 10^0)."""
    instance("ax", ax, Axes)
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    ax.yaxis.set_major_formatter(plain)
    ax.yaxis.set_minor_formatter(plain)


def budget_colors(budgets: Sequence[float]) -> list[tuple[float, float, float, float]]:
    """One colour per compute budget from a sequential colormap (viridis, light to dark as the budget
    grows, evenly in log budget), so that many budgets stay ordered and distinguishable."""
    try:
        b = numbers("budgets", budgets)
    except ValueError:
        b = np.empty(0)
    if b.ndim != 1 or b.size == 0 or not np.all(np.isfinite(b) & (b > 0)):
        raise ValueError(f"budgets must be a non-empty 1-d sequence of positive numbers; got {budgets!r}")
    log_b = np.log10(b)
    span = np.ptp(log_b) or 1.0
    return [colormaps["viridis_r"](0.15 + 0.8 * (x - log_b.min()) / span) for x in log_b]
