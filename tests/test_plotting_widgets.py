import base64
import io
import re

import ipywidgets as w
import numpy as np
import pytest
from PIL import Image

from scaling_lib import plotting, widgets
from scaling_lib.widgets import Control, interactive_figure


def draw(a: float, b: str = "x"):
    fig, (ax,) = plotting.new_figure()
    ax.plot([0, 1], [0, a], label=b)
    ax.legend()
    plotting.label(ax, "x (units)", "y (units)")
    return fig


def test_to_png_is_a_small_palette_png() -> None:
    png = plotting.to_png(draw(1.0))
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.mode == "P"
    assert img.size == (640, 400)
    assert len(png) < 40_000


def test_new_figure_and_label_bad_input() -> None:
    with pytest.raises(ValueError, match="ncols must be an integer from 1 to 4"):
        plotting.new_figure(ncols=0)
    fig, axes = plotting.new_figure(ncols=3)
    assert len(axes) == 3
    assert len(plotting.new_figure(ncols=2, nrows=2)[1]) == 4
    with pytest.raises(ValueError, match="nrows must be an integer from 1 to 4"):
        plotting.new_figure(nrows=5)
    with pytest.raises(ValueError, match="axis labels are required"):
        plotting.label(axes[0], "x", " ")
    with pytest.raises(ValueError, match="colors must be from 2 to 256"):
        plotting.to_png(fig, colors=1)


def frames(widget: w.Widget) -> list[w.Output]:
    if isinstance(widget, w.Output):
        return [widget]
    return [f for child in widget.children for f in frames(child)]


def png_of(out: w.Output) -> str:
    """The base64 PNG inside a frame's <img>."""
    return re.search(r'src="data:image/png;base64,([^"]+)"', out.outputs[0]["data"]["text/html"]).group(1)


def html_of(out: w.Output) -> str:
    return out.outputs[0]["data"]["text/html"]


def test_static_mode_precomputes_one_frame_per_combination_and_links_the_controls() -> None:
    box = interactive_figure(
        draw,
        [Control("a", [1.0, 2.0, 3.0], "a"), Control("b", ["p", "q"], "b", kind="dropdown", fmt="{}")],
        alt="a line to height {a}, label {b}",
        mode="static",
    )
    slider, dropdown, stack = box.children
    assert isinstance(slider, w.SelectionSlider) and isinstance(dropdown, w.Dropdown)
    assert isinstance(stack, w.Stack) and len(stack.children) == 3
    assert all(isinstance(s, w.Stack) and len(s.children) == 2 for s in stack.children)
    outs = frames(stack)
    assert len(outs) == 6 and len({png_of(o) for o in outs}) == 6
    # Every live widget, Links included (ipywidgets keeps them in this registry).
    links = [x for x in w.widgets.widget._instances.values() if isinstance(x, w.widgets.widget_link.Link)]
    assert any(
        link.source == (slider, "index") and link.target == (stack, "selected_index") for link in links
    )
    for inner in stack.children:
        assert any(
            link.source == (dropdown, "index") and link.target == (inner, "selected_index") for link in links
        )


def test_static_frame_order_matches_control_values() -> None:
    box = interactive_figure(draw, [Control("a", [1.0, 2.0], "a", start=1)], alt="line {a}", mode="static")
    stack = box.children[1]
    assert stack.selected_index == 1 and box.children[0].index == 1
    expected = [plotting.to_png(draw(a)) for a in (1.0, 2.0)]
    assert [base64.b64decode(png_of(o)) for o in stack.children] == expected


def test_live_mode_redraws_on_change() -> None:
    box = interactive_figure(draw, [Control("a", [1.0, 2.0], "a")], alt="line {a}", mode="live")
    slider, image = box.children
    first = image.value
    slider.index = 1
    assert image.value != first and image.value == plotting.to_png(draw(2.0))


