"""The Compare page's data and views, as functions the page script (``compare.py``) calls.

They live in an imported module rather than in the page script itself: Streamlit compiles a page script's source
on every run in tests (and on a server's first run of each page), while an imported module is compiled once and
kept; the page script is left short.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from app_pages.ui.charts import sendable
from app_pages.ui.text import md
from benchmark.charts import compare as compare_charts
from benchmark.charts.compare import heatmap
from benchmark.compare.findings import Findings, key_findings
from benchmark.compare.frame import OVERALL, latest, scores_frame, subject_row
from benchmark.compare.learning import learning_pairs
from benchmark.compare.names import plural, subject_key
from benchmark.compare.progress import progress as progress_rows
from benchmark.compare.progress import progress_deltas
from benchmark.compare.ranking import competition_rank
from benchmark.compare.ranking import ranking as rank_rows
from benchmark.compare.self_peer import self_peer_all, self_peer_summary
from benchmark.compare.similar import similar
from benchmark.compare.stats import section_stats, shared_gaps
from benchmark.framework.model import Framework
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.services import MixedFrameworksError, load_many
from benchmark.upgrade import describe_moves, on_version

BASES = {"self": "Latest self-assessments", "peer": "Latest peer reviews"}
VIEWS = {
    "overview": "Overview heatmap",
    "distribution": "Distribution",
    "ranking": "Ranking",
    "gaps": "Shared gaps and who can learn from whom",
    "self_peer": "Self-assessment vs peer review",
    "progress": "Progress over time",
}
SIMILAR_BY = {
    "both": "Population and share born abroad",
    "population": "Population only",
    "share": "Share born abroad only",
}


# ------------------------------------------------------------------------------------------ the data, kept


class Network:
    """The compared assessments, scored once; what the views derive from them is kept (the last 64 results)."""

    def __init__(self, assessments, framework: Framework):
        # assessments of an earlier version are read through the mapping the newer version declares, and the
        # page says so (mapped_note); the stored ones stay as they were
        self.assessments, moved = on_version(list(assessments), framework)
        self.mapped_note = describe_moves(moved, framework)
        self.framework = framework
        self.frame = scores_frame(self.assessments, framework)
        self.kinds = {k: int(n) for k, n in self.frame["type"].value_counts().items()}
        # one name per city (as first written), whatever the case or spacing of the others
        self.subjects = sorted(
            {subject_key(s): s for s in reversed(self.frame["subject"].tolist())}.values(), key=subject_key
        )
        self.stamped: dict = {}  # (id, last change) -> assessment, for saved ones
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def kept(self, fn, *args):
        """``fn(self, *args)``, computed the first time it is asked for."""
        key = (fn.__name__, *args)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = fn(self, *args)
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > 64:
                self._kept.popitem(last=False)
        return value


def digest_of(parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@st.cache_resource(max_entries=8, show_spinner="Reading and scoring the assessments…")
def network(digest: str, _build):
    """What ``_build()`` returns, once per digest of its data (shared by every session: the data is the same)."""
    return _build()


def saved(store, framework: Framework, stamps: tuple, previous: Network | None) -> Network:
    """The saved assessments; those unchanged since the last network on screen are not read again."""
    known = {} if previous is None else previous.stamped
    found = {stamp: known.get(stamp) or store.get(stamp[0]) for stamp in stamps}
    net = Network([a for a in found.values() if a is not None], framework)
    net.stamped = found
    return net


def uploaded(files: tuple, frameworks: dict):
    """(network or None, problems by file name, the mixed-frameworks error or None)."""
    try:
        assessments, problems = load_many(files, frameworks)
    except MixedFrameworksError as exc:
        return None, exc.problems, exc
    if not assessments:
        return None, problems, None
    return Network(assessments, frameworks[assessments[0].framework]), problems, None


def spec_of(chart) -> dict:
    """The chart as a Vega-Lite dict ready to send, kept by the caller. Not validated again here (half the cost
    with 500 cities): the chart tests validate these charts' structure, and the data does not change it."""
    return sendable(chart.to_dict(validate=False))


def rows_of(net: Network, basis: str) -> pd.DataFrame:
    return latest(net.frame, basis)


def pairs_of(net: Network) -> list:
    return self_peer_all(net.assessments, net.framework, net.frame)


