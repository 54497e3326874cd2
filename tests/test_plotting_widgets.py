import base64
import functools
import hashlib
import html
import io
import itertools
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from prune_frames import prune_frames

from scaling_lib import plotting, widgets
from scaling_lib.book.widgets import Choices, Control, Range, interactive_figure


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
    with pytest.raises(ValueError, match="ncols must be a whole number >= 1 and <= 4"):
        plotting.new_figure(ncols=0)
    fig, axes = plotting.new_figure(ncols=3)
    assert len(axes) == 3
    assert len(plotting.new_figure(ncols=2, nrows=2)[1]) == 4
    with pytest.raises(ValueError, match="nrows must be a whole number >= 1 and <= 4"):
        plotting.new_figure(nrows=5)
    with pytest.raises(ValueError, match="ylabel .* must be non-empty text"):
        plotting.label(axes[0], "x", " ")
    with pytest.raises(ValueError, match="colors must be a whole number >= 2 and <= 256"):
        plotting.to_png(fig, colors=1)


class Table:
    """An HTML frame part, as scaling_lib.book.tables renders one."""

    def __init__(self, a: float) -> None:
        self.a = a

    def _repr_html_(self) -> str:
        return f"<table><tr><td>a = {self.a:g}</td></tr></table>"


def both(a: float, b: str = "x"):
    return draw(a, b), Table(a)


TWO = [
    Control("a", [1.0, 2.0, 3.0], "height a"),
    Control("b", ["p", "q"], "label", kind="dropdown", fmt="{}"),
]


def test_static_mode_is_plain_html_with_native_controls() -> None:
    fig = interactive_figure(draw, TWO, alt="a line to height {a}, label {b}", mode="static")
    assert isinstance(fig, widgets.StaticFigure)
    page = fig._repr_html_()
    assert "require" not in page and "widget" not in page and "<script" not in page
    assert page.count('type="range"') == 1 and 'min="0" max="2" step="1" value="0"' in page
    assert 'aria-valuetext="1"' in page and "<output>1</output>" in page
    assert page.count("<select") == 1 and page.count("<option") == 2
    assert page.count('class="slx-frame"') == 6 and page.count(" hidden>") == 5


def test_static_frames_follow_the_mixed_radix_order_of_the_controls() -> None:
    fig = interactive_figure(draw, TWO, alt="{a} {b}", mode="static")
    assert fig.alts == ("1 p", "1 q", "2 p", "2 q", "3 p", "3 q")
    expected = [plotting.to_png(draw(a, b)) for a in (1.0, 2.0, 3.0) for b in ("p", "q")]
    assert [parts[0].png for parts in fig.frames] == expected
    started = interactive_figure(
        draw, [Control("a", [1.0, 2.0], "a", start=1), TWO[1]], alt="{a} {b}", mode="static"
    )
    assert started.start == 2 and started.alts[started.start] == "2 p"


def test_only_the_start_frame_has_a_src_the_others_wait_in_data_src() -> None:
    fig = interactive_figure(
        draw, [Control("a", [1.0, 2.0, 3.0], "a", start=1)], alt="line {a}", mode="static"
    )
    frames = re.findall(r'<div class="slx-frame"( hidden)?>(.*?)</div>', fig._repr_html_())
    assert [hidden for hidden, _ in frames] == [" hidden", "", " hidden"]
    assert ' src="data:image/png;base64,' in frames[1][1] and 'loading="lazy"' in frames[1][1]
    assert all(" src=" not in body and "data-src=" in body for _, body in (frames[0], frames[2]))
    assert all('width="640" height="400"' in body and 'alt="line ' in body for _, body in frames)


def test_controls_render_their_labels_and_buttons_say_which_is_pressed() -> None:
    slider = Control("n", [1e8, 1e9, 1e10], "model size N", fmt="{:.0e}", start=1)
    assert slider.option_labels() == ["10⁸", "10⁹", "10¹⁰"]
    html = slider.html()
    assert 'aria-valuetext="10⁹"' in html and "<output>10⁹</output>" in html and "e+" not in html
    buttons = Control("f", ["x", "y"], 'the "fit"', kind="buttons", fmt="{}").html()
    assert (
        'aria-pressed="true" disabled>x</button>' in buttons and 'aria-pressed="false" disabled>y' in buttons
    )
    assert 'role="group" aria-label="the &quot;fit&quot;"' in buttons
    dropdown = Control("g", ["<a>", "b"], "g", kind="dropdown", fmt="{}", start=1).html()
    assert '<option value="1" selected>b</option>' in dropdown and "&lt;a&gt;" in dropdown


