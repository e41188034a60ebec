"""Ready assessments in ``sample_data/`` that a newcomer can open in one click."""

from __future__ import annotations

from pathlib import Path

from .assessment import Assessment, load_assessment


def sample_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "sample_data"


def list_samples(folder: Path | None = None) -> list[Path]:
    return sorted((folder or sample_dir()).glob("**/*.json"))


def load_samples(folder: Path | None = None) -> list[Assessment]:
    out = []
    for path in list_samples(folder):
        a = load_assessment(path)
        out.append(a.model_copy(update={"sample": True}))
    return out


def install_samples(store, framework: str | None = None, ids: set[str] | None = None) -> list[str]:
    """Put sample assessments (all, one framework's, or the given ids) into the store once; returns those added."""
    present = {s.id for s in store.list()}
    added = []
    for a in load_samples():
        wanted = (framework is None or a.framework == framework) and (ids is None or a.id in ids)
        if wanted and a.id not in present:
            store.save(a)
            added.append(a.id)
    return added
