"""What Sphinx's translation machinery (gettext catalogues, ``locales/``) needs for this book: a Sphinx
extension, listed in ``_config.yml``, that changes nothing in the English edition.

- Computed text is not prose: the outputs of code cells (tables a cell prints), display math and the API
  reference's docstrings are left out of the catalogues and never replaced by a translation. (A
  translated ``$$...$$`` block would also be re-parsed as a literal block and show "::".)
- Glued numbers in a translated message: Sphinx parses each translation into a document of its own,
  after myst-nb has dropped the chapter's glue data, so ``{glue:text}`` there would find no key. The
  glue roles are given the data of the chapter being read.
- The Chinese search index: Sphinx 7.4's splitter keeps every Latin word it met in a list and looks each
  word it stems up in that list, which took 34 s of the edition's 56 s build; a set answers the same.
"""

from __future__ import annotations

from typing import Any

import myst_nb.ext.glue.directives as glue_directives
import myst_nb.ext.glue.roles as glue_roles
import myst_nb.sphinx_ as nb_sphinx
from docutils import nodes
from myst_nb.ext.glue.utils import retrieve_glue_data
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform

#: The renderer (which holds the glue data) of the chapter this process is reading, by its name.
_reading: dict[str, Any] = {}
_parse = nb_sphinx.Parser.parse
_load_renderer = nb_sphinx.load_renderer


def _parse_chapter(self: Any, inputstring: str, document: nodes.document) -> None:
    if not str(document.current_source).endswith("<translated>"):  # a chapter, not a translation
        _reading.clear()
        _reading["docname"] = document.settings.env.docname
    _parse(self, inputstring, document)


def _renderer_class(name: str) -> Any:
    cls = _load_renderer(name)

    def make(*args: Any, **kwargs: Any) -> Any:
        _reading["renderer"] = renderer = cls(*args, **kwargs)
        return renderer

    return make


def _glue_data(document: Any, key: str) -> Any:
    if "nb_renderer" not in document:
        env = getattr(document.settings, "env", None)
        if env is not None and _reading.get("docname") == env.docname and "renderer" in _reading:
            document = {"nb_renderer": _reading["renderer"]}
    return retrieve_glue_data(document, key)


_split = SearchChinese.split


def _split_noting_latin(self: SearchChinese, text: str) -> list[str]:
    self.__dict__.setdefault("latin_words", set()).update(SearchChinese.latin1_letters.findall(text))
    return _split(self, text)


def _stem(self: SearchChinese, word: str) -> str:
    """Sphinx's rule: a Latin word of three letters or more that stemming would cut below three is kept
    whole (an acronym, say); the others are stemmed."""
    lower = word.lower()
    if (
        word in self.__dict__.get("latin_words", ())
        and len(word) >= 3
        and len(self.stemmer.stemWord(lower)) < 3
    ):
        return lower
    return self.stemmer.stemWord(lower)


class ComputedTextIsNotTranslated(SphinxTransform):
    """Mark cell outputs, display math and autodoc entries untranslatable, before Sphinx's Locale
    transform (priority 20) extracts or replaces messages."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        for container in self.document.findall(nodes.container):
            if container.get("nb_element") == "cell_code_output":
                for node in container.findall(nodes.TextElement):
                    node["translatable"] = False
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False
        for desc in self.document.findall(addnodes.desc):
            for node in desc.findall(nodes.TextElement):
                node["translatable"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    nb_sphinx.Parser.parse = _parse_chapter
    nb_sphinx.load_renderer = _renderer_class
    glue_roles.retrieve_glue_data = _glue_data
    glue_directives.retrieve_glue_data = _glue_data
    SearchChinese.split = _split_noting_latin  # type: ignore[method-assign]
    SearchChinese.stem = _stem  # type: ignore[method-assign]
    app.add_transform(ComputedTextIsNotTranslated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