def test_mimebundle_gives_the_start_frame_as_text_and_png() -> None:
    fig = interactive_figure(draw, TWO, alt="line {a} {b}", mode="static")
    bundle = fig._repr_mimebundle_()
    assert bundle["text/plain"] == "line 1 p" and repr(fig) == "[interactive figure: line 1 p]"
    assert base64.b64decode(bundle["image/png"]) == plotting.to_png(draw(1.0, "p"))
    assert bundle["text/html"] == fig._repr_html_()


def test_html_and_tuple_frames_switch_like_figures() -> None:
    tables = interactive_figure(Table, [Control("a", [1.0, 2.0], "a")], alt="table {a}", mode="static")
    page = tables._repr_html_()
    assert '<div class="slx-html"><table><tr><td>a = 1</td>' in page and "<img" not in page
    assert "image/png" not in tables._repr_mimebundle_()
    pair = interactive_figure(both, [Control("a", [1.0, 2.0], "a")], alt="line {a}", mode="static")
    assert all(len(parts) == 2 for parts in pair.frames)
    assert re.search(
        r'<div class="slx-frame"><img [^>]*alt="line 1"[^>]*/><div class="slx-html">', pair._repr_html_()
    )


def test_plot_must_return_figures_or_html() -> None:
    with pytest.raises(ValueError, match="plot must return a matplotlib Figure, an object with _repr_html_"):
        interactive_figure(lambda a: 3, [Control("a", [1.0, 2.0], "a")], alt="x", mode="static")
    with pytest.raises(ValueError, match="the same number of parts"):
        interactive_figure(
            lambda a: draw(a) if a == 1 else both(a), [Control("a", [1.0, 2.0], "a")], alt="x", mode="static"
        )


@settings(max_examples=25)
@given(sizes=st.lists(st.integers(2, 4), min_size=1, max_size=3), data=st.data())
def test_frame_index_is_the_mixed_radix_number_of_the_positions(
    sizes: list[int], data: st.DataObject
) -> None:
    starts = [data.draw(st.integers(0, n - 1)) for n in sizes]
    controls = [
        Control(f"c{k}", list(range(n)), f"c{k}", kind="dropdown", start=s)
        for k, (n, s) in enumerate(zip(sizes, starts, strict=True))
    ]
    fig = interactive_figure(
        lambda **kw: Table(sum(v * 10**k for k, v in enumerate(kw.values()))),
        controls,
        alt=" ".join(f"{{c{k}}}" for k in range(len(sizes))),
        mode="static",
    )
    assert len(fig.frames) == math.prod(sizes)
    for index, position in enumerate(itertools.product(*(range(n) for n in sizes))):
        assert fig.alts[index] == " ".join(map(str, position))
    radix = functools.reduce(lambda acc, pair: acc * pair[0] + pair[1], zip(sizes, starts, strict=True), 0)
    assert fig.start == radix


def test_live_mode_redraws_on_change() -> None:
    box = interactive_figure(draw, [Control("a", [1.0, 2.0], "a")], alt="line {a}", mode="live")
    slider, image = box.children
    assert isinstance(slider, w.SelectionSlider) and isinstance(image, w.Image)
    first = image.value
    slider.index = 1
    assert image.value != first and image.value == plotting.to_png(draw(2.0))


