"""Several respondents per assessment: aggregation by role on hand-computed cases, the minimum group size
(property tests: no view or export shows what a group under it said), consensus precedence, storage on
SQLite and PostgreSQL (respondent links, migration v2 -> v3, backup), the Excel round trip, the sample city."""

from __future__ import annotations

import io
import json
import math
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import create_engine

from benchmark import respondents as R
from benchmark.assessment import (
    Answer,
    Assessment,
    Consensus,
    Respondent,
    Subject,
    check_against,
    load_assessment,
    new_assessment,
    parse_assessment,
)
from benchmark.compare.roles import ROLE_GAP_COLUMNS, role_gaps
from benchmark.disclosure import Withheld
from benchmark.framework.loader import load_frameworks
from benchmark.samples import install_samples, sample_dir
from benchmark.scoring import item_share, score
from benchmark.services import import_report
from benchmark.store import (
    SCHEMA_VERSION,
    AccessDenied,
    AgreedRating,
    Conflict,
    RespondentAccess,
    RespondentSession,
    Store,
    backup,
    migrations,
)
from benchmark.xlsx.report_reader import WorkbookError, read_report
from benchmark.xlsx.report_writer import export_report

from .builders import ELECTED, MIGRANTS, MINI, NGOS, OFFICIALS, T0, hand_case, person, shareable
from .conftest import require
from .old_databases import db_shape, v1_database
from .strategies import assessments

REAL = load_frameworks()
FRAMEWORKS = {**REAL, "mini": MINI}
MERGED = "Other roles (groups under 3)"


# ------------------------------------------------------------------------------------------ aggregation


def test_item_figures_spread_and_sd_by_hand():
    v = R.views(hand_case(), MINI)
    assert v.groups == (OFFICIALS, MIGRANTS) and v.members == {OFFICIALS: 3, MIGRANTS: 3}
    assert v.suppressed == 1 and v.respondents == 7 and v.k == 3
    a1 = v.line("A.1")
    off, mig = a1.groups[OFFICIALS], a1.groups[MIGRANTS]
    assert (off.n, off.mean, off.low, off.high) == (3, pytest.approx(250 / 3), 50, 100)
    assert off.sd == pytest.approx(math.sqrt(((100 - 250 / 3) ** 2 * 2 + (50 - 250 / 3) ** 2) / 3))
    assert (mig.n, mig.mean, mig.low, mig.high) == (3, pytest.approx(50 / 3), 0, 50)
    assert a1.spread == pytest.approx(200 / 3)
    assert a1.sd == pytest.approx(math.sqrt(2500 * 4 / 6))  # 100, 100, 50, 0, 0, 50 around 50
    assert a1.n == 6  # the NGO worker's "full" counts nowhere
    assert v.line("A.2").spread == pytest.approx(50 / 3)
    b1 = v.line("B.1")
    assert set(b1.groups) == {OFFICIALS} and b1.spread is None  # two migrants answered: not shown
    assert v.line("B.2").groups == {} and v.line("B.2").sd is None


def test_section_and_overall_figures_follow_the_scoring_rules():
    v = R.views(hand_case(), MINI)
    a = v.line("A")
    # officials' own section scores: (100+50)/2, (100+50)/2, (50+50)/2; migrants: (0+100)/2, (0+100)/2, (50+0)/2
    assert a.groups[OFFICIALS].mean == pytest.approx(200 / 3)
    assert a.groups[MIGRANTS].mean == pytest.approx(125 / 3)
    assert a.spread == pytest.approx(25)
    assert set(v.line("B").groups) == {OFFICIALS}  # m3 has no B score, so only two migrants count
    # overall = mean of a respondent's section scores: officials (75+100)/2, (75+100)/2, (50+100)/2;
    # migrants (50+100)/2, (50+0)/2, and 25 for m3, who has a score for A only
    assert v.overall.groups[OFFICIALS].mean == pytest.approx((87.5 * 2 + 75) / 3)
    assert v.overall.groups[MIGRANTS].mean == pytest.approx((75 + 25 + 25) / 3)
    assert v.overall.spread == pytest.approx(250 / 3 - 125 / 3)


def test_disagreement_ranking_and_pairwise_gap():
    v = R.views(hand_case(), MINI)
    assert [x.id for x in v.disagreement("item")] == ["A.1", "A.2"]  # B.1 has one group: not ranked
    assert v.rank("item") == {"A.1": 1, "A.2": 2}
    assert [x.id for x in v.disagreement("section")] == ["A"]
    gap = v.gap(MIGRANTS, OFFICIALS, "item")
    assert gap["A.1"] == pytest.approx(-200 / 3) and gap["A.2"] == pytest.approx(50 / 3)
    assert gap["B.1"] is None and gap["B.2"] is None
    assert v.gap(MIGRANTS, OFFICIALS, "section")["A"] == pytest.approx(-25)
    assert v.gap(NGOS, OFFICIALS, "item")["A.1"] is None  # a group under k never has a figure


