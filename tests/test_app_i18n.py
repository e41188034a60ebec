"""The app in every shipped language (AppTest): each page renders without an error, the respondent's page reads in
the link's language (right to left for Arabic) with its English text one click away, and ratings are stored as
the scale's values whatever the language."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from benchmark.assessment import Action, Answer
from benchmark.i18n.translator import translator
from benchmark.samples import install_samples
from benchmark.xlsx.report_writer import export_report

from .apptest import no_errors, on_screen, saved, shown
from .builders import MINI, created
from .conftest import ROOT

LANGUAGES = ["en", "fr", "de", "it", "es", "ar", "uk"]
PAGES = ["home", "assess", "results", "action_plan", "respondents", "consensus", "exchange", "compare", "about"]
MIGRANTS = "Migrant residents and their organisations"
TORRELUMA = "unites-torreluma-self-2026"


def in_language(page, lang, **kw):
    """The app run once at ``page`` with ``?lang=`` and the other address parameters a link would carry."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for name, value in kw.items():
        at.query_params[name] = value
    if page:
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_renders_in_every_language_with_its_selector(env, lang):
    at = in_language("home", lang)
    no_errors(at)
    assert at.selectbox(key="lang_selector").value == lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_an_assessment_open(env, page, lang):
    a = saved(env, {"A.1": "some"})
    at = in_language(page, lang, a=a.id)
    no_errors(at)
    title = at.title[0].value
    if lang == "en":
        assert title.startswith(ENGLISH_TITLES[page]), title
    elif lang in ("fr", "de", "it", "es"):  # the languages of the whole app: the page's title is translated
        assert not title.startswith(ENGLISH_TITLES[page]), title


ENGLISH_TITLES = {
    "home": "How well does your city",
    "assess": "Assess:",
    "results": "Results:",
    "action_plan": "Action plan:",
    "respondents": "Respondents:",
    "consensus": "Views and consensus:",
    "exchange": "Export and import",
    "compare": "Compare cities",
    "about": "About the method",
}


def test_the_menu_and_messages_read_in_french(env):
    at = in_language("home", "fr")
    assert "Langue" in at.selectbox(key="lang_selector").label


def test_a_respondent_link_in_arabic_reads_right_to_left_and_saves_the_scale_value(links):
    a = saved(links)
    me, token = links.add_respondent(a.id, MIGRANTS)
    at = in_language("respond", "ar", r=token)
    no_errors(at)
    assert at.title[0].value.startswith("إجاباتك")
    screen = on_screen(at)
    assert "العامل الأول" in screen  # the section's statement, from tests/data/mini.ar.yaml
    radio = at.radio(key=f"r:{me.id}:A.1:value")
    assert "السؤال الأول؟" in radio.label and "\u2068A.1\u2069" in radio.label  # the id kept left to right
    assert radio.options[:2] == ["غير قائم", "قائم جزئيًا"]
    assert any("direction:rtl" in str(h.proto.body) for h in at.get("html"))
    radio.set_value("some").run()
    no_errors(at)
    assert links.respondent_answers(a.id)[me.id]["A.1"] == Answer(value="some")  # the value, not the Arabic label
    # A.2 has no Arabic yet: English, marked, with the English text a click away for every item
    assert "Second question?" in at.radio(key=f"r:{me.id}:A.2:value").label
    assert any("لم يُترجم بعد" in c.value for c in at.caption)


def test_the_team_chooses_the_language_of_a_respondents_link(links):
    a, made = created(links)
    at = in_language("respondents", "en", t=made.edit)
    at.selectbox(key="add_respondent_role").set_value(MIGRANTS)
    at.selectbox(key="add_respondent_lang").set_value("ar")
    at = at.button(key="FormSubmitter:add_respondent-Add the respondent and make their link").click().run()
    no_errors(at)
    [link] = [c.value for c in at.code]
    assert link.endswith("&lang=ar") and "?r=" in link


@pytest.mark.parametrize(("lang", "first"), [("fr", "fr"), ("de", "de"), ("ar", "en"), ("en", "en")])
def test_the_report_download_offers_its_language_starting_at_the_pages(env, lang, first):
    """An assessment with no language of its own (one from before, its answers being values): the report starts
    in the language the page is read in, English where reports are not written in it (Arabic); any report
    language can be chosen."""
    from app_pages.ui.report import _report

    a = saved(env, {"A.1": "some"})
    at = in_language("results", lang, a=a.id)
    no_errors(at)
    box = at.selectbox(key="report:results:language")
    assert box.value == first
    assert box.options == ["English", "Français", "Deutsch", "Italiano", "Español"]
    if lang == "fr":
        assert box.label == "Langue du rapport"
    box.set_value("it").run()
    no_errors(at)
    assert at.selectbox(key="report:results:language").value == "it"
    assert at.get("download_button")  # still offered, the privacy checks unchanged (tests/test_app_respondents.py)
    wb = load_workbook(io.BytesIO(_report(env, a.id, MINI, False, None, "it")))
    assert wb.sheetnames[:3] == ["Sintesi", "Punteggi", "Risposte"]