def findings_of(net: Network, basis: str) -> Findings:
    return key_findings(net.kept(rows_of, basis), net.kept(pairs_of), net.framework)


def heatmap_spec(net: Network, basis: str) -> dict:
    return spec_of(heatmap(net.kept(rows_of, basis), net.framework))


def _r(x) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x), 1)


def heatmap_table(net: Network, basis: str) -> pd.DataFrame:
    """The heatmap's numbers, in its order (best overall first), with each city's overall rank."""
    fw, rows = net.framework, net.kept(rows_of, basis)
    ranks = dict(zip(rows["id"], competition_rank(rows[OVERALL])))
    order = rows.assign(_o=rows[OVERALL].fillna(-1), _k=rows["subject"].map(subject_key)).sort_values(
        ["_o", "_k"], ascending=[False, True]
    )
    return pd.DataFrame(
        {
            fw.subject_label: order["subject"].tolist(),
            "Date": order["date"].tolist(),
            "Rank": pd.array([ranks[i] for i in order["id"]], dtype="Int64"),
            "Overall %": [_r(v) for v in order[OVERALL]],
            **{s.id: [_r(v) for v in order[s.id]] for s in fw.sections},
            "Completion %": [_r(v) for v in order["completion"]],
        }
    )


def distribution_spec(net: Network, basis: str, subject: str) -> dict:
    return sendable(compare_charts.distribution_spec(net.kept(rows_of, basis), net.framework, subject))


def spread_of(net: Network, basis: str) -> pd.DataFrame:
    return section_stats(net.kept(rows_of, basis), net.framework)


def stats_table(net: Network, basis: str, subject: str) -> pd.DataFrame:
    fw = net.framework
    stats = net.kept(spread_of, basis)  # the same for every city picked out: only its own column changes
    mine = subject_row(net.kept(rows_of, basis), subject)
    return pd.DataFrame(
        {
            fw.section_label: stats["section"],
            "Title": stats["title"],
            f"{plural(fw.subject_label).capitalize()} with a score": stats["n"],
            "Mean %": stats["mean"].map(_r),
            "Median %": stats["median"].map(_r),
            "Lowest %": stats["min"].map(_r),
            "Highest %": stats["max"].map(_r),
            f"{subject} %": [None if mine is None else _r(mine[s.id]) for s in fw.sections],
        }
    )


def ranking_table(net: Network, basis: str, section: str | None) -> pd.DataFrame:
    ranked = rank_rows(net.kept(rows_of, basis), section)
    return pd.DataFrame(
        {
            "Rank": ranked["rank"],
            net.framework.subject_label: ranked["subject"],
            "Score %": ranked["score"].map(_r),
            "Date": ranked["date"],
        }
    )


def similar_group(net: Network, basis: str, subject: str, by: str, section: str | None):
    try:
        return similar(net.kept(rows_of, basis), net.framework, subject, by, section)
    except KeyError:
        return None


def gaps_table(net: Network, basis: str, points: float) -> pd.DataFrame:
    fw = net.framework
    gaps = shared_gaps(net.kept(rows_of, basis), fw, points)
    cities = plural(fw.subject_label).capitalize()
    return pd.DataFrame(
        {
            fw.section_label: gaps["section"],
            "Title": gaps["title"],
            f"{cities} below target": gaps["below"],
            "With a score": gaps["rated"],
            "Share below %": gaps["share"].map(_r),
            "Mean gap (points)": gaps["mean_gap"].map(_r),
            "Which ones": gaps["subjects"].map(lambda names: md(", ".join(names))),
        }
    )


def learning_of(net: Network, basis: str) -> dict:
    return {s.section: s for s in learning_pairs(net.kept(rows_of, basis), net.assessments, net.framework)}


def pair_spec(net: Network, peer_id: str, level: str) -> dict:
    pair = next(p for p in net.kept(pairs_of) if p.peer_id == peer_id)
    return sendable(compare_charts.self_peer_spec(pair, net.framework, level))


