"""Moving an assessment to a newer version of its framework, by the mapping the newer version's file declares.

An assessment keeps the version it was made with until its team moves it on; then, in one step, each answer
goes where the mapping says (``benchmark/framework/versions.py``). What a rating meant under the old wording
carries over only where the item stayed the same (or only changed its id); anything else needs a new answer.
Nothing is dropped silently: evidence and notes of an item that was split, merged or dropped travel with it
(as the new item's evidence, or as a note of the item it became part of), and the old answers stay whole in
``Assessment.earlier_versions``. :func:`plan` says all this before anything is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .assessment import Answer, Assessment, EarlierVersion
from .framework.model import Framework, ItemChange
from .framework.versions import changes
from .i18n.sentence import Sentence
from .i18n.translator import N_

# What a change does to an answer, in words, by kind (the preview's and the CLI's column "What happens"), marked
# for the catalogs: the preview shows them, and the kinds, in the page's language.
OUTCOME = {
    "same": N_("keeps its answer"),
    "renamed": N_("keeps its answer under the new id"),
    "merged": N_("keeps the rating only where the items agreed; evidence and notes are joined"),
    "split": N_("needs a new rating for each new item; evidence and notes are copied to each"),
    "dropped": N_("is no longer rated; its rating, evidence and notes become a note"),
    "new": N_("is new and needs an answer"),
}
KINDS = (N_("same"), N_("renamed"), N_("merged"), N_("split"), N_("dropped"), N_("new"))


@dataclass(frozen=True)
class Line:
    """One change as it applies to this assessment."""

    kind: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    answered: bool  # whether the assessment had an answer (or evidence, or notes) on an old item
    outcome: str  # what happens to this assessment's answer, in words
    note: str  # the framework's own note on the change


@dataclass(frozen=True)
class Step:
    """Moving from one version to the next."""

    old: Framework
    new: Framework
    lines: tuple[Line, ...]
    carried: tuple[str, ...]  # new items whose rating carried over
    to_answer: tuple[str, ...]  # new items that need a (new) rating
    notes_added: tuple[str, ...]  # new items (or "the assessment's notes") that received a carried-over note
    dropped_settings: tuple[str, ...] = ()  # targets, weights or plan links of sections that no longer exist


@dataclass(frozen=True)
class Upgraded:
    """The assessment as it is after moving, and every step that got it there (none: already the newest)."""

    assessment: Assessment
    steps: tuple[Step, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.steps)

    @property
    def to_answer(self) -> tuple[str, ...]:
        """The items the team has to answer (again) after the last step."""
        return self.steps[-1].to_answer if self.steps else ()


class UpgradeError(ValueError):
    """The assessment cannot be moved: its version is not kept, or no declared mapping leads to the target."""


def path(latest: Framework, version: str) -> list[tuple[Framework, Framework]]:
    """The (old, new) pairs leading from ``version`` to ``latest.version`` through the kept versions' mappings."""
    by_from = {e.upgrade.from_version: e for e in latest.editions if e.upgrade}
    if latest.edition(version) is None:
        raise UpgradeError(f"{latest.short_title} {version} is not a version this app keeps")
    steps: list[tuple[Framework, Framework]] = []
    current = version
    while current != latest.version:
        nxt = by_from.get(current)
        old = latest.edition(current)
        if nxt is None or old is None:
            raise UpgradeError(
                f"no version of {latest.short_title} says how to move from {current}; the assessment stays at {current}"
            )
        steps.append((old, nxt))
        current = nxt.version
    return steps


def plan(assessment: Assessment, latest: Framework) -> Upgraded:
    """What moving ``assessment`` to ``latest`` would give, step by step; nothing is saved."""
    steps: list[Step] = []
    current = assessment
    for old, new in path(latest, assessment.framework_version):
        current, step = _move(current, old, new)
        steps.append(step)
    return Upgraded(current, tuple(steps))


