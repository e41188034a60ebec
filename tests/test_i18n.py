"""Languages: the shipped languages, the interface catalogs (complete, placeholders kept, in step with the source),
numbers and plurals per language, and framework translations (checked, applied, falling back visibly, scoring
alike whatever the language)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings

from benchmark.framework.loader import QuestionnaireError, load_frameworks
from benchmark.i18n.frameworks import placeholders, translate
from benchmark.i18n.languages import LOCALE_DIR, language, languages, respondent_sources, translation_of
from benchmark.i18n.sentence import Sentence, say
from benchmark.i18n.translator import catalog_path, read_catalog, translator, ui_coverage
from benchmark.scoring import score
from benchmark.xlsx.report_reader import _Reader

from .conftest import ROOT
from .strategies import assessments

SHIPPED = ["en", "fr", "de", "it", "es", "ar", "uk"]
QUESTIONNAIRES = ROOT / "questionnaires"


def test_the_shipped_languages_are_named_in_themselves_and_arabic_reads_right_to_left():
    shipped = languages()
    assert list(shipped) == SHIPPED
    assert [shipped[c].name for c in SHIPPED] == [
        "English",
        "Français",
        "Deutsch",
        "Italiano",
        "Español",
        "العربية",
        "Українська",
    ]
    assert [c for c in SHIPPED if shipped[c].rtl] == ["ar"]
    assert {c for c in SHIPPED if shipped[c].covers == "respondent"} == {"ar", "uk"}
    assert language("fr-CH").code == "fr" and language("FR").code == "fr"
    assert language("xx").code == "en" and language(None).code == "en"


def test_percentages_numbers_and_dates_are_written_as_each_language_writes_them():
    nbsp = "\xa0"
    assert translator("en").percent(66.666) == "66.7%"
    assert translator("fr").percent(66.666) == f"66,7{nbsp}%"
    assert translator("de").percent(66.666) == f"66,7{nbsp}%"
    assert translator("en").percent(None) == "–"
    assert translator("de").number(1234.5, 1) == "1.234,5"
    assert translator("en").number(1234.5, 1) == "1,234.5"
    assert translator("fr").date(dt.date(2026, 12, 2)) == "2 déc. 2026"
    assert translator("ar").number(36) == "36"  # digits a team and a respondent read alike


def test_plural_forms_follow_each_languages_rules():
    one, many = "{n} {subject}", "{n} {subjects}"
    en = translator("en")
    assert en.ngettext(one, many, 1).format(n=1, subject="city", subjects="cities") == "1 city"
    assert en.ngettext(one, many, 8).format(n=8, subject="city", subjects="cities") == "8 cities"
    uk = translator("uk")
    forms = [uk.ngettext("You have answered {n} of {total} item.", "x", n) for n in (1, 3, 5, 21)]
    assert forms[0] == forms[3] != forms[1]  # Ukrainian: 1 and 21 alike, 3 ("few") differs from the other forms
    ar = translator("ar")
    assert ar.ngettext("You have answered {n} of {total} item.", "x", 36) != ar.ngettext(
        "You have answered {n} of {total} item.", "x", 5
    )


def test_the_home_page_counts_its_sample_cities_in_the_plural(unites):
    assert unites.subjects_label == "Cities"
    en = translator("en")
    text = en.ngettext("{n} {subject}", "{n} {subjects}", 8)
    assert text.format(n=8, subject="city", subjects=unites.subjects_label.lower()) == "8 cities"


# ------------------------------------------------------------------------------------------------ the catalogs


def _entries(code: str):
    catalog = read_catalog(code)
    assert catalog is not None, f"no catalog {catalog_path(code)}"
    return catalog


@pytest.mark.parametrize("code", [c for c in SHIPPED if c != "en"])
def test_every_catalog_entry_is_translated_keeps_its_placeholders_and_is_not_fuzzy(code):
    catalog = _entries(code)
    sources = respondent_sources()
    scope_all = languages()[code].covers == "all"
    problems = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        needed = scope_all or any(f in sources for f, _ in m.locations)
        if m.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if needed and not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        for s in strings:
            if s and placeholders(s) != placeholders(ids[-1]) and placeholders(s) != placeholders(ids[0]):
                problems.append(f"placeholders changed: {ids[0]!r} -> {s!r}")
    assert not problems, f"{catalog_path(code)}:\n" + "\n".join(problems)
    assert ui_coverage(code, "all" if scope_all else "respondent") == 100.0


def test_the_catalogs_hold_every_text_of_the_source(tmp_path):
    """Extracting again gives the committed template, and every catalog has each of its entries: an English
    text added to a page without running the Babel commands in README ("Languages") fails here."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as fp:
        extracted = {m.id for m in read_po(fp) if m.id}
    with (LOCALE_DIR / "messages.pot").open("rb") as fp:
        committed = {m.id for m in read_po(fp) if m.id}
    assert extracted == committed, (
        f"new: {sorted(map(str, extracted - committed))[:10]}; gone: {sorted(map(str, committed - extracted))[:10]}"
    )
    for code in SHIPPED[1:]:
        ids = {m.id for m in _entries(code) if m.id}
        assert committed <= ids, f"{code} lacks {sorted(map(str, committed - ids))[:10]}"


