"""Scores a city officer can explain to a council.

The rules are in ``RULES`` below: the About page shows them, and the README
repeats them under "How scores are computed".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .assessment import Assessment
from .framework.model import Framework
from .i18n.translator import N_

# One rule per entry, marked for the catalogs: the report's Method sheet gives them in the report's language.
RULE_LIST: tuple[str, ...] = (
    N_(
        "Each rating is worth its points on the framework's scale, as a share of the scale's top points (UNITES: "
        "Partly in place = 2 of 3 = 66.7 %)."
    ),
    N_(
        "A section's score is the mean of those shares over the items that are rated. Items marked \"not relevant "
        'here" leave the section entirely: they count neither for nor against. Unanswered items are not guessed: '
        "they are reported as unanswered, and the score says how many items it rests on."
    ),
    N_(
        'A section with no rated item has no score (shown as "not yet rated"), rather than 0 %, which would read '
        'as "nothing in place".'
    ),
    N_(
        'A whole section (a UNITES key factor) can be marked "not relevant here", with the reason: like an '
        "unrated section it has no score and leaves the overall score, and its items count as answered for "
        "completion."
    ),
    N_(
        "The overall score is the weighted mean of the section scores that exist (equal weights unless the team "
        "sets them), so every section counts the same however many items it has."
    ),
    N_('Completion is the share of items that have an answer (a rating or "not relevant here").'),
    N_(
        "Gap = target − score, in percentage points; a positive gap means below target. Targets are set per "
        "section (75 % unless the team changes them)."
    ),
    N_(
        "The maturity label names the band a score falls in, as the framework file defines the bands (UNITES and "
        "SPRING: from 0 Starting, from 25 Emerging, from 50 Developing, from 75 Established)."
    ),
)
RULES = "".join(f"* {rule}\n" for rule in RULE_LIST)  # as the About page shows them (Markdown)


NOT_RELEVANT_LABEL = "Not relevant here"  # a whole section marked so, in place of a maturity label


@dataclass(frozen=True)
class SectionScore:
    id: str
    title: str
    score: float | None
    target: float
    gap: float | None
    answered: int
    not_relevant: int
    relevant: int
    items: int
    weight: float
    maturity: str
    unanswered_items: tuple[str, ...] = ()
    not_relevant_reason: str | None = None  # the whole section is marked not relevant here, for this reason

    @property
    def unanswered(self) -> int:
        return self.relevant - self.answered

    @property
    def done(self) -> int:
        """Items with an answer: a rating or "not relevant here"."""
        return self.answered + self.not_relevant


@dataclass(frozen=True)
class Result:
    framework: str
    framework_version: str
    subject: str
    overall: float | None
    completion: float
    maturity: str
    sections: tuple[SectionScore, ...]
    unanswered_items: tuple[str, ...]
    not_relevant_items: tuple[str, ...]
    not_relevant_sections: tuple[str, ...] = ()

    def section(self, section_id: str) -> SectionScore:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def gaps(self) -> list[SectionScore]:
        """Sections below their target, largest gap first."""
        below = [s for s in self.sections if s.gap is not None and s.gap > 0]
        return sorted(below, key=lambda s: (-(s.gap or 0.0), s.id))

    @property
    def strengths(self) -> list[SectionScore]:
        """Sections at or above their target, highest score first."""
        above = [s for s in self.sections if s.gap is not None and s.gap <= 0]
        return sorted(above, key=lambda s: (-(s.score or 0.0), s.id))

    def to_dict(self) -> dict[str, Any]:
        """The stable shape of ``python -m benchmark score --json`` (documented in the README)."""

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 1)

        return {
            "framework": self.framework,
            "framework_version": self.framework_version,
            "subject": self.subject,
            "overall": r(self.overall),
            "completion": r(self.completion),
            "maturity": self.maturity,
            "unanswered_items": list(self.unanswered_items),
            "not_relevant_items": list(self.not_relevant_items),
            "not_relevant_sections": list(self.not_relevant_sections),
            "sections": [
                {
                    **{k: v for k, v in asdict(s).items() if k not in ("score", "target", "gap", "unanswered_items")},
                    "score": r(s.score),
                    "target": r(s.target),
                    "gap": r(s.gap),
                    "unanswered": s.unanswered,
                    "unanswered_items": list(s.unanswered_items),
                }
                for s in self.sections
            ],
        }


def item_share(framework: Framework, item_id: str, value: str | None) -> float | None:
    """The rating as a share (0–1) of the scale's top points; None if unrated or not relevant."""
    if value is None:
        return None
    scale = framework.scale_for(framework.item_by_id[item_id])
    option = scale.option(value)
    if option is None or option.not_relevant or option.points is None:  # the model makes the last two one
        return None
    return option.points / scale.max_points


def is_not_relevant(framework: Framework, item_id: str, value: str | None) -> bool:
    if value is None:
        return False
    option = framework.scale_for(framework.item_by_id[item_id]).option(value)
    return option is not None and option.not_relevant


def score(assessment: Assessment, framework: Framework) -> Result:
    sections: list[SectionScore] = []
    unanswered: list[str] = []
    not_relevant: list[str] = []
    answered_total = 0
    for section in framework.sections:
        reason = assessment.not_relevant_sections.get(section.id)
        if reason is not None:  # the whole section: no score, out of the overall, its items answered
            answered_total += len(section.items)
            sections.append(
                SectionScore(
                    id=section.id,
                    title=section.title,
                    score=None,
                    target=assessment.target_for(framework, section.id),
                    gap=None,
                    answered=0,
                    not_relevant=len(section.items),
                    relevant=0,
                    items=len(section.items),
                    weight=assessment.weight_for(section.id),
                    maturity=NOT_RELEVANT_LABEL,
                    not_relevant_reason=reason,
                )
            )
            continue
        shares: list[float] = []
        missing: list[str] = []
        nr = 0
        for item in section.items:
            answer = assessment.answers.get(item.id)
            value = answer.value if answer else None
            if is_not_relevant(framework, item.id, value):
                nr += 1
                not_relevant.append(item.id)
                continue
            share = item_share(framework, item.id, value)
            if share is None:
                missing.append(item.id)
            else:
                shares.append(share)
        section_score = 100 * sum(shares) / len(shares) if shares else None
        target = assessment.target_for(framework, section.id)
        answered_total += len(shares) + nr
        unanswered.extend(missing)
        sections.append(
            SectionScore(
                id=section.id,
                title=section.title,
                score=section_score,
                target=target,
                gap=None if section_score is None else target - section_score,
                answered=len(shares),
                not_relevant=nr,
                relevant=len(section.items) - nr,
                items=len(section.items),
                weight=assessment.weight_for(section.id),
                maturity=framework.maturity(section_score),
                unanswered_items=tuple(missing),
            )
        )
    weighted = [(s.score, s.weight) for s in sections if s.score is not None and s.weight > 0]
    total_weight = sum(w for _, w in weighted)
    overall = sum(sc * w for sc, w in weighted) / total_weight if total_weight else None
    return Result(
        framework=framework.id,
        framework_version=framework.version,
        subject=assessment.subject.name,
        overall=overall,
        completion=100 * answered_total / framework.item_count,
        maturity=framework.maturity(overall),
        sections=tuple(sections),
        unanswered_items=tuple(unanswered),
        not_relevant_items=tuple(not_relevant),
        not_relevant_sections=tuple(s.id for s in sections if s.not_relevant_reason is not None),
    )