def on_version(
    assessments: Sequence[Assessment], framework: Framework
) -> tuple[list[Assessment], list[tuple[Assessment, Upgraded]]]:
    """The assessments as ``framework``'s version reads them, for putting side by side: older ones moved through
    the mappings in memory (nothing saved). Also which were moved, so a comparison can say so."""
    out: list[Assessment] = []
    moved: list[tuple[Assessment, Upgraded]] = []
    for a in assessments:
        if a.framework != framework.id or a.framework_version == framework.version:
            out.append(a)
            continue
        up = plan(a, framework)
        out.append(up.assessment)
        moved.append((a, up))
    return out, moved


def describe_moves(moved: Sequence[tuple[Assessment, Upgraded]], framework: Framework) -> str:
    """One sentence for a comparison that read some assessments through a mapping ('' when none was)."""
    if not moved:
        return ""
    versions = sorted({a.framework_version for a, _ in moved})
    names = [
        Sentence(
            N_("{title} ({version}, {n} item(s) without an answer in {new})"),
            title=a.title,
            version=a.framework_version,
            n=len(up.to_answer),
            new=framework.version,
        )
        for a, up in moved
    ]
    return Sentence(
        N_(
            "Made with {framework} {versions} and compared through the mapping to {new} declared in the {file} "
            "file: {names}. Items that have no answer after the mapping count as unanswered; the stored "
            "assessments stay as they were."
        ),
        framework=framework.short_title,
        versions=", ".join(versions),
        new=framework.version,
        file=framework.version,
        names=Sentence("; ".join(f"{{n{n}}}" for n in range(len(names))), **{f"n{n}": x for n, x in enumerate(names)}),
    )


# -------------------------------------------------------------------------------------------------- one step


def _label(fw: Framework, item_id: str, value: str | None) -> str:
    return fw.rating_label(item_id, value) or "not rated"


def _carried_note(old: Framework, item_id: str, answer: Answer, why: str) -> str:
    """An old answer written out as a note, so what it said survives a change that cannot keep it as a rating."""
    parts = [
        f"From {old.short_title} {old.version}, item {item_id} ({why}): rated '{_label(old, item_id, answer.value)}'"
    ]
    if answer.reason:
        parts.append(f"why not relevant: {answer.reason}")
    if answer.evidence:
        parts.append(f"evidence: {answer.evidence}")
    if answer.notes:
        parts.append(f"notes: {answer.notes}")
    text = "; ".join(parts)
    return text if text.endswith((".", "!", "?")) else text + "."


def _joined(texts: Sequence[str]) -> str:
    return "\n\n".join(t for t in texts if t)


def _with_note(answer: Answer | None, note: str) -> Answer:
    answer = answer or Answer()
    return answer.model_copy(update={"notes": _joined([answer.notes, note])})


def _map(
    answers: dict[str, Answer], old: Framework, new: Framework, moves: Sequence[ItemChange]
) -> tuple[dict[str, Answer], list[str], list[str], list[str]]:
    """One set of answers (the team's, or one respondent's) moved: the new answers, the items whose rating
    carried, the items that need a rating, and where a carried-over note went. Leftover notes for the
    assessment as a whole come back under the key ''."""
    out: dict[str, Answer] = {}
    carried: list[str] = []
    to_answer: list[str] = []
    noted: list[str] = []
    for move in moves:
        given = [(i, answers[i]) for i in move.old if i in answers and not answers[i].is_empty()]
        if move.kind in ("same", "renamed"):
            if given:
                out[move.new[0]] = given[0][1]
                if given[0][1].value is not None:
                    carried.append(move.new[0])
                else:
                    to_answer.append(move.new[0])
            else:
                to_answer.append(move.new[0])
        elif move.kind == "merged":
            values = {a.value for _, a in given}
            agreed = values.pop() if len(given) == len(move.old) and len(values) == 1 else None
            kinds = {a.evidence_kind for _, a in given}
            merged = Answer(
                value=agreed,
                reason=_joined([a.reason for _, a in given]) if agreed is not None else "",
                evidence=_joined([f"{i} ({old.version}): {a.evidence}" for i, a in given if a.evidence]),
                evidence_kind=kinds.pop() if len(kinds) == 1 else None,
                notes=_joined(
                    [_carried_note(old, i, a, "merged into this item") for i, a in given if agreed is None]
                    + [f"{i} ({old.version}): {a.notes}" for i, a in given if agreed is not None and a.notes]
                ),
            )
            if not merged.is_empty():
                out[move.new[0]] = merged
            (carried if agreed is not None else to_answer).append(move.new[0])
        elif move.kind == "split":
            for target in move.new:
                if given:
                    source_id, a = given[0]
                    out[target] = Answer(
                        evidence=a.evidence,
                        evidence_kind=a.evidence_kind,
                        notes=_carried_note(old, source_id, a, f"split into {', '.join(move.new)}"),
                    )
                    noted.append(target)
                to_answer.append(target)
        elif move.kind == "dropped":
            for item_id, a in given:
                note = _carried_note(old, item_id, a, f"no longer rated in {new.version}; {move.note}".rstrip("; "))
                target = move.new[0] if move.new else ""  # '': the assessment's own notes
                out[target] = _with_note(out.get(target), note)
                noted.append(target or "the assessment's notes")
        else:  # new
            to_answer.extend(move.new)
    return out, carried, to_answer, noted


