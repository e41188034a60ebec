"""A framework in another language: ``questionnaires/<id>.<lang>.yaml`` beside ``questionnaires/<id>.yaml``, keyed
by the English file's ids (the format is in README, "Languages").

A translation changes texts only. The translated :class:`Framework` has the same ids, scale values, points,
targets and stored role names as the English one, so answers given in any language score, compare and export
alike; what a translation leaves out stays English and is marked as not yet translated (never silently).

A translation is checked against the version it says it translates (``translates_version``) as strictly as a
framework file: an unknown id, a changed placeholder, an empty text or a wrong shape is an error naming the
file, the line and the place. Applied to another version of the framework, it is used by id, leniently: what
no longer fits that version is left out (and so shows in English).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..framework.loader import MAX_FILE_BYTES, Problem, QuestionnaireError
from ..framework.model import Framework, questionnaire_dir
from .languages import ENGLISH, Covers, language

# Where a text sits in a translation file, key by key: ("sections", "KF1", "items", "KF1.1", "question").
Place = tuple[str | int, ...]
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_META = ("framework", "language", "translates_version")
# What the ids under each kind of key are, for "unknown … 'X'" messages.
_KINDS = {
    "sections": "section",
    "items": "item",
    "groups": "group",
    "scales": "scale",
    "options": "scale option",
    "maturity_bands": "maturity band (by its min)",
    "roles": "role",
    "suggestion_kinds": "suggestion kind",
    "comparison_bands": "comparison figure",
}


@dataclass(frozen=True)
class Text:
    """One English text a translation may give: where it is in the dumped framework, and who reads it."""

    english: str
    path: tuple[str | int, ...]  # in ``Framework.model_dump()``; () for roles (display only, never stored)
    respondent: bool  # a respondent sees it: Arabic and Ukrainian cover these


def _options(fw: Framework) -> Iterator[tuple[Place, Text]]:
    for si, scale in enumerate(fw.scales):
        yield ("scales", scale.id, "title"), Text(scale.title, ("scales", si, "title"), True)
        for oi, opt in enumerate(scale.options):
            for name in ("label", "description"):
                english = getattr(opt, name)
                if english:
                    place = ("scales", scale.id, "options", opt.value, name)
                    yield place, Text(english, ("scales", si, "options", oi, name), True)


def _sections(fw: Framework) -> Iterator[tuple[Place, Text]]:
    for si, sec in enumerate(fw.sections):
        base: Place = ("sections", sec.id)
        for name, respondent in (("title", True), ("statement", True), ("purpose", False)):
            english = getattr(sec, name)
            if english:
                yield base + (name,), Text(english, ("sections", si, name), respondent)
        for gi, grp in enumerate(sec.groups):
            yield base + ("groups", grp.id), Text(grp.title, ("sections", si, "groups", gi, "title"), True)
        for ii, item in enumerate(sec.items):
            for name in ("question", "guidance"):
                english = getattr(item, name)
                if english:
                    place = base + ("items", item.id, name)
                    yield place, Text(english, ("sections", si, "items", ii, name), True)
        for gi, sug in enumerate(sec.suggestions):
            for name in ("title", "text"):
                place = base + ("suggestions", gi, name)
                yield place, Text(getattr(sug, name), ("sections", si, "suggestions", gi, name), False)


def english_texts(fw: Framework) -> dict[Place, Text]:
    """Every text of ``fw`` a translation may give, by its place in a translation file."""
    out: dict[Place, Text] = {}
    respondent_fields = (
        "title",
        "short_title",
        "section_label",
        "section_label_plural",
        "subject_label",
        "subject_label_plural",
    )
    for name in (*respondent_fields, "description"):
        english = getattr(fw, name)
        if english:
            out[(name,)] = Text(english, (name,), name in respondent_fields)
    for role in fw.respondents.roles:
        out[("roles", role)] = Text(role, (), False)
    for kind, label in fw.suggestion_kinds.items():
        out[("suggestion_kinds", kind)] = Text(label, ("suggestion_kinds", kind), False)
    for figure in ("population", "migrant_share"):
        for bi, band in enumerate(getattr(fw.comparison_bands, figure)):
            out[("comparison_bands", figure, bi)] = Text(band.label, ("comparison_bands", figure, bi, "label"), False)
    out.update(_options(fw))
    for bi, mband in enumerate(fw.maturity_bands):
        for name in ("label", "description"):
            english = getattr(mband, name)
            if english:
                out[("maturity_bands", f"{mband.min:g}", name)] = Text(english, ("maturity_bands", bi, name), False)
    out.update(_sections(fw))
    return out


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def describe(place: Place) -> str:
    """("sections", "KF1", "items", "KF1.1", "question") as people read it: sections > KF1 > items > KF1.1 > …"""
    return " > ".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in place)


def _leaves(data: Any, place: Place = ()) -> Iterator[tuple[Place, Any]]:
    """Every value of the file that is not a mapping, with its place; lists are walked where the format has them
    (a comparison figure's band labels, a section's suggestions)."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from _leaves(value, place + (_key(key),))
    elif isinstance(data, list) and (
        place[-1:] == ("suggestions",) or (len(place) == 2 and place[0] == "comparison_bands")
    ):
        for index, value in enumerate(data):
            yield from _leaves(value, place + (index,))
    else:
        yield place, data


