"""Reading framework files, with errors a person can act on.

Every problem names the file, the place (a readable path such as
``sections[3] (KF3) > items[2] > question``), the line where YAML can tell it,
and what is wrong. All structural problems in a file are reported at once (then,
once the structure is sound, all cross-reference problems such as duplicate ids
or unknown scales), so an author fixes them in one or two passes, not one per run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..i18n.sentence import Sentence
from ..i18n.translator import N_
from .model import Framework, questionnaire_dir, version_key
from .versions import check_upgrade

MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Problem:
    place: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.place}: {self.message}" if self.place else f"{where}{self.message}"


class QuestionnaireError(ValueError):
    """A framework file could not be loaded; ``problems`` lists every reason."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{file}: {len(problems)} problem(s) in this questionnaire file:\n{lines}")


def _node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """Follow a pydantic location through the composed YAML to find a line number."""
    for key in loc:
        if node is None:
            return None
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == key:
                    nxt = v
                    break
            if nxt is None:
                return node
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return node
            node = node.value[key]
        else:
            return node
    return node


def _describe(data: Any, loc: tuple[Any, ...]) -> str:
    """Turn ('sections', 2, 'items', 0, 'question') into 'sections[3] (KF3) > items[1] (KF3.1) > question'."""
    parts: list[str] = []
    cur = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key + 1}]"
            try:
                cur = cur[key]
            except (IndexError, KeyError, TypeError):
                cur = None
            ident = cur.get("id") or cur.get("value") if isinstance(cur, dict) else None
            if isinstance(ident, str):
                label += f" ({ident})"
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            parts.append(str(key))
            cur = cur.get(key) if isinstance(cur, dict) else None
    return " > ".join(parts)


def _line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    node = _node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else None


def _cross_checks(fw: Framework) -> list[tuple[tuple[Any, ...], str]]:
    out: list[tuple[tuple[Any, ...], str]] = []
    scale_ids = set()
    for si, scale in enumerate(fw.scales):
        if scale.id in scale_ids:
            out.append((("scales", si, "id"), f"duplicate scale id '{scale.id}'"))
        scale_ids.add(scale.id)
    if fw.default_scale not in scale_ids:
        out.append(
            (("default_scale",), f"unknown scale '{fw.default_scale}' (defined: {', '.join(sorted(scale_ids))})")
        )
    mins = [b.min for b in fw.maturity_bands]
    if mins[0] != 0:
        out.append((("maturity_bands", 0, "min"), "the first maturity band must start at 0"))
    for bi in range(1, len(mins)):
        if mins[bi] <= mins[bi - 1]:
            out.append((("maturity_bands", bi, "min"), "maturity bands must be listed in increasing order of 'min'"))
    roles = fw.respondents.roles
    for ri, role in enumerate(roles):
        if role in roles[:ri]:
            out.append((("respondents", "roles", ri), f"duplicate role '{role}'"))
    for ci, role in enumerate(fw.respondents.compare or ()):
        if role not in roles:
            out.append((("respondents", "compare", ci), f"unknown role '{role}' (roles: {', '.join(roles) or 'none'})"))
    for figure in ("population", "migrant_share"):
        bands = getattr(fw.comparison_bands, figure)
        for bi, band in enumerate(bands):
            last = bi == len(bands) - 1
            if last != (band.below is None):
                out.append(
                    (
                        ("comparison_bands", figure, bi, "below"),
                        "only the last band is open-ended (has no 'below')"
                        if not last
                        else "the last band must be open-ended (no 'below')",
                    )
                )
            elif bi and not last and bands[bi - 1].below is not None and band.below <= bands[bi - 1].below:
                out.append(
                    (("comparison_bands", figure, bi, "below"), "bands must be listed in increasing order of 'below'")
                )
    section_ids: set[str] = set()
    item_ids: dict[str, str] = {}
    for si, sec in enumerate(fw.sections):
        if sec.id in section_ids:
            out.append((("sections", si, "id"), f"duplicate section id '{sec.id}'"))
        section_ids.add(sec.id)
        group_ids: set[str] = set()
        for gi, grp in enumerate(sec.groups):
            if grp.id in group_ids:
                out.append((("sections", si, "groups", gi, "id"), f"duplicate group id '{grp.id}'"))
            group_ids.add(grp.id)
        used_groups: set[str] = set()
        for ii, item in enumerate(sec.items):
            if item.id in item_ids:
                out.append(
                    (
                        ("sections", si, "items", ii, "id"),
                        f"duplicate item id '{item.id}' (already used in section {item_ids[item.id]})",
                    )
                )
            else:
                item_ids[item.id] = sec.id
            if item.id in section_ids or item.id == sec.id:
                out.append((("sections", si, "items", ii, "id"), f"item id '{item.id}' is also a section id"))
            if item.scale is not None and item.scale not in scale_ids:
                out.append(
                    (
                        ("sections", si, "items", ii, "scale"),
                        f"unknown scale '{item.scale}' (defined: {', '.join(sorted(scale_ids))})",
                    )
                )
            if item.group is not None:
                if item.group not in group_ids:
                    known = ", ".join(sorted(group_ids)) or "none"
                    out.append(
                        (
                            ("sections", si, "items", ii, "group"),
                            f"unknown group '{item.group}' (groups of this section: {known})",
                        )
                    )
                used_groups.add(item.group)
            elif sec.groups:
                out.append(
                    (("sections", si, "items", ii), "this section has groups, so every item must name its group")
                )
        for gi, sug in enumerate(sec.suggestions):
            if sug.kind not in fw.suggestion_kinds:
                out.append(
                    (
                        ("sections", si, "suggestions", gi, "kind"),
                        f"unknown suggestion kind '{sug.kind}' (suggestion_kinds: {', '.join(fw.suggestion_kinds)})",
                    )
                )
        for gi, grp in enumerate(sec.groups):
            if grp.id not in used_groups:
                out.append((("sections", si, "groups", gi), f"group '{grp.id}' has no items"))
    out.extend(
        (("draft_from", n), f"unknown suggestion kind '{kind}' (suggestion_kinds: {', '.join(fw.suggestion_kinds)})")
        for n, kind in enumerate(fw.draft_from)
        if kind not in fw.suggestion_kinds
    )
    return out