def _move(a: Assessment, old: Framework, new: Framework) -> tuple[Assessment, Step]:
    moves = changes(new, old)
    # dropped moves last, so that their notes join the answer the target item already received
    ordered = [m for m in moves if m.kind != "dropped"] + [m for m in moves if m.kind == "dropped"]
    answers, carried, to_answer, noted = _map(a.answers, old, new, ordered)
    leftover = answers.pop("", Answer()).notes
    respondent_answers = {rid: _map(items, old, new, ordered)[0] for rid, items in a.respondent_answers.items()}
    for items in respondent_answers.values():  # a respondent's own words stay theirs: kept in earlier_versions only,
        items.pop("", None)  # never moved into the team's notes
    renamed = {m.old[0]: m.new[0] for m in moves if m.kind in ("same", "renamed")}
    consensus = {
        renamed[i]: c.model_copy(update={"item_id": renamed[i]}) for i, c in a.consensus.items() if i in renamed
    }
    sections = set(new.section_by_id)
    dropped_settings = [
        f"{kind} of {s}" for kind, values in (("target", a.targets), ("weight", a.weights)) for s in values
    ]
    dropped_settings = [d for d in dropped_settings if d.split(" of ")[1] not in sections]
    actions = [x if not x.section or x.section in sections else x.model_copy(update={"section": ""}) for x in a.actions]
    dropped_settings += [
        f"the plan's link to {x.section}" for x in a.actions if x.section and x.section not in sections
    ]
    earlier = EarlierVersion(
        framework_version=old.version,
        answers=a.answers,
        not_relevant_sections=a.not_relevant_sections,
        consensus=a.consensus,
        respondent_answers=a.respondent_answers,
    )
    moved = a.model_copy(
        update={
            "framework_version": new.version,
            "answers": answers,
            "respondent_answers": {rid: x for rid, x in respondent_answers.items() if x},
            "consensus": consensus,
            "not_relevant_sections": {s: r for s, r in a.not_relevant_sections.items() if s in sections},
            "targets": {s: v for s, v in a.targets.items() if s in sections},
            "weights": {s: v for s, v in a.weights.items() if s in sections},
            "actions": actions,
            "notes": _joined([a.notes, leftover]),
            "earlier_versions": [*a.earlier_versions, earlier],
        }
    )
    moved = Assessment.model_validate(moved.model_dump())  # every rule of the model checked on what was moved
    lines = tuple(
        Line(
            kind=m.kind,
            old=tuple(m.old),
            new=tuple(m.new),
            answered=any(i in a.answers and not a.answers[i].is_empty() for i in m.old),
            outcome=OUTCOME[m.kind],
            note=m.note,
        )
        for m in moves
    )
    step = Step(old, new, lines, tuple(carried), tuple(to_answer), tuple(dict.fromkeys(noted)), tuple(dropped_settings))
    return moved, step


def unchanged(step: Step) -> list[str]:
    """The items of ``step.new`` whose answer carried over as it was (kinds same and renamed)."""
    return [ln.new[0] for ln in step.lines if ln.kind in ("same", "renamed")]
