"""Ready assessments in ``sample_data/`` that a newcomer can open in one click."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .assessment import Assessment, load_assessment
from .framework.model import Framework

if TYPE_CHECKING:
    from .store import Store


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


def generated(framework: Framework, n: int, seed: int = 0) -> list[Assessment]:
    """``n`` made-up assessments of a framework (random ratings and evidence), for measuring scale.

    Deterministic for a seed, so two runs measure the same work. Populations and shares are spread so
    every similar-city band is populated; every fifth subject also has a peer review.
    """
    import datetime as dt
    import random

    from .assessment import Answer, Subject, new_assessment

    rng = random.Random(seed)
    out: list[Assessment] = []
    for k in range(n):
        subject = Subject(
            name=f"Generated city {k + 1:04d}",
            country=rng.choice(["AA", "BB", "CC", "DD"]),
            population=rng.choice([40_000, 150_000, 300_000, 800_000]) + k,
            migrant_share=rng.choice([5.0, 12.0, 20.0, 30.0]),
        )
        kind = "peer" if k % 5 == 4 else "self"
        answers = {}
        for item in framework.item_by_id.values():
            options = framework.scale_for(item).options
            if rng.random() < 0.9:
                answers[item.id] = Answer(
                    value=rng.choice(options).value, evidence=f"Evidence {k}-{item.id}" if rng.random() < 0.3 else ""
                )
        a = new_assessment(
            framework,
            subject,
            id=f"gen-{seed}-{k:05d}",
            assessment_type=kind,
            date=dt.date(2026, 1, 1) + dt.timedelta(days=k % 300),
            answers=answers,
            assessors=["Generated"],
        )
        out.append(a)
    return out


def install_samples(store: Store, framework: str | None = None, ids: set[str] | None = None) -> list[str]:
    """Put sample assessments (all, one framework's, or the given ids) into the store once; returns those added."""
    present = {s.id for s in store.list()}
    added = []
    for a in load_samples():
        wanted = (framework is None or a.framework == framework) and (ids is None or a.id in ids)
        if wanted and a.id not in present:
            store.save(a)
            added.append(a.id)
    return added
