"""Why the store refused a call; every message can be shown to the user as it is."""

from __future__ import annotations

from typing import Any, Literal

Part = Literal["answer", "details", "actions", "respondent_answer", "consensus", "section"]  # what a revision guards


class DatabaseUnavailable(Exception):
    """The database did not answer (down, restarting, or busy past the wait), even after one retry on a new
    connection: nothing of the call was written, and it can be tried again as it was."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason  # the driver's first line, for the server log, never for the user
        super().__init__("Not saved: the database cannot be reached just now. Try again in a moment.")


class AccessDenied(PermissionError):
    """A link or code does not allow what was asked; the message can be shown as it is."""


class AgreedRating(ValueError):
    """The item has an agreed rating (a consensus): its rating changes through the consensus, not the answer."""


class Conflict(Exception):
    """Someone else saved the same part since it was loaded; nothing was written.

    ``theirs`` is what is stored now (an :class:`Answer`, the action list, the whole stored
    :class:`Assessment` for details, or a :class:`Consensus` or None for a consensus), ``ours`` what this save
    tried to write, ``revision`` the stored part's revision: saving again with it as ``expected_revision``
    deliberately replaces theirs. A respondent's answer conflicts only with the same respondent's other tab.
    """

    def __init__(
        self, part: Part, assessment_id: str, theirs: Any, ours: Any, revision: int, item_id: str | None = None
    ) -> None:
        self.part, self.assessment_id, self.item_id = part, assessment_id, item_id
        self.theirs, self.ours, self.revision = theirs, ours, revision
        what = {
            "answer": f"the answer to item {item_id}",
            "details": "the details",
            "actions": "the action plan",
            "respondent_answer": f"your answer to item {item_id}",
            "consensus": f"the agreed rating of item {item_id}",
            "section": f"whether {item_id} is relevant here",
        }[part]
        super().__init__(
            f"someone else saved {what} of this assessment after you opened it; "
            "your version was not saved and theirs was not overwritten"
        )