def _key(key: Any) -> str:
    """A mapping key as the place names it: ``0`` and ``"0"`` (a maturity band's min) alike, ``25.0`` as ``25``."""
    if isinstance(key, float):
        return f"{key:g}"
    return str(key)


def _line(root: yaml.Node | None, place: Place) -> int | None:
    node = root
    for key in place:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if _key(k.value) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            found = node.value[key]
        else:
            found = None
        if found is None:
            break
        node = found
    return node.start_mark.line + 1 if node is not None else None


def _unknown(place: Place, known: Mapping[Place, Text]) -> str:
    """Why a place the English file does not have is wrong, at the first key that does not fit."""
    for depth in range(1, len(place) + 1):
        prefix = place[:depth]
        if not any(p[:depth] == prefix for p in known):
            parent = place[depth - 2] if depth >= 2 else None
            kind = _KINDS.get(str(parent)) if parent is not None and depth >= 2 else None
            key = place[depth - 1]
            if isinstance(key, int):
                return f"the English file has no [{key + 1}] here"
            if kind:
                return f"unknown {kind} '{key}' (not in the English file)"
            return "unknown field (check the spelling; the format is in README, “Languages”)"
    return "this is a group of texts in the English file, not one text"


@dataclass(frozen=True)
class TranslatedFramework:
    """A framework as a language reads it, with what the translation left in English."""

    framework: Framework  # translated texts; ids, values, points and stored role names as in ``english``
    english: Framework
    language: str
    translated: frozenset[Place]
    texts: Mapping[Place, Text]
    roles: Mapping[str, str] = field(default_factory=dict)
    file: str | None = None

    def is_translated(self, *place: str | int) -> bool:
        """Whether the text at ``place`` reads in this language (always, in English; a text the English file
        does not have is not missing either)."""
        return self.language == ENGLISH or place in self.translated or place not in self.texts

    def item_translated(self, item_id: str, name: str = "question") -> bool:
        section = self.english.section_of_item.get(item_id)
        return section is None or self.is_translated("sections", section, "items", item_id, name)

    def rating_from_english(self, item_id: str, label: object) -> object:
        """A rating named by its English label (as the comparison names ratings), as this language names it; a
        label the item's scale does not have, or none, as it is."""
        if not isinstance(label, str) or item_id not in self.english.item_by_id:
            return label
        options = self.english.scale_for(self.english.item_by_id[item_id]).options
        value = next((o.value for o in options if o.label == label), None)
        return (self.framework.rating_label(item_id, value) or label) if value is not None else label

    def role(self, role: str) -> str:
        """A respondent role as this language names it (stored, compared and exported in English)."""
        return self.roles.get(role, role)

    @property
    def missing(self) -> list[Place]:
        return [place for place in self.texts if not self.is_translated(*place)]

    def coverage(self, covers: Covers = "all") -> float:
        """The share of texts translated, in %: of every text, or of those a respondent sees."""
        counted = [p for p, t in self.texts.items() if covers == "all" or t.respondent]
        if not counted or self.language == ENGLISH:
            return 100.0
        return 100.0 * sum(1 for p in counted if p in self.translated) / len(counted)


