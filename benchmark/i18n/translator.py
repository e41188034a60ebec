"""One language's words and numbers: its gettext catalog (read from the ``.po`` file in the repository and
compiled in memory with Babel, once per process) and Babel's formats for its numbers, percentages and dates.

A :class:`Translator` is a value, never global state: each Streamlit session, report or command asks for the one
of its own language, so two people in two languages on one server never see each other's.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from .languages import ENGLISH, LOCALE_DIR, Covers, Language, language, respondent_sources

DOMAIN = "messages"


def catalog_path(code: str, folder: Path = LOCALE_DIR) -> Path:
    return folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(code: str, folder: Path = LOCALE_DIR) -> Catalog | None:
    """The language's ``.po`` catalog as Babel reads it, or None when it has none (English, the source)."""
    path = catalog_path(code, folder)
    if not path.exists():
        return None
    with path.open("rb") as fp:
        return read_po(fp, locale=code, domain=DOMAIN)


@lru_cache(maxsize=32)
def _translations(code: str, folder: Path) -> gettext.NullTranslations:
    catalog = read_catalog(code, folder)
    if catalog is None:
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # untranslated and fuzzy entries are left out: English shows
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _with_decimals(pattern: str, digits: int) -> str:
    """The locale's pattern (``#,##0 %``) with ``digits`` decimals (``#,##0.0 %``): scores read as 66.7 %."""
    return re.sub(r"0(?=[^0-9#]*$)", "0." + "0" * digits, pattern, count=1) if digits else pattern


@dataclass(frozen=True)
class Translator:
    language: Language
    translations: gettext.NullTranslations

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def locale(self) -> Locale:
        return self.language.locale

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` by the language's own plural rules (Arabic has six, Ukrainian four)."""
        return self.translations.ngettext(singular, plural, n)

    def inline(self, label: str) -> str:
        """A framework's label (``Key factor``, ``City``) as it reads inside a sentence: lower case, except in
        German, which writes every noun with a capital."""
        return label if self.locale.language == "de" else label.lower()

    def number(self, value: float, digits: int | None = None) -> str:
        """``1 234,5`` in French, ``1,234.5`` in English; ``digits`` fixes the decimals."""
        if digits is None:
            return format_decimal(value, locale=self.locale)
        return format_decimal(value, format=_with_decimals("#,##0", digits), locale=self.locale)

    def percent(self, score: float | None, digits: int = 1, none: str = "–") -> str:
        """A score out of 100 as the language writes a percentage: ``66.7%`` in English, ``66,7 %`` in French."""
        if score is None:
            return none
        pattern = _with_decimals(self.locale.percent_formats[None].pattern, digits)
        return format_percent(score / 100, format=pattern, locale=self.locale)

    def date(self, value: dt.date, format: str = "medium") -> str:
        """``2 déc. 2026`` in French, ``Dec 2, 2026`` in English."""
        return format_date(value, format=format, locale=self.locale)


def translator(code: str | None, folder: Path = LOCALE_DIR) -> Translator:
    """The translator of the shipped language ``code`` names (English for an unknown or missing one)."""
    lang = language(code)
    return Translator(lang, _translations(lang.code, folder))


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "translate later", which extraction looks for
    """Mark a text for the catalog where it is defined; it is translated where it is shown (``_()``)."""
    return message


def ui_coverage(code: str, covers: Covers = "all", folder: Path = LOCALE_DIR) -> float:
    """The share (in %) of the interface's texts the language's catalog translates: of all of them, or of those a
    respondent sees. Fuzzy entries do not count: they are shown in English."""
    template = folder / f"{DOMAIN}.pot"
    with template.open("rb") as fp:
        wanted = [m for m in read_po(fp) if m.id]
    if covers == "respondent":
        sources = respondent_sources()
        wanted = [m for m in wanted if any(file in sources for file, _line in m.locations)]
    if code == ENGLISH or not wanted:
        return 100.0
    catalog = read_catalog(code, folder)
    if catalog is None:
        return 0.0
    done = 0
    for m in wanted:
        entry = catalog.get(m.id)
        strings = (
            entry.string
            if entry is not None and isinstance(entry.string, tuple)
            else (entry.string,)
            if entry
            else ("",)
        )
        if entry is not None and not entry.fuzzy and all(strings):
            done += 1
    return 100.0 * done / len(wanted)
