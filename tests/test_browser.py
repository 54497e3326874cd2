"""The built site in headless Chromium: every page loads with nothing from outside the site, math is
typeset, and moving a slider changes the figure with no kernel."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    # A reader's machine may lack Chromium; CI (CI=true, as .ci/run runs) must not pass without them.
    why = "no Chromium found: install Debian's package (`apt-get install chromium`) to run the browser checks"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{why}; CI=true, so the suite fails rather than skip them", pytrace=False)
    pytest.skip(why, allow_module_level=True)

from playwright.sync_api import Browser, Page  # noqa: E402

from scaling_lib.book.plotting import MIN_TEXT_PX  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: The heaviest first visit of any page may weigh no more than before the figures were drawn in the page.
FIRST_VISIT_BYTES = 1.46e6
# Flags for a sandboxed machine with no network (Chromium otherwise calls home at start).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def toc_pages() -> list[str]:
    """Every document named in _toc.yml, root first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("sections", "chapters"):
                walk(entry.get(key, []))
            for part in entry.get("parts", []):
                walk(part.get("chapters", []))

    walk(toc.get("chapters", []))
    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return pages


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """Open ``url`` and wait until the network is idle; return the page and every URL it requested.

    Fails if any request of the page's own site is answered with an error (a broken link or asset).
    """
    page = browser.new_page()
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "requestfailed",
        lambda r: failed.append(f"failed {r.url}") if r.url.startswith("http://127.") else None,
    )
    page.goto(url, wait_until="networkidle")
    assert failed == [], f"{url}: {failed}"
    return page, requested


def pages_containing(text: str) -> list[str]:
    return [p for p in toc_pages() if text in (ROOT / f"{p}.md").read_text(encoding="utf-8")]


VISIBLE_FRAMES = (
    "(el) => [...el.querySelectorAll('img')].filter(i => i.offsetParent !== null).map(i => i.src)"
)


@pytest.mark.parametrize("doc", toc_pages())
def test_page_loads_only_from_the_site(browser: Browser, site_url: str, site: Path, doc: str) -> None:
    assert (site / f"{doc}.html").is_file(), f"{doc}.html was not built"
    page, requested = open_page(browser, site_url + f"{doc}.html")
    outside = [u for u in requested if not u.startswith((site_url, "data:", "blob:", "about:"))]
    assert outside == [], f"{doc} requested from outside the site: {outside}"
    missing_alt = page.eval_on_selector_all(
        "main img", "els => els.filter(e => !e.alt || !e.alt.trim()).length"
    )
    assert missing_alt == 0, f"{doc}: {missing_alt} images without alt text"
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src.split('?')[0])")
    assert len(scripts) == len(set(scripts)), f"{doc} loads a script twice: {sorted(scripts)}"
    # What a reader does not use is not loaded: Font Awesome's script and fonts (icons.css draws the
    # theme's icons) and, away from the search page, the search index.
    heavy = [u for u in requested if re.search(r"fontawesome|/webfonts/|searchindex\.js|searchtools\.js", u)]
    assert heavy == [], f"{doc} loads {heavy}"
    # The first visit (the page and all it loads before the reader scrolls), gzipped as a server sends it.
    files = {site / urllib.parse.unquote(u[len(site_url) :].split("?")[0].split("#")[0]) for u in requested
             if u.startswith(site_url)}  # fmt: skip
    weight = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())
    assert weight <= FIRST_VISIT_BYTES, f"{doc}: the first visit loads {weight / 1e6:.2f} MB gzipped"
    # Every icon of the page is drawn (a mask the size of its text), none left blank.
    icons = page.eval_on_selector_all(
        "i[class*='fa-']",
        "els => els.filter(e => e.offsetParent !== null).map(e => {"
        " const s = getComputedStyle(e, '::before');"
        " return [e.className, s.maskImage || s.webkitMaskImage, parseFloat(s.width)]; })",
    )
    assert icons, f"{doc}: no icon shown"
    blank = [name for name, mask, width in icons if not mask.startswith("url(") or not width > 0]
    assert blank == [], f"{doc}: icons not drawn: {blank}"
    page.close()


