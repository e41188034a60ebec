"""What the respondents' pages show (benchmark/role_views.py, their charts benchmark/charts/panel.py): words,
tables and charts on hand-computed cases, and never a figure of a group under the minimum size."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from benchmark import respondents as R
from benchmark import role_views as RV
from benchmark.assessment import Answer, Consensus
from benchmark.charts import panel
from benchmark.compare.roles import role_gaps

from .builders import MIGRANTS, MINI, NGOS, OFFICIALS, hand_case


def test_means_chart_has_colour_and_shape_per_group_and_a_title():
    v = R.views(hand_case(), MINI)
    spec = panel.role_means_spec(v, MINI, "item", "A")
    assert spec["title"]["text"] == "Factor A: each item, as each group rates it"
    rule, dots = spec["layer"]
    assert dots["mark"]["type"] == "point"
    assert dots["encoding"]["color"]["scale"]["domain"] == [OFFICIALS, MIGRANTS]
    assert dots["encoding"]["shape"]["scale"]["domain"] == [OFFICIALS, MIGRANTS]
    assert dots["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]
    assert dots["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#E69F00"]
    rows = [r for ds in spec.get("datasets", {}).values() for r in ds if "group" in r]
    assert {(r["id"], r["group"], round(r["mean"], 4)) for r in rows} == {
        ("A.1", OFFICIALS, round(250 / 3, 4)),
        ("A.1", MIGRANTS, round(50 / 3, 4)),
        ("A.2", OFFICIALS, 50.0),
        ("A.2", MIGRANTS, round(200 / 3, 4)),
    }
    assert NGOS not in json.dumps(spec)
    section = panel.role_means_spec(v, MINI, "section")
    assert section["title"]["text"] == "Each factor, as each group rates it"
    # read by screen readers: every dot's number in words (83.3, 16.7, 50, 66.7 by hand), the widest spread named
    assert spec["description"] == (
        "Dot chart. Factor A: each item, as each group rates it (mean as % of the scale's top). "
        f"A.1: {OFFICIALS} 83 %, {MIGRANTS} 17 %; A.2: {OFFICIALS} 50 %, {MIGRANTS} 67 %. "
        "Widest spread: A.1, 67 points."
    )
    assert NGOS not in spec["description"]


def test_disagreement_and_group_note_in_words():
    v = R.views(hand_case(), MINI)
    [first, second] = RV.disagreement_in_words(v, "item", top=2)
    assert first.startswith("A.1 First question?: City officials rate it 83.3 %, Migrant residents")
    assert first.endswith("16.7 % — 67 points apart.")
    assert second.startswith("A.2 ") and "17 points apart" in second
    note = RV.group_note(v)
    assert "City officials (3)" in note and "1 respondent in roles with fewer than 3 respondents is left out" in note
    assert NGOS not in note


def test_spread_table_uses_labels_for_the_agreed_rating():
    a = R.agree(hand_case(), Consensus(item_id="A.1", value="some", agreed_by=["Team"]))
    table = RV.spread_table(R.views(a, MINI), MINI, "item", "A")
    assert list(table["Item"]) == ["A.1", "A.2"]
    assert table.loc[0, "Agreed rating"] == "Partly in place" and pd.isna(table.loc[1, "Agreed rating"])
    assert table.loc[0, "Spread (points)"] == pytest.approx(100 * 2 / 3)
    assert not any(NGOS in c for c in table.columns)


def test_progress_table_counts_answers_and_shows_no_rating():
    a = hand_case()
    table = RV.progress_table(a, MINI)
    assert list(table["Answered"]) == ["3 of 5"] * 5 + ["2 of 5", "3 of 5"]
    values = " ".join(table.astype(str).to_numpy().ravel())
    assert not any(x in values for x in ("full", "some", "none", "Fully", "Partly"))
    assert RV.progress_summary(a, MINI) == "7 respondents: 0 answered every item, 7 started, 0 not started yet."


def test_agreed_caption_consensus_form_and_links():
    c = RV.new_consensus(
        "A.1", "full", "Office; Forum,\n Council ,", "  the motion  ", when=dt.datetime(2026, 5, 12, tzinfo=dt.UTC)
    )
    assert (c.agreed_by, c.rationale) == (["Office", "Forum", "Council"], "the motion")
    assert RV.agreed_caption(c) == (
        "Agreed by Office, Forum, Council on May 12, 2026: the motion — change it on Views and consensus."
    )
    assert RV.agreed_caption(c, where=False).endswith("the motion")
    assert RV.respond_url("https://x.org/app", "T" * 32) == f"https://x.org/app/respond?r={'T' * 32}"
    assert RV.respond_url(None, "T" * 32) == f"?r={'T' * 32}"


def test_no_evidence_in_words():
    a = hand_case()
    a.answers = {"A.1": Answer(value="some", evidence="Plan"), "A.2": Answer(value="full"), "B.3": Answer(value="na")}
    assert RV.no_evidence_in_words(a, MINI) == ["A.2 Second question?"]


def test_role_gap_chart_from_compare():
    a = hand_case()
    frame = role_gaps([a], MINI, MIGRANTS, OFFICIALS)
    spec = panel.role_gap_chart(frame, MINI, MIGRANTS, OFFICIALS).to_dict()
    assert spec["title"]["text"] == f"Where {MIGRANTS} rate differently from {OFFICIALS}"
    rows = [r for ds in spec["datasets"].values() for r in ds]
    assert {r["section"] for r in rows} <= {"A", "B"} and rows
    assert isinstance(frame, pd.DataFrame)
