"""The gap chart carries every section, its target and a colour-blind-safe status."""

from __future__ import annotations

from benchmark.assessment import Answer, Subject, new_assessment
from benchmark.charts.palette import BLUE, GREY, ORANGE
from benchmark.charts.results import gap_chart, gap_spec
from benchmark.i18n.translator import translator
from benchmark.scoring import score
from benchmark.tables import section_table

from .builders import MINI


def test_gap_chart_data_and_encoding():
    a = new_assessment(MINI, Subject(name="X"), targets={"A": 50})
    a.answers = {"A.1": Answer(value="full"), "A.2": Answer(value="some")}
    spec = gap_chart(score(a, MINI), MINI).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [(r["id"], r["score"], r["target"], r["status"], r["label"]) for r in rows] == [
        ("A", 75.0, 50.0, "At or above target", "75 %"),
        ("B", 0.0, 75.0, "Not yet rated", "not yet rated"),
    ]
    assert spec["title"]["text"] == "Score per factor against target"
    bars, ticks, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and ticks["mark"]["type"] == "tick" and labels["mark"]["type"] == "text"
    colour = bars["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"])) == {
        "At or above target": BLUE,
        "Below target": ORANGE,
        "Not yet rated": GREY,
    }
    assert ticks["encoding"]["x"]["field"] == "target"
    # what a screen reader says instead of seeing the bars
    assert spec["description"] == (
        "Bar chart of the score per factor against its target. A 75 %, target 50 %; B not yet rated, target 75 %."
    )


def test_the_gap_chart_names_the_factors_below_target():
    a = new_assessment(MINI, Subject(name="X"), targets={"A": 90, "B": 10})
    a.answers = {"A.1": Answer(value="full"), "A.2": Answer(value="some"), "B.1": Answer(value="yes")}
    spec = gap_spec(score(a, MINI), MINI)
    assert spec["description"].endswith("Below target: A.")


def test_section_table_matches_scores():
    a = new_assessment(MINI, Subject(name="X"))
    a.answers = {"B.1": Answer(value="yes"), "B.2": Answer(value="no"), "B.3": Answer(value="na")}
    table = section_table(score(a, MINI), MINI)
    assert list(table.columns[:5]) == ["Factor", "Title", "Score %", "Target %", "Gap (points)"]
    b = table.iloc[1]
    assert (b["Score %"], b["Gap (points)"], b["Rated"], b["Not relevant"], b["Unanswered"]) == (50.0, 25.0, 2, 1, 0)
    assert table.iloc[0]["Maturity"] == "Not yet rated"


def test_kept_gap_spec_follows_the_numbers():
    """The app shows a kept copy of the chart: it must change when a score or a target does, and only then."""
    a = new_assessment(MINI, Subject(name="X"))
    a.answers = {"A.1": Answer(value="full")}
    first = gap_spec(score(a, MINI), MINI)
    assert first == gap_chart(score(a, MINI), MINI).to_dict()
    first["title"]["text"] = "changed by a caller"
    assert gap_spec(score(a, MINI), MINI)["title"]["text"] == "Score per factor against target"

    def rows(spec):
        return [(r["id"], r["score"], r["target"]) for r in next(iter(spec["datasets"].values()))]

    a.answers["A.2"] = Answer(value="none")
    assert rows(gap_spec(score(a, MINI), MINI))[0] == ("A", 50.0, 75.0)
    a.targets = {"A": 40}
    assert rows(gap_spec(score(a, MINI), MINI))[0] == ("A", 50.0, 40.0)


def test_the_gap_chart_and_table_in_french_with_the_same_numbers():
    a = new_assessment(MINI, Subject(name="X"), targets={"A": 90})
    a.answers = {"A.1": Answer(value="full"), "A.2": Answer(value="some")}
    result = score(a, MINI)
    english, french = gap_chart(result, MINI).to_dict(), gap_chart(result, MINI, "fr").to_dict()
    en_rows, fr_rows = next(iter(english["datasets"].values())), next(iter(french["datasets"].values()))
    assert [(r["score"], r["target"], r["status"]) for r in fr_rows] == [
        (r["score"], r["target"], r["status"]) for r in en_rows
    ]
    assert [(r["label"], r["shown_status"], r["rated"]) for r in fr_rows] == [
        ("75 %", "Sous la cible", "2 sur 2"),
        ("pas encore noté", "Pas encore noté", "0 sur 3"),
    ]
    assert french["title"]["text"] == "Score par factor par rapport à la cible"  # MINI's own label is English
    colour = french["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["À la cible ou au-dessus", "Sous la cible", "Pas encore noté"]
    assert colour["range"] == [BLUE, ORANGE, GREY]  # the same colour for the same status in every language
    assert french["description"].startswith("Diagramme en barres du score par factor")
    assert french["description"].endswith("Sous la cible : A.")
    table = section_table(result, MINI, translator("fr"))
    assert list(table.columns[:5]) == ["Factor", "Titre", "Score %", "Cible %", "Écart (points)"]
    assert list(table["Cible %"]) == list(section_table(result, MINI)["Target %"])


def test_a_subtitle_is_drawn_in_lines_that_fit_a_phone_and_say_the_whole_text():
    a = new_assessment(MINI, Subject(name="X"))
    french = gap_chart(score(a, MINI), MINI, "fr").to_dict()["title"]["subtitle"]
    assert isinstance(french, list) and len(french) > 1 and all(len(line) <= 60 for line in french)
    assert " ".join(french) == translator("fr").gettext(
        "Bars: score. Black tick: target. Orange: below target; blue: at or above it."
    )