def test_results_reads_in_french(env):
    a = saved(env, {"A.1": "some"})
    at = in_language("results", "fr", a=a.id)
    no_errors(at)
    assert [m.label for m in at.metric][:2] == ["Score global", "Avancement"]
    assert {"Points forts", "Ce que le guide suggère pour chaque écart"} <= {s.value for s in at.subheader}
    assert any(w.value.startswith("4 éléments sans réponse pour l’instant") for w in at.warning)  # 1 of 5 rated
    assert "Strengths" not in on_screen(at)


def test_results_targets_and_gaps_read_in_french(env):
    a = saved(env, {"A.1": "some"})
    at = in_language("results", "fr", a=a.id)
    no_errors(at)
    labels = [e.label for e in at.expander]
    assert any(x.startswith("Fixer les cibles par") for x in labels)
    assert not any(x.startswith("Set the targets per") for x in labels)
    assert any("points sous la cible" in x for x in labels)  # the gap's suggestions
    assert "Enregistrer les cibles" in [b.label for b in at.button]
    assert "Save targets" not in on_screen(at)


def test_the_maturity_levels_read_in_french_on_results(env):
    a = saved(env, {"A.1": "some"})
    at = in_language("results", "fr", a=a.id)
    labels = [e.label for e in at.expander]
    assert "Ce que signifient les niveaux de maturité" in labels
    assert "What the maturity levels mean" not in labels


@pytest.mark.parametrize(
    ("page", "french", "english"),
    [
        ("about", "Échelle de notation", "Rating scale"),
        ("exchange", "Reprendre à partir d’un rapport", "Continue from a report"),
        ("respondents", "Rôles et confidentialité", "Roles and privacy"),
        ("consensus", "Pas encore de répondants. Invitez plusieurs personnes", "No respondents yet"),
    ],
)
def test_the_team_pages_read_in_french(env, page, french, english):
    a = saved(env, {"A.1": "some"})
    at = in_language(page, "fr", a=a.id)
    no_errors(at)
    screen = on_screen(at) + "\n".join(e.label for e in at.expander)
    assert french in screen
    assert english not in screen


def test_the_peer_review_group_page_reads_in_french(links):
    at = in_language("group", "fr")
    no_errors(at)
    screen = on_screen(at) + "\n".join(e.label for e in at.expander)
    assert "Un groupe d’évaluation par les pairs permet à un animateur" in screen
    assert "Créer un nouveau groupe" in screen
    assert "A peer-review group lets" not in screen


def test_the_views_read_in_french(real_env):
    install_samples(real_env, ids={TORRELUMA})
    at = in_language("consensus", "fr", a=TORRELUMA)
    no_errors(at)
    screen = on_screen(at)
    assert "Groupes montrés" in screen and "Là où les groupes divergent le plus" in screen
    assert "Groups shown" not in screen and "points apart" not in screen
    assert "Enregistrer la note convenue" in [b.label for b in at.button]