def test_ties_in_the_ranking_go_to_the_larger_sd_then_framework_order():
    a = hand_case()
    # make A.2 as far apart as A.1 (officials 100/100/50, migrants 0/0/50) and B.1 likewise on its own scale
    for rid, value in {"o1": "full", "o2": "full", "o3": "some", "m1": "none", "m2": "none", "m3": "some"}.items():
        a.respondent_answers[rid]["A.2"] = Answer(value=value)
    v = R.views(a, MINI)
    assert v.line("A.1").spread == v.line("A.2").spread
    assert [x.id for x in v.disagreement("item")][:2] == ["A.1", "A.2"]


def test_small_roles_merge_into_one_group_when_together_they_reach_k():
    a = hand_case()
    a.respondents = [*a.respondents, person("n2", NGOS), person("e1", ELECTED)]
    a.respondent_answers = {
        **a.respondent_answers,
        "n2": {"A.1": Answer(value="none")},
        "e1": {"A.1": Answer(value="some")},
    }
    v = R.views(a, MINI)
    assert v.groups == (OFFICIALS, MIGRANTS, MERGED) and v.members[MERGED] == 3 and v.suppressed == 0
    merged = v.line("A.1").groups[MERGED]
    assert (merged.n, merged.mean) == (3, pytest.approx(50))  # full, none, some
    assert NGOS not in v.groups and ELECTED not in v.groups
    assert "A.2" in [x.id for x in v.items] and MERGED not in v.line("A.2").groups  # only n1 rated A.2 among them


def test_a_larger_minimum_group_size_hides_more():
    v = R.views(hand_case(min_group_size=4), MINI)  # every role is under 4: together they are 7
    assert v.groups == ("Other roles (groups under 4)",) and v.suppressed == 0
    assert v.line("A.1").groups["Other roles (groups under 4)"].mean == pytest.approx(400 / 7)
    assert v.line("A.1").spread is None  # one group: nothing to compare
    v = R.views(hand_case(min_group_size=8), MINI)
    assert v.groups == () and v.suppressed == 7
    assert all(x.groups == {} and x.spread is None and x.sd is None for x in (*v.items, *v.sections, v.overall))
    v2 = R.views(hand_case(min_group_size=2), MINI)
    assert set(v2.line("B.1").groups) == {OFFICIALS, MIGRANTS}  # two migrants now suffice
    with pytest.raises(ValueError):
        hand_case(min_group_size=1)  # a group of one would be one person


def test_consensus_takes_precedence_and_individual_ratings_stay():
    a = hand_case()
    before = score(a, MINI).section("A").score
    agreed = Consensus(
        item_id="A.1", value="none", agreed_by=["Officials", "Migrant forum"], rationale="Evidence", decided_at=T0
    )
    b = R.agree(a, agreed)
    assert b.answers["A.1"] == Answer(value="none", evidence="Plan")  # the team's evidence stays
    assert b.respondent_answers == a.respondent_answers  # every individual rating is kept
    assert score(b, MINI).section("A").score == 0 != before  # scores use the agreed rating
    # an assessment never holds a rating that differs from the agreed one, however it is built or changed
    c = Assessment.model_validate_json(b.model_copy(update={"answers": {}}).to_json())
    assert c.answers["A.1"].value == "none"
    c.answers = {"A.1": Answer(value="full")}
    assert c.answers["A.1"].value == "none"
    c.consensus = {"B.1": Consensus(item_id="B.1", value="yes")}
    assert c.answers["B.1"].value == "yes" and c.answers["A.1"].value == "none"  # as agreed before
    c.answers = {**c.answers, "A.1": Answer(value="full")}
    assert c.answers["A.1"].value == "full"  # A.1 is no longer agreed: the team may change it
    assert R.views(b, MINI).line("A.1").agreed == agreed
    with pytest.raises(ValueError, match="the record is for item"):
        a.model_copy(update={"consensus": {}}).consensus = {"A.2": agreed}


def test_consensus_suggestion_is_the_median_of_the_shown_groups():
    a = hand_case()
    assert R.consensus_suggestion(a, MINI, "A.1") == "some"  # median of 83.3 and 16.7 = 50
    assert R.consensus_suggestion(a, MINI, "A.2") == "some"  # median of 50 and 66.7 = 58.3: nearest is 50
    assert R.consensus_suggestion(a, MINI, "B.1") == "yes"  # officials only: 100
    assert R.consensus_suggestion(a, MINI, "B.2") is None
    # halfway between two ratings: the lower one
    for rid in ("m1", "m2", "m3"):
        a.respondent_answers[rid]["A.1"] = Answer(value="some")
    for rid in ("o1", "o2", "o3"):
        a.respondent_answers[rid]["A.1"] = Answer(value="full")
    assert R.consensus_suggestion(a, MINI, "A.1") == "some"  # median of 100 and 50 = 75


