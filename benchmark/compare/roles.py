"""Across assessments with several respondents: how far one group's ratings sit from another's."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..assessment import Assessment
from ..disclosure import views_shown
from ..framework.model import Framework
from ..respondents import views
from .frame import OVERALL, check_one_framework
from .names import subject_key

ROLE_GAP_COLUMNS = ("id", "subject", "type", "date", "group_a", "group_b", "n_a", "n_b", "overall")


def role_gaps(assessments: Sequence[Assessment], framework: Framework, group_a: str, group_b: str) -> pd.DataFrame:
    """Across assessments, how far one group of respondents' ratings sit from another's (e.g. migrant residents
    against city officials): per section and overall, ``group_a``'s mean − ``group_b``'s, in points.

    Each assessment's own minimum group size applies exactly as in its views (``respondents.views``): a
    group under it is never shown, so its gap is empty (NaN), as are ``n_a``/``n_b`` (respondents counted
    overall). Assessments whose team has not revealed the views are left out. Only assessments where both groups
    are shown somewhere are listed, largest absolute gap in any section first. A group is a role, or the merged
    "Other roles (groups under k)".
    """
    check_one_framework(assessments, framework)
    sections = [s.id for s in framework.sections]
    rows = []
    for a in assessments:
        if not a.respondents or not views_shown(a):  # before the team's reveal, nobody sees the views
            continue
        v = views(a, framework)
        gaps = v.gap(group_a, group_b, "section")
        overall = v.gap(group_a, group_b, "overall")[OVERALL]
        if overall is None and all(g is None for g in gaps.values()):
            continue
        na, nb = v.overall.groups.get(group_a), v.overall.groups.get(group_b)
        rows.append(
            {
                "id": a.id,
                "subject": a.subject.name,
                "type": a.assessment_type,
                "date": a.date,
                "group_a": group_a,
                "group_b": group_b,
                "n_a": na.n if na else None,
                "n_b": nb.n if nb else None,
                "overall": overall,
                **gaps,
            }
        )
    frame = pd.DataFrame(rows, columns=[*ROLE_GAP_COLUMNS, *sections])
    for col in ("overall", *sections):
        frame[col] = frame[col].astype("float64")
    for col in ("n_a", "n_b"):
        frame[col] = frame[col].astype("Int64")
    widest = frame[sections].abs().max(axis=1, skipna=True).fillna(-1)
    frame = frame.assign(_w=-widest, _key=frame["subject"].map(subject_key)).sort_values(["_w", "_key", "date", "id"])
    return frame.drop(columns=["_w", "_key"]).reset_index(drop=True)
