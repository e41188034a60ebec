"""When the respondents' answers may leave the app, beyond the views by role.

Respondents are promised (on their own page) that the team sees their ratings only as part of a group's average,
of at least k people, and only once it reveals the views. A report carrying each respondent's own answers (the
hidden ``_respondents`` sheet, which a round trip needs) breaks that promise unless all of these hold:

* the person asking has the team's edit access (the app checks that: a view-only link never may);
* the team has revealed the views (before, nobody sees any respondent's rating, not even as an average);
* every role has at least k respondents: a lone migrant respondent's row names their role next to their rating,
  evidence and initials, which is their answer, not a group's.

The views by role themselves (the report's "Views by role" sheet, Compare's role gaps) are shown only after the
reveal, and then only as ``respondents.views`` shows them (no group under k).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .assessment import Assessment
from .i18n.translator import N_, Translator, translator


class Withheld(ValueError):
    """Individual answers were asked for where they may not be given; the message says why, in plain words."""


NOT_REVEALED = N_(
    "The respondents' own answers stay out of the report until the team reveals the views (on the Respondents page)."
)
VIEW_ONLY = N_("Only the team's edit link can include the respondents' own answers; this link is view only.")


def individual_answers_withheld(
    assessment: Assessment, t: Translator | None = None, role: Callable[[str], str] = str
) -> str | None:
    """Why the respondents' own answers may not go into a report now (in the reader's language, ``t``, each role
    named by ``role``), or None when they may (with edit access; with no respondent there is nothing to withhold)."""
    t = t or translator(None)
    if not assessment.respondents:
        return None
    if not assessment.revealed:
        return t.gettext(NOT_REVEALED)
    k = assessment.min_group_size
    small = sorted((role, n) for role, n in Counter(r.role for r in assessment.respondents).items() if n < k)
    if small:
        roles = ", ".join(f"{role(name)} ({t.number(n)})" for name, n in small)
        return t.gettext(
            "The respondents' own answers can be included only when every role has at least {k} respondents "
            "(the minimum group size), so that no row is one person's answer in a small group; fewer here: {roles}."
        ).format(k=t.number(k), roles=roles)
    return None


def views_shown(assessment: Assessment) -> bool:
    """Whether the views by role may be shown at all: only once the team has revealed them."""
    return assessment.revealed