def test_roles_evidence_and_progress():
    a = hand_case(extra_roles=["Youth council", " Youth   council ", OFFICIALS])
    assert a.extra_roles == ["Youth council", OFFICIALS]
    assert a.offered_roles(MINI) == [*MINI.respondents.roles, "Youth council"]
    with pytest.raises(ValueError, match="merged group"):
        Respondent(role="Other roles (groups under 3)")
    with pytest.raises(ValueError):
        hand_case(extra_roles=["Other roles"])
    a.respondent_answers["m1"]["B.1"] = Answer(value="yes", evidence="We were never asked", evidence_kind="lived")
    a.answers["B.2"] = Answer(value="no")
    a.answers["A.2"] = Answer(value="na", reason="Not here")
    assert R.no_evidence_items(a, MINI) == ["B.2"]  # A.1: the team's plan; B.1: a resident; A.2: not relevant
    assert R.evidence_kinds(a, "B.1") == ["lived"]
    assert R.evidence_kind_label("practice") == "Internal practice"
    done = {p.respondent.id: (p.answered, p.items) for p in R.progress(a, MINI)}
    assert done["o1"] == (3, 5) and done["m3"] == (2, 5)


def test_old_assessment_files_load_and_new_fields_are_checked(unites):
    old = load_assessment(sample_dir() / "unites" / "kestrelby-self-2026.json", unites)
    assert old.respondents == [] and old.consensus == {} and old.min_group_size == 3 and not old.revealed
    assert all(x.evidence_kind is None for x in old.answers.values())
    a = hand_case()
    a.respondent_answers["m1"]["Z.9"] = Answer(value="full")
    a.respondent_answers["m2"]["A.1"] = Answer(value="maybe")
    b = R.agree(a, Consensus(item_id="B.1", value="perhaps"))
    problems = check_against(b, MINI)
    assert "respondent_answers > m1 > Z.9: no such item in Mini 1.0" in problems
    assert any(p.startswith("respondent_answers > m2 > A.1: 'maybe' is not on the scale") for p in problems)
    assert any(p.startswith("consensus > B.1: 'perhaps' is not on the scale") for p in problems)
    with pytest.raises(ValueError, match="no respondent with id ghost"):
        Assessment.model_validate(
            hand_case().model_dump() | {"respondent_answers": {"ghost": {"A.1": {"value": "full"}}}}
        )
    text = json.dumps(hand_case().model_dump(mode="json") | {"respondents": [{"role": OFFICIALS, "id": "x"}] * 2})
    with pytest.raises(Exception, match="same id"):
        parse_assessment(text)


# ------------------------------------------------------------------------------------------ never a small group


def _shown_values(v: R.Views) -> list[tuple[str, str, R.GroupView]]:
    return [(x.id, g, view) for x in (*v.items, *v.sections, v.overall) for g, view in x.groups.items()]


def _perturb_hidden(a: Assessment, new_values) -> Assessment:
    """The same assessment with every respondent outside the shown groups giving other ratings."""
    shown = {rid for ids in R.grouping(a, MINI).groups.values() for rid in ids}
    answers = {}
    for rid, own in a.respondent_answers.items():
        if rid in shown:
            answers[rid] = own
        else:
            answers[rid] = {i: x.model_copy(update={"value": new_values(i)}) for i, x in own.items()}
    return a.model_copy(update={"respondent_answers": answers})


def _role_sizes(a: Assessment) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in a.respondents:
        out[r.role] = out.get(r.role, 0) + 1
    return out


@settings(max_examples=150, deadline=None)
@given(assessments(MINI, with_respondents=True))
def test_no_figure_ever_rests_on_fewer_than_k_respondents(a):
    v = R.views(a, MINI)
    k = a.min_group_size
    sizes = _role_sizes(a)
    small = sum(n for n in sizes.values() if n < k)
    for group in v.groups:
        if group == R.merged_label(k):
            assert small >= k and v.members[group] == small
        else:
            assert sizes[group] >= k  # a role under k never appears under its own name
    assert v.suppressed == (small if small < k else 0)
    groups = R.grouping(a, MINI).groups
    for line_id, group, view in _shown_values(v):
        assert view.n >= k
        if line_id in MINI.item_by_id:  # the figure is exactly that group's ratings, nobody else's
            shares = [
                100 * s
                for rid in groups[group]
                if (s := item_share(MINI, line_id, (a.respondent_answers.get(rid, {}).get(line_id) or Answer()).value))
                is not None
            ]
            assert view.n == len(shares) and view.mean == pytest.approx(sum(shares) / len(shares))
    for x in (*v.items, *v.sections, v.overall):
        assert x.n == sum(view.n for view in x.groups.values())


def _visible_cells(data: bytes) -> dict:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb if ws.sheet_state == "visible"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=assessments(MINI, with_respondents=True), other=st.sampled_from(["none", "full", "na", None]))
def test_what_a_hidden_respondent_said_changes_no_view_and_no_export(a, other):
    """Non-interference: give everyone outside the shown groups other ratings; every view, the comparison
    across cities and every visible sheet of the report stay exactly the same."""
    b = _perturb_hidden(
        a,
        lambda item_id: (
            other if item_id.startswith("A") or other is None else {"none": "no", "full": "yes"}.get(other, other)
        ),
    )
    assert _shown_values(R.views(b, MINI)) == _shown_values(R.views(a, MINI))
    for x, y in zip(R.views(a, MINI).items, R.views(b, MINI).items):
        assert (x.spread, x.sd, x.n) == (y.spread, y.sd, y.n)
        assert R.consensus_suggestion(a, MINI, x.id) == R.consensus_suggestion(b, MINI, y.id)
    pairs = [
        (g1, g2) for g1 in [*a.offered_roles(MINI), R.merged_label(a.min_group_size)] for g2 in (OFFICIALS, MIGRANTS)
    ]
    for g1, g2 in pairs[:6]:
        assert role_gaps([a], MINI, g1, g2).equals(role_gaps([b], MINI, g1, g2))
    assert _visible_cells(export_report(a, MINI)) == _visible_cells(export_report(b, MINI))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(MINI, with_respondents=True))
