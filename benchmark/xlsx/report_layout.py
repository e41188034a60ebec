"""The report's shape, which the writer makes and the reader expects: sheet names, headings, the format's id.

A report is meant for people first (a summary with a chart, readable tables, a printable action plan) and for
this app second: the same file loads back in, so a team can edit answers, targets and the action plan in Excel or
LibreOffice and continue in the app. What the app needs to recognise the file (ids, versions, fields no sheet
shows) lives in a hidden sheet ``_meta``.

Several respondents (benchmark/respondents.py). A report of an assessment with respondents or agreed ratings has
two more sheets:

* "Views by role" (visible): per section and per item, each shown group's mean and n, the spread between groups,
  the SD, the disagreement rank, and per item the rating used, the agreed rating with who agreed and why, and the
  kinds of evidence given. It respects the minimum group size exactly as the app's views do
  (``respondents.views``): no figure of a group under k, no figure over everyone.
* "_respondents" (hidden, like ``_meta``): what the app needs to load every respondent's own answers back, in
  blocks that each start with a marker row (``RESPONDENT_BLOCKS``): ``[settings]`` (key, value: extra_roles as
  JSON, min_group_size, revealed), ``[respondents]`` (id, role, label, created_at), ``[answers]`` (respondent,
  item, value, reason, evidence, evidence_kind, notes: values are the scale's keys, not its labels) and
  ``[consensus]`` (item, value, agreed_by as JSON, rationale, decided_at). It holds individual ratings, so it is
  written only when asked for (``individual_answers=True``) and ``disclosure.individual_answers_withheld`` allows
  it (after the reveal, every role of at least k); without it ``services.import_report`` keeps the respondents,
  their answers and the agreed ratings already stored.

The Answers sheet has an "Evidence kind" column (a drop-down of ``EVIDENCE_KINDS``; reports from before it load
without it), and the Summary lists the rated items that rest on no evidence at all.
"""

from __future__ import annotations

from ..plan import COLUMNS as PLAN_COLUMNS

FORMAT = "benchmark-report"
FORMAT_VERSION = 1

SUMMARY, SCORES, ANSWERS, GAPS, PLAN, METHOD, META = (
    "Summary",
    "Scores",
    "Answers",
    "Gaps",
    "Action plan",
    "Method",
    "_meta",
)
VIEWS, RESPONDENTS = "Views by role", "_respondents"
SHEET_ORDER = [SUMMARY, SCORES, ANSWERS, VIEWS, GAPS, PLAN, METHOD, META, RESPONDENTS]

ANSWER_HEADINGS = (
    "Item",
    "Section",
    "Question",
    "Rating",
    "Why not relevant",
    "Evidence",
    "Evidence kind",
    "Notes",
    "Source",
)
OPTIONAL_ANSWER_HEADINGS = ("Evidence kind",)  # reports from before it load without it
SCORE_HEADINGS = (
    "ID",
    "Section",
    "Score %",
    "Target %",
    "Gap (points)",
    "Weight",
    "Rated",
    "Not relevant",
    "Unanswered",
    "Maturity",
)
PLAN_HEADINGS = ("ID", *PLAN_COLUMNS.values())

RESPONDENT_BLOCKS = {
    "[settings]": ("key", "value"),
    "[respondents]": ("id", "role", "label", "created_at"),
    "[answers]": ("respondent", "item", "value", "reason", "evidence", "evidence_kind", "notes"),
    "[consensus]": ("item", "value", "agreed_by", "rationale", "decided_at"),
}