def test_a_catalog_is_read_from_its_po_file_and_english_needs_none():
    assert read_catalog("en") is None
    assert translator("en").gettext("Language") == "Language"
    assert translator("fr").gettext("Language") == "Langue"
    assert translator("ar").gettext("Language") == "اللغة"


# ------------------------------------------------------------------------------------------------ frameworks


def _write(folder: Path, name: str, data: dict) -> Path:
    for source in QUESTIONNAIRES.glob("*.yaml"):
        if not translation_of(source.name):
            (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _fr(**extra):
    # the version in the questionnaire folder, so the file is checked strictly against it
    return {"framework": "unites", "language": "fr", "translates_version": load_frameworks()["unites"].version, **extra}


def test_a_translation_file_is_not_taken_for_a_framework(tmp_path):
    _write(tmp_path, "unites.fr.yaml", _fr(title="Le référentiel UNITES"))
    assert sorted(load_frameworks(tmp_path)) == ["spring", "unites"]
    assert translation_of("unites.fr.yaml") == ("unites", "fr")
    assert translation_of("unites.yaml") is None and translation_of("unites-1.0.yaml") is None


def test_a_translation_changes_texts_only_and_marks_what_it_leaves_in_english(tmp_path, unites):
    _write(
        tmp_path,
        "unites.fr.yaml",
        _fr(
            title="Le référentiel UNITES",
            roles={"City officials": "Agents de la ville"},
            scales={"maturity": {"options": {"planned": {"label": "Prévu"}}}},
            maturity_bands={"0": {"label": "Débutant"}},
            sections={"KF1": {"title": "Leadership politique", "items": {"KF1.1": {"question": "Vision ?"}}}},
        ),
    )
    view = translate(unites, "fr", tmp_path)
    fw = view.framework
    assert fw.title == "Le référentiel UNITES" and fw.section_by_id["KF1"].title == "Leadership politique"
    assert fw.item_by_id["KF1.1"].question == "Vision ?"
    assert fw.scale_by_id["maturity"].label("planned") == "Prévu" and fw.maturity(10) == "Débutant"
    # same ids, values, points and stored roles; English where nothing is given, marked as such
    assert [o.value for o in fw.scales[0].options] == [o.value for o in unites.scales[0].options]
    assert [o.points for o in fw.scales[0].options] == [o.points for o in unites.scales[0].options]
    assert list(fw.item_by_id) == list(unites.item_by_id) and fw.key == unites.key
    assert fw.respondents.roles == unites.respondents.roles and view.role("City officials") == "Agents de la ville"
    assert fw.item_by_id["KF1.2"].question == unites.item_by_id["KF1.2"].question
    assert view.item_translated("KF1.1") and not view.item_translated("KF1.2")
    assert not view.is_translated("sections", "KF2", "title")
    assert ("sections", "KF2", "title") in view.missing
    assert fw.item_by_id["KF1.1"].source.quote == unites.item_by_id["KF1.1"].source.quote  # never translated
    assert 0 < view.coverage() < 100


def test_every_problem_of_a_translation_is_named_with_its_file_line_and_place(tmp_path, unites):
    _write(
        tmp_path,
        "unites.fr.yaml",
        _fr(
            titel="x",
            sections={
                "KF9": {"title": "x"},
                "KF1": {"title": "", "items": {"KF1.1": {"question": "Vision {city} ?"}, "KF1.99": {"question": "x"}}},
            },
            scales={"maturity": {"options": {"bogus": {"label": "x"}}}},
        ),
    )
    with pytest.raises(QuestionnaireError) as caught:
        translate(unites, "fr", tmp_path)
    text = str(caught.value)
    assert caught.value.file == "unites.fr.yaml"
    expected = [
        r"line \d+, titel: unknown field",
        r"line \d+, sections > KF9 > title: unknown section 'KF9'",
        r"line \d+, sections > KF1 > title: must not be empty",
        r"line \d+, sections > KF1 > items > KF1.1 > question: must keep the placeholders .*none.*found \{city\}",
        r"line \d+, sections > KF1 > items > KF1.99 > question: unknown item 'KF1.99'",
        r"line \d+, scales > maturity > options > bogus > label: unknown scale option 'bogus'",
    ]
    for pattern in expected:
        assert re.search(pattern, text), (pattern, text)
    assert len(caught.value.problems) == len(expected)


def test_a_translation_of_another_version_is_applied_by_id_leniently(tmp_path, unites):
    _write(
        tmp_path,
        "unites.fr.yaml",
        {
            **_fr(translates_version="0.9", title="Le référentiel"),
            "sections": {"KF1": {"title": "Leadership"}, "KF0": {"title": "Ancien"}},
        },
    )
    view = translate(unites, "fr", tmp_path)
    assert view.framework.title == "Le référentiel" and view.framework.section_by_id["KF1"].title == "Leadership"
    assert "KF0" not in view.framework.section_by_id


def test_a_language_without_a_file_shows_english_marked_as_not_translated(tmp_path, unites):
    _write(tmp_path, "unites.de.yaml", {"framework": "unites", "language": "de", "translates_version": "1.0"})
    view = translate(unites, "it", tmp_path)
    assert view.framework is unites and not view.item_translated("KF1.1") and view.coverage() == 0
    assert translate(unites, "en", tmp_path).item_translated("KF1.1")


@pytest.mark.parametrize("path", sorted(QUESTIONNAIRES.glob("*.*.yaml")), ids=lambda p: p.name)
def test_each_shipped_framework_translation_loads_and_covers_every_text(path, frameworks):
    framework_id, code = translation_of(path.name)
    # a translation covers every text of the version it translates (a newer version's new texts wait for it)
    version = str(yaml.safe_load(path.read_text(encoding="utf-8")).get("translates_version", ""))
    view = translate(frameworks[framework_id].edition(version) or frameworks[framework_id], code)
    covers = languages()[code].covers
    assert view.coverage(covers) == 100.0, [p for p in view.missing if covers == "all" or view.texts[p].respondent]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=assessments(load_frameworks()["unites"], answered_only=False))