def test_views_by_role_sheet_shows_no_group_under_k(a):
    data = export_report(a, MINI)
    wb = load_workbook(io.BytesIO(data))
    if not (a.respondents or a.consensus) or not a.revealed:  # before the team's reveal, nobody sees the views
        assert "Views by role" not in wb.sheetnames
        return
    ws = wb["Views by role"]
    k = a.min_group_size
    sizes = _role_sizes(a)
    allowed = {g for g, n in sizes.items() if n >= k} | {R.merged_label(k)}
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header_rows = [n for n, row in enumerate(rows) if row[0] in ("ID", "Item")]
    assert len(header_rows) == 2
    for h in header_rows:
        heads = rows[h]
        for col, head in enumerate(heads):
            if isinstance(head, str) and head.endswith((" %", " n")) and head not in ("Spread (points)",):
                group = head[:-2]
                assert group in allowed, head
                if head.endswith(" n"):
                    for row in rows[h + 1 :]:
                        if row[0] is None or row[0] in ("By item", "Item"):
                            break
                        value = row[col]
                        assert value is None or value >= k
                        assert (row[col - 1] is None) == (value is None)  # a mean only with its n
    # and the figures are those of the views
    v = R.views(a, MINI)
    first_item = header_rows[1] + 1
    heads = rows[header_rows[1]]
    for offset, line in enumerate(v.items):
        row = rows[first_item + offset]
        assert row[0] == line.id
        for g in v.groups:
            mean = row[heads.index(f"{g} %")]
            expected = line.groups.get(g)
            assert (mean is None and expected is None) or mean == round(expected.mean, 1)


# ------------------------------------------------------------------------------------------ comparison across cities


def test_role_gaps_across_cities_respect_each_minimum_group_size():
    a = hand_case()
    small = hand_case(id="small")
    small.subject.name = "Smalltown"
    small = small.model_copy(
        update={  # two migrants left: under k
            "respondents": [r for r in small.respondents if r.id != "m3"],
            "respondent_answers": {k: v for k, v in small.respondent_answers.items() if k != "m3"},
        }
    )
    merged = hand_case(id="merged", min_group_size=2)
    merged.subject.name = "Pairtown"
    frame = role_gaps([a, small, merged], MINI, MIGRANTS, OFFICIALS)
    # Smalltown shows no migrant figure at all; Pairtown (k = 2) shows B too, where the gap is widest
    assert list(frame["subject"]) == ["Pairtown", "Handtown"]
    assert list(frame.columns) == [*ROLE_GAP_COLUMNS, "A", "B"]
    hand, pair = frame.iloc[1], frame.iloc[0]
    assert hand["A"] == pytest.approx(-25) and math.isnan(hand["B"])
    assert pair["B"] == pytest.approx(50 - 100)
    assert (hand["n_a"], hand["n_b"]) == (3, 3)
    assert hand["overall"] == pytest.approx(125 / 3 - 250 / 3)
    assert role_gaps([small], MINI, MIGRANTS, OFFICIALS).empty
    assert role_gaps([a], MINI, NGOS, OFFICIALS).empty  # a lone NGO worker is never compared
    assert role_gaps([a.model_copy(update={"revealed": False})], MINI, MIGRANTS, OFFICIALS).empty  # not revealed


# ------------------------------------------------------------------------------------------ storage (both backends)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=assessments(MINI, with_respondents=True))
def test_save_get_keeps_respondents_answers_and_consensus(store, a):
    store.save(a)
    got = store.get(a.id)
    expected = a.model_copy(update={"answers": {k: v for k, v in a.answers.items() if not v.is_empty()}})
    assert got == expected
    store.save(got)  # saving again over it is harmless
    assert store.get(a.id) == expected


