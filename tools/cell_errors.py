"""Sphinx extension of the book's build: a chapter whose cell fails is reported at the line of its
``.md`` source where the cell starts, with the error's last line (or the timeout), as a Sphinx warning.

myst-nb alone reports a failed execution as "Executing notebook failed" with a cell number, and with
``nb_execution_raise_on_error`` it stops the whole build at the first broken chapter behind Sphinx's
"please report this bug" message. With that option off (``_config.yml``), every broken chapter is read,
each is reported here, and the strict build (-W --keep-going) fails at the end with all of them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RULE = re.compile(r"^-{10,}$", re.MULTILINE)
FENCE = re.compile(r"^(`{3,}|~{3,})\{code-cell\}")


def failed_cell(traceback: str) -> tuple[str, str]:
    """(the failed cell's first line of code, why it failed) from myst-nb's saved traceback."""
    text = ANSI.sub("", traceback)
    parts = RULE.split(text)
    timeout = re.search(r"timed out while it was being executed, after (\d+) seconds", text)
    if timeout:
        preview = parts[1] if len(parts) > 2 else ""
        try:  # some nbclient versions print the preview as a list of lines
            lines = ast.literal_eval(preview.strip())
        except (SyntaxError, ValueError):
            lines = preview.splitlines()
        first = next((line for line in lines if isinstance(line, str) and line.strip()), "")
        return (
            first.strip(),
            f"the cell ran past the {timeout.group(1)} s limit (_config.yml, execute.timeout)",
        )
    source = parts[1] if len(parts) > 2 else ""
    first = next((line for line in source.splitlines() if line.strip() and not line.startswith(":")), "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    error = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt)\b")
    reason = next(
        (line for line in reversed(lines) if error.match(line)), lines[-1] if lines else "unknown error"
    )
    return first.strip(), reason


def source_line(markdown: str, first: str) -> int | None:
    """The 1-based line of ``markdown`` where the code cell whose first line of code is ``first``
    begins (its options, ``:tags:`` and the like, and blank lines after them skipped)."""
    lines = markdown.splitlines()
    for number, line in enumerate(lines, start=1):
        if FENCE.match(line) and first:
            code = (x.strip() for x in lines[number:] if x.strip() and not x.startswith(":"))
            if next(code, None) == first:
                return number
    return None


def report(app: Sphinx, doctree: Any) -> None:
    env = app.env
    data = NbMetadataCollector.get_exec_data(env, env.docname)
    if not data or data.get("succeeded", True):
        return
    first, reason = failed_cell(data.get("traceback") or "")
    path = Path(env.doc2path(env.docname))
    line = source_line(path.read_text(encoding="utf8"), first) if path.is_file() else None
    where = f"the cell starting at line {line}" if line else "a cell"
    logger.warning(
        f"{where} failed: {reason}; the full traceback is in _build/html/reports/{env.docname}.err.log",
        location=(env.docname, line),
        type="cell",
        subtype="failed",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
