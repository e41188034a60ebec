"""A message made in the core, read in English by default and in the reader's language where it is shown.

The core has no session and no language of its own: a problem found in an uploaded workbook is a
:class:`Sentence`, which *is* the English text (a ``str``: logs, the command line and ``str(exc)`` read it as
before) and also keeps its template, marked for the catalogs, and the values that fill it. The page that shows
it calls :func:`say` with the reader's translator; a value that is itself a sentence (a place inside a problem)
is read in that language too. Values typed by someone (a cell's text, a file name) are kept as typed.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Translates(Protocol):
    def gettext(self, message: str) -> str: ...


class Sentence(str):
    """English text that can be read in another language (:meth:`say`)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Sentence:
        made = super().__new__(cls, template.format(**{k: str(v) for k, v in params.items()}))
        made.template, made.params = template, params
        return made

    def say(self, t: _Translates) -> str:
        return t.gettext(self.template).format(**{k: say(v, t) for k, v in self.params.items()})

    def __reduce__(self) -> tuple[Any, ...]:  # kept in a session or copied: the template and values go along
        return (_remade, (self.template, self.params))


def _remade(template: str, params: dict[str, Any]) -> Sentence:
    return Sentence(template, **params)


def say(text: object, t: _Translates) -> str:
    """``text`` in the language of ``t`` when it is a :class:`Sentence`, else as it is."""
    return text.say(t) if isinstance(text, Sentence) else str(text)