def test_respondent_links_open_only_their_own_answers(store):
    a = new_assessment(MINI, Subject(name="Linktown"))
    links = store.create(a)
    one, t1 = store.add_respondent(a.id, MIGRANTS, "F.D.")
    two, t2 = store.add_respondent(a.id, OFFICIALS)
    assert store.respondents(a.id) == [one, two]
    assert store.respondent_for(t1) == RespondentAccess(a.id, one)
    # a respondent link is no edit or view link, and the team's links are no respondent links
    assert store.resolve(t1) is None
    with pytest.raises(AccessDenied):
        store.require_edit(t1)
    assert store.respondent_for(links.edit) is None and store.respondent_for(links.view) is None
    for odd in (None, "", "x" * 32, t1[:-1], t1 + "A", 42, "\x00" * 32):
        assert store.respondent_for(odd) is None and store.own_answers(odd) is None
    store.set_own_answer(t1, "A.1", Answer(value="none", evidence="Not asked", evidence_kind="lived"))
    store.set_own_answer(t2, "A.1", Answer(value="full", evidence="Council minutes", evidence_kind="policy"))
    mine = store.own_answers(t1)
    assert mine.respondent == one and mine.answers == {
        "A.1": Answer(value="none", evidence="Not asked", evidence_kind="lived")
    }
    assert not mine.revealed
    assert store.respondent_answers(a.id) == {one.id: mine.answers, two.id: store.own_answers(t2).answers}
    assert store.get(a.id).answers == {}  # respondents never write the team's answers
    # the same respondent in two tabs: the stale save is refused
    store.set_own_answer(t1, "A.1", Answer(value="some"), expected_revision=mine.answer_revision("A.1"))
    with pytest.raises(Conflict) as caught:
        store.set_own_answer(t1, "A.1", Answer(value="full"), expected_revision=mine.answer_revision("A.1"))
    assert caught.value.part == "respondent_answer" and caught.value.theirs.value == "some"
    assert "your answer to item A.1" in str(caught.value)
    # a new link replaces the old one; removing a respondent removes the link and the answers
    t1b = store.rotate_respondent_link(a.id, one.id)
    assert store.respondent_for(t1) is None and store.respondent_for(t1b).respondent == one
    assert store.remove_respondent(a.id, one.id)
    assert store.respondent_for(t1b) is None and one.id not in store.respondent_answers(a.id)
    with pytest.raises(AccessDenied):
        store.set_own_answer(t1b, "A.1", Answer(value="full"))
    with pytest.raises(KeyError):
        store.set_respondent_answer(a.id, one.id, "A.1", Answer(value="full"))
    assert store.respondent_answers(a.id) == {two.id: store.own_answers(t2).answers}


def test_roles_group_size_and_reveal_are_kept_apart_from_the_details(store):
    a = new_assessment(MINI, Subject(name="Revealtown"))
    store.save(a)
    assert store.respondent_session(a.id) == RespondentSession([], 3, False)
    with pytest.raises(ValueError, match="not a role"):
        store.add_respondent(a.id, "Youth council")
    assert store.add_role(a.id, "  Youth   council") == ["Youth council"]
    assert store.add_role(a.id, OFFICIALS) == ["Youth council"]
    with pytest.raises(ValueError):
        store.add_role(a.id, "Other roles (groups under 3)")
    store.add_respondent(a.id, "Youth council")
    store.set_min_group_size(a.id, 4)
    with pytest.raises(ValueError):
        store.set_min_group_size(a.id, 1)
    snap = store.load(a.id)
    store.set_revealed(a.id, True)
    stale = snap.assessment.model_copy(deep=True)
    stale.notes = "Edited in another tab"
    store.save_details(stale, expected_revision=snap.details_revision)  # knows nothing of the reveal
    got = store.get(a.id)
    assert got.revealed and got.min_group_size == 4 and got.extra_roles == ["Youth council"]
    assert got.notes == "Edited in another tab" and store.revealed(a.id)
    with pytest.raises(KeyError):
        store.set_revealed("nope", True)


def test_agreed_rating_becomes_the_answer_and_guards_it(store, open_store):
    a = new_assessment(MINI, Subject(name="Agreetown"))
    store.create(a)
    store.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion", evidence_kind="policy"))
    _, token = store.add_respondent(a.id, MIGRANTS)
    store.set_own_answer(token, "A.1", Answer(value="none", evidence="Never heard of it", evidence_kind="lived"))
    snap = store.load(a.id)
    agreed = Consensus(
        item_id="A.1", value="some", agreed_by=["Team", "Forum"], rationale="Both views hold", decided_at=T0
    )
    store.set_consensus(a.id, agreed, expected_revision=snap.consensus_revision("A.1"))
    got = store.get(a.id)
    assert got.answers["A.1"] == Answer(value="some", evidence="Council motion", evidence_kind="policy")
    assert got.consensus == {"A.1": agreed}
    assert got.respondent_answers[store.respondents(a.id)[0].id]["A.1"].value == "none"  # kept
    assert score(got, MINI).section("A").score == 50
    # the answer page cannot change an agreed rating behind the consensus, nor can a stale answer page save
    with pytest.raises(AgreedRating):
        store.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion"))
    with pytest.raises(Conflict):
        store.set_answer(a.id, "A.1", Answer(value="some", evidence="x"), expected_revision=snap.answer_revision("A.1"))
    store.set_answer(a.id, "A.1", Answer(value="some", evidence="Council motion, 2025"))  # evidence may change
    # two facilitators agreeing at once: the second is told
    other = open_store(store.url)
    with pytest.raises(Conflict) as caught:
        other.set_consensus(
            a.id, agreed.model_copy(update={"value": "none"}), expected_revision=snap.consensus_revision("A.1")
        )
    assert caught.value.part == "consensus" and caught.value.theirs == agreed
    assert store.clear_consensus(a.id, "A.1") and not store.clear_consensus(a.id, "A.1")
    store.set_answer(a.id, "A.1", Answer(value="full"))
    assert store.get(a.id).answers["A.1"].value == "full" and store.consensus(a.id) == {}


