"""The peer-review charts carry the compare numbers, a title, a description and colour-blind-safe marks."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pytest

from benchmark.charts.compare import LABEL_LIMIT, distribution_spec, heatmap, progress_spec, self_peer_spec
from benchmark.charts.palette import BLUE, GREY, ORANGE, VERMILLION
from benchmark.compare.frame import scores_frame
from benchmark.compare.progress import progress
from benchmark.compare.self_peer import self_vs_peer
from benchmark.i18n.translator import translator

from .builders import A50, A75, A100, make


def data_of(spec: dict, layer: dict) -> list[dict]:
    name = (layer.get("data") or spec["data"])["name"]
    return spec["datasets"][name]


@pytest.fixture
def three(mini):
    return scores_frame(
        [make(mini, "Half", {**A50, "B.1": "no"}), make(mini, "Top", {**A100, "B.1": "yes"}), make(mini, "Mid", A75)],
        mini,
    )


def test_heatmap_cells_order_colours_and_labels(mini, three):
    spec = heatmap(three, mini).to_dict()
    rated, unrated, text = spec["layer"]
    rows = data_of(spec, rated)
    assert len(rows) == 3 * 2
    # best overall first: Top 100, Mid 75 (A only), Half (50 + 0) / 2
    assert [r["subject"] for r in rows[::2]] == ["Top", "Mid", "Half"]
    mid_b = next(r for r in rows if r["subject"] == "Mid" and r["section"] == "B")
    assert mid_b["score"] is None and mid_b["shown"] == "—"
    half_a = next(r for r in rows if r["subject"] == "Half" and r["section"] == "A")
    assert (half_a["score"], half_a["shown"], half_a["target"]) == (50.0, "50", 75.0)
    colour = rated["encoding"]["color"]
    assert colour["field"] == "score" and colour["scale"] == {"scheme": "viridis", "domain": [0, 100]}
    assert rated["encoding"]["y"]["sort"] == ["Top", "Mid", "Half"]
    assert "!isValid" in unrated["transform"][0]["filter"] and unrated["mark"]["color"]
    assert text["mark"]["type"] == "text" and text["encoding"]["text"]["field"] == "shown"
    assert any(t["field"] == "shown" for t in rated["encoding"]["tooltip"])
    assert spec["title"]["text"] == "Score per factor and city"
    assert spec["description"].startswith("Heatmap of 3 cities by 2 factors") and "Top" in spec["description"]
    assert len(heatmap(three, mini, labels=False).to_dict()["layer"]) == 2


def test_heatmap_drops_cell_labels_for_many_cities(mini):
    many = scores_frame([make(mini, f"City {n}", A50) for n in range(LABEL_LIMIT + 1)], mini)
    assert [layer["mark"]["type"] for layer in heatmap(many, mini).to_dict()["layer"]] == ["rect", "rect"]


def test_distribution_highlights_one_city_with_colour_and_shape(mini, three):
    spec = distribution_spec(three, mini, "Mid")
    alt.LayerChart.from_dict(spec)  # a valid Vega-Lite spec (the page sends it unvalidated)
    mean, median, dots = spec["layer"]
    points = data_of(spec, dots)
    assert len(points) == 3 + 2  # B: Mid has no score there
    chosen = [p for p in points if p["chosen"]]
    assert [(p["section"], p["score"], p["who"]) for p in chosen] == [("A First", 75.0, "Mid")]
    colour, shape = dots["encoding"]["color"]["scale"], dots["encoding"]["shape"]["scale"]
    assert dict(zip(colour["domain"], colour["range"])) == {"Other cities": GREY, "Mid": VERMILLION}
    assert dict(zip(shape["domain"], shape["range"])) == {"Other cities": "circle", "Mid": "diamond"}
    stats = {(r["section"], r["statistic"]): r["score"] for r in data_of(spec, mean)}
    # A: 50, 100, 75; B: 0, 100
    assert stats == {
        ("A First", "Mean"): 75.0,
        ("A First", "Median"): 75.0,
        ("B Second", "Mean"): 50.0,
        ("B Second", "Median"): 50.0,
    }
    assert "Mean" in mean["transform"][0]["filter"] and "Median" in median["transform"][0]["filter"]
    assert median["mark"]["strokeDash"]  # told apart by more than colour
    assert "Mid is the large vermillion diamond" in spec["description"]
    assert spec["title"]["text"] == "How the 3 cities spread in each factor"
    plain = distribution_spec(three, mini)
    alt.LayerChart.from_dict(plain)
    assert plain["layer"][2]["encoding"]["color"]["scale"]["domain"] == ["Other cities"]
    assert "diamond" not in json.dumps(plain)
    tricky = 'Mid "the" \\ city'  # a name that needs escaping lands in the spec as written
    spec = distribution_spec(three.replace({"subject": {"Mid": tricky}}), mini, tricky)
    assert spec["layer"][2]["encoding"]["color"]["scale"]["domain"] == ["Other cities", tricky]
    assert f"{tricky} is the large vermillion diamond" in spec["description"]


def test_self_peer_dumbbells_per_section_and_per_item(mini):
    own = make(mini, "Brumevaux", {**A100, "B.1": "yes"}, date=dt.date(2026, 4, 1))
    peer = make(mini, "Brumevaux", {**A50, "B.1": "no"}, kind="peer", date=dt.date(2026, 9, 1))
    pair = self_vs_peer(own, peer, mini)
    spec = self_peer_spec(pair, mini)
    alt.LayerChart.from_dict(spec)  # a valid Vega-Lite spec
    rules, dots = spec["layer"]
    assert data_of(spec, rules) == [
        {"row": "A First", "low": 50.0, "high": 100.0, "difference": 50.0},
        {"row": "B Second", "low": 0.0, "high": 100.0, "difference": 100.0},
    ]
    views = dots["encoding"]["color"]["scale"]
    assert dict(zip(views["domain"], views["range"])) == {"Self-assessment": BLUE, "Peer review": ORANGE}
    assert dots["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]
    assert spec["title"]["text"] == "Brumevaux: self-assessment against peer review"
    assert "+75.0 points" in spec["description"]  # overall 100 against (50 + 0) / 2
    items = self_peer_spec(pair, mini, level="item")
    alt.LayerChart.from_dict(items)
    rows = data_of(items, items["layer"][1])
    assert len(rows) == 2 * len(mini.item_by_id)
    a1 = [r for r in rows if r["row"].startswith("A.1 ")]
    assert [(r["view"], r["score"]) for r in a1] == [("Self-assessment", 100.0), ("Peer review", 50.0)]
    assert "5 items" in items["description"]


def test_progress_chart_shows_one_city_over_time(mini):
    frame = scores_frame(
        [
            make(mini, "Grow", A50, date=dt.date(2025, 5, 1)),
            make(mini, "Grow", A100, date=dt.date(2026, 5, 1)),
            make(mini, "Also", A50, date=dt.date(2025, 5, 1)),
            make(mini, "Also", A75, date=dt.date(2026, 5, 1)),
        ],
        mini,
    )
    spec = progress_spec(progress(frame, mini), mini, "Grow")
    alt.LayerChart.from_dict(spec)
    lines, points = spec["layer"]
    rows = data_of(spec, lines)
    assert {(r["series"], r["date"], r["score"]) for r in rows} == {
        ("Overall", "2025-05-01", 50.0),
        ("Overall", "2026-05-01", 100.0),
        ("A First", "2025-05-01", 50.0),
        ("A First", "2026-05-01", 100.0),
        ("B Second", "2025-05-01", None),
        ("B Second", "2026-05-01", None),
    }
    assert lines["encoding"]["x"]["field"] == "date" and lines["encoding"]["x"]["type"] == "temporal"
    assert points["encoding"]["shape"]["field"] == "series"  # a shape per line, not colour alone
    assert spec["title"]["text"] == "Grow: progress per factor"
    assert "2 assessment dates from 2025-05-01 to 2026-05-01" in spec["description"]


def test_the_progress_chart_in_french_draws_the_overall_line_thick_and_keeps_the_numbers(mini):
    frame = scores_frame(
        [make(mini, "Grow", A50, date=dt.date(2025, 5, 1)), make(mini, "Grow", A100, date=dt.date(2026, 5, 1))],
        mini,
    )
    english = progress_spec(progress(frame, mini), mini, "Grow")
    french = progress_spec(progress(frame, mini), mini, "Grow", translator("fr"))
    alt.LayerChart.from_dict(french)
    lines = french["layer"][0]
    rows = data_of(french, lines)
    assert {r["series"] for r in rows} == {"Global", "A First", "B Second"}
    assert sorted(r["score"] or 0 for r in rows) == sorted(
        r["score"] or 0 for r in data_of(english, english["layer"][0])
    )
    assert "Global" in lines["encoding"]["strokeWidth"]["condition"]["test"]  # the overall line is the thick one
    assert french["title"]["text"] == "Grow : progrès par factor"
    assert lines["encoding"]["y"]["title"] == "Score (%)" and lines["encoding"]["x"]["title"] == "Date de l’évaluation"
