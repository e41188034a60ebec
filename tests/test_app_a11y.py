"""What a rating and a maturity label mean is on screen where they are used (AppTest): each rating option carries
its meaning from the framework's scale on Assess and on a respondent's page (in the link's language too), and
Results explains the maturity label it shows and every band."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from benchmark.assessment import Answer, Subject, new_assessment
from benchmark.framework.loader import load_frameworks

from .apptest import app, no_errors, on_screen
from .conftest import ROOT

UNITES = load_frameworks(ROOT / "questionnaires")["unites"]
MATURITY = UNITES.scale_by_id["maturity"]
MIGRANTS = "Migrant residents and their organisations"


def unites_assessment(store, answers: dict[str, str] | None = None):
    a = new_assessment(UNITES, Subject(name="Testville"))
    a.answers = {k: Answer(value=v) for k, v in (answers or {}).items()}
    store.save(a)
    return a


def test_each_rating_on_assess_shows_its_meaning(real_env):
    a = unites_assessment(real_env)
    at = app("assess", a.id)
    no_errors(at)
    radio = at.radio(key=f"{a.id}:KF1.1:value")
    assert radio.options == [o.label for o in MATURITY.options]
    captions = list(radio.proto.captions)
    assert captions == [o.description for o in MATURITY.options]
    assert "decided or agreed" in captions[1]  # Planned: what the issue found defined nowhere on screen
    assert all(list(r.proto.captions) == captions for r in at.radio if r.key and r.key.endswith(":value"))


def test_a_respondent_sees_each_ratings_meaning_in_the_links_language(real_env, monkeypatch):
    monkeypatch.setenv("BENCHMARK_ACCESS", "links")
    a = unites_assessment(real_env)
    me, token = real_env.add_respondent(a.id, MIGRANTS)
    at = app("respond", r=token)
    no_errors(at)
    assert list(at.radio(key=f"r:{me.id}:KF1.1:value").proto.captions) == [o.description for o in MATURITY.options]

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"], at.query_params["r"] = "fr", token
    at.switch_page("app_pages/respond.py")
    at.run()
    no_errors(at)
    captions = list(at.radio(key=f"r:{me.id}:KF1.1:value").proto.captions)
    assert captions[1].startswith("La ville a décidé ou convenu de le faire")  # questionnaires/unites.fr.yaml
    assert all(captions) and len(captions) == len(MATURITY.options)


def test_results_explains_its_maturity_label_and_every_band(real_env):
    # 4 of 31 items fully in place, the rest not in place: about 12.9 % overall, "Starting"
    a = unites_assessment(
        real_env,
        {i: "not_in_place" for i in UNITES.item_by_id} | dict.fromkeys(["KF1.1", "KF1.2", "KF1.3", "KF1.4"], "full"),
    )
    at = app("results", a.id)
    no_errors(at)
    screen = on_screen(at)
    [metric] = [m for m in at.metric if m.label == "Maturity"]
    band = UNITES.maturity_band(12.9)
    assert metric.value == band.label == "Starting"
    assert f"**Starting** (from 0 % to under 25 % overall): {band.description}" in [m.value for m in at.markdown]
    assert at.expander[0].label == "What the maturity levels mean"
    for b in UNITES.maturity_bands:
        assert b.label in screen and b.description in screen
    assert "**Emerging**, from 25 % to under 50 %" in screen
    assert "to 100 %" in screen  # the top band is closed too


def test_results_with_nothing_rated_still_explains_the_bands(real_env):
    a = unites_assessment(real_env)
    at = app("results", a.id)
    no_errors(at)
    assert [m.value for m in at.metric if m.label == "Maturity"] == ["Not yet rated"]
    screen = on_screen(at)
    assert all(b.description in screen for b in UNITES.maturity_bands)