# libyaml's loader where PyYAML was built with it: 20 times faster than the pure-Python one on a framework file, which
# is most of the app's first run.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _nodes(text: str) -> yaml.Node | None:
    """The file's node tree, for the line numbers of problems: composed only when there is a problem to place."""
    return yaml.compose(text, Loader=SAFE_LOADER)


def parse_framework(text: str, file: str) -> Framework:
    """Validate framework YAML text; ``file`` is only used to name it in errors."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise QuestionnaireError(file, [Problem("", f"not valid YAML: {exc.problem}", line)]) from None
    except yaml.YAMLError as exc:
        raise QuestionnaireError(file, [Problem("", f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise QuestionnaireError(file, [Problem("", "the file must hold a mapping with id, version, title, sections…")])
    try:
        fw = Framework.model_validate(data)
    except ValidationError as exc:
        root = _nodes(text)
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = "required field is missing"
            elif err["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling)"
            elif err["type"] == "string_too_short":
                msg = "must not be empty"
            elif err["type"] == "string_pattern_mismatch":
                msg = "must start with a letter and use only letters, digits, '.', '_' or '-'"
            problems.append(Problem(_describe(data, loc), msg, _line(root, loc)))
        raise QuestionnaireError(file, problems) from None
    cross = _cross_checks(fw)
    if cross:
        root = _nodes(text)
        raise QuestionnaireError(file, [Problem(_describe(data, loc), msg, _line(root, loc)) for loc, msg in cross])
    return fw


def load_framework(path: str | Path) -> Framework:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise QuestionnaireError(path.name, [Problem("", f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionnaireError(str(path), [Problem("", "file not found")]) from None
    except UnicodeDecodeError:
        raise QuestionnaireError(path.name, [Problem("", "file is not UTF-8 text")]) from None
    return parse_framework(text, path.name)


VERSIONS_DIR = "versions"  # earlier published versions of the frameworks beside it, one file each


def _framework_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if "." not in p.stem)  # not <id>.<lang>.yaml


def _version_files(folder: Path) -> list[Path]:
    """Earlier versions, named <id>-<version>.yaml (their version's dots are no language suffix)."""
    return sorted(p for p in folder.glob("*.yaml") if not _TRANSLATION.search(p.stem))


_TRANSLATION = re.compile(r"\.[A-Za-z]{2,3}(-[A-Za-z0-9]+)?$")  # the .<lang> of <id>-<version>.<lang>.yaml


def _located(path: Path, problems: list[tuple[tuple[Any, ...], str]]) -> QuestionnaireError:
    """Problems found after loading, placed in ``path`` by line as the loader places its own."""
    text = path.read_text(encoding="utf-8")
    root, data = yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    return QuestionnaireError(
        path.name, [Problem(_describe(data, loc), msg, _line(root, loc)) for loc, msg in problems]
    )


def _attach_editions(latest: Framework, path: Path, older: list[tuple[Path, Framework]]) -> None:
    """Keep ``older`` versions beside ``latest`` and check each declared upgrade against the version it moves from."""
    files = {latest.version: path}
    editions: dict[str, Framework] = {}
    for old_path, old in older:
        if old.version in files:
            raise QuestionnaireError(
                old_path.name,
                [Problem("version", f"version {old.version} of '{old.id}' is also in {files[old.version].name}")],
            )
        if version_key(old.version) > version_key(latest.version):
            raise QuestionnaireError(
                old_path.name,
                [
                    Problem(
                        "version",
                        f"{old.version} is newer than {path.name} ({latest.version}): the newest version is "
                        f"the file beside the others, earlier ones go in {VERSIONS_DIR}/",
                    )
                ],
            )
        files[old.version] = old_path
        editions[old.version] = old
    everything = {**editions, latest.version: latest}
    for fw in everything.values():
        if fw.upgrade is None:
            continue
        previous = everything.get(fw.upgrade.from_version)
        if previous is None:  # a folder without the earlier version (a copy of the newest file only): nothing
            continue  # can be moved from it here, and benchmark.upgrade says so if asked
        problems = check_upgrade(fw, previous)
        if problems:
            raise _located(files[fw.version], problems)
    for fw in everything.values():
        fw.keep_editions(e for v, e in everything.items() if v != fw.version)


@lru_cache(maxsize=8)
def _load_all(folder: str) -> dict[str, Framework]:
    frameworks: dict[str, Framework] = {}
    paths: dict[str, Path] = {}
    for path in _framework_files(Path(folder)):
        fw = load_framework(path)
        if fw.id in frameworks:
            raise QuestionnaireError(
                path.name, [Problem("id", f"framework id '{fw.id}' is already used by another file")]
            )
        frameworks[fw.id], paths[fw.id] = fw, path
    older: dict[str, list[tuple[Path, Framework]]] = {}
    for path in _version_files(Path(folder) / VERSIONS_DIR):
        fw = load_framework(path)
        if fw.id not in frameworks:
            raise QuestionnaireError(
                path.name,
                [Problem("id", f"an earlier version of '{fw.id}', but no current '{fw.id}' file is beside it")],
            )
        older.setdefault(fw.id, []).append((path, fw))
    for fw_id, fw in frameworks.items():
        _attach_editions(fw, paths[fw_id], older.get(fw_id, []))
    return dict(sorted(frameworks.items(), key=lambda kv: (kv[1].order, kv[0])))


def load_frameworks(folder: str | Path | None = None) -> dict[str, Framework]:
    """Every framework in the questionnaire folder, keyed by id (cached per folder)."""
    return dict(_load_all(str(Path(folder) if folder else questionnaire_dir())))


def get_framework(framework_id: str, folder: str | Path | None = None) -> Framework:
    frameworks = load_frameworks(folder)
    try:
        return frameworks[framework_id]
    except KeyError:
        known = ", ".join(sorted(frameworks)) or "none"
        raise KeyError(f"unknown framework '{framework_id}' (available: {known})") from None


def framework_for(frameworks: Mapping[str, Framework], framework_id: str, version: str) -> Framework | None:
    """The framework an assessment was made with: its id at its version, among ``frameworks`` and the versions
    kept beside them; None when this app does not have it."""
    fw = frameworks.get(framework_id)
    return fw.edition(version) if fw else None


def missing_version(frameworks: Mapping[str, Framework], framework_id: str, version: str, what: str = "it") -> str:
    """Why an assessment (``what``: "it", "the report") cannot be opened here, in words (a :class:`Sentence`, which
    a page shows in its reader's language): the framework or its version is not kept."""
    who = Sentence(N_("the report")) if what == "the report" else Sentence(N_("it")) if what == "it" else what
    fw = frameworks.get(framework_id)
    if fw is None:
        known = ", ".join(sorted(frameworks)) or "none"
        return Sentence(
            N_("{what} is for the framework '{framework}', which this app does not have (it has: {known})"),
            what=who,
            framework=framework_id,
            known=known,
        )
    kept = ", ".join(e.version for e in fw.editions)
    return Sentence(
        N_(
            "{what} was made with version {version} of {framework}, which this app does not keep (it keeps {kept}). "
            "Answers cannot be read against other questions; ask your administrator for the {title} {asked} "
            "questionnaire (earlier versions go in the questionnaires' {folder}/ folder)"
        ),
        what=who,
        version=version,
        framework=fw.short_title,
        kept=kept,
        title=fw.short_title,
        asked=version,
        folder=VERSIONS_DIR,
    )


def framework_roles(framework_id: str, frameworks: Mapping[str, Framework] | None = None) -> tuple[str, ...]:
    """The respondent roles a framework offers every assessment: of ``frameworks``, or else of the questionnaire
    folder (none when no framework there has this id)."""
    fw = (load_frameworks() if frameworks is None else frameworks).get(framework_id)
    return tuple(fw.respondents.roles) if fw else ()
