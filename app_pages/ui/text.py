"""User text shown as text. Names, roles, evidence, notes and file names go into Streamlit markdown (titles,
captions, messages, labels) through :func:`md`, so that ``[a](http://…)``, ``![i](http://…)``, ``**b**``,
``:red[x]``, ``$x$``, HTML or a bare address typed by someone is shown as typed: never a link, a remotely loaded
image, formatting or a formula.

Why this is complete. (1) CommonMark makes any backslash-escaped ASCII punctuation character a literal
character, and every construct of Streamlit's markdown (links, images, emphasis, code, HTML and entities,
headings, lists, quotes, tables, strikethrough, math, colour and icon directives) needs at least one unescaped
ASCII punctuation character; letters, digits, spaces and other characters start nothing (``1.`` needs its
``.``). So every ASCII punctuation character is escaped. (2) GFM's autolinks are also found after parsing, in
the text itself, where escapes are already gone: ``http://`` or ``https://``, ``www.``, and ``name@domain``.
Each needs two characters side by side (``:/``, ``www.``, a word character and ``@``); an invisible word
joiner (U+2060) between them breaks all three, and changes nothing a reader sees.
"""

from __future__ import annotations

import re
import string

_ESCAPED = str.maketrans({ch: "\\" + ch for ch in string.punctuation})
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=/)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def md(text: object) -> str:
    """``text`` as markdown that renders to exactly that text (with word joiners where an address began)."""
    return _AUTOLINK.sub(WORD_JOINER, str(text)).translate(_ESCAPED)


def pct(x: float | None) -> str:
    """A score in words."""
    return "not yet rated" if x is None else f"{x:.0f} %"
