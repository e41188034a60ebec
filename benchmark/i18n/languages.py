"""The shipped languages, as data: ``benchmark/locale/languages.yaml`` lists them; Babel knows each one's own name,
its writing direction and its plural rules, so adding a language is a line there and a catalog, never code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from babel import Locale

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
ENGLISH = "en"  # the language of the source texts: the reference every translation falls back to

Covers = Literal["all", "respondent"]


@dataclass(frozen=True)
class Language:
    code: str  # BCP-47, as in ``?lang=fr`` and in file names
    name: str  # in the language itself: "Français", "العربية"
    english_name: str
    direction: Literal["ltr", "rtl"]
    covers: Covers  # what is translated: everything, or what a respondent sees

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code)


def _language(code: str, covers: Covers) -> Language:
    loc = Locale.parse(code)
    own = loc.get_display_name(code) or code
    english = loc.get_display_name("en") or code
    return Language(code, own[:1].upper() + own[1:], english, "rtl" if loc.text_direction == "rtl" else "ltr", covers)


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((LOCALE_DIR / "languages.yaml").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Language]:
    return {row["code"]: _language(row["code"], row.get("covers", "all")) for row in _settings()["languages"]}


def respondent_sources() -> frozenset[str]:
    """The source files (as the catalog's locations name them) whose texts a respondent sees."""
    return frozenset(_settings()["respondent_sources"])


def languages() -> dict[str, Language]:
    """Every shipped language by code, in the order the selector lists them (English first)."""
    return dict(_shipped())


def language(code: str | None) -> Language:
    """The shipped language ``code`` names (``fr``, ``fr-CH`` or ``FR``), else English: an address with an unknown
    ``?lang=`` still opens."""
    shipped = _shipped()
    if code:
        code = code.strip().replace("_", "-")
        for candidate in (code, code.split("-")[0].lower()):
            if candidate in shipped:
                return shipped[candidate]
    return shipped[ENGLISH]


def is_shipped(code: str | None) -> bool:
    """Whether ``code`` is exactly the code of a shipped language."""
    return code in _shipped()


# questionnaires/<framework>.<lang>.yaml: a translation of questionnaires/<framework>.yaml, not a framework itself.
_TRANSLATION_FILE = re.compile(r"^(?P<framework>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.ya?ml$")


def translation_of(file_name: str) -> tuple[str, str] | None:
    """(framework id, language code) when ``file_name`` names a framework translation, else None."""
    match = _TRANSLATION_FILE.match(file_name)
    return (match["framework"], match["lang"]) if match else None
