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

KEY = "lang"  # the session's language, and the address's parameter
_WIDGET = "lang_selector"


def current() -> Language:
    """The language this session reads in: as chosen, else the address's (a link or bookmark), else English."""
    chosen = st.session_state.get(KEY)
    return language(chosen if is_shipped(chosen) else st.query_params.get(KEY))


def translator() -> Translator:
    return translator_for(current().code)


def translated(framework: Framework) -> TranslatedFramework:
    """The framework in this session's language (English texts where the translation has none yet)."""
    return translate(framework, current().code)


def selector(where: object = st.sidebar) -> None:
    """The language selector, each language named in itself; the choice is kept in the address (``?lang=``,
    none for English) so that a reload, a bookmark or a shared link opens in it."""
    shipped = languages()
    codes = list(shipped)
    code = st.session_state[KEY] = current().code
    if code == ENGLISH:
        if KEY in st.query_params:
            del st.query_params[KEY]
    elif st.query_params.get(KEY) != code:
        st.query_params[KEY] = code
    t = translator()
    where.selectbox(  # type: ignore[attr-defined]
        t.gettext("Language"),
        codes,
        index=codes.index(code),
        format_func=lambda c: shipped[c].name,
        key=_WIDGET,
        on_change=_choose,
        icon=":material/translate:",
        help=t.gettext("Translations are unofficial: the English text is the reference."),
    )
    mark_page()


def _choose() -> None:
    st.session_state[KEY] = st.session_state[_WIDGET]


def mark_page() -> None:
    """Tell the browser the page's language (``lang``: screen readers, hyphenation, fonts) and, for a language
    written right to left, turn the page's content that way; item ids and numbers stay legible (isolated)."""
    lang = current()
    # A script in st.html runs once, when it is first drawn: it watches the marker below, which every run updates.
    script = (
        f'<span data-page-lang="{html.escape(lang.code)}" hidden></span><script>'
        "const apply=()=>{const m=document.querySelectorAll('[data-page-lang]');"
        "if(m.length){document.documentElement.lang=m[m.length-1].dataset.pageLang;}};"
        "apply();if(!window.__pageLang){window.__pageLang=new MutationObserver(apply);"
        "window.__pageLang.observe(document.body,{subtree:true,childList:true,attributes:true,"
        "attributeFilter:['data-page-lang']});}</script>"
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
