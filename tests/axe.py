"""axe-core (as shipped by the ``axe-playwright-python`` package) run on a page the browser shows, with the WCAG 2.1
A and AA rules, in the main document and in every frame in it (axe reports a frame's findings with the frame's path).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from .conftest import missing

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_source() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        missing("axe-playwright-python is not installed (it ships axe-core); pip install -e '.[test]' installs it")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


_SOURCE: str | None = None


def violations(page) -> list[dict]:
    """axe's violations on what the page shows now, each ``{"rule", "impact", "help", "targets": [...]}``."""
    global _SOURCE
    if _SOURCE is None:
        _SOURCE = _axe_source()
    for frame in page.frames:  # axe looks into a frame only when it runs there too
        if frame.evaluate("typeof window.axe") == "undefined":
            frame.evaluate(_SOURCE)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"], "iframes": True}
    result = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [
                {"target": " >> ".join(map(str, n["target"])), "html": n["html"][:160], "why": n["failureSummary"]}
                for n in v["nodes"]
            ],
        }
        for v in result["violations"]
    ]


def describe(found: dict[str, list[dict]]) -> str:
    """The violations per page and state, one line a rule and one an element, for a test's failure message."""
    lines = []
    for where, vs in found.items():
        for v in vs:
            lines.append(f"{where}: {v['rule']} ({v['impact']}) {v['help']}: {len(v['targets'])} element(s)")
            for t in v["targets"]:
                why = next((w.strip() for w in t["why"].splitlines()[1:] if w.strip()), "")
                lines.append(f"    {t['target']}  {t['html']}  — {why}")
    return "\n".join(lines)