def test_the_search_page_finds_what_the_search_field_sends(browser: Browser, site_url: str) -> None:
    page, requested = open_page(browser, site_url + "search.html?q=IsoFLOP")
    page.wait_for_selector("#search-results li", timeout=15_000)
    found = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    assert any("chinchilla.html" in u for u in found), found
    assert any("searchindex.js" in u for u in requested)
    page.close()


@pytest.mark.parametrize("doc", toc_pages())
def test_pages_work_from_a_sub_path(browser: Browser, subpath_url: str, doc: str) -> None:
    page, requested = open_page(browser, subpath_url + f"{doc}.html")
    assert all(u.startswith(subpath_url) or not u.startswith("http") for u in requested), requested
    page.close()


def test_chapters_offer_notebook_and_source_downloads(site: Path) -> None:
    for doc in toc_pages():
        source = ROOT / f"{doc}.md"
        if "kernelspec" in source.read_text(encoding="utf-8"):
            html = (site / f"{doc}.html").read_text(encoding="utf-8")
            name = Path(doc).name
            assert (
                f"_sources/chapters/{name}.ipynb" in html and (site / "_sources" / f"{doc}.ipynb").is_file()
            )
            assert f"_sources/chapters/{name}.md" in html


def test_math_is_typeset(browser: Browser, site_url: str) -> None:
    page, _ = open_page(browser, site_url + "chapters/intro.html")
    page.wait_for_selector("mjx-container", timeout=15_000)
    assert page.locator("mjx-container").count() >= 5
    assert "\\left(" not in page.inner_text("main"), "raw TeX left on the page"
    page.close()


def interactive_pages() -> list[str]:
    return pages_containing("interactive_figure(")


# Every console message of these types fails a page (MathJax and the theme log nothing on a good page).
CONSOLE_FAILS = ("error", "warning")
VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 400, "height": 800}}