def test_live_mode_shows_html_parts_as_html_widgets() -> None:
    box = interactive_figure(
        both, [Control("a", [1.0, 2.0], "a", kind="buttons")], alt="line {a}", mode="live"
    )
    buttons, image, table = box.children
    assert isinstance(buttons, w.ToggleButtons) and isinstance(table, w.HTML) and "a = 1" in table.value
    buttons.index = 1
    assert "a = 2" in table.value and image.value == plotting.to_png(draw(2.0))


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
        ({"values": [1.0, 1.0000001]}, "labels must be distinct"),
        ({"labels": ["x"]}, "labels must be distinct, one per value"),
        ({"values": [1.0, math.nan]}, "control 'a': values must be finite numbers; got nan"),
        ({"values": [1.0, math.inf]}, "control 'a': values must be finite numbers; got inf"),
        ({"values": ["x", -math.inf], "kind": "dropdown"}, "values must be finite numbers; got -inf"),
        ({"values": [2, 1, 2]}, r"control 'a': values must be distinct; got \[2, 1, 2\]"),
        ({"values": ["p", "p"], "kind": "buttons"}, "values must be distinct"),
        ({"values": [1, "2"]}, "control 'a': a slider's values must be numbers; got '2'"),
        ({"values": [True, False]}, "a slider's values must be numbers; got True"),
        ({"start": 1.0}, "start must be an index from 0 to 1; got 1.0"),
        ({"name": 3}, "control name must be a Python identifier; got 3"),
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
    with pytest.raises(ValueError, match="controls must be a non-empty list"):
        interactive_figure(draw, [], "x")
    with pytest.raises(ValueError, match="distinct"):
        interactive_figure(draw, [Control("a", [1, 2], "a"), Control("a", [1, 2], "a")], "x")
    with pytest.raises(ValueError, match="unknown mode 'web'"):
        interactive_figure(draw, [Control("a", [1, 2], "a")], "x", mode="web")


def test_frames_carry_alt_text_filled_from_the_controls() -> None:
    fig = interactive_figure(draw, [Control("a", [1.0, 2.0], "a")], alt="a line to height {a}", mode="static")
    assert [parts[0].alt for parts in fig.frames] == ["a line to height 1", "a line to height 2"]
    assert 'alt="a line to height 2"' in fig._repr_html_()
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
    for bad, message in (((0, 1), "low must be finite and > 0"), ((2, 1), "the fitted range must satisfy"),
                         ((1, float("inf")), "high must be finite and > 0"),
                         ((float("nan"), 1), "low must be finite and > 0")):  # fmt: skip
        with pytest.raises(ValueError, match=message):
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


def test_show_needs_a_png() -> None:
    with pytest.raises(ValueError, match="png must be the bytes of a PNG image"):
        plotting.FigureImage(b"GIF89a", alt="x")
    assert plotting.show(draw(1.0), alt="x").size == (640, 400)


def test_images_are_inline_without_a_frames_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(plotting.FRAMES_ENV, raising=False)
    png = plotting.to_png(draw(1.0))
    assert plotting.image_url(png) == "data:image/png;base64," + base64.b64encode(png).decode()


def book(tmp_path: Path) -> Path:
    """A book's folder (its _toc.yml) with a chapters/ folder, and a frames folder of its build."""
    (tmp_path / "_toc.yml").write_text("root: index\n")
    (tmp_path / "chapters").mkdir()
    return tmp_path / "_build" / "frames" / "_frames"


def test_images_go_to_content_hashed_files_named_relative_to_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = book(tmp_path)
    monkeypatch.setenv(plotting.FRAMES_ENV, str(frames))
    monkeypatch.chdir(tmp_path / "chapters")
    image = plotting.show(draw(1.0), alt="a line")
    name = hashlib.sha256(image.png).hexdigest()[:16] + ".png"
    assert plotting.image_url(image.png) == f"../_frames/{name}"
    assert (frames / name).read_bytes() == image.png and os.listdir(frames) == [name]
    assert image._repr_html_() == (
        f'<img src="../_frames/{name}" loading="lazy" alt="a line" width="640" height="400" class="slx-img"/>'
    )
    assert image.img(deferred=True).startswith(f'<img data-src="../_frames/{name}" alt=')
    monkeypatch.chdir(tmp_path)
    assert plotting.image_url(image.png) == f"_frames/{name}"


