"""Where assessments live: SQLite by default, any SQLAlchemy database when configured.

Answers are stored one row per item and saved one at a time, so two people
answering different items of the same assessment never overwrite each other,
and an answer is on disk the moment it is given. The rest of an assessment
(subject, targets, weights, notes) is one JSON column, and the action plan one
row per action.

Nothing is lost when several people edit one assessment: every write bumps the
assessment's ``revision`` counter and stamps the part it wrote (the details, the
action plan, or one answer) with the new value. A save that says which revision
it started from is refused with :class:`Conflict`, carrying both versions, when
someone else wrote that part in between; see :meth:`Store.load` and :mod:`.revisions`.

On a shared deployment an assessment is reached by link, not by a list: it has
an edit link and a view link (see :meth:`Store.create`, :meth:`Store.resolve`),
and a facilitator sees the assessments that joined a peer-review group with the
group's facilitator code. Only hashes of links and codes are stored. Assessments saved with
:meth:`Store.save` (samples, imports, anything from before links existed) have no links until
:meth:`Store.rotate_links` makes them: a link is shown once, when it is made.

Several respondents per assessment (schema v3, :mod:`.respondents`; what their views show:
benchmark/respondents.py): each respondent's answers are rows of their own, saved item by item like the
team's, through the respondent's own link (hashed too), which opens only their answers; the agreed ratings
(consensus) are rows of their own and also set the team's answer. Roles added, the minimum group size and
the reveal flag live apart from the details, so a details save never undoes a reveal. Respondents saved with
:meth:`Store.save` have no link until :meth:`Store.rotate_respondent_link` makes one.

Configuration, first match wins:
  * ``BENCHMARK_DATABASE_URL`` — any SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@host/db``;
  * ``BENCHMARK_DATA_DIR`` — folder for the default SQLite file ``benchmark.db``;
  * otherwise ``./data/benchmark.db``, created on first use.

Layout: :mod:`.schema` (the tables) and :mod:`.migrations` (registered steps from older versions);
:mod:`.database` (which database, how a transaction opens); one module of functions over a connection per
concern (:mod:`.assessments`, :mod:`.answers`, :mod:`.links`, :mod:`.groups`, :mod:`.settings`,
:mod:`.respondents`, :mod:`.consensus`); :mod:`.revisions` (the versioned save), :mod:`.tokens` (the one
token-hash lookup); :mod:`.backup` (a whole store as one JSON file); :class:`Store` (:mod:`.facade`) opens
one transaction per call over them.
"""

from .database import default_url
from .errors import AccessDenied, AgreedRating, Conflict, DatabaseUnavailable
from .facade import Store
from .records import (
    Access,
    Group,
    GroupCodes,
    Links,
    RespondentAccess,
    RespondentSession,
    RespondentSnapshot,
    Snapshot,
    Summary,
    as_utc,
)
from .schema import SCHEMA_VERSION, metadata
from .tokens import TOKEN_LENGTH, token_hash, well_formed

__all__ = [
    "SCHEMA_VERSION",
    "TOKEN_LENGTH",
    "Access",
    "AccessDenied",
    "AgreedRating",
    "Conflict",
    "DatabaseUnavailable",
    "Group",
    "GroupCodes",
    "Links",
    "RespondentAccess",
    "RespondentSession",
    "RespondentSnapshot",
    "Snapshot",
    "Store",
    "Summary",
    "as_utc",
    "default_url",
    "metadata",
    "token_hash",
    "well_formed",
]
