"""User text shown as text. Names, roles, evidence, notes and file names go into Streamlit markdown (titles,
captions, messages, labels) through :func:`md`, so that ``[a](http://…)``, ``![i](http://…)``, ``**b**``,
``:red[x]``, ``$x$`` or HTML typed by someone is shown as typed: never a link, a remotely loaded image,
formatting or a formula.

Why escaping every ASCII punctuation character is complete: CommonMark makes any backslash-escaped ASCII
punctuation character a literal character, and every construct of Streamlit's markdown (links, images,
emphasis, code, HTML and entities, headings, lists, quotes, tables, GFM autolinks and strikethrough, math,
colour and icon directives) needs at least one unescaped punctuation character to start. Letters, digits,
spaces and other characters cannot start anything on their own (``1.`` needs its ``.``, ``www.`` its ``.``).
"""

from __future__ import annotations

import string

_ESCAPED = str.maketrans({ch: "\\" + ch for ch in string.punctuation})


def md(text: object) -> str:
    """``text`` as markdown that renders to exactly that text."""
    return str(text).translate(_ESCAPED)


def pct(x: float | None) -> str:
    """A score in words."""
    return "not yet rated" if x is None else f"{x:.0f} %"