def test_frames_folder_must_be_absolute_and_the_page_inside_a_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    png = plotting.to_png(draw(1.0))
    monkeypatch.setenv(plotting.FRAMES_ENV, "relative/_frames")
    with pytest.raises(
        ValueError, match="SCALING_LIB_FRAMES must be an absolute path; got 'relative/_frames'"
    ):
        plotting.image_url(png)
    monkeypatch.setenv(plotting.FRAMES_ENV, str(tmp_path / "_frames"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="SCALING_LIB_FRAMES is set but .* is not inside a book"):
        plotting.image_url(png)


def test_prune_frames_keeps_only_the_files_a_page_names(tmp_path: Path) -> None:
    # The site's copies (the English and the Chinese edition's) lose what no page names; the build's
    # folder keeps every image, since the execution cache's outputs may name it again.
    frames = tmp_path / "_build" / "frames" / "_frames"
    site = tmp_path / "_build" / "html"
    for folder in (frames, site / "_frames", site / "chapters", site / "zh" / "_frames"):
        folder.mkdir(parents=True)
    used, stale = "0123456789abcdef.png", "fedcba9876543210.png"
    for folder in (frames, site / "_frames", site / "zh" / "_frames"):
        for name in (used, stale):
            (folder / name).write_bytes(b"png")
    (site / "index.html").write_text("<p>home</p>")
    (site / "chapters" / "a.html").write_text(f'<img data-src="../_frames/{used}" alt="x"/>')
    removed = prune_frames(site, [frames])
    assert sorted(removed) == sorted([site / "_frames" / stale, site / "zh" / "_frames" / stale])
    assert sorted(os.listdir(frames)) == sorted([used, stale])
    assert os.listdir(site / "_frames") == [used] and os.listdir(site / "zh" / "_frames") == [used]
    with pytest.raises(ValueError, match="site must be a built site"):
        prune_frames(tmp_path, [frames])


def test_side_by_side_panels_share_the_page_width() -> None:
    for ncols in (2, 3):
        fig, _ = plotting.new_figure(ncols=ncols)
        assert fig.get_figwidth() * plotting.DPI == plotting.CONTENT_PX
    with pytest.raises(ValueError, match="width must be from 2 to 6.72 inches"):
        plotting.new_figure(width=10)


def test_text_smaller_than_eleven_pixels_at_the_page_width_is_refused() -> None:
    fig, (ax,) = plotting.new_figure()
    plotting.label(ax, "x (units)", "y (units)")
    # Matplotlib's default 10 pt text at 100 dpi shows 10 x 100 / 72 = 13.9 px on a 640 px figure.
    assert plotting.smallest_text_px(fig) == pytest.approx(10 * 100 / 72)
    ax.legend(handles=ax.plot([1, 2], label="a line"), fontsize=7)  # 9.7 px: too small
    assert plotting.smallest_text_px(fig) == pytest.approx(7 * 100 / 72)
    with pytest.raises(ValueError, match="smallest text would show 9.7 px high"):
        plotting.to_png(fig)
    # A wide figure shrinks on the page: 10 pt on a 1,000 px figure shows 13.9 x 672 / 1000 = 9.3 px.
    wide = plotting.Figure(figsize=(10, 4))
    wide.text(0.5, 0.5, "text")
    assert plotting.smallest_text_px(wide) == pytest.approx(10 * 100 / 72 * 672 / 1000)


def test_a_label_longer_than_its_panel_is_refused() -> None:
    fig, (_, right) = plotting.new_figure(ncols=2)
    plotting.label(
        right, "a label far longer than half of the page's width can ever hold (units)", "y (units)"
    )
    assert plotting.clipped_text(fig) == [
        "a label far longer than half of the page's width can ever hold (units)"
    ]
    with pytest.raises(ValueError, match="text runs off the figure's edge"):
        plotting.to_png(fig)
    fig, (ax,) = plotting.new_figure()
    plotting.label(ax, "x (units)", "y (units)", "a title")
    assert plotting.clipped_text(fig) == []


def test_a_drawn_figure_renders_its_start_frame_and_names_its_program() -> None:
    controls = [Range("a", 0.5, 4.0, "height", start=1.0, log=False, digits=2),
                Control("b", ["x", "y"], "label", kind="buttons", fmt="{}")]  # fmt: skip
    fig = interactive_figure(draw, controls, "a line to {a} labelled {b}", mode="static", draw="line",
                             data={"scale": 2.0})  # fmt: skip
    assert isinstance(fig, widgets.DrawnFigure) and fig.alt == "a line to 1.00 labelled x"
    page = fig._repr_html_()
    assert page.count("<img") == 1 and 'data-draw="line"' in page and "data-figure=" in page
    spec = json.loads(html.unescape(re.search(r'data-figure="([^"]*)"', page).group(1)))
    assert spec == {"controls": [{"name": "a"}, {"name": "b", "values": ["x", "y"]}], "data": {"scale": 2.0},
                    "alt": "a line to {a} labelled {b}"}  # fmt: skip
    assert 'min="0.5" max="4.0" step="any" value="1.0"' in page and 'data-log="0"' in page
    assert base64.b64decode(fig._repr_mimebundle_()["image/png"]) == plotting.to_png(draw(1.0, "x"))


def test_a_log_range_is_labelled_for_reading_and_steps_in_log10() -> None:
    r = Range("n", 1e5, 1e11, "N", start=3e8)
    assert [r.label(x) for x in (3e8, 1e9, 1.0, 2.345e-3)] == ["3.0×10⁸", "10⁹", "1.0", "2.3×10⁻³"]
    assert 'min="5.0" max="11.0" step="any"' in r.html() and 'data-log="1" data-digits="2"' in r.html()
    assert Range("n", 1e5, 1e11, "N", start=3e8, digits=1).label(3e8) == "3×10⁸"


def test_choices_pass_the_checked_values_in_order() -> None:
    seen: list[tuple] = []

    def plot(which: tuple) -> Any:
        seen.append(which)
        return draw(float(len(which)))

    c = Choices("which", [10, 20, 30], "budgets", labels=["ten", "twenty", "thirty"], start=[2, 0])
    fig = interactive_figure(plot, [c], "using {which}", mode="static", draw="line", data={})
    assert seen == [(10, 30)] and fig.alt == "using ten, thirty"
    assert fig._repr_html_().count('type="checkbox"') == 3 and fig._repr_html_().count(" checked") == 2
    box = interactive_figure(plot, [c], "using {which}", mode="live", draw="line", data={})
    select, image = box.children
    assert isinstance(select, w.SelectMultiple)
    select.index = (1,)
    assert seen[-1] == (20,) and image.value == plotting.to_png(draw(1.0))


def test_live_mode_slides_a_range_continuously() -> None:
    box = interactive_figure(draw, [Range("a", 1e-2, 1e2, "a", start=1.0)], "line {a}", mode="live",
                             draw="line", data={})  # fmt: skip
    slider, image = box.children
    assert isinstance(slider, w.FloatLogSlider) and slider.min == -2 and slider.max == 2
    slider.value = 3.3
    assert image.value == plotting.to_png(draw(3.3))


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"low": 20.0}, "needs low < high"),
        ({"low": 0.0}, "low > 0"),
        ({"start": 20.0}, "start must be from"),
        ({"start": math.nan}, "start must be a finite number"),
        ({"high": "9"}, "high must be a finite number"),
        ({"digits": 0}, "a log scale's label needs digits >= 1"),
        ({"log": 1}, "log"),
        ({"name": "a b"}, "Python identifier"),
        ({"description": " "}, "description must be non-empty"),
    ],
)
def test_range_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        Range(**({"name": "a", "low": 1.0, "high": 10.0, "description": "a", "start": 2.0} | kwargs))