def open_watched(browser: Browser, url: str, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    """Open ``url`` at ``viewport``; return the page and every console error or warning it logged."""
    page = browser.new_page(viewport=viewport)
    logged: list[str] = []
    page.on("console", lambda m: logged.append(f"{m.type}: {m.text}") if m.type in CONSOLE_FAILS else None)
    page.on("pageerror", lambda e: logged.append(f"uncaught: {e}"))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    return page, logged


# The state of every interactive figure: per control its kind, position, number of positions and shown
# labels; per frame whether it is visible, and the alt text and loading state of its images.
FIGURES = """() => [...document.querySelectorAll('.slx-figure')].map(fig => ({
  drawn: fig.hasAttribute('data-draw'),
  controls: [...fig.querySelector('.slx-controls').children].map(c => {
    const range = c.querySelector('input[type=range]'), select = c.querySelector('select');
    const buttons = [...c.querySelectorAll('button')];
    const boxes = [...c.querySelectorAll('input[type=checkbox]')];
    if (boxes.length) return {kind: 'checkboxes', at: boxes.filter(b => b.checked).length, n: boxes.length,
      labels: boxes.map(b => b.parentNode.textContent), disabled: boxes[0].disabled};
    if (range && fig.hasAttribute('data-draw')) return {kind: 'range', at: +range.value, n: 0,
      labels: [c.querySelector('output').textContent, range.getAttribute('aria-valuetext')],
      width: range.getBoundingClientRect().width, disabled: range.disabled};
    if (range) return {kind: 'slider', at: +range.value, n: +range.max + 1,
      labels: [c.querySelector('output').textContent, range.getAttribute('aria-valuetext')],
      width: range.getBoundingClientRect().width, disabled: range.disabled};
    if (select) return {kind: 'dropdown', at: select.selectedIndex, n: select.options.length,
      labels: [...select.options].map(o => o.textContent), disabled: select.disabled};
    return {kind: 'buttons', at: buttons.findIndex(b => b.getAttribute('aria-pressed') === 'true'),
      n: buttons.length, labels: buttons.map(b => b.textContent), disabled: buttons[0].disabled};
  }),
  text: [...fig.querySelectorAll('.slx-frame')].filter(f => f.offsetParent !== null)
    .map(f => f.innerText).join(' '),
  frames: [...fig.querySelectorAll('.slx-frame')].map(f => ({
    visible: f.offsetParent !== null,
    alts: [...f.querySelectorAll('img')].map(i => i.alt),
    loaded: [...f.querySelectorAll('img')].every(i => i.getAttribute('src') && i.naturalWidth > 0),
  })),
}))"""


def label(control: dict) -> str:
    """The label a control shows for its position (a slider's readout)."""
    return (
        control["labels"][0] if control["kind"] in ("slider", "range") else control["labels"][control["at"]]
    )


def frame_index(controls: list[dict]) -> int:
    """The controls' positions as a mixed-radix number, the first control most significant."""
    index = 0
    for c in controls:
        index = index * c["n"] + c["at"]
    return index


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("doc", toc_pages())
def test_page_reads_well_and_logs_nothing(browser: Browser, site_url: str, doc: str, viewport: str) -> None:
    check_page(browser, site_url + f"{doc}.html", doc, viewport).close()


@pytest.mark.parametrize("doc", toc_pages())
def test_chinese_page_reads_well_on_a_phone_and_switches_language(
    browser: Browser, site_url: str, doc: str
) -> None:
    page = check_page(browser, site_url + f"zh/{doc}.html", f"zh/{doc}", "phone")
    # The language switch lands on the same page in the other edition, and back.
    for lang, url in (("en", f"{doc}.html"), ("zh-CN", f"zh/{doc}.html")):
        with page.expect_navigation():
            page.locator("a.slx-edition").click()
        assert page.url == site_url + url, f"{doc}: the switch to {lang} went to {page.url}"
        assert page.evaluate("document.documentElement.lang") == lang, f"{page.url} is not in {lang}"
    page.close()


def check_page(browser: Browser, url: str, doc: str, viewport: str) -> Page:
    """Open a page: it logs nothing, MathJax typesets all its math, its figures and controls work, and
    on a phone it neither scrolls sideways nor shrinks a figure's text below 9 px; the page, open."""
    page, logged = open_watched(browser, url, VIEWPORTS[viewport])
    if page.locator("mjx-container, .math").count():
        page.wait_for_selector("mjx-container", state="attached", timeout=15_000)
        page.wait_for_timeout(300)
    assert logged == [], f"{doc} at {viewport}: the console says {logged}"
    assert page.locator("mjx-merror").count() == 0, f"{doc}: MathJax could not typeset some math"
    tables = page.eval_on_selector_all(
        "main img", "els => els.map(e => e.alt).filter(a => /^(a )?table\\b/i.test(a.trim()))"
    )
    assert tables == [], f"{doc}: tables shown as images: {tables}"
    for k, fig in enumerate(page.evaluate(FIGURES)):
        for control in fig["controls"]:
            assert not control["disabled"], f"{doc}, figure {k}: the script did not enable its controls"
            shown = [x for x in control["labels"] if re.search(r"\de[+-]\d", x)]
            assert shown == [], f"{doc}, figure {k}: labels in computer notation {shown}"
            if control["kind"] in ("slider", "range") and viewport == "phone":
                assert control["width"] >= 200, f"{doc}, figure {k}: a slider {control['width']} px wide"
        visible = [i for i, f in enumerate(fig["frames"]) if f["visible"]]
        if fig["drawn"]:  # drawn in the page: an SVG chart in place of the start frame's picture
            drawn = page.locator(".slx-figure").nth(k).locator(".slx-canvas svg")
            assert drawn.count() == 1 and drawn.is_visible(), f"{doc}, figure {k}: the page drew no chart"
            alt = drawn.get_attribute("aria-label") or ""
            assert len(alt) > 40 and "{" not in alt, f"{doc}, figure {k}: the chart's text is {alt!r}"
            shown = page.locator(".slx-figure").nth(k).locator(".slx-frame img:visible").count()
            assert shown == 0, f"{doc}, figure {k}: the start frame's picture is still shown beside the chart"
        else:
            assert visible == [frame_index(fig["controls"])], f"{doc}, figure {k}: frames {visible} visible"
        assert "\\(" not in fig["text"], f"{doc}, figure {k}: raw TeX in the frame shown: {fig['text']:.200}"
    if viewport == "phone":
        scroll = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert scroll[0] <= scroll[1], f"{doc}: the page scrolls sideways at 400 px ({scroll})"
        # Every figure image is drawn with text of at least MIN_TEXT_PX (11) at its natural width; shown
        # narrower, its text shrinks with it. On a phone the smallest text must stay >= 9 CSS px.
        scales = page.eval_on_selector_all(
            "main img.slx-img, main svg.slx-svg",
            "els => els.filter(e => e.getBoundingClientRect().width > 0)"
            ".map(e => e.getBoundingClientRect().width / e.getAttribute('width'))",
        )
        smallest = [round(MIN_TEXT_PX * s, 1) for s in scales if MIN_TEXT_PX * s < 9]
        assert smallest == [], f"{doc}: figure text {smallest} px high at 400 px (at least 9 is legible)"
    return page


def move(page: Page, fig: int, control: int, kind: str, to: int) -> None:
    """Put control ``control`` of figure ``fig`` at position ``to``, as a reader would."""
    box = page.locator(".slx-figure").nth(fig).locator(".slx-controls > *").nth(control)
    if kind == "slider":
        box.locator("input").focus()
        page.keyboard.press("Home")
        for _ in range(to):
            page.keyboard.press("ArrowRight")
    elif kind == "dropdown":
        box.locator("select").select_option(index=to)
    else:
        box.locator("button").nth(to).click()


@pytest.mark.parametrize("doc", interactive_pages())
def test_every_control_position_shows_its_frame(browser: Browser, site_url: str, doc: str) -> None:
    page, logged = open_watched(browser, site_url + f"{doc}.html", VIEWPORTS["wide"])
    figures = page.evaluate(FIGURES)
    assert figures, f"{doc} calls interactive_figure but shows no interactive figure"
    for k, fig in enumerate(figures):
        if fig["drawn"]:
            continue  # drawn in the page: test_drawn_figures_equal_the_library
        page.locator(".slx-figure").nth(k).scroll_into_view_if_needed()
        for j, control in enumerate(fig["controls"]):
            for to in [*range(control["n"]), control["at"]]:
                move(page, k, j, control["kind"], to)
                page.wait_for_function(
                    f"() => [...document.querySelectorAll('.slx-figure')[{k}].querySelectorAll('.slx-frame')]"
                    ".filter(f => f.offsetParent !== null).every(f => [...f.querySelectorAll('img')]"
                    ".every(i => i.complete && i.naturalWidth > 0))",
                    timeout=5_000,
                )
                now = page.evaluate(FIGURES)[k]
                assert now["controls"][j]["at"] == to, f"{doc}, figure {k}: control {j} did not move to {to}"
                visible = [i for i, f in enumerate(now["frames"]) if f["visible"]]
                expected = frame_index(now["controls"])
                assert visible == [expected], f"{doc}, figure {k}: frames {visible} shown, not {expected}"
                frame = now["frames"][expected]
                assert frame["loaded"], f"{doc}, figure {k}: frame {expected} shows no loaded image"
                assert "\\(" not in now["text"], f"{doc}, figure {k}: raw TeX in frame {expected}"
                # Where the start frame's alt text names a control's label, every frame names its own.
                start_alt = " ".join(fig["frames"][frame_index(fig["controls"])]["alts"])
                alt = " ".join(frame["alts"])
                for c, c0 in zip(now["controls"], fig["controls"], strict=True):
                    if label(c0) in start_alt:
                        assert label(c) in alt, f"{doc}, figure {k}: {alt!r} does not say {label(c)!r}"
    assert logged == [], f"{doc}: the console says {logged}"
    page.close()


def test_frames_other_than_the_first_wait_until_the_figure_nears_the_screen(
    browser: Browser, site_url: str
) -> None:
    doc = max(interactive_pages(), key=lambda d: (ROOT / f"{d}.md").read_text().count("Control("))
    page = browser.new_page(viewport=VIEWPORTS["wide"])
    requested: set[str] = set()
    page.on("request", lambda r: requested.add(r.url) if "/_frames/" in r.url else None)
    page.goto(site_url + f"{doc}.html", wait_until="networkidle")
    frames = page.eval_on_selector_all(".slx-frame img", "els => els.length")
    assert len(requested) < frames, f"{doc}: {len(requested)} of {frames} frame images loaded on opening"
    last = page.locator(".slx-figure").last
    last.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    wanted = set(last.evaluate("el => [...el.querySelectorAll('img')].map(i => i.src)"))
    assert wanted <= requested, f"{doc}: {len(wanted - requested)} frames of its last figure not loaded"
    page.close()
