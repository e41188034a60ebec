"""How far each shipped language is translated, for translators (``python -m benchmark languages``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..framework.loader import load_frameworks
from .frameworks import translate
from .languages import languages
from .translator import ui_coverage

JSON_SHAPE = """JSON: one object per shipped language, in the selector's order:
  [{"code": "fr", "name": "Français", "direction": "ltr", "covers": "all",
    "ui": 100.0, "frameworks": {"unites": 100.0, "spring": 100.0}}, ...]
ui and frameworks are the shares (%) translated of what the language covers: "all" texts, or for a
"respondent" language (ar, uk) what a respondent sees."""


def coverage(folder: str | Path | None = None) -> list[dict[str, Any]]:
    """Each shipped language with the share of interface texts and of each framework's texts it translates."""
    frameworks = load_frameworks(folder)
    out = []
    for lang in languages().values():
        out.append(
            {
                "code": lang.code,
                "name": lang.name,
                "direction": lang.direction,
                "covers": lang.covers,
                "ui": round(ui_coverage(lang.code, lang.covers), 1),
                "frameworks": {
                    fid: round(translate(fw, lang.code, folder).coverage(lang.covers), 1)
                    for fid, fw in frameworks.items()
                },
            }
        )
    return out