def test_save_keeps_respondent_links_and_delete_removes_everything(store):
    a = hand_case()
    store.save(a)
    token = store.rotate_respondent_link(a.id, "m1")
    b = store.get(a.id)
    b.notes = "Imported again"
    store.save(b)
    assert store.respondent_for(token).respondent.id == "m1"
    store.save(
        b.model_copy(
            update={
                "respondents": [r for r in b.respondents if r.id != "m1"],
                "respondent_answers": {k: v for k, v in b.respondent_answers.items() if k != "m1"},
            }
        )
    )
    assert store.respondent_for(token) is None
    store.delete(a.id)
    assert store.get(a.id) is None and store.respondents(a.id) == [] and store.consensus(a.id) == {}
    store.save(a)  # nothing left over under the same ids
    assert store.get(a.id) == a


def _v2_database(url: str) -> Assessment:
    """A version-2 database: the v1 one of test_storage migrated by the v1 -> v2 step only."""
    old = v1_database(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        migrations.v1_to_v2(conn)
        conn.exec_driver_sql("UPDATE schema_info SET version = 2")
    engine.dispose()
    return old


def test_migration_from_v2_keeps_every_row_and_adds_respondents(db_url, open_store, another_db):
    old = _v2_database(db_url)
    store = open_store(db_url)
    assert store.schema_version() == SCHEMA_VERSION == 4
    assert store.get(old.id) == old
    assert db_shape(db_url) == db_shape(open_store(another_db()).url)
    _, token = store.add_respondent(old.id, MIGRANTS)
    store.set_own_answer(token, "A.1", Answer(value="none", evidence_kind="lived"))
    store.set_consensus(old.id, Consensus(item_id="B.1", value="yes"))
    store.set_answer(old.id, "A.2", Answer(value="some", evidence_kind="practice"))
    got = open_store(db_url).get(old.id)
    assert got.answers["A.1"] == old.answers["A.1"] and got.answers["B.1"].value == "yes"
    assert got.answers["A.2"].evidence_kind == "practice" and len(got.respondents) == 1


def test_a_failing_v2_to_v3_migration_changes_nothing(db_url, open_store, monkeypatch):
    old = _v2_database(db_url)
    before = db_shape(db_url)

    def broken(conn):
        migrations.v2_to_v3(conn)
        raise RuntimeError("disk full halfway")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Store(db_url)
    assert db_shape(db_url) == before
    monkeypatch.undo()
    assert open_store(db_url).get(old.id) == old


def test_backup_and_restore_keep_respondents_and_their_links(store, another_db, open_store):
    a = hand_case(revealed=True, extra_roles=["Youth council"])
    a = R.agree(a, Consensus(item_id="A.1", value="none", agreed_by=["All"], decided_at=T0))
    store.save(a)
    token = store.rotate_respondent_link(a.id, "o2")
    data = json.loads(backup.dumps(backup.backup(store)))
    entry = data["assessments"][0]
    assert [x["respondent_id"] for x in entry["respondent_links"]] == ["o2"]
    target = open_store(another_db())
    counts = backup.restore(target, data)
    assert (counts.respondents, counts.respondent_links) == (7, 1)
    assert "7 respondents (1 links)" in str(counts)
    assert target.get(a.id) == store.get(a.id) == a
    assert target.respondent_for(token).respondent.id == "o2"
    backup.restore(target, data, replace=True)  # replacing keeps it working
    assert target.respondent_for(token).respondent.id == "o2"
    broken = json.loads(json.dumps(data))
    broken["assessments"][0]["respondent_links"][0]["respondent_id"] = "ghost"
    with pytest.raises(backup.BackupError, match="a respondent link is not"):
        backup.restore(open_store(another_db()), broken)
    del data["assessments"][0]["respondent_links"]  # a backup from before respondents restores as before
    fresh = open_store(another_db())
    backup.restore(fresh, data)
    assert fresh.get(a.id) == a and fresh.respondent_for(token) is None


# ------------------------------------------------------------------------------------------ Excel


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(MINI, with_respondents=True))
def test_excel_round_trip_keeps_every_respondents_answers(a):
    a = shareable(a)
    back = read_report(export_report(a, MINI, individual_answers=True), FRAMEWORKS)
    assert back == a.model_copy(update={"answers": {k: v for k, v in a.answers.items() if not v.is_empty()}})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(MINI, with_respondents=True))
def test_no_report_carries_a_respondents_own_answers_before_the_reveal_or_in_a_small_role(a):
    sizes = _role_sizes(a)
    if a.respondents and (not a.revealed or min(sizes.values()) < a.min_group_size):
        with pytest.raises(Withheld, match="reveal" if not a.revealed else "at least"):
            export_report(a, MINI, individual_answers=True)
    wb = load_workbook(io.BytesIO(export_report(a, MINI)))  # by default: never
    assert "_respondents" not in wb.sheetnames
    assert ("Views by role" in wb.sheetnames) == bool((a.respondents or a.consensus) and a.revealed)
    alone = a.model_copy(update={"respondents": [], "respondent_answers": {}})  # what the team itself wrote
    leaked = _cell_texts(wb) - _cell_texts(load_workbook(io.BytesIO(export_report(alone, MINI))))
    theirs = {r.label for r in a.respondents if r.label} | {
        x.evidence for own in a.respondent_answers.values() for x in own.values() if x.evidence
    }
    assert not [cell for cell in leaked if any(text in cell for text in theirs)]


