"""This session's language: chosen with the selector every page shows, kept in the address (``?lang=fr``) so a
bookmark or a shared link reopens in it, and the page marked with it (``lang``, and right to left for Arabic).

Each session has its own language: pages ask :func:`translator` on every run, nothing is global.
"""

from __future__ import annotations

import html

import streamlit as st

from benchmark.framework.model import Framework
from benchmark.i18n.frameworks import TranslatedFramework, translate
from benchmark.i18n.languages import ENGLISH, Language, is_shipped, language, languages
from benchmark.i18n.translator import Translator
from benchmark.i18n.translator import translator as translator_for

KEY = "lang"  # the widget's key, which is also the address's parameter


def current() -> Language:
    """The language this session reads in: the selector's, else the address's, else English."""
    chosen = st.session_state.get(KEY)
    if not is_shipped(chosen):
        chosen = st.query_params.get(KEY)
    return language(chosen)


def translator() -> Translator:
    return translator_for(current().code)


def translated(framework: Framework) -> TranslatedFramework:
    """The framework in this session's language (English texts where the translation has none yet)."""
    return translate(framework, current().code)


def selector(where: object = st.sidebar) -> None:
    """The language selector, bound to ``?lang=``; each language named in itself."""
    shipped = languages()
    codes = list(shipped)
    t = translator()
    where.selectbox(  # type: ignore[attr-defined]
        ":material/translate: " + t.gettext("Language"),
        codes,
        index=codes.index(ENGLISH),
        format_func=lambda c: shipped[c].name,
        key=KEY,
        bind="query-params",
        persist_state="session",
        help=t.gettext("Translations are unofficial: the English text is the reference."),
    )
    mark_page()


def mark_page() -> None:
    """Tell the browser the page's language (``lang``: screen readers, hyphenation, fonts) and, for a language
    written right to left, turn the page's content that way; item ids and numbers stay legible (isolated)."""
    lang = current()
    script = (
        "<script>const d=window.parent.document.documentElement;"
        f"d.lang={html.escape(lang.code)!r};d.dir='ltr';</script>"
    )
    style = ""
    if lang.rtl:
        style = (
            "<style>[data-testid='stMain'] .block-container{direction:rtl;text-align:right}"
            "[data-testid='stMain'] input,[data-testid='stMain'] textarea{direction:rtl;text-align:right}</style>"
        )
    st.html(script + style, unsafe_allow_javascript=True)


def isolate(text: str) -> str:
    """An id or number kept in its own direction inside right-to-left text (KF1.1 does not read 1.1KF)."""
    return f"\u2068{text}\u2069" if current().rtl else text
