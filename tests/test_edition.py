"""The Chinese edition (``zh/``, built by ``make book`` from the English sources and
``locales/zh_CN/``): every page exists in both languages and links to its counterpart; at least 95 % of
each page's prose, as a reader sees it, is Chinese; no heading is left in English; every glued number
and every equation of a Chinese page is the English page's; the glossary names every term in both
languages and each page gives both names at a term's first use; the student edition holds no
solution in either language."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from test_browser import toc_pages

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "locales" / "zh_CN" / "LC_MESSAGES"
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")
#: Share of a page's prose blocks that must be Chinese.
MIN_SHARE = 0.95
#: Left as they are in every language: code and its output, math, glued values, citations and the
#: bibliography, the API reference's entries (autodoc), the figures' own controls and labels, and the
#: text of links (labels and titles, which the surrounding prose names).
NOT_PROSE = (
    "pre, code, .math, mjx-container, .pasted-text, .cell_output, .cell_input, .citation, .bibliography, "
    "dl.py, .slx-figure, .headerlink, .toggle-details__summary-text, a.reference"
)
PAGES = [*toc_pages(), "genindex"]
EDITION_LINK = re.compile(r'<a class="[^"]*\bslx-edition\b[^"]*" href="([^"]*)"')


def article(path: Path) -> Tag:
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    main = soup.select_one("article.bd-article")
    assert main is not None, f"{path}: no article"
    return main


@functools.cache
def chinese_page(doc: str) -> tuple[list[str], list[str]]:
    """A page of the built Chinese edition: its prose blocks and its headings, without what
    ``NOT_PROSE`` names (parsed once for the tests that read them)."""
    main = article(ROOT / "_build" / "html" / "zh" / f"{doc}.html")
    blocks = prose_blocks(main)  # removes what is not prose from ``main``
    headings = [" ".join(h.get_text(" ").split()) for h in main.select("h1, h2, h3, h4")]
    return blocks, headings


def prose_blocks(main: Tag) -> list[str]:
    """The text of each paragraph, heading, list item, term, definition, caption and table cell,
    without what ``NOT_PROSE`` names (removed from ``main``)."""
    for node in main.select(NOT_PROSE):
        node.decompose()
    blocks = []
    for node in main.select("p, h1, h2, h3, h4, dt, th, td, li, caption, .admonition-title"):
        if node.name == "li" and node.find(["p", "ul", "ol"]):
            continue  # its paragraphs are blocks of their own
        if node.name in ("th", "td") and node.find("p"):
            continue
        text = " ".join(node.get_text(" ").split())
        if WORD.search(text) or CJK.search(text):
            blocks.append(text)
    return blocks


def test_every_page_is_in_both_editions_and_links_to_the_other(site: Path) -> None:
    missing, unlinked = [], []
    for doc in PAGES:
        en, zh = site / f"{doc}.html", site / "zh" / f"{doc}.html"
        if not zh.is_file():
            missing.append(doc)
            continue
        depth = doc.count("/")
        for page, href in ((en, "../" * depth + f"zh/{doc}.html"), (zh, "../" * depth + f"../{doc}.html")):
            links = EDITION_LINK.findall(page.read_text("utf-8"))
            if links != [href]:
                unlinked.append(f"{page.relative_to(site)}: {links}")
    assert not missing, f"pages without a Chinese edition: {missing}"
    assert not unlinked, "pages without one link to their other edition:\n" + "\n".join(unlinked)
    assert 'lang="zh-CN"' in (site / "zh" / "chapters" / "intro.html").read_text("utf-8")


def test_each_page_is_at_least_95_percent_chinese(site: Path) -> None:
    shares, english = {}, {}
    for doc in toc_pages():
        blocks, _ = chinese_page(doc)
        assert blocks, f"{doc}: no prose found on the Chinese page (the test reads the wrong element)"
        left = [b for b in blocks if not CJK.search(b)]
        shares[doc] = 1 - len(left) / len(blocks)
        english[doc] = left[:3]
    report = "\n".join(f"{doc}: {share:.1%} Chinese; e.g. {english[doc]}" for doc, share in shares.items())
    assert min(shares.values()) >= MIN_SHARE, "pages under 95 % Chinese:\n" + report


def test_no_heading_is_left_in_english(site: Path) -> None:
    english = []
    for doc in toc_pages():
        english += [f"{doc}: {h}" for h in chinese_page(doc)[1] if WORD.search(h) and not CJK.search(h)]
    assert english == [], "headings in English on the Chinese pages:\n" + "\n".join(english)


def _values(path: Path) -> Counter[str]:
    main = article(path)
    glued = [" ".join(s.get_text().split()) for s in main.select(".pasted-text")]
    math = [" ".join(s.get_text().split()) for s in main.select("span.math, div.math")]
    return Counter(glued + math)


@pytest.mark.parametrize("doc", toc_pages())
def test_glued_numbers_and_equations_are_the_english_ones(site: Path, doc: str) -> None:
    en, zh = _values(site / f"{doc}.html"), _values(site / "zh" / f"{doc}.html")
    assert sum(en.values()) > 0 or doc in ("chapters/references", "chapters/running"), doc
    assert zh == en, f"{doc}: only in English {dict(en - zh)}; only in Chinese {dict(zh - en)}"


def _messages(page: str) -> list[tuple[str, str, bool]]:
    with open(CATALOGUES / "chapters" / f"{page}.po", "rb") as f:
        return [(str(m.id), m.string, m.fuzzy) for m in read_po(f) if m.id]


TERM = re.compile(r"\{term\}`([^`<]*?)\s*(?:<([^>]+)>)?`")
#: What a translation keeps exactly: every role but {term} (with its text), inline math, code spans and
#: link targets.
KEPT = re.compile(r"\{(?!term\})[\w:-]+\}`[^`]*`|\$[^$]+\$|(?<![`}])`[^`]+`|\]\([^)]+\)")


def _kept(text: str) -> Counter[str]:
    return Counter(m.group().strip() for m in KEPT.finditer(TERM.sub("", text)))


def _term_targets(text: str) -> Counter[str]:
    return Counter((target or shown).strip().lower() for shown, target in TERM.findall(text))


@pytest.mark.parametrize("page", sorted(p.stem for p in (CATALOGUES / "chapters").glob("*.po")))
def test_each_translation_keeps_the_roles_math_and_code_of_its_message(page: str) -> None:
    # Sphinx checks only the number of references; a changed glue key, equation or code span would show
    # a wrong number silently. A term keeps its English target, so that it links whatever its text.
    wrong = []
    for en, zh, fuzzy in _messages(page):
        if not zh or fuzzy:
            continue
        if _kept(en) != _kept(zh):
            wrong.append(f"{en[:60]!r}: only in English {dict(_kept(en) - _kept(zh))}, "
                         f"only in Chinese {dict(_kept(zh) - _kept(en))}")  # fmt: skip
        elif _term_targets(en) != _term_targets(zh) or any(not t for _, t in TERM.findall(zh)):
            wrong.append(f"{en[:60]!r}: terms {dict(_term_targets(en))} became {TERM.findall(zh)}")
        elif WORD.search(en) and not CJK.search(zh):
            wrong.append(f"{en[:60]!r}: the translation has no Chinese")
    assert wrong == [], f"{page}: {len(wrong)} translations that change their message:\n" + "\n".join(wrong)


def glossary_terms() -> list[str]:
    """The terms of the glossary page: the unindented lines of its glossary directive, symbols aside."""
    source = (ROOT / "chapters" / "glossary.md").read_text("utf-8")
    block = source.split("```{glossary}\n", 1)[1].split("\n```", 1)[0]
    return [line for line in block.splitlines() if line and not line[0].isspace() and "$" not in line]


def test_the_glossary_gives_every_term_in_both_languages() -> None:
    terms = glossary_terms()
    assert len(terms) > 40, f"the glossary holds {len(terms)} terms"
    translated = {en: zh for en, zh, fuzzy in _messages("glossary") if not fuzzy}
    missing = [t for t in terms if not translated.get(t)]
    assert missing == [], f"glossary terms without a translation: {missing}"
    single = [(t, translated[t]) for t in terms if not (CJK.search(translated[t]) and t in translated[t])]
    assert single == [], f"glossary terms not given in both languages: {single[:10]}"


def test_a_terms_first_use_on_each_page_gives_both_names() -> None:
    bare = []
    for po in sorted((CATALOGUES / "chapters").glob("*.po")):
        if po.stem == "glossary":
            continue
        seen: set[str] = set()
        for _, zh, _ in _messages(po.stem):
            for shown, target in TERM.findall(zh or ""):
                key = (target or shown).lower()
                if key in seen:
                    continue
                seen.add(key)
                if not (CJK.search(shown) and re.search(r"[A-Za-z]", shown)):
                    bare.append(f"{po.stem}: {shown!r} -> {target!r}")
    assert bare == [], "a term's first use on a page without both names:\n" + "\n".join(bare[:20])


def test_the_student_edition_has_no_solution_in_either_language(site: Path) -> None:
    student = ROOT / "_build" / "student" / "html"
    if not (student / "index.html").is_file():
        pytest.fail("no student edition: run `make student` (make test builds it)")
    chinese = list((student / "zh").rglob("*.html"))
    assert len(chinese) >= len(PAGES), f"the student edition has {len(chinese)} Chinese pages"
    with_solutions = [p for p in chinese if 'class="solution' in p.read_text("utf-8")]
    assert with_solutions == [], f"Chinese pages with solutions: {with_solutions[:5]}"
    # The Chinese site's sources and notebooks are the English student edition's, which test_student.py
    # checks for solutions.
    zh_sources = student / "zh" / "_sources"
    files = sorted(p.relative_to(zh_sources) for p in zh_sources.rglob("*") if p.suffix in (".md", ".ipynb"))
    english = sorted(p.relative_to(student / "_sources") for p in (student / "_sources").rglob("*")
                     if p.suffix in (".md", ".ipynb"))  # fmt: skip
    assert files == english and len(files) > len(toc_pages()), (files, english)
    differ = [f for f in files if (zh_sources / f).read_bytes() != (student / "_sources" / f).read_bytes()]
    assert differ == [], f"Chinese sources unlike the English student edition's: {differ[:5]}"
