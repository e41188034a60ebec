"""The comparison core: every view checked on small hand-computed cases, then on the sample network.

The mini framework (tests/data/mini.yaml): factor A has two items rated none/some/full (0, 50, 100 %),
factor B three items rated no/yes (0, 100 %); both scales have "na" (not relevant here).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from benchmark import cli
from benchmark.assessment import Subject, new_assessment
from benchmark.compare.frame import FRAME_COLUMNS, latest, scores_frame
from benchmark.compare.learning import Evidence, learning_pairs
from benchmark.compare.progress import progress, progress_deltas
from benchmark.compare.ranking import competition_rank, rank_table, ranking
from benchmark.compare.self_peer import (
    pair_reviews,
    self_peer_all,
    self_peer_summary,
    self_vs_peer,
)
from benchmark.compare.similar import population_band, share_band, similar
from benchmark.compare.stats import section_stats, shared_gaps
from benchmark.compare.summary import summary
from benchmark.samples import load_samples, sample_dir
from benchmark.services import MixedFrameworksError, load_many
from benchmark.xlsx.comparison import compare_workbook
from benchmark.xlsx.report_writer import export_report

from .builders import A25, A50, A75, A100, make
from .conftest import DATA, require
from .printed import to_pdf

D = dt.date


def approx(x):
    return pytest.approx(x, abs=1e-9)


# ------------------------------------------------------------------------------------------ ranks and table


def test_competition_rank_shares_places_and_skips():
    assert competition_rank([80, 70, 70, 60, None]) == [1, 2, 2, 4, None]
    assert competition_rank([None, 10, 30, 30, 30]) == [None, 4, 1, 1, 1]
    # judged on the score as shown (one decimal): 66.66 and 66.67 both read 66.7
    assert competition_rank([66.66, 66.67, 66.64]) == [1, 1, 3]
    assert competition_rank([float("nan"), 5]) == [None, 1]
    assert competition_rank([]) == []


def test_scores_frame_has_one_row_per_assessment_with_hand_computed_scores(mini):
    x = make(mini, "Xville", {**A75, "B.1": "yes", "B.2": "no", "B.3": "na"}, population=150_000, share=12.5)
    y = make(mini, "Yton", {"A.1": "some"}, kind="peer", date=D(2026, 6, 1))
    frame = scores_frame([y, x], mini)
    assert list(frame.columns[:10]) == list(FRAME_COLUMNS)
    assert {"A", "B", "A target", "B target"} <= set(frame.columns)
    assert list(frame["subject"]) == ["Xville", "Yton"]
    xs, ys = frame.iloc[0], frame.iloc[1]
    # A = (100 + 50) / 2; B = 1 of 2 rated items met (B.3 not relevant); overall = mean of both
    assert (xs["A"], xs["B"], xs["overall"], xs["completion"]) == (75, 50, 62.5, 100)
    assert (xs["population"], xs["migrant_share"], xs["country"], xs["type"]) == (150_000, 12.5, "", "self")
    # no rated B item: no B score, and overall rests on A alone; 1 of 5 items answered
    assert ys["A"] == 50 and math.isnan(ys["B"]) and ys["overall"] == 50 and ys["completion"] == 20
    assert ys["type"] == "peer" and ys["B target"] == 75


def test_scores_frame_refuses_another_framework(mini, unites):
    other = new_assessment(unites, Subject(name="Elsewhere"))
    with pytest.raises(ValueError, match="Elsewhere"):
        scores_frame([make(mini, "X", A50), other], mini)


def test_ranking_uses_competition_ranks_and_puts_unscored_last(mini):
    people = [
        make(mini, "Nil", {}),
        make(mini, "Half", A50),
        make(mini, "Top", A100),
        make(mini, "Tie b", A75),
        make(mini, "Tie a", {"A.1": "some", "A.2": "full"}),
    ]
    frame = scores_frame(people, mini)
    ranked = ranking(frame, "A")
    assert list(ranked["subject"]) == ["Top", "Tie a", "Tie b", "Half", "Nil"]
    assert [None if pd.isna(r) else int(r) for r in ranked["rank"]] == [1, 2, 2, 4, None]
    assert list(ranked["score"][:4]) == [100, 75, 75, 50]
    overall = ranking(frame)  # B unrated everywhere, so overall = A
    assert list(overall["subject"][:1]) == ["Top"] and pd.isna(overall["rank"].iloc[-1])
    table = rank_table(frame, mini).set_index("subject")
    assert table.loc["Tie b", "A"] == 2 and table.loc["Half", "overall"] == 4 and pd.isna(table.loc["Top", "B"])


def test_latest_keeps_the_newest_assessment_per_subject_and_type(mini):
    old = make(mini, "Grünwiese", A25, date=D(2025, 5, 1))
    new = make(mini, "Grünwiese", A75, date=D(2026, 5, 1))
    peer = make(mini, "grünwiese ", A50, kind="peer", date=D(2026, 7, 1))  # typed again by the reviewers
    other = make(mini, "Kestrelby", A100, date=D(2024, 1, 1))
    frame = scores_frame([new, peer, other, old], mini)
    assert list(latest(frame)["id"]) == [new.id, other.id]
    assert list(latest(frame, "peer")["id"]) == [peer.id]
    assert sorted(latest(frame, None)["id"]) == sorted([new.id, peer.id, other.id])


# ------------------------------------------------------------------------------------------ similar cities


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (0, "under 100,000"),
        (99_999, "under 100,000"),
        (100_000, "100,000–250,000"),
        (249_999, "100,000–250,000"),
        (250_000, "250,000–500,000"),
        (499_999, "250,000–500,000"),
        (500_000, "500,000 and more"),
        (None, "unknown"),
    ],
)
def test_population_bands_put_a_boundary_in_the_higher_band(unites, population, band):
    assert population_band(unites, population) == band


@pytest.mark.parametrize(
    ("share", "band"),
    [
        (0, "under 10 %"),
        (9.99, "under 10 %"),
        (10, "10–15 %"),
        (14.9, "10–15 %"),
        (15, "15–25 %"),
        (24.99, "15–25 %"),
        (25, "25 % and more"),
        (100, "25 % and more"),
        (None, "unknown"),
    ],
)
def test_share_bands_put_a_boundary_in_the_higher_band(unites, share, band):
    assert share_band(unites, share) == band


@pytest.fixture
def towns(mini):
    return scores_frame(
        [
            make(mini, "Xton", A50, population=100_000, share=10),
            make(mini, "Yton", A100, population=240_000, share=14.9),
            make(mini, "Zton", A100, population=99_999, share=10),
            make(mini, "Wton", A75),
            make(mini, "Vton", A25, share=12),
        ],
        mini,
    )


def test_similar_cities_rank_a_city_within_its_size_and_share_band(towns, mini):
    group = similar(towns, mini, "Xton", by="both", section="A")
    assert group.known and group.label == "population 100,000–250,000 and residents born abroad 10–15 %"
    assert list(group.ranking["subject"]) == ["Yton", "Xton"]  # Zton is just under 100,000
    assert group.position == 2
    assert "2 cities" in group.note
    by_share = similar(towns, mini, "Zton", by="share", section="A")
    assert list(by_share.ranking["subject"]) == ["Yton", "Zton", "Xton", "Vton"]
    assert [int(r) for r in by_share.ranking["rank"]] == [1, 1, 3, 4]
    assert by_share.position == 1


def test_a_city_without_figures_is_grouped_with_the_unknowns_and_told_so(towns, mini):
    group = similar(towns, mini, "Wton", by="population", section="A")
    assert not group.known
    assert set(group.ranking["subject"]) == {"Wton", "Vton"}
    assert "no population" in group.note and "unknown" in group.note
    assert group.position == 1
    both = similar(towns, mini, "Vton", by="both")
    assert not both.known and list(both.ranking["subject"]) == ["Vton"]
    assert "population" in both.note and "share of residents born abroad" not in both.note
    with pytest.raises(KeyError):
        similar(towns, mini, "Nowhere")


# ------------------------------------------------------------------------------------------ statistics and gaps


def test_section_stats_and_the_chosen_citys_value(mini):
    frame = scores_frame(
        [make(mini, "P", {**A50, "B.1": "yes"}), make(mini, "Q", {**A75, "B.1": "no"}), make(mini, "R", A100)], mini
    )
    stats = section_stats(frame, mini, "Q").set_index("section")
    assert stats.loc["A", ["n", "mean", "median", "min", "max", "subject_score"]].tolist() == [3, 75, 75, 50, 100, 75]
    assert stats.loc["B", ["n", "mean", "median", "min", "max", "subject_score"]].tolist() == [2, 50, 50, 0, 100, 0]
    assert section_stats(frame, mini)["subject_score"].isna().all()


def test_shared_gaps_count_cities_below_their_own_target(mini):
    frame = scores_frame(
        [
            make(mini, "P", {**A50, "B.1": "yes"}),  # A gap 25, B at 100: no gap
            make(mini, "Q", {**A100, "B.1": "no"}),  # A none, B gap 75
            make(mini, "R", {**A75, "B.1": "yes"}, targets={"A": 80}),  # A gap 5, B none
            make(mini, "S", {"A.1": "na", "A.2": "na", "B.1": "no"}),  # A not scored, B gap 75
        ],
        mini,
    )
    gaps = shared_gaps(frame, mini)
    a, b = gaps.set_index("section").loc["A"], gaps.set_index("section").loc["B"]
    assert (a["below"], a["rated"], a["share"], a["most"]) == (2, 3, approx(200 / 3), True)
    assert a["mean_gap"] == approx((25 - 25 + 5) / 3)  # over every city with a score, so it can be negative
    assert a["subjects"] == ["P", "R"]  # largest gap first
    assert (b["below"], b["rated"], b["share"], b["most"]) == (2, 4, 50, False)
    assert b["mean_gap"] == approx((-25 + 75 - 25 + 75) / 4)
    assert list(gaps["section"]) == ["A", "B"]  # same count; A's larger share first
    far = shared_gaps(frame, mini, min_gap=20).set_index("section")
    assert far.loc["A", "subjects"] == ["P"] and far.loc["B", "subjects"] == ["Q", "S"]
    assert list(shared_gaps(frame, mini, min_gap=20)["section"]) == ["B", "A"]


# ------------------------------------------------------------------------------------------ learning pairs


def test_learning_pairs_point_cities_below_target_to_the_strongest_with_their_evidence(mini):
    people = [
        make(mini, "Top", A100, evidence={"A.1": "Council motion 12/2025", "A.2": "   "}),
        make(mini, "Second", A75, targets={"A": 80}, evidence={"A.2": "Draft strategy"}),
        make(mini, "Half", A50, evidence={"A.1": "Nothing yet"}),
        make(mini, "Quarter", A25),
        make(mini, "Nil", {"A.1": "none", "A.2": "none"}),
    ]
    frame = scores_frame(people, mini)
    a = next(s for s in learning_pairs(frame, people, mini) if s.section == "A")
    assert [(s.subject, s.rank, s.at_target) for s in a.strongest] == [("Top", 1, True), ("Second", 2, False)]
    top = a.strongest[0]
    # only non-empty evidence, with the question and the rating it stands behind
    assert top.evidence == (Evidence("A.1", "First question?", "Fully in place", "Council motion 12/2025"),)
    assert [e.text for e in a.strongest[1].evidence] == ["Draft strategy"]
    learners = {x.subject: x for x in a.learners}
    assert list(learners) == ["Nil", "Quarter", "Half", "Second"]  # largest gap first
    assert learners["Nil"].peers == ("Top", "Second") and learners["Nil"].gap == 75
    assert learners["Half"].peers == ("Top", "Second")
    assert learners["Second"].peers == ("Top",)  # below its own 80 % target; never pointed to itself
    assert "Top" not in learners
    b = next(s for s in learning_pairs(frame, people, mini) if s.section == "B")
    assert b.strongest == () and b.learners == ()  # nobody rated B


def test_learning_pairs_keep_ties_and_skip_zero_scores(mini):
    people = [
        make(mini, "P", A100),
        make(mini, "Q", A100),
        make(mini, "R", A100),
        make(mini, "S", A25),
        make(mini, "Z", {"B.1": "no"}),
    ]
    frame = scores_frame(people, mini)
    a, b = learning_pairs(frame, people, mini, top=2)
    assert [s.subject for s in a.strongest] == ["P", "Q", "R"]  # three share first place
    assert b.strongest == ()  # the only score is 0: nothing to learn from
    assert [(x.subject, x.peers) for x in b.learners] == [("Z", ())]


# ------------------------------------------------------------------------------------------ self against peer


@pytest.fixture
def pair(mini):
    own = make(mini, "Brumevaux", {"A.1": "full", "A.2": "full", "B.1": "yes", "B.2": "na"}, date=D(2026, 4, 1))
    peer = make(
        mini,
        "Brumevaux",
        {"A.1": "some", "A.2": "full", "B.1": "no", "B.2": "no", "B.3": "yes"},
        kind="peer",
        date=D(2026, 9, 1),
        reviewer_of=own.id,
    )
    return own, peer


def test_self_vs_peer_item_by_item_most_generous_first(mini, pair):
    result = self_vs_peer(*pair, mini)
    items = result.items
    assert list(items["item"]) == ["B.1", "A.1", "A.2", "B.2", "B.3"]
    b1 = items.iloc[0]
    assert (b1["self_rating"], b1["peer_rating"], b1["self_share"], b1["peer_share"], b1["difference"]) == (
        "Met",
        "Not met",
        100,
        0,
        100,
    )
    assert items.iloc[1]["difference"] == 50 and items.iloc[2]["difference"] == 0
    b2 = items.iloc[3]
    assert (b2["item"], b2["self_rating"], b2["peer_rating"], b2["peer_share"]) == (
        "B.2",
        "Not relevant here",
        "Not met",
        0,
    )
    assert math.isnan(b2["self_share"]) and pd.isna(items.iloc[4]["self_rating"])
    assert list(items["same"]) == [False, False, True, False, False]
    assert math.isnan(b2["difference"]) and math.isnan(items.iloc[4]["difference"])
    # both answered: A.1, A.2, B.1, B.2 (na against no); identical: A.2 only
    assert (result.compared, result.same, result.agreement) == (4, 1, 25)
    assert result.mean_abs_difference == approx((50 + 0 + 100) / 3)


def test_self_vs_peer_summary_per_section_and_overall(mini, pair):
    result = self_vs_peer(*pair, mini)
    sections = result.sections.set_index("section")
    assert sections.loc["A", ["self", "peer", "difference"]].tolist() == [100, 75, 25]
    assert sections.loc["B", "self"] == 100 and sections.loc["B", "difference"] == approx(100 - 100 / 3)
    assert result.most_generous["section"] == "B"
    assert result.overall_difference == approx(100 - (75 + 100 / 3) / 2)
    # the same numbers when the scores come from the table instead of being computed again
    again = self_vs_peer(*pair, mini, scores_frame(list(pair), mini))
    assert again.section_rows == result.section_rows and again.self_overall == result.self_overall
    row = self_peer_summary([result]).iloc[0]
    assert (row["subject"], row["most_generous_section"], row["agreement"], row["compared"]) == (
        "Brumevaux",
        "B",
        25,
        4,
    )


def test_pairs_follow_reviewer_of_else_the_nearest_self_assessment(mini):
    old = make(mini, "Torreluma", A25, date=D(2025, 5, 1))
    new = make(mini, "Torreluma", A75, date=D(2026, 5, 1))
    named = make(mini, "Torreluma", A50, kind="peer", date=D(2026, 6, 1), reviewer_of=old.id)
    guessed = make(mini, "TORRELUMA", A50, kind="peer", date=D(2026, 6, 1), ident="guessed")
    stale = make(mini, "Torreluma", A50, kind="peer", date=D(2026, 1, 1), reviewer_of="gone", ident="stale")
    alone = make(mini, "Kestrelby", A50, kind="peer")
    pairs = {peer.id: own.id for own, peer in pair_reviews([old, new, named, guessed, stale, alone])}
    assert pairs[named.id] == old.id  # as the review says, though a newer one exists
    assert pairs["guessed"] == new.id  # same city despite the capitals, nearest date
    assert pairs["stale"] == new.id  # named self-assessment not in the set: nearest instead
    assert alone.id not in pairs
    may, june = make(mini, "Torreluma", A25, date=D(2026, 5, 1)), make(mini, "Torreluma", A75, date=D(2026, 5, 31))
    tie = make(mini, "Torreluma", A50, kind="peer", date=D(2026, 5, 16))  # 15 days from both
    assert pair_reviews([june, may, tie]) == [(may, tie)]  # the earlier one, which the reviewers could have seen


def test_self_peer_all_puts_the_most_generous_city_first(mini, pair):
    modest = make(mini, "Kestrelby", A50, date=D(2026, 1, 1))
    strict = make(mini, "Kestrelby", A75, kind="peer", date=D(2026, 2, 1))
    result = self_peer_all([*pair, modest, strict], mini)
    assert [p.subject for p in result] == ["Brumevaux", "Kestrelby"]
    assert result[1].overall_difference == -25 and result[1].most_generous is None


# ------------------------------------------------------------------------------------------ progress


def test_progress_per_section_between_first_and_last_date(mini):
    people = [
        make(mini, "Grow", {**A50, "B.1": "no"}, date=D(2025, 5, 1)),
        make(mini, "Grow", A75, date=D(2025, 11, 1)),
        make(mini, "Grow", {**A100, "B.1": "yes"}, date=D(2026, 5, 1)),
        make(mini, "Grow", A25, kind="peer", date=D(2026, 6, 1)),  # another type: not part of the line
        make(mini, "Once", A100),
    ]
    frame = scores_frame(people, mini)
    long = progress(frame, mini)
    assert set(long["subject"]) == {"Grow"}
    a = long[long["section"] == "A"]
    assert list(a["score"]) == [50, 75, 100] and list(a["date"]) == [D(2025, 5, 1), D(2025, 11, 1), D(2026, 5, 1)]
    deltas = progress_deltas(frame, mini).set_index("section")
    assert deltas.loc["A", ["first", "last", "delta"]].tolist() == [50, 100, 50]
    assert deltas.loc["B", ["first", "last", "delta"]].tolist() == [0, 100, 100]
    # overall: (50 + 0) / 2 = 25 at first, (100 + 100) / 2 = 100 at last
    assert deltas.loc["overall", ["first", "last", "delta"]].tolist() == [25, 100, 75]
    assert deltas.loc["A", "first_date"] == D(2025, 5, 1) and deltas.loc["A", "last_date"] == D(2026, 5, 1)
    assert progress_deltas(frame, mini, "peer").empty


def test_progress_delta_is_empty_when_the_last_score_is_missing(mini):
    frame = scores_frame(
        [make(mini, "G", {**A50, "B.1": "no"}, date=D(2025, 1, 1)), make(mini, "G", A50, date=D(2026, 1, 1))], mini
    )
    deltas = progress_deltas(frame, mini).set_index("section")
    assert deltas.loc["A", "delta"] == 0 and pd.isna(deltas.loc["B", "delta"]) and deltas.loc["B", "first"] == 0


# ------------------------------------------------------------------------------------------ loading many files


@pytest.fixture
def known(mini, unites):
    return {"mini": mini, "unites": unites}


def test_load_many_reports_each_bad_file_by_name_and_loads_the_rest(mini, known, pair):
    own, peer = pair
    report = export_report(peer, mini)
    files = [
        ("own.json", own.to_json().encode()),
        ("peer-report.xlsx", report),
        ("broken.xlsx", report[: len(report) // 2]),
        ("not-json.json", b"{ this is not json"),
        ("deep.json", b"[" * 200_000 + b"]" * 200_000),
        ("notes.txt", b"hello"),
        ("again.json", own.to_json().encode()),
        ("wrong-item.json", own.to_json().replace('"B.1"', '"B.9"').encode()),
    ]
    assessments, problems = load_many(files, known)
    assert [a.id for a in assessments] == [own.id, peer.id]
    assert assessments[1] == peer
    assert set(problems) == {"broken.xlsx", "not-json.json", "deep.json", "notes.txt", "again.json", "wrong-item.json"}
    assert "brackets are nested far too deep" in problems["deep.json"][0]
    assert "damaged" in problems["broken.xlsx"][0]
    assert "not valid JSON" in problems["not-json.json"][0]
    assert "own.json" in problems["again.json"][0]
    assert any("B.9" in p for p in problems["wrong-item.json"])


def test_load_many_refuses_mixed_frameworks_naming_the_files(mini, unites, known):
    files = [
        ("a.json", make(mini, "A", A50).to_json().encode()),
        ("b.json", new_assessment(unites, Subject(name="B")).to_json().encode()),
        ("bad.json", b"[]"),
    ]
    with pytest.raises(MixedFrameworksError) as err:
        load_many(files, known)
    message = str(err.value)
    assert "a.json" in message and "b.json" in message and "Mini: a.json" in message
    assert err.value.problems.keys() == {"bad.json"}


def test_load_many_refuses_another_version_by_file_name(mini, known):
    old = make(mini, "A", A50).model_copy(update={"framework_version": "0.9"})
    assessments, problems = load_many([("old.json", old.to_json().encode())], known)
    assert assessments == [] and "version 0.9" in problems["old.json"][0]


def test_load_many_keeps_two_uploads_with_one_name_apart(mini, known):
    files = [("report.json", make(mini, "A", A50).to_json().encode()), ("report.json", b"nonsense")]
    assessments, problems = load_many(files, known)
    assert len(assessments) == 1 and list(problems) == ["report.json (2)"]


# ------------------------------------------------------------------------------------------ the workbook


def test_workbook_reads_back_with_the_compare_results(mini, pair):
    own, peer = pair
    evil = make(mini, '=HYPERLINK("http://x.example","y")', {**A75, "B.1": "yes"}, population=120_000, share=18)
    evil.subject.country = "+cmd|' /C calc'!A0"
    later = make(mini, "Brumevaux", A25, date=D(2026, 10, 1))
    people = [own, peer, evil, later]
    wb = load_workbook(io.BytesIO(compare_workbook(people, mini)))
    assert wb.sheetnames == ["Scores", "Charts", "Items", "Self vs peer", "Agreement", "Shared gaps", "Method"]
    ws = wb["Scores"]
    header = [cell.value for cell in ws[1]]
    assert header == [
        "Rank",
        "City",
        "Type",
        "Date",
        "Latest",
        "Country",
        "Population",
        "Born abroad %",
        "Overall %",
        "Completion %",
        "A",
        "B",
        "Assessment ID",
    ]
    rows = {r[12]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    frame = scores_frame(people, mini)
    expected = frame.set_index("id").loc[evil.id]
    assert rows[evil.id][8] == round(expected["overall"], 1) == 87.5  # (A 75 + B 1 of 1 met) / 2
    assert rows[evil.id][:2] == (1, evil.subject.name)  # highest latest self-assessment
    assert rows[later.id][0] == 2 and rows[own.id][0] is None and rows[own.id][4] == "earlier"
    assert rows[peer.id][0] == 1 and rows[peer.id][2] == "Peer review"
    # user text is stored as text, never as a formula
    formulas = [
        (s.title, cell.coordinate) for s in wb for row in s.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == []
    name_cell = next(cell for cell in ws["B"] if cell.value == evil.subject.name)
    assert name_cell.data_type == "s" and name_cell.quotePrefix
    country = ws.cell(row=name_cell.row, column=6)
    assert country.value == evil.subject.country and country.quotePrefix
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:M5"
    # too wide for a page at readable type: across pages, rank and city repeated on each, the headings on each
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$1:$1"
    assert "Page &P of &N" in ws.oddFooter.center.text
    charts = wb["Charts"]._charts
    assert [c.type for c in charts] == ["bar", "bar"] and len(charts[1].series) == len(mini.sections)
    assert ws.conditional_formatting  # the colour scale on the scores

    items = wb["Items"]
    assert [cell.value for cell in items[1]][:6] == ["City", "Type", "Date", "Assessment ID", "A.1", "A.2"]
    row = next(r for r in items.iter_rows(min_row=2, values_only=True) if r[3] == own.id)
    assert row[4:] == ("Fully in place", "Fully in place", "Met", "Not relevant here", None)

    sp = wb["Self vs peer"]
    first = [cell.value for cell in sp[2]]
    assert first[0] == "Brumevaux" and first[2] == "B.1" and first[5:] == ["Met", "Not met", 100, 0, 100]
    # only where the two views differ: A.2 (both fully in place) is left out
    assert [r[2] for r in sp.iter_rows(min_row=2, values_only=True)] == ["B.1", "A.1", "B.2", "B.3"]
    assert [cell.value for cell in sp[4]][5:] == ["Not relevant here", "Not met", None, 0, None]

    ag = [cell.value for cell in wb["Agreement"][2]]
    result = self_vs_peer(own, peer, mini)
    assert ag[0] == "Brumevaux" and ag[6] == 25 and ag[7] == 4 and ag[9] == "B"
    assert ag[5] == round(result.overall_difference, 1)

    gaps = [[cell.value for cell in row] for row in wb["Shared gaps"].iter_rows(min_row=2)]
    expected_gaps = shared_gaps(latest(frame), mini)
    assert [g[0] for g in gaps] == list(expected_gaps["section"])
    assert gaps[0][6] == ", ".join(expected_gaps.iloc[0]["subjects"])
    method = " ".join(str(cell.value) for row in wb["Method"].iter_rows() for cell in row if cell.value)
    assert "competition ranks" in method and "First question?" in method


def test_workbook_without_peer_reviews_or_disagreements_says_so(mini):
    wb = load_workbook(io.BytesIO(compare_workbook([make(mini, "Solo", A50)], mini)))
    assert "No peer review" in wb["Self vs peer"]["A2"].value
    assert wb["Agreement"].max_row == 1
    twins = [make(mini, "Twin", A50), make(mini, "Twin", A50, kind="peer", date=D(2026, 6, 1))]
    wb = load_workbook(io.BytesIO(compare_workbook(twins, mini)))
    assert "agrees with its peer review on every item" in wb["Self vs peer"]["A2"].value
    assert [cell.value for cell in wb["Agreement"][2]][6:8] == [100, 2]


def test_the_workbook_in_french_has_french_sheets_and_words_and_the_same_numbers(mini, pair):
    people = [*pair, make(mini, "Brumevaux", A25, date=D(2026, 10, 1))]
    en = load_workbook(io.BytesIO(compare_workbook(people, mini)))
    fr = load_workbook(io.BytesIO(compare_workbook(people, mini, language="fr")))
    assert fr.sheetnames == [
        "Scores",
        "Graphiques",
        "Éléments",
        "Auto vs pairs",
        "Concordance",
        "Écarts partagés",
        "Méthode",
    ]
    assert [c.value for c in fr["Scores"][1]][:5] == ["Rang", "City", "Type", "Date", "Dernière"]  # MINI: English
    for english, french in zip(en.worksheets, fr.worksheets, strict=True):
        numbers_en = [c.value for row in english.iter_rows() for c in row if isinstance(c.value, int | float)]
        numbers_fr = [c.value for row in french.iter_rows() for c in row if isinstance(c.value, int | float)]
        assert numbers_fr == numbers_en, english.title
    types = {c.value for c in fr["Scores"]["C"][1:]}
    assert types == {"Auto-évaluation", "Évaluation par les pairs"}
    method = " ".join(str(c.value) for row in fr["Méthode"].iter_rows() for c in row if c.value)
    assert "Comment cette comparaison est faite" in method and "competition ranks" not in method


@pytest.mark.libreoffice
def test_the_sample_network_workbook_opens_in_libreoffice(unites, tmp_path):
    soffice = require("soffice", "LibreOffice opens the comparison workbook as a reader would")
    path = tmp_path / "network.xlsx"
    path.write_bytes(compare_workbook([a for a in load_samples() if a.framework == "unites"], unites))
    pdf = to_pdf(soffice, path)
    assert pdf.stat().st_size > 10_000


# ------------------------------------------------------------------------------------------ command line


def write(tmp_path, name, assessment):
    path = tmp_path / name
    path.write_text(assessment.to_json(), encoding="utf-8")
    return str(path)


def test_cli_compare_json(tmp_path, capsys, mini, pair):
    own, peer = pair
    files = [
        write(tmp_path, "own.json", own),
        write(tmp_path, "peer.json", peer),
        write(tmp_path, "k.json", make(mini, "Kestrelby", A50)),
    ]
    out = tmp_path / "cmp.xlsx"
    assert cli.main(["compare", *files, "--json", "-o", str(out), "--questionnaires", str(DATA)]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data == summary([own, peer, make(mini, "Kestrelby", A50)], mini)
    assert [(r["rank"], r["subject"], r["overall"]) for r in data["ranking"]] == [
        (1, "Brumevaux", 100.0),
        (2, "Kestrelby", 50.0),
    ]
    sp = data["self_vs_peer"][0]
    assert (sp["subject"], sp["agreement"], sp["sections"]) == ("Brumevaux", 25.0, {"A": 25.0, "B": 66.7})
    assert data["shared_gaps"][0]["section"] == "A" and data["shared_gaps"][0]["subjects"] == ["Kestrelby"]
    assert load_workbook(out).sheetnames[0] == "Scores" and "cmp.xlsx" in captured.err


def test_cli_compare_text_and_a_bad_file(tmp_path, capsys, mini, pair):
    files = [write(tmp_path, "own.json", pair[0]), write(tmp_path, "peer.json", pair[1])]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    args = ["compare", *files, str(bad), "--questionnaires", str(DATA)]
    assert cli.main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and f"error: {bad}:" in captured.err and "nothing compared" in captured.err
    assert cli.main([*args, "--skip-invalid", "--type", "peer"]) == 0
    captured = capsys.readouterr()
    assert f"warning: {bad}:" in captured.err
    assert "Ranking (peer reviews, latest per city)" in captured.out
    assert "Brumevaux" in captured.out and "most generous on B (+66.7)" in captured.out


def test_cli_compare_refuses_mixed_frameworks(tmp_path, capsys, mini, unites):
    files = [
        write(tmp_path, "mini.json", make(mini, "A", A50)),
        write(tmp_path, "unites.json", new_assessment(unites, Subject(name="B"))),
    ]
    assert cli.main(["compare", *files]) == 1  # the default folder has no mini framework
    assert "mini.json" in capsys.readouterr().err
    frameworks_dir = tmp_path / "fw"
    frameworks_dir.mkdir()
    (frameworks_dir / "mini.yaml").write_text((DATA / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    from benchmark.framework.model import questionnaire_dir

    for path in questionnaire_dir().glob("*.yaml"):
        (frameworks_dir / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["compare", *files, "--questionnaires", str(frameworks_dir)]) == 1
    err = capsys.readouterr().err
    assert "different frameworks" in err and "mini.json" in err and "unites.json" in err


# ------------------------------------------------------------------------------------------ the sample network


@pytest.fixture(scope="module")
def network(unites):
    samples = [a for a in load_samples() if a.framework == "unites"]
    return samples, scores_frame(samples, unites)


def test_sample_network_feldhaven_is_strongest_on_kf4_in_the_peer_reviews(network, unites):
    samples, frame = network
    peers = latest(frame, "peer")
    ranked = ranking(peers, "KF4")
    assert ranked.iloc[0]["subject"] == "Feldhaven" and ranked.iloc[0]["rank"] == 1
    assert ranked.iloc[1]["rank"] == 2 and ranked.iloc[2]["rank"] == 2  # Kestrelby and Port-Lumière tie at 50 %
    kf4 = next(s for s in learning_pairs(peers, samples, unites) if s.section == "KF4")
    feldhaven = kf4.strongest[0]
    assert feldhaven.subject == "Feldhaven" and len(feldhaven.evidence) == 6
    assert all(
        e.text.startswith("Confirmed during the review visit.")
        for e in feldhaven.evidence
        if e.rating == "Fully in place"
    )
    brumevaux = next(x for x in kf4.learners if x.subject == "Brumevaux")
    assert "Feldhaven" in brumevaux.peers


def test_sample_network_kf7_is_the_gap_most_cities_share(network, unites):
    _, frame = network
    for kind in ("self", "peer"):
        rows = latest(frame, kind)
        # a whole maturity band (25 points) or more below target: KF7 for 4 (self) or 6 (peer) of the 8 cities
        far = shared_gaps(rows, unites, min_gap=25)
        assert far.iloc[0]["section"] == "KF7" and far.iloc[0]["below"] == {"self": 4, "peer": 6}[kind]
        gaps = shared_gaps(rows, unites)
        assert gaps.set_index("section")["mean_gap"].idxmax() == "KF7"
        # against the default 75 % target nearly every section is a gap for seven of the eight
        assert gaps.iloc[0]["below"] == 7


def test_sample_network_brumevaux_rates_itself_most_generously_on_kf4(network, unites):
    samples, frame = network
    pairs = self_peer_all(samples, unites, frame)
    assert len(pairs) == 8
    first = pairs[0]
    assert first.subject == "Brumevaux" and first.self_id == "unites-brumevaux-self-2026"
    assert first.most_generous["section"] == "KF4"
    assert first.most_generous["difference"] == approx(100 * (15 / 18 - 5 / 18))  # 333222 against 210020
    widest = max(pairs, key=lambda p: p.most_generous["difference"] if p.most_generous else -1)
    assert widest.subject == "Brumevaux"
    assert first.items.iloc[0]["item"] == "KF4.3"  # Fully in place against Not in place: 100 points


def test_sample_network_progress_of_the_two_cities_assessed_twice(network, unites):
    _, frame = network
    deltas = progress_deltas(frame, unites)
    overall = deltas[deltas["section"] == "overall"].set_index("subject")
    assert set(overall.index) == {"Grünwiese-am-See", "Torreluma"}
    assert (overall["delta"] > 0).all()
    torreluma = deltas[(deltas["subject"] == "Torreluma") & (deltas["section"] == "KF3")].iloc[0]
    assert (torreluma["first"], torreluma["last"]) == (approx(100 * 7 / 12), 100)  # 2221 then 3333


def test_sample_network_summary_for_the_cli(unites):
    files = sorted((sample_dir() / "unites").glob("*.json"))
    assessments, problems = load_many([(p.name, p.read_bytes()) for p in files], {"unites": unites})
    assert problems == {} and len(assessments) == 18
    data = summary(assessments, unites)
    assert data["ranking"][0]["subject"] == "Port-Lumière" and len(data["ranking"]) == 8
    assert data["self_vs_peer"][0]["subject"] == "Brumevaux"


def test_the_french_workbook_numbers_its_printed_pages_in_french(mini, pair):
    wb = load_workbook(io.BytesIO(compare_workbook(list(pair), mini, language="fr")))
    footer = wb["Scores"].oddFooter.center.text
    assert "Page &P sur &N" in footer and " of " not in footer
