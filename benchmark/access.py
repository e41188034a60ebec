"""Who may open what in the app: the access mode, the links as addresses, and private copies.

Two modes, set by ``BENCHMARK_ACCESS`` (an environment variable or a Streamlit secret):

* ``open`` (the default): one team on its own machine or server. Home lists every saved assessment and
  addresses carry the assessment's id (``?a=…``).
* ``links``: a deployment shared by several cities. Nothing is listed; an assessment is reached only with its
  edit link or its view-only link (``?t=…``, see :meth:`benchmark.store.Store.create`), and a facilitator
  reads the members of a peer-review group with the group's facilitator code.

Plain Python, no Streamlit: the pages in ``app_pages/`` call these.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Literal
from urllib.parse import parse_qs, urlsplit, urlunsplit

from .assessment import Answer, Assessment
from .framework.model import Framework
from .framework.vocabulary import EVIDENCE_KINDS
from .i18n.translator import N_
from .store import well_formed

Mode = Literal["open", "links"]
MODES: tuple[Mode, ...] = ("open", "links")

INVALID_LINK = N_("This link is not valid. Ask whoever shared it for a new one.")
INVALID_CODE = N_("This code is not valid. Ask whoever set up the peer-review group for the facilitator code.")
VIEW_ONLY = N_(
    "You are viewing with a view-only link: you can read everything, but nothing can be changed. "
    "Ask the team for the edit link to make changes."
)
NOT_SAVED_VIEW_ONLY = N_("Nothing was saved: this is a view-only link.")
NO_RESPONDENT_LINKS = N_(
    "This link cannot be opened here: respondents' links work only where the app is shared with links. "
    "Please tell the team that sent it."
)

# Page addresses a link may point to (the file names of app_pages/ as Streamlit turns them into paths).
PAGE_PATHS = (
    "home",
    "assess",
    "results",
    "action_plan",
    "compare",
    "exchange",
    "about",
    "group",
    "respondents",
    "consensus",
    "respond",
)


def access_mode(value: object = None) -> Mode:
    """The mode a setting names; an unknown value is refused, never taken for the open mode."""
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "open"):
        return "open"
    if text == "links":
        return "links"
    raise ValueError(
        f"BENCHMARK_ACCESS is set to {str(value)[:40]!r}; it must be 'open' or 'links'. "
        "The app shows nothing until it is corrected."
    )


def respondent_links(mode: Mode) -> bool:
    """Whether respondents' links are made and opened: in the links mode only.

    In the open mode whoever reaches the app is the team: Home lists every assessment and every page edits. A
    respondent who deleted ``?r=…`` from their link would land there, and no page can be kept from them, since
    nothing tells them from the team. So in that mode no link is made, and one made before opens nothing."""
    return mode == "links"


def app_base(page_url: str | None) -> str | None:
    """The app's address without the page, from the address of the page on screen (``None`` if unknown)."""
    if not page_url:
        return None
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in PAGE_PATHS:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def link_url(base: str | None, page: str, token: str) -> str:
    """The address to hand out for a token: the full URL when the app's address is known, else ``?t=…``."""
    query = f"?t={token}"
    return f"{base}/{page}{query}" if base else query


def token_from(pasted: object) -> str | None:
    """The token in what someone pasted: a whole link (``…?t=TOKEN``) or the bare token; ``None`` otherwise.

    Nothing here looks anything up: a well-formed token may still open nothing.
    """
    if not isinstance(pasted, str) or len(pasted) > 4_000:
        return None
    text = pasted.strip()
    if well_formed(text):
        return text
    if "t=" in text:
        values = parse_qs(urlsplit(text).query).get("t", [])
        if len(values) == 1 and well_formed(values[0].strip()):
            return values[0].strip()
    return None


def private_copy(a: Assessment) -> Assessment:
    """A copy under a new id (a sample or an uploaded report on a shared deployment), so that nobody's
    assessment is reached or replaced through an id that others know too."""
    return a.model_copy(update={"id": uuid.uuid4().hex, "reviewer_of": None}, deep=True)


def describe_answer(answer: Answer | None, framework: Framework, item_id: str, _: Callable[[str], str] = N_) -> str:
    """An answer in plain lines, for showing two versions of it side by side (``_``: the reader's gettext)."""
    if answer is None or answer.is_empty():
        return _("(no answer)")
    rating = framework.rating_label(item_id, answer.value) or _("not rated yet")
    lines = [_("Rating: {rating}").format(rating=rating)]
    for label, text in (
        (_("Why not relevant: {text}"), answer.reason),
        (_("Evidence: {text}"), answer.evidence),
        (_("Notes: {text}"), answer.notes),
    ):
        if text:
            lines.append(label.format(text=text))
    if answer.evidence_kind:
        kind = EVIDENCE_KINDS.get(answer.evidence_kind)
        lines.append(_("Kind of evidence: {kind}").format(kind=_(kind) if kind else answer.evidence_kind))
    return "\n".join(lines)


def describe_targets(targets: dict[str, float], framework: Framework) -> str:
    return "\n".join(f"{s.id} {s.title}: {targets.get(s.id, framework.default_target):g} %" for s in framework.sections)


__all__ = [
    "INVALID_CODE",
    "INVALID_LINK",
    "MODES",
    "NOT_SAVED_VIEW_ONLY",
    "VIEW_ONLY",
    "access_mode",
    "app_base",
    "describe_answer",
    "describe_targets",
    "link_url",
    "private_copy",
    "token_from",
]
