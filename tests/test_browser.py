"""The built site in headless Chromium: every page loads with nothing from outside the site, math is
typeset, and moving a slider changes the figure with no kernel."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "no Chromium found: install Debian's package (`apt-get install chromium`) to run the browser checks",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


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


def has_slider(doc: str) -> bool:
    """Whether a chapter's interactive figures have a slider (a Control without another ``kind``)."""
    source = (ROOT / f"{doc}.md").read_text()
    return source.count("Control(") > len(re.findall(r'kind="(?:buttons|dropdown)"', source))


@pytest.mark.parametrize("doc", [d for d in pages_containing("interactive_figure(") if has_slider(d)])
def test_slider_changes_the_figure(browser: Browser, site_url: str, doc: str) -> None:
    page, _ = open_page(browser, site_url + f"{doc}.html")
    boxes = page.locator(".widget-vbox:has(.widget-slider)")
    boxes.first.wait_for(timeout=15_000)
    for k in range(boxes.count()):
        box = boxes.nth(k)
        before = box.evaluate(VISIBLE_FRAMES)
        assert len(before) == 1, f"figure {k}: expected one visible frame, found {len(before)}"
        box.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        after = box.evaluate(VISIBLE_FRAMES)
        assert len(after) == 1 and after != before, f"figure {k}: moving the slider did not change it"
    page.close()


@pytest.mark.parametrize("doc", pages_containing('kind="buttons"'))
def test_buttons_change_the_figure(browser: Browser, site_url: str, doc: str) -> None:
    page, _ = open_page(browser, site_url + f"{doc}.html")
    box = page.locator(".widget-vbox:has(.widget-toggle-buttons)").first
    box.wait_for(timeout=15_000)
    before = box.evaluate(VISIBLE_FRAMES)
    box.locator(".widget-toggle-button:not(.mod-active)").first.click()
    page.wait_for_timeout(200)
    after = box.evaluate(VISIBLE_FRAMES)
    assert len(after) == 1 and after != before, "clicking another button did not change the figure"
    page.close()