def _read(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise QuestionnaireError(path.name, [Problem("", f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")])
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise QuestionnaireError(path.name, [Problem("", "file is not UTF-8 text")]) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise QuestionnaireError(path.name, [Problem("", f"not valid YAML: {exc.problem}", line)]) from None
    except yaml.YAMLError as exc:
        raise QuestionnaireError(path.name, [Problem("", f"not valid YAML: {exc}")]) from None


def _meta_problems(data: Mapping[str, Any], fw: Framework, code: str, root: yaml.Node | None) -> list[Problem]:
    problems = []
    for name in _META:
        if not isinstance(data.get(name), str | int | float) or not str(data.get(name)).strip():
            problems.append(Problem(name, "required field is missing", _line(root, (name,))))
    if data.get("framework") not in (None, fw.id):
        problems.append(
            Problem(
                "framework", f"this file translates '{fw.id}', not '{data['framework']}'", _line(root, ("framework",))
            )
        )
    if data.get("language") not in (None, code):
        problems.append(
            Problem("language", f"the file name says '{code}', not '{data['language']}'", _line(root, ("language",)))
        )
    return problems


def parse_translation(
    data: Any, fw: Framework, code: str, file: str, root: yaml.Node | None = None
) -> TranslatedFramework:
    """Check a translation's data against ``fw`` and apply it (strictly when it translates this very version)."""
    if not isinstance(data, Mapping):
        raise QuestionnaireError(file, [Problem("", "the file must hold a mapping with framework, language, title…")])
    problems = _meta_problems(data, fw, code, root)
    strict = str(data.get("translates_version", "")) == fw.version
    known = english_texts(fw)
    given: dict[Place, str] = {}
    for place, value in _leaves({k: v for k, v in data.items() if k not in _META}):
        where = describe(place)
        text = known.get(place)
        problem = None
        if text is None:
            problem = _unknown(place, known)
        elif not isinstance(value, str):
            problem = "must be a text" if value is not None else "must not be empty (leave the line out instead)"
        elif not value.strip():
            problem = "must not be empty (leave the line out to keep the English text)"
        elif placeholders(value) != placeholders(text.english):
            problem = (
                f"must keep the placeholders of the English text ({', '.join(placeholders(text.english)) or 'none'}),"
                f" found {', '.join(placeholders(value)) or 'none'}"
            )
        if problem is None:
            given[place] = str(value).strip()
        elif strict:
            problems.append(Problem(where, problem, _line(root, place)))
    if problems:
        raise QuestionnaireError(file, problems)
    dumped = fw.model_dump()
    roles: dict[str, str] = {}
    for place, value in given.items():
        path = known[place].path
        if not path:
            roles[str(place[-1])] = value
            continue
        target: Any = dumped
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    translated = Framework.model_validate(dumped)
    translated.keep_editions(fw.editions)  # the versions kept beside it open as they were made (in English)
    return TranslatedFramework(translated, fw, code, frozenset(given), known, roles, file)


def english_view(fw: Framework) -> TranslatedFramework:
    return TranslatedFramework(fw, fw, ENGLISH, frozenset(), english_texts(fw))


_CACHE: dict[tuple[str, str, str, float], TranslatedFramework] = {}


def translate(fw: Framework, code: str | None, folder: str | Path | None = None) -> TranslatedFramework:
    """``fw`` in the shipped language ``code`` names: its translation file applied, or (no file, English, an
    unknown language) the English texts, all marked as not yet translated unless the language is English.
    Raises QuestionnaireError, naming every problem, for a translation of this version that does not fit."""
    lang = language(code).code
    if lang == ENGLISH:
        return english_view(fw)
    path = (Path(folder) if folder else questionnaire_dir()) / f"{fw.id}.{lang}.yaml"
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return TranslatedFramework(fw, fw, lang, frozenset(), english_texts(fw))
    key = (fw.key, lang, str(path), stamp)
    if key not in _CACHE:
        data, root = _read(path)
        _CACHE[key] = parse_translation(data, fw, lang, path.name, root)
    return _CACHE[key]
