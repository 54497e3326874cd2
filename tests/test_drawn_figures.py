"""The figures the page draws (widgets.DrawnFigure, assets/drawn.js) in headless Chromium: the values a
chart shows, read back from the page at three positions of its controls, equal the library's (1e-12
relative for closed forms, 1e-9 for Approach 2 and the root finder, 1e-6 for the size the inference-aware
minimiser finds); labels and alt text follow the controls; a move redraws within a frame (16 ms, median
of 50 at 1280 px); without JavaScript the start frame's picture and its alt text remain."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from test_browser import VIEWPORTS, open_watched

from scaling_lib import formatting
from scaling_lib.laws import economics, isoflop, kaplan, powerlaw
from scaling_lib.laws.chinchilla import ParametricLoss

pytestmark = pytest.mark.browser
from playwright.sync_api import Browser, Page  # noqa: E402

#: The drawn figures of each chapter, in page order.
DRAWN = {
    "chapters/intro": ["power-law"],
    "chapters/kaplan": ["kaplan-lnd", "kaplan-frontier"],
    "chapters/chinchilla": ["chinchilla-refit", "chinchilla-isoflop"],
    "chapters/chinchillas_death": ["death-plan"],
}
CLOSED = 1e-12

Check = list[tuple[Any, Any, float]]


def a(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def power_law(s: dict, d: dict, v: dict) -> Check:
    x_c = powerlaw.scale_through(d["x_ref"], d["l_ref"], s["alpha"])
    return [(v["y"], powerlaw.power_law(a(v["x"]), x_c, s["alpha"]), CLOSED), (v["x_c"], x_c, CLOSED)]


def kaplan_lnd(s: dict, d: dict, v: dict) -> Check:
    k = kaplan.KaplanLaws(**d["kaplan"])
    return [
        (v["loss"], k.loss_nd(s["n"], s["d"]), CLOSED),
        (v["loss_vs_d"], k.loss_nd(s["n"], a(v["d_grid"])), CLOSED),
        (v["loss_vs_n"], k.loss_nd(a(v["n_grid"]), s["d"]), CLOSED),
    ]


def kaplan_frontier(s: dict, d: dict, v: dict) -> Check:
    k, p = kaplan.KaplanLaws(**d["kaplan"]), kaplan.Printed(**d["printed"])
    now, ref = kaplan.frontier_point(s["c_min"], k, p), kaplan.frontier_point(d["c_ref"], k, p)
    grid = a(v["c_grid"])
    return [
        ([v["point"][key] for key in "NBSD"], [now[key] for key in "NBSD"], CLOSED),
        (v["growth"], [math.log10(now[key] / ref[key]) for key in "NBS"], CLOSED),
        (v["n"], kaplan.efficient_n(grid, p), CLOSED),
        (v["d"], kaplan.efficient_d(grid, p), CLOSED),
        (v["b"], k.critical_batch(k.loss_compute(grid)), CLOSED),
    ]


def chinchilla_isoflop(s: dict, d: dict, v: dict) -> Check:
    law = ParametricLoss(**d["fits"][s["fit"]])
    return [
        ([v["n_opt"], v["d_opt"]], law.compute_optimal(s["budget"]), CLOSED),
        (v["loss"], law.isoflop(s["budget"], a(v["n"])), CLOSED),
    ]


def chinchilla_refit(s: dict, d: dict, v: dict) -> Check:
    keep = np.ones(len(d["n"]), bool)
    if s["drop"]:
        keep[d["extreme"]] = False
    n, c, loss = a(d["n"])[keep], a(d["c"])[keep], a(d["loss"])[keep]
    try:
        budgets = [d["budgets"][i] for i in sorted(s["budgets"])]
        fit = isoflop.approach2(n, c, loss, budgets, tolerance_dex=s["tolerance"], min_runs=d["min_runs"])
    except ValueError:  # fewer than two budgets with an interior minimum: the page shows no fit either
        return [(v["a"], None, 0)]
    return [
        (v["budgets"], fit.budgets, 0),
        (v["n_runs"], fit.n_runs, 0),
        (v["n_opt"], fit.n_opt, 1e-9),
        ([v["a"], v["k"], v["gopher"]], [fit.a, fit.k, fit.optimal_size(d["gopher"])], 1e-9),
    ]


def death_plan(s: dict, d: dict, v: dict) -> Check:
    law = ParametricLoss(**d["law"])
    best = economics.inference_optimal(law, s["target"], s["inference_tokens"])
    return [
        (v["best_n"], best.n, 1e-6),
        (v["best_total"], best.total_flops, 1e-9),
        (v["chinchilla_n"], law.compute_optimal_for_target(s["target"])[0], 1e-9),
    ]


EXPECTED: dict[str, Callable[[dict, dict, dict], Check]] = {
    "power-law": power_law,
    "kaplan-lnd": kaplan_lnd,
    "kaplan-frontier": kaplan_frontier,
    "chinchilla-isoflop": chinchilla_isoflop,
    "chinchilla-refit": chinchilla_refit,
    "death-plan": death_plan,
}

# Put control j of drawn figure k at position `at` as the page's own events would: a range at a fraction
# of its span, a button or option by index, checkboxes by a pattern of which are checked.
SET = """([k, j, at]) => {
  const fig = document.querySelectorAll('.slx-figure[data-draw]')[k];
  const c = fig.querySelector('.slx-controls').children[j];
  const range = c.querySelector('input[type=range]'), select = c.querySelector('select');
  const boxes = [...c.querySelectorAll('input[type=checkbox]')], buttons = [...c.querySelectorAll('button')];
  if (range) {
    range.value = String(+range.min + at * (+range.max - +range.min));
    range.dispatchEvent(new Event('input'));
  } else if (select) {
    select.selectedIndex = at % select.options.length; select.dispatchEvent(new Event('change'));
  } else if (boxes.length) {
    const last = boxes.length - 2;
    boxes.forEach((b, i) => { b.checked = at === 0 || (at === 1 ? i % 2 === 0 : i < 2 || i >= last); });
    boxes[0].dispatchEvent(new Event('change'));
  } else {
    buttons[at % buttons.length].click();
  }
}"""
# Which controls of drawn figure k are ranges.
KINDS = """(k) => [...document.querySelectorAll('.slx-figure[data-draw]')[k]
  .querySelector('.slx-controls').children].map(c => !!c.querySelector('input[type=range]'))"""
READ = """(k) => {
  const fig = document.querySelectorAll('.slx-figure[data-draw]')[k];
  const ranges = [...fig.querySelectorAll('input[type=range]')].map(r => ({
    value: +r.value, log: r.getAttribute('data-log') === '1', digits: +r.getAttribute('data-digits'),
    label: r.parentNode.querySelector('output').textContent, aria: r.getAttribute('aria-valuetext')}));
  return {draw: fig.getAttribute('data-draw'), data: JSON.parse(fig.getAttribute('data-figure')).data,
          state: fig.slxDrawn.state, values: fig.slxDrawn.chart.values, ranges: ranges,
          alt: fig.querySelector('.slx-canvas svg').getAttribute('aria-label')};
}"""


def close(got: Any, want: Any, rel: float) -> bool:
    if want is None or isinstance(want, list | tuple | np.ndarray) and not rel:
        return bool(got == (want.tolist() if isinstance(want, np.ndarray) else want))
    if not rel:
        return bool(got == want)
    return bool(np.allclose(a(got), a(want), rtol=rel, atol=0))


def check(page: Page, k: int, where: str) -> None:
    """The chart's values against the library's for its state; its labels and alt text."""
    got = page.evaluate(READ, k)
    for i, (g, w, rel) in enumerate(EXPECTED[got["draw"]](got["state"], got["data"], got["values"])):
        assert close(g, w, rel), (
            f"{got['draw']} at {where}: value {i} is {g!r:.200}, the library says {w!r:.200}"
        )
    for r in got["ranges"]:
        value = 10 ** r["value"] if r["log"] else r["value"]
        want = formatting.powers(f"{value:.{r['digits'] - 1}e}") if r["log"] else f"{value:.{r['digits']}f}"
        assert r["label"] == r["aria"] == want, (
            f"{got['draw']} at {where}: label {r['label']!r}, not {want!r}"
        )
        assert want in got["alt"], (
            f"{got['draw']} at {where}: the alt text {got['alt']!r} does not say {want!r}"
        )


@pytest.mark.parametrize("doc", DRAWN)
def test_drawn_figures_equal_the_library(browser: Browser, site_url: str, doc: str) -> None:
    page, logged = open_watched(browser, site_url + f"{doc}.html", VIEWPORTS["wide"])
    draws = page.eval_on_selector_all(
        ".slx-figure[data-draw]", "els => els.map(e => e.getAttribute('data-draw'))"
    )
    assert draws == DRAWN[doc], f"{doc} draws {draws}"
    for k in range(len(draws)):
        check(page, k, "the start")
        ranges = page.evaluate(KINDS, k)
        for position, fraction in enumerate((0.1, 0.5, 0.9)):
            for j, is_range in enumerate(ranges):
                page.evaluate(SET, [k, j, fraction if is_range else position])
            check(page, k, f"position {position}")
    assert logged == [], f"{doc}: the console says {logged}"
    page.close()


def test_the_refit_follows_every_selection(browser: Browser, site_url: str) -> None:
    """Approach 2 in the page against isoflop.approach2 over a grid of budget sets, tolerances and runs."""
    page, logged = open_watched(browser, site_url + "chapters/chinchilla.html", VIEWPORTS["wide"])
    k = DRAWN["chapters/chinchilla"].index("chinchilla-refit")
    fits = 0
    for pattern in (0, 1, 2):
        for tolerance in (0.0, 0.2, 0.5, 1.0):
            for drop in (0, 1):
                page.evaluate(SET, [k, 0, pattern])
                page.evaluate(SET, [k, 1, tolerance])
                page.evaluate(SET, [k, 2, drop])
                check(page, k, f"budgets {pattern}, tolerance at {tolerance}, runs {drop}")
                fits += page.evaluate(READ, k)["values"]["a"] is not None
    assert fits >= 12, f"only {fits} of 24 selections gave a fit"
    assert logged == []
    page.close()


def test_a_move_redraws_within_a_frame(browser: Browser, site_url: str) -> None:
    medians = {}
    for doc, draws in DRAWN.items():
        page, _ = open_watched(browser, site_url + f"{doc}.html", VIEWPORTS["wide"])
        for k, draw in enumerate(draws):
            medians[draw] = page.evaluate(
                """(k) => {
                  const fig = document.querySelectorAll('.slx-figure[data-draw]')[k];
                  const r = fig.querySelector('input[type=range]'), lo = +r.min, hi = +r.max, times = [];
                  for (let i = 0; i < 50; i++) {
                    const t0 = performance.now();
                    r.value = String(lo + (hi - lo) * ((i * 37) % 50) / 49);
                    r.dispatchEvent(new Event('input'));
                    fig.querySelector('.slx-canvas svg').getBoundingClientRect();
                    times.push(performance.now() - t0);
                  }
                  return times.sort((a, b) => a - b)[25];
                }""",
                k,
            )
        page.close()
    slow = {d: round(t, 1) for d, t in medians.items() if t > 16}
    assert not slow, f"median redraw over 50 moves above 16 ms: {slow} (all: {medians})"


def test_keyboard_moves_a_continuous_control(browser: Browser, site_url: str) -> None:
    page, _ = open_watched(browser, site_url + "chapters/kaplan.html", VIEWPORTS["wide"])
    fig = page.locator(".slx-figure[data-draw]").first
    fig.scroll_into_view_if_needed()
    before = page.evaluate(READ, 0)
    fig.locator("input[type=range]").first.focus()
    for _ in range(25):
        page.keyboard.press("ArrowRight")
    after = page.evaluate(READ, 0)
    assert after["state"]["n"] > before["state"]["n"] * 1.1, "ArrowRight did not move the model size"
    assert after["ranges"][0]["label"] != before["ranges"][0]["label"]
    check(page, 0, "after the keyboard")
    page.close()


def test_without_javascript_the_start_frame_remains(browser: Browser, site_url: str) -> None:
    page = browser.new_page(java_script_enabled=False, viewport=VIEWPORTS["wide"])
    page.goto(site_url + "chapters/chinchilla.html")
    for k in range(len(DRAWN["chapters/chinchilla"])):
        fig = page.locator(".slx-figure[data-draw]").nth(k)
        img = fig.locator(".slx-frame img")
        assert img.count() == 1 and img.is_visible() and len(img.get_attribute("alt") or "") > 40
        assert fig.locator(".slx-canvas").count() == 0
        inputs = fig.locator("input, button")
        assert all(inputs.nth(i).is_disabled() for i in range(inputs.count()))
    page.close()


def test_a_tap_moves_a_continuous_control(browser: Browser, site_url: str) -> None:
    """On a touch screen a tap on the slider's track puts it there, and the chart follows."""
    context = browser.new_context(has_touch=True, is_mobile=True, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(site_url + "chapters/intro.html", wait_until="networkidle")
    slider = page.locator(".slx-figure[data-draw] input[type=range]").first
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    assert box is not None
    before = page.evaluate(READ, 0)
    page.touchscreen.tap(box["x"] + 0.9 * box["width"], box["y"] + box["height"] / 2)
    after = page.evaluate(READ, 0)
    assert after["state"]["alpha"] > before["state"]["alpha"] + 0.1, "a tap near the end did not move alpha"
    check(page, 0, "after a tap")
    context.close()
