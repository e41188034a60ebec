"""Draft actions: made for the largest gaps from the suggestion kinds the framework says a measure is drawn from."""

from __future__ import annotations

from benchmark.assessment import Action, Answer, Subject, new_assessment
from benchmark.framework.model import Framework, Suggestion
from benchmark.plan import actions_to_frame, frame_to_actions, seed_actions
from benchmark.scoring import score

from .builders import MINI


def _with_suggestions(draft_from: list[str]):
    """The mini framework with an example listed before the tool on section A."""
    a = MINI.section_by_id["A"]
    example = Suggestion(kind="example", title="A town that did it", text="Read how.", source=a.suggestions[0].source)
    sections = [
        s.model_copy(update={"suggestions": [example, *s.suggestions]}) if s.id == "A" else s for s in MINI.sections
    ]
    # validated anew rather than model_copy: a copy would keep the original's cached lookups (section_by_id)
    fields = {name: getattr(MINI, name) for name in Framework.model_fields}
    return Framework.model_validate(fields | {"sections": sections, "draft_from": draft_from})


def _drafts(framework):
    a = new_assessment(
        framework, Subject(name="Gapton"), answers={"A.1": Answer(value="none"), "A.2": Answer(value="none")}
    )
    return seed_actions(score(a, framework), framework, [])


def test_a_draft_takes_the_first_suggestion_of_a_kind_the_framework_drafts_from():
    [draft] = [d for d in _drafts(_with_suggestions(["tool"])) if d.section == "A"]
    assert draft.measure == "First: A tool"


def test_the_framework_decides_which_kinds_a_draft_is_made_from():
    [draft] = [d for d in _drafts(_with_suggestions(["example"])) if d.section == "A"]
    assert draft.measure == "First: A town that did it"


def test_a_row_the_table_cannot_read_keeps_its_saved_version_and_is_reported():
    saved = [
        Action(measure="Hold a citizens' dialogue", priority="High"),
        Action(measure="Hire an outreach worker", status="In progress"),
    ]
    table = actions_to_frame(saved)
    table.loc[0, "status"] = "Sometimes"  # no status
    table.loc[1, "measure"] = "Hire two outreach workers"
    actions, problems = frame_to_actions(table, saved=saved)
    assert actions == [saved[0], saved[1].model_copy(update={"measure": "Hire two outreach workers"})]
    assert problems == ["Row 1, Status: 'Sometimes' is not one of Not started, In progress, Done, On hold."]
    assert frame_to_actions(table)[0] == actions[1:]  # with nothing saved before, the row is reported, not invented