def test_the_action_plan_shows_priority_and_status_in_french_and_stores_them_in_english(env):
    a = saved(env, {"A.1": "none"})
    at = in_language("action_plan", "fr", a=a.id)
    no_errors(at)
    next(x for x in at.text_input if x.label.startswith("Mesure")).input("Organiser un dialogue citoyen")
    next(x for x in at.selectbox if x.label == "Priorité").set_value("High")  # a stored value, shown in French
    assert next(x for x in at.selectbox if x.label == "Priorité").format_func("High") == "Haute"
    at.button(key="FormSubmitter:add_action-Ajouter la mesure").click().run()
    no_errors(at)
    [action] = env.get(a.id).actions
    assert (action.priority, action.status) == ("High", "Not started")
    assert "1 mesure dans le plan." in [c.value for c in at.caption]
    shown = at.session_state[f"plan_base:{a.id}"]  # what the table is given to show and edit
    assert list(shown["priority"]) == ["Haute"] and list(shown["status"]) == ["Pas commencé"]
    done = translator("fr").gettext("Done")
    assert done != "Done"
    at.session_state[f"plan:{a.id}:{at.session_state[f'plan_version:{a.id}']}"] = {
        "edited_rows": {0: {"status": done}},  # chosen in the table's French drop-down
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    no_errors(at)
    assert env.get(a.id).actions[0].status == "Done"

    at.selectbox(key="lang_selector").set_value("de").run()  # the language switched on the same page
    no_errors(at)
    shown = at.session_state[f"plan_base:{a.id}"]
    assert list(shown["priority"]) == [translator("de").gettext("High")]  # redrawn in German
    at.session_state[f"plan:{a.id}:{at.session_state[f'plan_version:{a.id}']}"] = {
        "edited_rows": {0: {"status": translator("fr").gettext("On hold")}},  # a label of the table drawn before
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    no_errors(at)
    [action] = env.get(a.id).actions  # nothing lost, the value stored
    assert (action.measure, action.status) == ("Organiser un dialogue citoyen", "On hold")
    assert "1 Maßnahme im Plan." in [c.value for c in at.caption]


def test_a_refused_upload_is_explained_in_french_and_changes_nothing(env):
    a = saved(env, {"A.1": "some"})
    report = io.BytesIO()
    wb = load_workbook(io.BytesIO(export_report(env.get(a.id), MINI, language="fr")))
    answers = wb["Réponses"]
    rating = next(c for c in answers[1] if c.value == "Note").column
    answers.cell(row=2, column=rating, value="Parfois")  # no rating on the scale
    wb.save(report)
    at = in_language("exchange", "fr", a=a.id)
    at.file_uploader(key="report_upload").set_value(("rapport.xlsx", report.getvalue(), "x")).run()
    assert "n’a pas été chargé" in at.error[0].value
    problems = shown(at.markdown[-1].value)
    assert "Feuille « Réponses », ligne 2, colonne" in problems and "n’est pas une note de cette échelle" in problems
    assert "is not a rating" not in problems and "Sheet" not in problems
    assert env.get(a.id).answers["A.1"].value == "some"


def test_a_file_that_is_no_workbook_is_explained_in_german(env):
    a = saved(env)
    at = in_language("exchange", "de", a=a.id)
    at.file_uploader(key="report_upload").set_value(("notes.txt", b"just text", "text/plain")).run()
    assert shown(at.markdown[-1].value) == (
        "- dies ist keine Excel-Arbeitsmappe (.xlsx). Laden Sie einen Bericht hoch, der aus dieser App "
        "heruntergeladen wurde."
    )


def test_an_assessment_started_in_french_keeps_french_as_its_language_for_everyone(env):
    at = in_language("home", "fr")
    box = next(b for b in at.selectbox if b.label == "Langue de l’évaluation")
    assert box.value == "fr"  # the page's language to start with
    at.text_input[0].input("Lyon")
    at.button(key="FormSubmitter:new_assessment-Commencer l’évaluation").click().run()
    no_errors(at)
    [row] = env.list()
    assert env.get(row.id).language == "fr"
    english = in_language("results", "en", a=row.id)  # someone reading in English: the report starts in French
    assert english.selectbox(key="report:results:language").value == "fr"
    assert english.title[0].value == "Results: Lyon"


def test_the_teams_choice_of_report_language_becomes_the_assessments_and_a_view_link_changes_nothing(links):
    a, made = created(links)
    team = in_language("results", "en", t=made.edit)
    team.selectbox(key="report:results:language").set_value("de").run()
    no_errors(team)
    assert links.get(a.id).language == "de"
    viewer = in_language("results", "en", t=made.view)
    assert viewer.selectbox(key="report:results:language").value == "de"
    viewer.selectbox(key="report:results:language").set_value("es").run()
    no_errors(viewer)
    assert links.get(a.id).language == "de"  # a view-only link downloads in Spanish, and changes nothing


def test_a_plan_cell_that_cannot_be_read_is_reported_and_its_row_stays_saved(env):
    a = saved(env)
    env.set_actions(a.id, [Action(measure="Hold a citizens' dialogue")], expected_revision=None)
    at = in_language("action_plan", "fr", a=a.id)
    at.session_state[f"plan:{a.id}:{at.session_state[f'plan_version:{a.id}']}"] = {
        "edited_rows": {0: {"status": "Parfois"}},  # no status, in any language
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert any(
        e.value.startswith("Ligne 1, Statut : « Parfois » ne fait pas partie de Pas commencé") for e in at.error
    ), [e.value for e in at.error]
    [kept] = env.get(a.id).actions
    assert (kept.measure, kept.status) == ("Hold a citizens' dialogue", "Not started")
