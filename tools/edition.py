"""A step of the book's build (``make book`` runs it): the configuration of a translated edition.

    python tools/edition.py LANGUAGE BOOK

writes ``BOOK/_build/LANGUAGE/_config.yml`` (the book's, with the language and the page furniture in it)
and ``BOOK/_build/LANGUAGE/_toc.yml`` (the book's, with the parts' captions translated from the
catalogues in ``BOOK/locales/LANGUAGE/``: Jupyter Book adds the table of contents after Sphinx has
translated the pages, so its captions are translated here). The edition is then built from the same
sources and the same execution cache as the English one: ``jupyter-book build BOOK --config ... --toc
... --path-output BOOK/_build/LANGUAGE``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po

#: What each edition changes besides Sphinx's language: the title, and the words the theme and myst-nb
#: write on every page that Sphinx's own catalogues do not translate.
EDITIONS: dict[str, dict[str, Any]] = {
    "zh_CN": {
        "title": "可执行的缩放定律（Scaling Laws, Executable）",
        "config": {
            "language": "zh_CN",
            "nb_code_prompt_show": "显示代码",
            "nb_code_prompt_hide": "隐藏代码",
        },
    }
}


def translations(book: Path, language: str) -> dict[str, str]:
    """Every translated (not fuzzy) message of the edition's catalogues: English -> translation."""
    found: dict[str, str] = {}
    for po in sorted((book / "locales" / language / "LC_MESSAGES").rglob("*.po")):
        with open(po, "rb") as f:
            for message in read_po(f):
                if message.id and isinstance(message.string, str) and message.string and not message.fuzzy:
                    found[str(message.id)] = message.string
    return found


def write_edition(book: Path, language: str) -> Path:
    """Write the edition's configuration and table of contents; the folder they are in."""
    if language not in EDITIONS:
        raise SystemExit(f"no edition for {language!r}; editions: {', '.join(EDITIONS)}")
    edition = EDITIONS[language]
    config = yaml.safe_load((book / "_config.yml").read_text("utf-8"))
    config["title"] = edition["title"]
    config["sphinx"]["config"].update(edition["config"])
    toc = yaml.safe_load((book / "_toc.yml").read_text("utf-8"))
    words = translations(book, language)
    for part in toc.get("parts", []):
        part["caption"] = words.get(part["caption"], part["caption"])
    folder = book / "_build" / language
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


if __name__ == "__main__":
    print(write_edition(Path(sys.argv[2]), sys.argv[1]))
