"""The theme's icons as one small style sheet, instead of Font Awesome's script and fonts.

pydata-sphinx-theme loads Font Awesome Free's whole JavaScript bundle on every page (543 kB gzipped,
about 40 % of a first visit) to draw the twenty icons of its buttons, and its two icon fonts (274 kB)
for the admonitions' title icons. This writes those icons as CSS masks (``mask: url(data:image/svg+xml,
...)``, coloured by ``currentColor``), taken from the same bundle in the installed theme, so that the
pages need neither the script nor the fonts. Font Awesome Free's icons are CC BY 4.0
(https://fontawesome.com/license/free); the sheet says so.

``python tools/icons.py OUT.css`` (``make setup`` does). ``ICONS`` lists the icons the theme's templates
put on a page, ``DRAWN`` the pseudo-elements its style sheets draw with the font; a browser test fails
when a page still loads the script or a font.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote

#: (style, name): the icons of the site's pages (a page's ``<i class="fa-solid fa-...">``).
ICONS = (
    ("fas", "angle-left"), ("fas", "angle-right"), ("fas", "arrow-up"), ("fas", "bars"),
    ("fas", "circle-half-stroke"), ("fas", "code"), ("fas", "download"), ("fas", "expand"),
    ("fas", "file"), ("fas", "file-pdf"), ("fas", "lightbulb"), ("fas", "list"),
    ("fas", "magnifying-glass"), ("fas", "moon"), ("fas", "outdent"), ("fas", "pencil-alt"),
    ("fas", "rocket"), ("fas", "sun"), ("fas", "xmark"), ("fab", "github"),
)  # fmt: skip
#: (selector, style, name): the pseudo-elements the theme's and sphinx-exercise's style sheets draw with
#: Font Awesome's font (its ``--pst-icon-*`` glyphs), drawn as masks instead.
TITLE = ".admonition-title::after"
DRAWN = (
    (f".admonition>{TITLE}, div.admonition>{TITLE}", "fas", "bell"),
    *((f".admonition.{kind}>{TITLE}, div.admonition.{kind}>{TITLE}", "fas", name) for kind, name in (
        ("attention", "circle-exclamation"), ("caution", "triangle-exclamation"),
        ("warning", "triangle-exclamation"), ("danger", "triangle-exclamation"), ("error", "circle-xmark"),
        ("hint", "lightbulb"), ("tip", "lightbulb"), ("important", "circle-exclamation"),
        ("note", "circle-info"), ("seealso", "share"), ("admonition-todo", "pencil"))),
    ("div.exercise p.admonition-title::after", "fas", "pencil"),
    (".nav-link.nav-external::after, nav.bd-links li>a.reference.external::after", "fas",
     "arrow-up-right-from-square"),
    (".bd-sidebar-secondary.hide:not(:hover) .onthispage::after", "fas", "angle-down"),
    ("a.github::before", "fab", "github"),  # a link to GitHub in the text (the references)
)  # fmt: skip
INLINE = "display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em; margin-right: 0.25em;"
#: The classes that name a style, as the theme's templates write them.
STYLE_CLASSES = {"fas": ("fa-solid", "fas"), "fab": ("fa-brands", "fab")}

_PACK = re.compile(r'var p=\{(?P<body>.*?)\}\}\(function\(\)\{d\("(?P<style>fa[bsr])",p\)', re.S)
_ICON = re.compile(
    r'(?:"(?P<quoted>[^"]+)"|(?P<bare>[\w$]+)):\[(?P<w>\d+),(?P<h>\d+),\[(?P<aliases>[^\]]*)\],'
    r'"[0-9a-f]+",(?P<path>"[^"]*"|\[[^\]]*\])\]'
)


def theme_bundle() -> Path:
    """Font Awesome's bundle as the installed pydata-sphinx-theme ships it."""
    import pydata_sphinx_theme

    root = Path(pydata_sphinx_theme.__file__).parent
    return root / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"


def read_icons(bundle: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """``(style, name or alias) -> (width, height, SVG path)`` of every icon in the bundle."""
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    for pack in _PACK.finditer(bundle):
        for m in _ICON.finditer(pack["body"]):
            path = m["path"]
            if path.startswith("["):  # a two-tone icon: its parts, drawn as one
                path = " ".join(re.findall(r'"([^"]*)"', path))
            value = (int(m["w"]), int(m["h"]), path.strip('"'))
            names = [m["quoted"] or m["bare"], *re.findall(r'"([^"]+)"', m["aliases"])]
            for name in names:
                icons.setdefault((pack["style"], name), value)
    return icons


def _mask(icon: tuple[int, int, str]) -> str:
    width, height, path = icon
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return f'url("data:image/svg+xml,{quote(svg)}")'


def style_sheet(icons: dict[tuple[str, str], tuple[int, int, str]]) -> str:
    """The CSS that draws every icon of ``ICONS`` and ``DRAWN`` in place of the font's glyph."""
    wanted = [*ICONS, *((style, name) for _, style, name in DRAWN)]
    missing = [f"{style} {name}" for style, name in wanted if (style, name) not in icons]
    if missing:
        raise SystemExit(f"icons: not in the theme's Font Awesome bundle: {', '.join(missing)}")
    placed = "var(--slx-icon) center / contain no-repeat"
    mask = f"-webkit-mask: {placed}; mask: {placed};"
    lines = [
        "/* The theme's icons (Font Awesome Free 6, https://fontawesome.com, icons CC BY 4.0), as masks",
        "   coloured by the text: written by tools/icons.py from the theme's bundle. No glyph of the icon",
        "   fonts is drawn, so the browser never downloads them. */",
        ":is(.fa, .fa-solid, .fas, .fa-brands, .fab) { font-family: inherit; }",
        ':is(.fa-solid, .fas, .fa-brands, .fab)::before { content: ""; display: inline-block; height: 1em;',
        f"  background-color: currentColor; vertical-align: -0.125em; {mask} }}",
    ]
    for style, name in ICONS:
        width, height, _ = icons[style, name]
        selector = ", ".join(f".{cls}.fa-{name}::before" for cls in STYLE_CLASSES[style])
        lines.append(
            f"{selector} {{ width: {width / height:.4g}em; --slx-icon: {_mask(icons[style, name])}; }}"
        )
    for k, (selector, style, name) in enumerate(DRAWN):
        # The first rule (every admonition) draws; the kinds of admonition after it only change the icon.
        # Admonition icons sit in a box of 1rem the theme places; the others run with the text.
        size = "width: 1rem; height: 1rem;" if TITLE in selector else INLINE
        only_icon = k > 0 and selector.startswith(".admonition.")
        drawing = "" if only_icon else f'content: ""; font: inherit; {size} background: currentColor; {mask} '
        lines.append(f"{selector} {{ {drawing}--slx-icon: {_mask(icons[style, name])}; }}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the style sheet to write")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(style_sheet(read_icons(theme_bundle().read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
