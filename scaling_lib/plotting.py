"""Figure conventions shared by every chapter: one size, a colour-blind-safe palette, labelled
axes, and compact PNG rendering (Agg, no pyplot state)."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image as PILImage

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

FIGSIZE = (6.4, 4.0)
DPI = 100


def new_figure(ncols: int = 1, width: float | None = None, nrows: int = 1) -> tuple[Figure, list[Axes]]:
    """A figure with ``nrows`` x ``ncols`` axes (row by row), in the book's size and palette."""
    for name, value in (("ncols", ncols), ("nrows", nrows)):
        if not isinstance(value, int) or not 1 <= value <= 4:
            raise ValueError(f"{name} must be an integer from 1 to 4; got {value!r}")
    size = (
        width or FIGSIZE[0] * (1 if ncols == 1 else 0.75 * ncols),
        FIGSIZE[1] * (1 if nrows == 1 else 0.7 * nrows),
    )
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    axes = [fig.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]
    for ax in axes:
        ax.set_prop_cycle(color=PALETTE)
        ax.grid(True, which="major", alpha=0.3)
    return fig, axes


def label(ax: Axes, xlabel: str, ylabel: str, title: str | None = None) -> None:
    """Label both axes (give units) and optionally the title."""
    if not xlabel.strip() or not ylabel.strip():
        raise ValueError("both axis labels are required, with their units")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def to_png(fig: Figure, colors: int = 64) -> bytes:
    """Render ``fig`` to a palette PNG of at most ``colors`` colours (about a third of RGBA's size)."""
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be from 2 to 256; got {colors!r}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    img = PILImage.open(io.BytesIO(buf.getvalue())).convert("RGB")
    out = io.BytesIO()
    img.quantize(colors=colors, method=PILImage.Quantize.FASTOCTREE).save(out, format="png")
    return out.getvalue()


class FigureImage:
    """A rendered figure with its alt text: HTML ``<img alt=...>`` for the book, PNG for other front ends."""

    def __init__(self, png: bytes, alt: str) -> None:
        if not alt or not alt.strip():
            raise ValueError("every figure needs alt text describing what it shows")
        self.png, self.alt = png, alt.strip()

    def __repr__(self) -> str:
        """The alt text: what a plain-text front end shows, the same on every build (no memory address)."""
        return f"[figure: {self.alt}]"

    def _repr_png_(self) -> str:
        """Base64 text, as notebooks store PNG data."""
        return base64.b64encode(self.png).decode("ascii")

    def _repr_html_(self) -> str:
        return f'<img src="data:image/png;base64,{self._repr_png_()}" alt="{html.escape(self.alt)}"/>'


def show(fig: Figure, alt: str) -> FigureImage:
    """The figure, rendered once, for the notebook to display with its alt text."""
    return FigureImage(to_png(fig), alt)


def shade_fitted(ax: Axes, low: float, high: float, label: str = "range of the fitted data") -> None:
    """Shade the x-range of the data a fit used, so that everything outside reads as extrapolation."""
    if not (0 < low < high) or high == float("inf"):
        raise ValueError(f"the fitted range must satisfy 0 < low < high < inf; got ({low!r}, {high!r})")
    ax.axvspan(low, high, color="0.88", zorder=0, label=label)


def plain_loss_ticks(ax: Axes) -> None:
    """Label a logarithmic loss axis with plain numbers (2, 3, 4) instead of powers of ten (2 x 10^0)."""
    plain = FuncFormatter(lambda v, _: f"{v:g}")
    ax.yaxis.set_major_formatter(plain)
    ax.yaxis.set_minor_formatter(plain)


def budget_colors(budgets: Sequence[float]) -> list[tuple[float, float, float, float]]:
    """One colour per compute budget from a sequential colormap (viridis, light to dark as the budget
    grows, evenly in log budget), so that many budgets stay ordered and distinguishable."""
    b = np.asarray(budgets, dtype=float)
    if b.ndim != 1 or b.size == 0 or not np.all(np.isfinite(b) & (b > 0)):
        raise ValueError(f"budgets must be a non-empty 1-d sequence of positive numbers; got {budgets!r}")
    log_b = np.log10(b)
    span = np.ptp(log_b) or 1.0
    return [colormaps["viridis_r"](0.15 + 0.8 * (x - log_b.min()) / span) for x in log_b]
