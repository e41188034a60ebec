"""The fixed words every framework shares: what an action's priority and status can be, what kind a piece of
evidence is, what kind of assessment it is. Each is defined once, as a Literal type with its values (and, where
people read a different word than is stored, its English labels, marked for the catalogs with ``N_`` and
translated where they are shown), so models, pages and workbooks cannot drift apart.

What differs between frameworks (the subject, respondent roles, comparison bands, suggestion kinds) is declared in
the framework file instead (``benchmark.framework.model``).
"""

from __future__ import annotations

from typing import Literal, get_args

from ..i18n.translator import N_

Priority = Literal["High", "Medium", "Low"]
Status = Literal["Not started", "In progress", "Done", "On hold"]
EvidenceKind = Literal["policy", "practice", "lived"]
AssessmentType = Literal["self", "peer"]

PRIORITIES: tuple[str, ...] = get_args(Priority)
STATUSES: tuple[str, ...] = get_args(Status)
# Stored in English and shown in the reader's language (a report's Action plan): marked here for the catalogs.
_SHOWN_TRANSLATED = (
    N_("High"),
    N_("Medium"),
    N_("Low"),
    N_("Not started"),
    N_("In progress"),
    N_("Done"),
    N_("On hold"),
)
# What a piece of evidence is: stored as the key, shown as the label.
EVIDENCE_KINDS: dict[str, str] = dict(
    zip(
        get_args(EvidenceKind),
        (N_("Policy or document"), N_("Internal practice"), N_("External or lived-experience evidence")),
        strict=True,
    )
)
ASSESSMENT_TYPES: dict[str, str] = dict(
    zip(get_args(AssessmentType), (N_("Self-assessment"), N_("Peer review")), strict=True)
)