def test_scores_are_the_same_whatever_the_language_the_answers_were_given_in(data, unites, tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "french-unites"
    if not (folder / "unites.fr.yaml").exists():
        folder.mkdir(exist_ok=True)
        texts = {
            "title": "Le référentiel",
            "scales": {
                "maturity": {
                    "title": "Où en est-on ?",
                    "options": {o.value: {"label": "FR " + o.label} for o in unites.scales[0].options},
                }
            },
            "sections": {s.id: {"title": "FR " + s.title} for s in unites.sections},
            "maturity_bands": {f"{b.min:g}": {"label": "FR " + b.label} for b in unites.maturity_bands},
        }
        _write(folder, "unites.fr.yaml", _fr(**texts))
    french = translate(unites, "fr", folder).framework
    english, translated = score(data, unites), score(data, french)
    assert (translated.overall, translated.completion) == (english.overall, english.completion)
    assert translated.unanswered_items == english.unanswered_items
    assert [(s.id, s.score, s.gap, s.answered, s.relevant) for s in translated.sections] == [
        (s.id, s.score, s.gap, s.answered, s.relevant) for s in english.sections
    ]
    assert all(
        a.value is None or french.scale_for(french.item_by_id[i]).option(a.value) for i, a in data.answers.items()
    )


def test_a_sentence_is_its_english_text_and_reads_in_another_language_nested_and_kept():
    reader = _Reader()
    reader.add("Answers", 7, 4, "Rating", Sentence("'{text}' is not a number.", text="=1+1"))
    [problem] = reader.problems
    assert problem == "Sheet 'Answers', row 7, column D (Rating): '=1+1' is not a number."  # a str, as before
    french = "Feuille « Answers », ligne 7, colonne D (Rating) : « =1+1 » n’est pas un nombre."
    assert say(problem, translator("fr")) == french
    for kept in (pickle.loads(pickle.dumps(problem)), copy.deepcopy(problem)):  # as a session keeps it
        assert kept == problem and say(kept, translator("fr")) == french
    assert say("typed by someone", translator("fr")) == "typed by someone"


def test_a_rating_named_in_english_reads_in_the_frameworks_translation():
    from benchmark.framework.loader import load_frameworks
    from benchmark.i18n.frameworks import translate

    fr = translate(load_frameworks()["unites"], "fr")
    assert fr.rating_from_english("KF1.1", "Fully in place") == "Pleinement en place"
    assert fr.rating_from_english("KF1.1", "Sometimes") == "Sometimes"  # off the scale: as it is
    assert fr.rating_from_english("KF1.1", None) is None and fr.rating_from_english("XX.9", "Planned") == "Planned"