def test_drawn_figures_refuse_what_the_page_cannot_draw() -> None:
    with pytest.raises(ValueError, match="Range and Choices controls need a figure the page draws"):
        interactive_figure(draw, [Range("a", 1.0, 2.0, "a", start=1.0)], "x", mode="static")
    with pytest.raises(ValueError, match="draw and data go together"):
        interactive_figure(draw, [Control("a", [1, 2], "a")], "x", mode="static", draw="line")
    with pytest.raises(ValueError, match="data must be plain JSON"):
        interactive_figure(
            draw, [Control("a", [1, 2], "a")], "x", mode="static", draw="line", data={"x": math.nan}
        )
    with pytest.raises(ValueError, match="draw must name a drawing program"):
        interactive_figure(draw, [Control("a", [1, 2], "a")], "x", mode="static", draw="a b", data={})
    with pytest.raises(TypeError, match=r"controls\[0\] must be a Control, Range or Choices"):
        interactive_figure(draw, ["a"], "x", mode="static")
    with pytest.raises(ValueError, match="start must list positions from 0 to 1"):
        Choices("a", [1, 2], "a", labels=["1", "2"], start=[2])
    with pytest.raises(ValueError, match="labels must be one non-empty text per value"):
        Choices("a", [1, 2], "a", labels=["1"], start=[0])
