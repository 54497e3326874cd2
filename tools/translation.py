"""What Sphinx's translation machinery (gettext catalogues, ``locales/``) needs for this book: a Sphinx
extension, listed in ``_config.yml``, that changes nothing in the English edition.

- Computed text is not prose: the outputs of code cells (tables a cell prints), display math and the API
  reference's docstrings are left out of the catalogues and never replaced by a translation. (A
  translated ``$$...$$`` block would also be re-parsed as a literal block and show "::".)
- Glued numbers in a translated message: Sphinx parses each translation into a document of its own,
  after myst-nb has dropped the chapter's glue data, so ``{glue:text}`` there would find no key. The
  glue roles are given the data of the chapter being read.
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
    app.add_transform(ComputedTextIsNotTranslated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