def pairs_table(net: Network) -> pd.DataFrame:
    fw, summary = net.framework, self_peer_summary(net.kept(pairs_of))
    return pd.DataFrame(
        {
            fw.subject_label: summary["subject"],
            "Self-assessment of": summary["self_date"],
            "Peer review of": summary["peer_date"],
            "Overall, self-assessment %": summary["self_overall"].map(_r),
            "Overall, peer review %": summary["peer_overall"].map(_r),
            "Difference (points)": summary["difference"].map(_r),
            "Same rating on % of items": summary["agreement"].map(_r),
            "Mean difference per item (points)": summary["mean_abs_difference"].map(_r),
            "Most generous on": summary["most_generous_section"],
            "By (points)": summary["most_generous_difference"].map(_r),
        }
    )


def progress_of(net: Network, basis: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return progress_rows(net.frame, net.framework, basis), progress_deltas(net.frame, net.framework, basis)


def progress_spec(net: Network, basis: str, subject: str) -> dict:
    return sendable(compare_charts.progress_spec(net.kept(progress_of, basis)[0], net.framework, subject))


# ------------------------------------------------------------------------------------------ words


def pct(x) -> str:
    return "not yet rated" if x is None or pd.isna(x) else f"{x:.0f} %"


def names(subjects) -> str:
    subjects = [f"**{md(s)}**" for s in subjects]
    return subjects[0] if len(subjects) == 1 else ", ".join(subjects[:-1]) + " and " + subjects[-1]


def nothing_to_compare(framework: Framework | None = None) -> None:
    which = f"the {framework.short_title} samples" if framework else "the samples of a framework"
    st.info(
        f"There is nothing to compare yet. To try this page, go to **Home → Open a sample** and press "
        f"**Add all … samples** ({which}); they are added to the app and this page opens with them. "
        "Or choose **Upload report workbooks** above and load the reports of several cities.",
        icon=":material/info:",
    )
    st.page_link("app_pages/home.py", label="Go to Home", icon=":material/home:")
    st.stop()


def show_findings(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    found = net.kept(findings_of, basis)
    city, cities = fw.subject_label.lower(), plural(fw.subject_label)
    n = net.kept(rows_of, basis)["subject"].nunique()
    with st.container(border=True):
        st.subheader("Key findings")
        st.caption(f"From the {BASES[basis].lower()} of the {n} {cities}, one per {city}.")
        left, right = st.columns(2)
        strongest = [
            f"**Strongest on each {fw.section_label.lower()}** "
            f"({'by peer review' if basis == 'peer' else 'by self-assessment'})"
        ]
        for lead in found.leaders:
            strongest.append(f"- {lead.section} {md(lead.title)}: {names(lead.subjects)} ({pct(lead.score)})")
        if not found.leaders:
            strongest.append(f"\nNo {city} has a score above 0 yet.")
        left.markdown("\n".join(strongest))

        gap = found.shared_gap
        if gap is None:
            text = f"No {city} is below its target on any {fw.section_label.lower()}."
        else:
            where = f"**{gap['section']} {md(gap['title'])}**"
            if found.gap_from > 0:
                text = (
                    f"{where}: {gap['below']} of the {gap['rated']} {cities} are more than {found.gap_from:.0f} "
                    f"points below their own target there (the average gap of all {gap['rated']} is "
                    f"{gap['mean_gap']:.0f} points)."
                )
            else:
                text = f"{where}: {gap['below']} of the {gap['rated']} {cities} are below their own target there."
            wider = found.any_gap
            if found.gap_from > 0 and wider is not None and wider["section"] != gap["section"]:
                text += (
                    f" Counting every shortfall, however small, **{wider['section']} {md(wider['title'])}** "
                    f"is below target for {wider['below']} of {wider['rated']}."
                )
        right.markdown(f"**Gap most {cities} share**\n\n{text}")

        pairs = net.kept(pairs_of)
        p = found.generous
        if not pairs:
            text = "No peer review here is paired with a self-assessment yet."
        elif p is None:
            text = "No self-assessment is above its peer review in any " + fw.section_label.lower() + "."
        else:
            m = p.most_generous
            text = (
                f"**{md(p.subject)}** on **{m['section']} {md(m['title'])}**: {pct(m['self'])} in its "
                f"self-assessment against {pct(m['peer'])} in the peer review ({m['difference']:+.0f} points)."
            )
            item = next((r for r in p.item_rows if r["section"] == m["section"] and (r["difference"] or 0) > 0), None)
            if item:
                text += f" Widest on item {item['item']}: {md(item['self_rating'])} against {md(item['peer_rating'])}."
            mine = [q for q in pairs if subject_key(q.subject) == subject_key(highlight)]
            if mine and subject_key(highlight) != subject_key(p.subject):
                top = max(mine, key=lambda q: (q.peer_date, q.peer_id)).most_generous  # its latest peer review
                text += (
                    f"\n\nFor {md(highlight)}: most generous on **{top['section']} {md(top['title'])}** "
                    f"({top['difference']:+.0f} points)."
                    if top
                    else f"\n\nFor {md(highlight)}: the self-assessment is nowhere above the peer review."
                )
        right.markdown(f"**Largest difference between self-assessment and peer review**\n\n{text}")


# ------------------------------------------------------------------------------------------ the views


def overview(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    st.subheader("Overview heatmap")
    st.vega_lite_chart(net.kept(heatmap_spec, basis), width="stretch")
    table = net.kept(heatmap_table, basis)
    mine = table[table[fw.subject_label].map(subject_key) == subject_key(highlight)]
    if len(mine):
        r = mine.iloc[0]
        rank = r["Rank"] if pd.notna(r["Rank"]) else "—"
        st.markdown(f"{md(highlight)}: overall {pct(r['Overall %'])}, rank {rank} of {len(table)}.")
    st.caption(
        "The same numbers as a table (scores in %, best overall first; "
        + "; ".join(f"{s.id}: {s.title}" for s in fw.sections)
        + "):"
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={s.id: st.column_config.NumberColumn(s.id, help=s.title) for s in fw.sections},
    )


def distribution(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    st.subheader(f"Distribution per {fw.section_label.lower()}")
    st.vega_lite_chart(net.kept(distribution_spec, basis, highlight), width="stretch")
    rows = net.kept(rows_of, basis)
    if not (rows["subject"].map(subject_key) == subject_key(highlight)).any():
        st.caption(f"{md(highlight)} has no {ASSESSMENT_TYPES[basis].lower()} here, so it is not marked.")
    st.caption(
        "The same numbers as a table: the spread per " + fw.section_label.lower() + f" and {md(highlight)}'s own score."
    )
    st.dataframe(net.kept(stats_table, basis, highlight), hide_index=True, width="stretch")


def ranking(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    sections = {OVERALL: "Overall score", **{s.id: f"{s.id} {s.title}" for s in fw.sections}}
    on = st.selectbox("Rank on", list(sections), format_func=sections.get, key="compare_rank_on")
    section = None if on == OVERALL else on
    st.subheader(f"Ranking: {sections[on]}")
    table = net.kept(ranking_table, basis, section)
    mine = table[table[fw.subject_label].map(subject_key) == subject_key(highlight)]
    if len(mine) and pd.notna(mine.iloc[0]["Rank"]):
        st.markdown(f"{md(highlight)} is ranked **{mine.iloc[0]['Rank']}** of {len(table)}.")
    st.caption("Cities with the same score (to one decimal) share a place; one without a score is listed last.")
    st.dataframe(table, hide_index=True, width="stretch")

    st.subheader(f"Among similar {plural(fw.subject_label)}")
    rows = net.kept(rows_of, basis)
    if rows["population"].isna().all() and rows["migrant_share"].isna().all():
        st.caption(
            f"None of these {plural(fw.subject_label)} has a population or a share of residents born "
            "abroad on record, so they cannot be grouped by size."
        )
        return
    by = st.radio("Group by", list(SIMILAR_BY), format_func=SIMILAR_BY.get, horizontal=True, key="compare_similar_by")
    group = net.kept(similar_group, basis, highlight, by, section)
    if group is None:
        st.info(
            f"{md(highlight)} has no {ASSESSMENT_TYPES[basis].lower()} here. Choose another city to highlight, or the "
            "other kind of assessment above."
        )
        return
    (st.markdown if group.known else st.info)(md(group.note))
    if group.position is not None:
        st.markdown(
            f"{md(group.subject)} is ranked **{group.position}** of {len(group.ranking)} among them on "
            f"{sections[on].lower() if on == OVERALL else sections[on]}."
        )
    st.dataframe(
        pd.DataFrame(
            {
                "Rank": group.ranking["rank"],
                fw.subject_label: group.ranking["subject"],
                "Score %": group.ranking["score"].map(_r),
                "Population": group.ranking["population_band"],
                "Born abroad": group.ranking["share_band"],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def gaps(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    cities = plural(fw.subject_label)
    st.subheader("Shared gaps")
    points = st.number_input(
        "Count only gaps of more than N points",
        min_value=0.0,
        max_value=100.0,
        value=0.0,
        step=5.0,
        format="%.0f",
        key="compare_min_gap",
        help=f"0 counts every {fw.subject_label.lower()} below its own target, however "
        "little; 25 counts only those more than a quarter of the scale below it.",
    )
    st.caption(
        f"For each {fw.section_label.lower()}: how many {cities} are below their own target there, the most "
        "widely shared first. The gap is the target minus the score, in points."
    )
    # A table of text, not a data grid: "Which ones" lists several names, which a grid's cell cuts ("Feldhaven, Po…")
    # and a screen reader reads as a table only here.
    st.table(net.kept(gaps_table, basis, float(points)), hide_index=True)

    st.subheader("Who can learn from whom")
    learning = net.kept(learning_of, basis)
    labels = {s.id: f"{s.id} {s.title}" for s in fw.sections}
    first_gap = net.kept(findings_of, basis).shared_gap
    start = list(labels).index(first_gap["section"]) if first_gap else 0
    section = st.selectbox(fw.section_label, list(labels), index=start, format_func=labels.get, key="compare_learn_on")
    here = learning[section]
    if not here.strongest:
        st.markdown(f"No {fw.subject_label.lower()} has a score above 0 here yet.")
        return
    st.markdown(
        "**Strongest here**: "
        + ", ".join(
            f"**{md(s.subject)}** ({pct(s.score)}{', at or above its target' if s.at_target else ''})"
            for s in here.strongest
        )
    )
    for s in here.strongest:
        with st.expander(f"What {md(s.subject)} does on {section}: {len(s.evidence)} item(s) with evidence"):
            if not s.evidence:
                st.markdown("No evidence was written down for these items.")
            else:
                st.table(
                    pd.DataFrame(
                        {
                            "Item": [e.item for e in s.evidence],
                            "Question": [e.question for e in s.evidence],
                            "Rating": [e.rating for e in s.evidence],
                            "Evidence": [md(e.text) for e in s.evidence],
                        }
                    ),
                    hide_index=True,
                )
    if not here.learners:
        st.markdown(f"No {fw.subject_label.lower()} is below its target here.")
        return
    st.markdown(f"**{cities.capitalize()} below their target here, and whom they can learn from**")
    st.dataframe(
        pd.DataFrame(
            {
                fw.subject_label: [x.subject for x in here.learners],
                "Score %": [_r(x.score) for x in here.learners],
                "Gap (points)": [_r(x.gap) for x in here.learners],
                "Can learn from": [", ".join(x.peers) or "— (no stronger one scores above it)" for x in here.learners],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def self_peer(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    st.subheader("Self-assessment against peer review")
    pairs = net.kept(pairs_of)
    if not pairs:
        st.info(
            "No peer review here is paired with a self-assessment yet. A peer review is paired with the "
            "self-assessment it names or, failing that, with the same city's self-assessment nearest in date."
        )
        return
    by_id = {p.peer_id: p for p in pairs}
    twice = {
        subject_key(p.subject)
        for p in pairs
        if sum(subject_key(q.subject) == subject_key(p.subject) for q in pairs) > 1
    }

    def label(peer_id: str) -> str:
        p = by_id[peer_id]
        if subject_key(p.subject) in twice:
            return f"{p.subject} (self-assessment {p.self_date}, peer review {p.peer_date})"
        return p.subject

    options = sorted(by_id, key=lambda i: (subject_key(by_id[i].subject), by_id[i].peer_date))
    start = next((n for n, i in enumerate(options) if subject_key(by_id[i].subject) == subject_key(highlight)), 0)
    chosen = st.selectbox(
        f"{fw.subject_label} with both a self-assessment and a peer review",
        options,
        index=start,
        format_func=label,
        key="compare_pair",
    )
    p = by_id[chosen]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        "Same rating on",
        "—" if p.agreement is None else f"{p.agreement:.0f} % of items",
        help=f"Items both rated with the very same rating, of the {p.compared} both rated.",
    )
    m2.metric(
        "Mean difference per item",
        "—" if p.mean_abs_difference is None else f"{p.mean_abs_difference:.0f} points",
        help="How far apart the two ratings are on average, either way.",
    )
    m3.metric("Overall, self-assessment", pct(p.self_overall), help=f"Assessed on {p.self_date}.")
    m4.metric("Overall, peer review", pct(p.peer_overall), help=f"Reviewed on {p.peer_date}.")
    top = p.most_generous
    if top:
        st.markdown(
            f"{md(p.subject)}'s self-assessment is most generous on **{top['section']} {md(top['title'])}**: "
            f"{pct(top['self'])} against {pct(top['peer'])} in the peer review ({top['difference']:+.0f} "
            "points)."
        )
    else:
        st.markdown(f"{md(p.subject)}'s self-assessment is nowhere above its peer review.")
    level = st.radio(
        "Chart",
        ["section", "item"],
        horizontal=True,
        key="compare_pair_level",
        format_func={"section": f"Per {fw.section_label.lower()}", "item": "Per item"}.get,
    )
    st.vega_lite_chart(net.kept(pair_spec, chosen, level), width="stretch")
    st.caption(f"The same numbers per {fw.section_label.lower()} (difference = self − peer, in points):")
    st.dataframe(
        pd.DataFrame(
            {
                fw.section_label: p.sections["section"],
                "Title": p.sections["title"],
                "Self-assessment %": p.sections["self"].map(_r),
                "Peer review %": p.sections["peer"].map(_r),
                "Difference (points)": p.sections["difference"].map(_r),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown("**Item by item, where the self-assessment is most generous first**")
    items = p.items
    st.dataframe(
        pd.DataFrame(
            {
                "Item": items["item"],
                fw.section_label: items["section"],
                "Difference (points)": items["difference"].map(_r),
                "Self-assessment": items["self_rating"],
                "Peer review": items["peer_rating"],
                "Question": items["question"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader("Every pair in the network")
    st.caption("The city whose own view is most generous overall first.")
    st.dataframe(net.kept(pairs_table), hide_index=True, width="stretch")


def progress(net: Network, basis: str, highlight: str) -> None:
    fw = net.framework
    st.subheader("Progress over time")
    long, deltas = net.kept(progress_of, basis)
    subjects = list(dict.fromkeys(long["subject"]))
    if not subjects:
        st.info(
            f"No {fw.subject_label.lower()} has {ASSESSMENT_TYPES[basis].lower()}s on more than one date here yet. "
            "When a city assesses itself again, its progress shows here."
        )
        return
    start = next((n for n, s in enumerate(subjects) if subject_key(s) == subject_key(highlight)), 0)
    subject = st.selectbox(
        f"{fw.subject_label} assessed on several dates", subjects, index=start, key="compare_progress_city"
    )
    st.vega_lite_chart(net.kept(progress_spec, basis, subject), width="stretch")
    mine = deltas[deltas["subject"] == subject]
    st.caption("The same numbers as a table: first and last score, and the change in points.")
    st.dataframe(
        pd.DataFrame(
            {
                fw.section_label: mine["section"].replace({OVERALL: "Overall"}),
                "Title": mine["title"],
                "First date": mine["first_date"],
                "First %": mine["first"].map(_r),
                "Last date": mine["last_date"],
                "Last %": mine["last"].map(_r),
                "Change (points)": mine["delta"].map(_r),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    overall = deltas[deltas["section"] == OVERALL]
    st.markdown(f"**Overall change of every {fw.subject_label.lower()} assessed on several dates**")
    st.dataframe(
        pd.DataFrame(
            {
                fw.subject_label: overall["subject"],
                "First date": overall["first_date"],
                "First %": overall["first"].map(_r),
                "Last date": overall["last_date"],
                "Last %": overall["last"].map(_r),
                "Change (points)": overall["delta"].map(_r),
            }
        ),
        hide_index=True,
        width="stretch",
    )


SHOW = {
    "overview": overview,
    "distribution": distribution,
    "ranking": ranking,
    "gaps": gaps,
    "self_peer": self_peer,
    "progress": progress,
}
