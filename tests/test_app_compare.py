"""The Compare page through AppTest: a facilitator's three questions answered on screen, every view, uploads.

The sample network (eight fictional UNITES cities, 18 assessments) is the data a peer-review session would
bring; the numbers on screen are checked against ``benchmark.compare``, which computes them.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import md
from benchmark.compare.findings import WIDE_GAP, key_findings
from benchmark.compare.frame import latest, scores_frame
from benchmark.compare.ranking import ranking
from benchmark.compare.self_peer import self_peer_all
from benchmark.compare.similar import similar
from benchmark.compare.stats import section_stats, shared_gaps
from benchmark.samples import install_samples, load_samples
from benchmark.xlsx.report_writer import export_report

from .apptest import app, no_errors, on_screen, shown
from .builders import A75, A100, make
from .conftest import DATA

VIEWS = ["overview", "distribution", "ranking", "gaps", "self_peer", "progress"]


# ------------------------------------------------------------------------------------------ fixtures (as in test_app)


@pytest.fixture
def network(real_env):
    """The UNITES sample network saved in the app, as Home → "Add all … samples" does."""
    assert len(install_samples(real_env, framework="unites")) == 18
    return real_env


@pytest.fixture(scope="module")
def samples():
    return [a for a in load_samples() if a.framework == "unites"]


@pytest.fixture(scope="module")
def frame(samples, unites):
    return scores_frame(samples, unites)


def view(at: AppTest, name: str) -> AppTest:
    at.segmented_control(key="compare_view").set_value(name).run()
    no_errors(at)
    return at


def table(at: AppTest, first_column: str, n: int = 0) -> pd.DataFrame:
    """The n-th table on screen whose first column is ``first_column``."""
    found = [d.value for d in [*at.dataframe, *at.table] if list(d.value.columns)[:1] == [first_column]]
    return found[n]


def r1(x):
    return None if x is None or pd.isna(x) else round(float(x), 1)


# ------------------------------------------------------------------------------------------ the core helper


def test_key_findings_of_the_sample_network(samples, frame, unites):
    pairs = self_peer_all(samples, unites, frame)
    for basis in ("self", "peer"):
        found = key_findings(latest(frame, basis), pairs, unites)
        kf4 = next(lead for lead in found.leaders if lead.section == "KF4")
        assert kf4.subjects == ("Feldhaven",)
        assert len(found.leaders) == 7
        # UNITES 1.1: KF7 is the wide gap most cities share (4 of 8 by self-assessment, 6 by peer review)
        far = {"self": 4, "peer": 6}[basis]
        assert (found.shared_gap["section"], found.shared_gap["below"], found.gap_from) == ("KF7", far, WIDE_GAP)
        assert (found.any_gap["section"], found.any_gap["below"]) == {"self": ("KF7", 7), "peer": ("KF4", 7)}[basis]
        assert found.generous.subject == "Brumevaux" and found.generous.most_generous["section"] == "KF4"


def test_key_findings_edge_cases(mini):
    # both at 100 on A share the lead; nobody is far below target, so the gap counts any shortfall
    x, y = make(mini, "Xville", {**A100, "B.1": "yes"}), make(mini, "Yton", {**A100, "B.1": "no", "B.2": "yes"})
    found = key_findings(scores_frame([x, y], mini), [], mini)
    assert [(lead.section, lead.subjects) for lead in found.leaders] == [("A", ("Xville", "Yton")), ("B", ("Xville",))]
    assert (found.shared_gap["section"], found.shared_gap["below"], found.gap_from) == ("B", 1, 0.0)
    assert found.generous is None
    # nobody below target, nobody above 0 on B: no leader there, no gap
    z = make(mini, "Zed", {**A75, "B.1": "no"}, targets={"B": 0})
    found = key_findings(scores_frame([z], mini), [], mini)
    assert [lead.section for lead in found.leaders] == ["A"] and found.shared_gap is None


# ------------------------------------------------------------------------------------------ the three questions


def test_key_findings_answer_a_facilitators_three_questions(network):
    at = app("compare")
    no_errors(at)
    assert at.title[0].value == "Compare cities"
    shown = on_screen(at)
    assert "**Strongest on each key factor** (by self-assessment)" in shown
    assert "- KF4 Migrant participation across the policy cycle: **Feldhaven** (94 %)" in shown
    assert "**Gap most cities share**" in shown
    assert (
        "**KF7 Linking with co-design in other policy areas**: 4 of the 8 cities are more than 25 points below "
        "their own target there"
    ) in shown
    assert "Counting every shortfall" not in shown  # KF7 is also the shortfall most cities share
    assert "**Largest difference between self-assessment and peer review**" in shown
    assert (
        "**Brumevaux** on **KF4 Migrant participation across the policy cycle**: 83 % in its self-assessment "
        "against 28 % in the peer review (+56 points). Widest on item KF4.3: Fully in place against Not in "
        "place."
    ) in shown

    at.radio(key="compare_basis").set_value("peer").run()
    no_errors(at)
    shown = on_screen(at)
    assert "**Strongest on each key factor** (by peer review)" in shown
    assert "- KF4 Migrant participation across the policy cycle: **Feldhaven** (89 %)" in shown
    assert "**KF7 Linking with co-design in other policy areas**: 6 of the 8 cities" in shown
    assert "**KF4 Migrant participation across the policy cycle** is below target for 7 of 8" in shown
    assert "**Brumevaux** on **KF4" in shown


def test_the_highlighted_citys_own_difference_is_named(network):
    at = app("compare")
    at.selectbox(key="compare_highlight").set_value("Mirabrezza").run()
    no_errors(at)
    assert "For Mirabrezza: most generous on **KF" in on_screen(at)
    at.selectbox(key="compare_highlight").set_value("Brumevaux").run()
    assert "For Brumevaux" not in on_screen(at)  # it is the city named already


def test_the_open_assessment_is_highlighted_first(network):
    at = app("compare", aid="unites-torreluma-self-2026")
    no_errors(at)
    assert at.selectbox(key="compare_highlight").value == "Torreluma"


# ------------------------------------------------------------------------------------------ the views


def test_overview_heatmap_and_its_table_match_the_core(network, frame, unites):
    at = app("compare")
    (chart,) = at.get("vega_lite_chart")
    assert "Score per key factor and city" in chart.proto.spec
    assert chart.proto.datasets  # the cells travel with the chart
    for basis in ("self", "peer"):
        at.radio(key="compare_basis").set_value(basis).run()
        no_errors(at)
        shown = table(at, "City")
        rows = latest(frame, basis)
        assert len(shown) == 8
        assert list(shown["Overall %"]) == sorted(shown["Overall %"], reverse=True)
        by_city = rows.set_index("subject")
        for _, r in shown.iterrows():
            core = by_city.loc[r["City"]]
            assert r["Overall %"] == r1(core["overall"])
            assert [r[s.id] for s in unites.sections] == [r1(core[s.id]) for s in unites.sections]
            assert r["Date"] == core["date"]
        ranks = ranking(rows).set_index("subject")["rank"]
        assert all(r["Rank"] == ranks[r["City"]] for _, r in shown.iterrows())


def test_every_view_with_every_highlight_and_basis(network):
    at = app("compare")
    cities = at.selectbox(key="compare_highlight").options
    assert len(cities) == 8 and "Port-Lumière" in cities
    for name in VIEWS:
        view(at, name)
        for basis in ("peer", "self"):
            at.radio(key="compare_basis").set_value(basis).run()
            no_errors(at)
            for city in cities[::3]:
                at.selectbox(key="compare_highlight").set_value(city).run()
                no_errors(at)


def test_distribution_marks_the_city_and_lists_the_statistics(network, frame, unites):
    at = view(app("compare"), "distribution")
    at.selectbox(key="compare_highlight").set_value("Feldhaven").run()
    (chart,) = at.get("vega_lite_chart")
    assert "Feldhaven is the large vermillion diamond" in chart.proto.spec
    stats = table(at, "Key factor")
    core = section_stats(latest(frame, "self"), unites, "Feldhaven")
    assert list(stats["Key factor"]) == list(core["section"])
    assert list(stats["Mean %"]) == [r1(x) for x in core["mean"]]
    assert list(stats["Median %"]) == [r1(x) for x in core["median"]]
    assert list(stats["Feldhaven %"]) == [r1(x) for x in core["subject_score"]]


def test_ranking_overall_per_section_and_among_similar_cities(network, frame, unites):
    at = view(app("compare"), "ranking")
    at.radio(key="compare_basis").set_value("peer").run()
    at.selectbox(key="compare_rank_on").set_value("KF4").run()
    no_errors(at)
    ranked = table(at, "Rank")
    core = ranking(latest(frame, "peer"), "KF4")
    assert list(ranked["City"]) == list(core["subject"])
    assert list(ranked["Rank"][:3]) == [1, 2, 2] and ranked["City"][0] == "Feldhaven"
    assert list(ranked["Score %"]) == [r1(x) for x in core["score"]]

    at.selectbox(key="compare_highlight").set_value("Brumevaux").run()
    at.radio(key="compare_similar_by").set_value("population").run()
    no_errors(at)
    group = similar(latest(frame, "peer"), unites, "Brumevaux", "population", "KF4")
    assert group.note in on_screen(at)
    shown = table(at, "Rank", 1)
    assert list(shown["City"]) == list(group.ranking["subject"]) == ["Port-Lumière", "Brumevaux"]
    assert f"Brumevaux is ranked **{group.position}** of 2 among them" in on_screen(at)


def test_shared_gaps_with_a_threshold_and_who_can_learn_from_whom(network, frame, unites):
    at = view(app("compare"), "gaps")
    gaps = table(at, "Key factor")
    core = shared_gaps(latest(frame, "self"), unites)
    assert list(gaps["Key factor"]) == list(core["section"]) and gaps["Key factor"][0] == "KF7"
    assert list(gaps["Cities below target"]) == list(core["below"])
    at.number_input(key="compare_min_gap").set_value(25).run()
    no_errors(at)
    gaps = table(at, "Key factor")
    assert (gaps["Key factor"][0], gaps["Cities below target"][0]) == ("KF7", 4)

    at.radio(key="compare_basis").set_value("peer").run()
    assert at.selectbox(key="compare_learn_on").value == "KF7"  # the gap most share, to begin with
    at.selectbox(key="compare_learn_on").set_value("KF4").run()
    no_errors(at)
    assert "**Strongest here**: **Feldhaven** (89 %, at or above its target)" in on_screen(at)
    labels = [e.label for e in at.expander]
    assert "What Feldhaven does on KF4: 6 items with evidence" in labels
    evidence = next(t.value for t in at.table if list(t.value.columns)[:1] == ["Item"])
    assert list(evidence.columns) == ["Item", "Question", "Rating", "Evidence"] and len(evidence) == 6
    assert evidence["Evidence"].str.len().min() > 0
    learners = table(at, "City", 0).set_index("City")
    assert "Feldhaven" in learners.loc["Brumevaux", "Can learn from"]


def test_self_assessment_against_peer_review(network, samples, frame, unites):
    at = view(app("compare"), "self_peer")
    at.selectbox(key="compare_pair").set_value("unites-brumevaux-peer-2026").run()
    no_errors(at)
    pair = next(p for p in self_peer_all(samples, unites, frame) if p.subject == "Brumevaux")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Same rating on": f"{pair.agreement:.0f} % of items",
        "Mean difference per item": f"{pair.mean_abs_difference:.0f} points",
        "Overall, self-assessment": f"{pair.self_overall:.0f} %",
        "Overall, peer review": f"{pair.peer_overall:.0f} %",
    }
    assert "Brumevaux's self-assessment is most generous on **KF4" in on_screen(at)
    (chart,) = at.get("vega_lite_chart")
    assert "Brumevaux: self-assessment against peer review" in chart.proto.spec
    sections = table(at, "Key factor")
    assert list(sections["Difference (points)"]) == [r1(x) for x in pair.sections["difference"]]
    items = table(at, "Item")
    assert items["Item"][0] == "KF4.3" and items["Difference (points)"][0] == 100
    assert (items["Self-assessment"][0], items["Peer review"][0]) == ("Fully in place", "Not in place")
    network_pairs = table(at, "City")
    assert len(network_pairs) == 8 and network_pairs["City"][0] == "Brumevaux"
    assert network_pairs["Most generous on"][0] == "KF4"
    at.radio(key="compare_pair_level").set_value("item").run()
    no_errors(at)
    assert "for each of the 31 items" in at.get("vega_lite_chart")[0].proto.spec


def test_progress_over_time(network, frame, unites):
    at = view(app("compare"), "progress")
    assert at.selectbox(key="compare_progress_city").options == ["Grünwiese-am-See", "Torreluma"]
    at.selectbox(key="compare_progress_city").set_value("Torreluma").run()
    no_errors(at)
    assert "Torreluma: progress per key factor" in at.get("vega_lite_chart")[0].proto.spec
    deltas = table(at, "Key factor").set_index("Key factor")
    assert (deltas.loc["KF3", "First %"], deltas.loc["KF3", "Last %"]) == (r1(100 * 7 / 12), 100)
    overall = table(at, "City")
    assert set(overall["City"]) == {"Grünwiese-am-See", "Torreluma"} and (overall["Change (points)"] > 0).all()
    at.radio(key="compare_basis").set_value("peer").run()
    no_errors(at)
    assert "No city has a peer review on more than one date here yet" in at.info[0].value


def test_comparison_workbook_offered(network):
    at = app("compare")
    (button,) = at.get("download_button")
    assert button.proto.label == "Download the comparison workbook"


# ------------------------------------------------------------------------------------------ where the data comes from


def test_empty_store_points_to_the_samples(real_env):
    at = app("compare")
    no_errors(at)
    assert "Home → Open a sample" in at.info[0].value and "Add all … samples" in at.info[0].value
    assert not at.get("download_button")


def test_only_one_kind_of_assessment(real_env):
    install_samples(real_env, ids={"unites-kestrelby-self-2026", "unites-feldhaven-self-2026"})
    at = app("compare")
    no_errors(at)
    shown = on_screen(at)
    assert "All of these are self-assessments: each city's latest is compared." in shown
    assert "No peer review here is paired with a self-assessment yet." in shown
    view(at, "self_peer")
    assert "No peer review here is paired with a self-assessment yet." in at.info[0].value


def test_a_change_in_the_store_shows_on_the_next_rerun(network):
    at = app("compare")
    assert "**Feldhaven** (94 %)" in on_screen(at)
    a = network.get("unites-feldhaven-self-2026")
    a.answers = {k: v for k, v in a.answers.items() if not k.startswith("KF4")}
    network.save(a)
    at.run()
    no_errors(at)
    assert "**Feldhaven** (94 %)" not in on_screen(at)


def report(assessment_id: str, unites) -> bytes:
    a = next(x for x in load_samples() if x.id == assessment_id)
    return export_report(a, unites)


def test_upload_compares_the_good_files_and_names_the_bad_one(real_env, unites):
    at = app("compare")
    at.radio(key="compare_source").set_value("upload").run()
    no_errors(at)
    assert "Choose the report workbooks" in at.info[0].value
    files = [
        ("feldhaven.xlsx", report("unites-feldhaven-peer-2026", unites), "application/octet-stream"),
        ("notes.xlsx", b"PK\x03\x04 not really a workbook", "application/octet-stream"),
        ("deep.json", b"[" * 200_000 + b"]" * 200_000, "application/json"),
        ("brumevaux.xlsx", report("unites-brumevaux-peer-2026", unites), "application/octet-stream"),
    ]
    at.file_uploader(key="compare_upload").set_value(files).run()
    assert not at.exception
    notes, deep = at.error
    assert notes.value.startswith(f"**{md('notes.xlsx')}** could not be compared")
    assert deep.value.startswith(f"**{md('deep.json')}** could not be compared")
    assert "All of these are peer reviews: each city's latest is compared." in on_screen(at)
    assert [r.key for r in at.radio] == ["compare_source"]  # no choice of kind to make
    assert set(table(at, "City")["City"]) == {"Feldhaven", "Brumevaux"}
    assert "- KF4 Migrant participation across the policy cycle: **Feldhaven** (89 %)" in on_screen(at)
    assert at.get("download_button")
    assert real_env.list() == []  # nothing uploaded is saved


def test_upload_of_two_frameworks_is_refused_with_the_file_names(real_env, unites, spring):
    at = app("compare")
    at.radio(key="compare_source").set_value("upload").run()
    other = next(x for x in load_samples() if x.framework == "spring")
    files = [
        ("unites.xlsx", report("unites-feldhaven-self-2026", unites), "x"),
        ("spring.xlsx", export_report(other, spring), "x"),
    ]
    at.file_uploader(key="compare_upload").set_value(files).run()
    assert not at.exception
    error = shown(at.error[0].value)
    assert "different frameworks" in error and "unites.xlsx" in error and "spring.xlsx" in error
    assert not at.dataframe


def test_the_mini_framework_page(env):
    """A framework without populations or peer reviews still shows every view without an error."""
    from benchmark.assessment import Answer, Subject, new_assessment
    from benchmark.framework.loader import load_framework

    mini = load_framework(DATA / "mini.yaml")
    for name, value in (("Xville", "full"), ("Yton", "some")):
        a = new_assessment(mini, Subject(name=name))
        a.answers = {"A.1": Answer(value=value)}
        env.save(a)
    at = app("compare")
    no_errors(at)
    for name in VIEWS:
        view(at, name)
    view(at, "ranking")
    assert "cannot be grouped by size" in " ".join(x.value for x in at.caption)


def test_switching_from_saved_to_uploaded_keeps_a_valid_highlight(network, unites):
    at = app("compare")
    at.selectbox(key="compare_highlight").set_value("Torreluma").run()
    view(at, "distribution")
    at.radio(key="compare_source").set_value("upload").run()
    files = [(f"{name}.xlsx", report(f"unites-{name}-self-2026", unites), "x") for name in ("feldhaven", "kestrelby")]
    at.file_uploader(key="compare_upload").set_value(files).run()
    no_errors(at)
    assert at.selectbox(key="compare_highlight").value in ("Feldhaven", "Kestrelby")
    assert set(table(at, "Key factor").columns) >= {"Mean %", f"{at.selectbox(key='compare_highlight').value} %"}


def test_the_spring_practices_compare_too(real_env):
    install_samples(real_env)
    at = app("compare")
    assert at.selectbox(key="compare_framework").value == "unites"  # the framework with the most saved
    at.selectbox(key="compare_framework").set_value("spring").run()
    no_errors(at)
    assert at.title[0].value == "Compare cities"
    shown = on_screen(at)
    assert "**Strongest on each criterion**" in shown and "**Gap most practices share**" in shown
    assert len(table(at, "Practice")) == 10
    for name in VIEWS:
        view(at, name)


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_reads_in_french_with_the_same_numbers(network, name):
    at = AppTest.from_file(str(DATA.parent.parent / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.switch_page("app_pages/compare.py")
    at = view(at.run(), name)
    screen = on_screen(at)
    assert "Constats clés" in [s.value for s in at.subheader]
    for english_words in (
        "Key findings",
        "Overview heatmap",
        "Shared gaps",
        "The same numbers",
        "Score per",
        "itself",
        "Fully in place",
    ):
        assert english_words not in screen, screen[screen.index(english_words) - 300 :][:400]
    english = view(app("compare"), name)
    # the same tables, headed in French: as many, with as many rows and the same numbers
    ours, theirs = [*at.dataframe, *at.table], [*english.dataframe, *english.table]
    assert [d.value.shape for d in ours] == [d.value.shape for d in theirs]
    for fr, en in zip(ours, theirs, strict=True):
        numbers_fr = fr.value.select_dtypes("number").to_numpy()
        numbers_en = en.value.select_dtypes("number").to_numpy()
        assert numbers_fr.shape == numbers_en.shape and (pd.isna(numbers_fr) == pd.isna(numbers_en)).all()
