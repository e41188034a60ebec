"""The UNITES sample assessments (eight fictional cities) load, fit the framework and tell a useful story."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import pytest

from benchmark import cli
from benchmark.assessment import check_against, load_assessment
from benchmark.samples import sample_dir
from benchmark.scoring import score

from .conftest import ROOT

FOLDER = sample_dir() / "unites"
FILES = sorted(FOLDER.glob("*.json"))
FICTION = "Fictional city for demonstration; any resemblance is coincidental."


@pytest.fixture(scope="module")
def samples(unites):
    return [load_assessment(path, unites) for path in FILES]


def by_subject(samples, kind):
    out = defaultdict(list)
    for a in samples:
        if a.assessment_type == kind:
            out[a.subject.name].append(a)
    return out


def test_every_file_loads_and_fits_the_framework(unites):
    assert len(FILES) == 18  # 8 cities x (self + peer), plus an earlier self-assessment for two cities
    for path in FILES:
        a = load_assessment(path, unites)  # raises AssessmentError with every problem
        assert check_against(a, unites) == []
        assert (a.framework, a.framework_version) == ("unites", unites.version)
        assert a.subject.kind == "city" and a.subject.country
        assert FICTION in a.notes
        assert a.id.startswith("unites-") and a.id.endswith(a.date.strftime("%Y"))


def test_ids_are_unique(samples):
    ids = [a.id for a in samples]
    assert len(ids) == len(set(ids))


def test_eight_cities_each_with_self_assessment_and_peer_review(samples):
    selfs, peers = by_subject(samples, "self"), by_subject(samples, "peer")
    assert len({a.subject.name for a in samples}) == 8
    assert set(selfs) == set(peers)
    for name, reviews in peers.items():
        assert len(reviews) == 1
        peer = reviews[0]
        assert any(a.startswith("Peer review team: officers from ") for a in peer.assessors)
        reviewed = {a.id: a for a in selfs[name]}
        assert peer.reviewer_of in reviewed, name
        assert peer.date > reviewed[peer.reviewer_of].date
        assert name not in " ".join(peer.assessors)  # reviewed by another city


def test_subjects_are_consistent_and_varied(samples):
    subjects = {}
    for a in samples:
        subjects.setdefault(a.subject.name, a.subject)
        assert a.subject == subjects[a.subject.name], a.id
    populations = [s.population for s in subjects.values()]
    shares = [s.migrant_share for s in subjects.values()]
    assert 20_000 <= min(populations) < 50_000 and 1_000_000 < max(populations) <= 1_500_000
    assert 3 <= min(shares) < 6 and 30 < max(shares) <= 35


def test_exactly_two_cities_have_two_self_assessment_dates(samples, unites):
    selfs = by_subject(samples, "self")
    twice = {name: sorted(a.date for a in items) for name, items in selfs.items() if len(items) > 1}
    assert set(twice) == {"Grünwiese-am-See", "Torreluma"}
    for name, dates in twice.items():
        assert len(dates) == 2 and dates[0].year == 2025 and dates[1].year == 2026
        first, second = sorted(selfs[name], key=lambda a: a.date)
        assert score(second, unites).overall > score(first, unites).overall  # progress over the year


def test_feldhaven_is_strongest_on_kf4_among_peer_reviews(samples, unites):
    kf4 = {a.subject.name: score(a, unites).section("KF4").score for a in samples if a.assessment_type == "peer"}
    assert max(kf4, key=kf4.get) == "Feldhaven"


def test_self_assessment_is_at_least_the_peer_review_for_most_cities(samples, unites):
    selfs, peers = by_subject(samples, "self"), by_subject(samples, "peer")
    generous = 0
    for name, (peer,) in peers.items():
        own = next(a for a in selfs[name] if a.id == peer.reviewer_of)
        generous += score(own, unites).overall >= score(peer, unites).overall
    assert generous >= 6


def test_comparison_views_have_something_to_show(samples, unites):
    peers = [a for a in samples if a.assessment_type == "peer"]
    results = {a.subject.name: score(a, unites) for a in peers}
    # different cities are strongest on different key factors
    strongest = {name: max(r.sections, key=lambda s: s.score).id for name, r in results.items()}
    assert len(set(strongest.values())) >= 6
    # one gap most cities share: KF7 is low (below 25 %) for 6 of the 8 cities
    assert sum(r.section("KF7").score < 25 for r in results.values()) == 6
    # one city whose own view of a key factor differs a lot from the peer review
    own = {a.id: a for a in samples}
    brumevaux = next(a for a in peers if a.subject.name == "Brumevaux")
    diff = score(own[brumevaux.reviewer_of], unites).section("KF4").score - results["Brumevaux"].section("KF4").score
    assert diff > 50
    # a few "not relevant here" answers, all with a reason, and a few unanswered items
    not_relevant = [(a.id, i) for a in samples for i, ans in a.answers.items() if ans.value == "not_relevant"]
    assert 2 <= len(not_relevant) <= 8
    assert all(own[aid].answers[i].reason for aid, i in not_relevant)
    incomplete = [a.id for a in samples if score(a, unites).unanswered_items]
    assert 1 <= len(incomplete) <= 2
    # targets and action plans in some self-assessments
    assert sum(bool(a.targets) for a in samples) >= 3
    assert sum(bool(a.actions) for a in samples if a.assessment_type == "self") >= 3


def test_most_answers_carry_evidence(samples):
    rated = [ans for a in samples for ans in a.answers.values() if ans.value is not None]
    with_text = [ans for ans in rated if ans.evidence or ans.reason]
    assert len(with_text) >= 0.8 * len(rated)


def test_generator_reproduces_the_files(tmp_path):
    """The files are exactly what make_samples.py writes (no hand edits drift from the script)."""
    script = FOLDER / "make_samples.py"
    code = (
        "import runpy, sys, pathlib; m = runpy.run_path(sys.argv[1]); fw = m['load_frameworks']()['unites']; "
        "import json; out = pathlib.Path(sys.argv[2]); "
        "[(out / n).write_text(json.dumps(d, indent=2, ensure_ascii=False) + '\\n', encoding='utf-8') "
        "for n, d in m['build'](fw).items()]"
    )
    subprocess.run([sys.executable, "-c", code, str(script), str(tmp_path)], check=True, cwd=ROOT, timeout=60)
    generated = sorted(p.name for p in tmp_path.glob("*.json"))
    assert generated == [p.name for p in FILES]
    for name in generated:
        assert (tmp_path / name).read_text(encoding="utf-8") == (FOLDER / name).read_text(encoding="utf-8"), name


def test_cli_validates_and_scores_every_file(capsys):
    """``python -m benchmark validate FILE`` and ``score FILE`` succeed (run in-process to keep the test fast)."""
    for path in FILES:
        for command in ("validate", "score"):
            assert cli.main([command, str(path)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().err == ""


def test_a_1_0_sample_upgrades_to_exactly_the_1_1_sample_for_unchanged_items(unites):
    """The same script writes the 1.0 files (as published) and the 1.1 ones; moving each 1.0 file by the mapping
    gives exactly the 1.1 file's answers (the team's and every respondent's, the agreed ratings) on every item
    that stayed the same, and every other 1.1 item is one the move says needs a new answer."""
    import runpy

    from benchmark.assessment import Assessment
    from benchmark.upgrade import plan, unchanged

    build = runpy.run_path(str(FOLDER / "make_samples.py"))["build"]
    old_version = unites.edition("1.0")
    assert old_version is not None
    old_files, new_files = build(old_version), build(unites)
    assert sorted(old_files) == sorted(new_files) == [p.name for p in FILES]
    for name, doc in old_files.items():
        old = Assessment.model_validate(doc)
        assert check_against(old, old_version) == []
        moved = plan(old, unites)
        new = Assessment.model_validate(new_files[name])
        [step] = moved.steps
        kept = unchanged(step)
        assert len(kept) == 28  # of the 31 items of 1.1, all but KF5.1a, KF5.1b (split) and KF6.9 (merged)
        for item_id in kept:
            got, want = moved.assessment.answers.get(item_id), new.answers.get(item_id)
            if item_id in step.notes_added:  # KF7.2 also carries the dropped KF7.3 and KF7.4 as notes
                assert got is not None and want is not None and got.notes.startswith(want.notes)
                assert "From UNITES 1.0, item KF7.3" in got.notes
                got = got.model_copy(update={"notes": want.notes})
            assert got == want, (name, item_id)
            for rid, answers in new.respondent_answers.items():
                mine = moved.assessment.respondent_answers.get(rid, {}).get(item_id)
                if mine is not None and item_id in step.notes_added:
                    mine = mine.model_copy(update={"notes": answers.get(item_id, mine).notes})
                assert mine == answers.get(item_id), (name, rid, item_id)
        assert moved.assessment.consensus == new.consensus
        assert set(unites.item_by_id) - set(kept) <= set(step.to_answer) | set(step.carried)
        assert moved.assessment.targets == new.targets and moved.assessment.actions == new.actions