def test_mode_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCALING_LIB_WIDGETS", raising=False)
    assert widgets.widget_mode() == "static"
    monkeypatch.setenv("SCALING_LIB_WIDGETS", "live")
    assert widgets.widget_mode() == "live"
    monkeypatch.setenv("SCALING_LIB_WIDGETS", "kernel")
    with pytest.raises(ValueError, match="unknown SCALING_LIB_WIDGETS mode 'kernel'; allowed: static, live"):
        widgets.widget_mode()


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"name": "a b"}, "Python identifier"),
        ({"values": [1]}, "at least 2 values"),
        ({"start": 5}, "start must be an index from 0 to 1"),
        ({"kind": "knob"}, "unknown control kind 'knob'"),
        ({"values": [1.0, 1.0000001]}, "distinct label"),
        ({"labels": ["x"]}, "one distinct label per value"),
    ],
)
def test_control_bad_input(kwargs: dict, message: str) -> None:
    spec = {"name": "a", "values": [1, 2], "description": "a"} | kwargs
    with pytest.raises(ValueError, match=message):
        Control(**spec)


def test_interactive_figure_bad_input() -> None:
    big = Control("a", list(np.arange(9.0)), "a")
    with pytest.raises(ValueError, match="81 combinations of control values; at most 64"):
        interactive_figure(draw, [big, Control("b", list(np.arange(9.0)), "b")], "x")
    with pytest.raises(ValueError, match="at least one control"):
        interactive_figure(draw, [], "x")
    with pytest.raises(ValueError, match="distinct"):
        interactive_figure(draw, [Control("a", [1, 2], "a"), Control("a", [1, 2], "a")], "x")
    with pytest.raises(ValueError, match="unknown mode 'web'"):
        interactive_figure(draw, [Control("a", [1, 2], "a")], "x", mode="web")


def test_frames_carry_alt_text_filled_from_the_controls() -> None:
    box = interactive_figure(draw, [Control("a", [1.0, 2.0], "a")], alt="a line to height {a}", mode="static")
    frames_html = [html_of(o) for o in box.children[1].children]
    assert 'alt="a line to height 1"' in frames_html[0] and 'alt="a line to height 2"' in frames_html[1]
    with pytest.raises(ValueError, match="names fields the controls do not have"):
        interactive_figure(draw, [Control("a", [1.0, 2.0], "a")], alt="height {b}", mode="static")


def test_show_needs_alt_text_and_escapes_it() -> None:
    image = plotting.show(draw(1.0), alt='a "quoted" <line>')
    assert 'alt="a &quot;quoted&quot; &lt;line&gt;"' in image._repr_html_()
    assert base64.b64decode(image._repr_png_()).startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="every figure needs alt text"):
        plotting.show(draw(1.0), alt=" ")


def test_shade_fitted_marks_the_range_and_refuses_bad_ranges() -> None:
    fig, (ax,) = plotting.new_figure()
    ax.set_xscale("log")
    plotting.shade_fitted(ax, 768, 1.5e9)
    (patch,) = ax.patches
    assert patch.get_label() == "range of the fitted data"
    assert patch.get_x() == 768 and patch.get_x() + patch.get_width() == pytest.approx(1.5e9)
    for bad in ((0, 1), (2, 1), (1, float("inf")), (float("nan"), 1)):
        with pytest.raises(ValueError, match="the fitted range must satisfy"):
            plotting.shade_fitted(ax, *bad)


def test_plain_loss_ticks() -> None:
    fig, (ax,) = plotting.new_figure()
    ax.loglog([1, 10], [2.0, 4.0])
    plotting.plain_loss_ticks(ax)
    fig.canvas.draw()
    labels = {t.get_text() for t in ax.get_yticklabels(minor=True) if t.get_text()}
    assert "3" in labels and not any("times" in t or "^" in t for t in labels)


def test_budget_colors_are_ordered_and_distinct() -> None:
    colors = plotting.budget_colors([6e18, 1e19, 3e19, 1e20, 3e21])
    assert len(set(colors)) == 5
    lightness = [0.299 * r + 0.587 * g + 0.114 * b for r, g, b, _ in colors]
    assert lightness == sorted(lightness, reverse=True)  # light to dark as the budget grows
    for bad in ([], [0.0, 1.0], [[1.0, 2.0]]):
        with pytest.raises(ValueError, match="budgets must be a non-empty 1-d sequence"):
            plotting.budget_colors(bad)


def test_figure_image_repr_is_its_alt_text() -> None:
    fig, (ax,) = plotting.new_figure()
    ax.plot([1, 2], [3, 4])
    image = plotting.show(fig, alt="a rising line")
    assert repr(image) == "[figure: a rising line]" and "0x" not in repr(image)