def _cell_texts(wb) -> set[str]:
    return {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}


def test_views_by_role_sheet_by_hand():
    a = R.agree(
        hand_case(),
        Consensus(item_id="A.1", value="some", agreed_by=["Team", "=Forum"], rationale="+Both views", decided_at=T0),
    )
    wb = load_workbook(io.BytesIO(export_report(a, MINI)))
    assert wb.sheetnames == ["Summary", "Scores", "Answers", "Views by role", "Gaps", "Action plan", "Method", "_meta"]
    assert wb["Views by role"].sheet_state == "visible"
    with pytest.raises(Withheld, match=rf"fewer here: {NGOS} \(1\)"):  # the lone NGO worker's row would be theirs
        export_report(a, MINI, individual_answers=True)
    shared = load_workbook(io.BytesIO(export_report(shareable(a), MINI, individual_answers=True)))
    assert shared.sheetnames[-1] == "_respondents" and shared["_respondents"].sheet_state == "hidden"
    ws = wb["Views by role"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert "1 respondent(s) left out here" in rows[1][0]
    sec_head = rows[4]
    assert sec_head[:8] == [
        "ID",
        "Factor",
        f"{OFFICIALS} %",
        f"{OFFICIALS} n",
        f"{MIGRANTS} %",
        f"{MIGRANTS} n",
        "Spread (points)",
        "SD (points)",
    ]
    assert rows[5][:7] == ["A", "First", 66.7, 3, 41.7, 3, 25.0]
    assert rows[7][0] == "All"
    item_head_row = next(n for n, r in enumerate(rows) if r[0] == "Item")
    heads = rows[item_head_row]
    a1 = dict(zip(heads, rows[item_head_row + 1]))
    assert a1["Item"] == "A.1" and a1[f"{OFFICIALS} %"] == 83.3 and a1[f"{MIGRANTS} n"] == 3
    assert a1["Spread (points)"] == 66.7 and a1["Disagreement rank"] == 1
    assert a1["Rating used"] == "Partly in place" and a1["Agreed rating"] == "Partly in place"
    assert a1["Agreed by"] == "Team; =Forum" and a1["Why (rationale)"] == "+Both views"
    assert ws.cell(row=item_head_row + 2, column=heads.index("Why (rationale)") + 1).quotePrefix
    assert a1["Evidence given"] == "evidence, kind not given"
    b1 = dict(zip(heads, rows[item_head_row + 3]))
    assert b1[f"{MIGRANTS} %"] is None and b1[f"{MIGRANTS} n"] is None and b1["Disagreement rank"] is None
    assert all(NGOS not in str(h) for h in heads)
    assert ws._charts and len(ws._charts[0].series) == 2
    summary = {r[0]: r[1] for r in [[c.value for c in row] for row in wb["Summary"].iter_rows()] if r and r[0]}
    assert summary["Rated items resting on no evidence"] == "none"
    assert summary["Respondents"].startswith("7:")


def test_report_without_individual_answers_and_import_keeps_what_is_stored(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    a = R.agree(hand_case(), Consensus(item_id="A.1", value="some", decided_at=T0))
    store.save(a)
    data = export_report(a, MINI, individual_answers=False)
    wb = load_workbook(io.BytesIO(data))
    assert "_respondents" not in wb.sheetnames and "Views by role" in wb.sheetnames
    alone = read_report(data, FRAMEWORKS)
    assert alone.respondents == [] and alone.answers["A.1"].value == "some"
    wb["Answers"]["F3"] = "New evidence for A.2"
    back, replaced = import_report(store, _save(wb), FRAMEWORKS)
    assert replaced and back.respondents == a.respondents and back.respondent_answers == a.respondent_answers
    assert store.get(a.id).answers["A.2"].evidence == "New evidence for A.2"
    assert store.get(a.id).consensus == a.consensus
    # an agreed rating changed in the sheet is refused, not silently dropped, with or without the hidden sheet
    before = store.get(a.id)
    for data in (export_report(a, MINI), export_report(shareable(a), MINI, individual_answers=True)):
        wb = load_workbook(io.BytesIO(data))
        wb["Answers"]["D2"] = "Fully in place"
        with pytest.raises(WorkbookError, match=r"item A.1 has an agreed rating, 'Partly in place'"):
            import_report(store, _save(wb), FRAMEWORKS)
    assert store.get(a.id) == before


def test_an_old_report_without_the_new_column_and_sheets_still_imports(tmp_path):
    a = hand_case()
    a.answers["A.2"] = Answer(value="full", evidence="Minutes", evidence_kind="practice")
    wb = load_workbook(io.BytesIO(export_report(a, MINI)))
    answers = wb["Answers"]
    assert answers["G1"].value == "Evidence kind"
    answers.delete_cols(7)
    del wb["Views by role"]
    assert "_respondents" not in wb.sheetnames
    old = read_report(_save(wb), FRAMEWORKS)
    assert old.answers["A.2"] == Answer(value="full", evidence="Minutes")
    assert old.respondents == []
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.save(a)
    back, _ = import_report(store, _save(wb), FRAMEWORKS)
    assert back.respondent_answers == a.respondent_answers  # what the old file cannot carry stays stored


def test_evidence_kind_reads_back_by_label_or_key_and_refuses_others():
    a = hand_case()
    wb = load_workbook(io.BytesIO(export_report(a, MINI)))
    wb["Answers"]["G2"] = "internal practice"
    wb["Answers"]["G3"] = "lived"
    back = read_report(_save(wb), FRAMEWORKS)
    assert back.answers["A.1"].evidence_kind == "practice" and back.answers["A.2"].evidence_kind == "lived"
    wb["Answers"]["G4"] = "Rumour"
    with pytest.raises(WorkbookError, match=r"Sheet 'Answers', row 4, column G \(Evidence kind\): 'Rumour' is not"):
        read_report(_save(wb), FRAMEWORKS)


def test_an_edited_hidden_respondents_sheet_is_refused_with_its_place():
    wb = load_workbook(io.BytesIO(export_report(shareable(hand_case()), MINI, individual_answers=True)))
    ws = wb["_respondents"]
    row = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "m1"][-1]  # in [answers]
    ws.cell(row=row, column=1, value="ghost")
    with pytest.raises(WorkbookError, match=r"Sheet '_respondents', row \d+, column A \(respondent\): 'ghost' is not"):
        read_report(_save(wb), FRAMEWORKS)


@pytest.mark.libreoffice
def test_a_report_with_respondents_opens_in_libreoffice_and_survives_a_resave(tmp_path):
    soffice = require("soffice", "LibreOffice opens the workbook as a reader would")
    a = shareable(load_assessment(sample_dir() / "unites" / "torreluma-self-2026.json", REAL["unites"]))
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "report.xlsx"
    source.write_bytes(export_report(a, REAL["unites"], individual_answers=True))
    for target in ("pdf", "xlsx:Calc MS Excel 2007 XML"):
        done = subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.pdf").stat().st_size > 10_000
    assert read_report((tmp_path / "report.xlsx").read_bytes(), FRAMEWORKS) == a


# ------------------------------------------------------------------------------------------ the sample city


@pytest.fixture(scope="module")
def torreluma(unites):
    return load_assessment(sample_dir() / "unites" / "torreluma-self-2026.json", unites)


def test_sample_officials_and_migrants_disagree_most_on_key_factor_4(torreluma, unites):
    a = torreluma
    sizes = _role_sizes(a)
    assert sizes[OFFICIALS] >= 3 and sizes[MIGRANTS] >= 3 and sizes[NGOS] < 3
    v = R.views(a, unites)
    assert v.groups == (OFFICIALS, MIGRANTS, MERGED) and v.suppressed == 0
    assert v.disagreement("section")[0].id == "KF4"
    assert {x.id for x in v.disagreement("item", top=6)} == {f"KF4.{n}" for n in range(1, 7)}
    kf4 = v.line("KF4")
    assert kf4.groups[OFFICIALS].mean > 80 and kf4.groups[MIGRANTS].mean < 20
    assert v.gap(MIGRANTS, OFFICIALS)["KF4"] < -60
    assert set(a.consensus) == {"KF4.1", "KF4.2", "KF4.4"}
    for item_id, agreed in a.consensus.items():
        assert a.answers[item_id].value == agreed.value and agreed.rationale and len(agreed.agreed_by) >= 2
    lived = [x for own in a.respondent_answers.values() for x in own.values() if x.evidence_kind == "lived"]
    assert len(lived) >= 8 and all(x.evidence for x in lived)
    assert a.revealed and a.min_group_size == 3


def test_sample_city_report_shows_disagreement_and_agreed_result(torreluma, unites):
    data = export_report(torreluma, unites, individual_answers=False)
    ws = load_workbook(io.BytesIO(data))["Views by role"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    heads = next(r for r in rows if r[0] == "Item")
    kf41 = dict(zip(heads, next(r for r in rows if r[0] == "KF4.1")))
    assert kf41[f"{OFFICIALS} %"] > 80 and kf41[f"{MIGRANTS} %"] < 40
    assert kf41["Agreed rating"] == "Partly in place" and "agenda" in kf41["Why (rationale)"]
    assert all(n not in " ".join(map(str, heads)) for n in (NGOS, ELECTED))


def test_sample_respondents_install_into_the_store(store):
    added = install_samples(store, ids={"unites-torreluma-self-2026"})
    assert added == ["unites-torreluma-self-2026"]
    got = store.get("unites-torreluma-self-2026")
    assert len(got.respondents) == 10 and got.consensus["KF4.2"].value == "planned"
    assert got == load_assessment(sample_dir() / "unites" / "torreluma-self-2026.json").model_copy(
        update={"sample": True}
    )
    assert store.revealed(got.id)
