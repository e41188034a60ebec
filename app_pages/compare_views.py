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
from app_pages.ui.language import translated, translator
from app_pages.ui.text import md
from benchmark.charts import compare as compare_charts
from benchmark.charts.compare import heatmap
from benchmark.compare.findings import Findings, key_findings
from benchmark.compare.frame import OVERALL, latest, scores_frame, subject_row
from benchmark.compare.learning import learning_pairs
from benchmark.compare.names import subject_key
from benchmark.compare.progress import progress as progress_rows
from benchmark.compare.progress import progress_deltas
from benchmark.compare.ranking import competition_rank
from benchmark.compare.ranking import ranking as rank_rows
from benchmark.compare.self_peer import self_peer_all, self_peer_summary
from benchmark.compare.similar import similar
from benchmark.compare.stats import section_stats, shared_gaps
from benchmark.framework.model import Framework
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.i18n.frameworks import translate
from benchmark.i18n.sentence import say
from benchmark.i18n.translator import N_
from benchmark.i18n.translator import translator as translator_for
from benchmark.services import MixedFrameworksError, load_many
from benchmark.upgrade import describe_moves, on_version

# Shown in the session's language (``_(BASES[k])``); the kept tables below have English headings, which
# :func:`headed` puts in that language as they are shown.
BASES = {"self": N_("Latest self-assessments"), "peer": N_("Latest peer reviews")}
VIEWS = {
    "overview": N_("Overview heatmap"),
    "distribution": N_("Distribution"),
    "ranking": N_("Ranking"),
    "gaps": N_("Shared gaps and who can learn from whom"),
    "self_peer": N_("Self-assessment vs peer review"),
    "progress": N_("Progress over time"),
}
SIMILAR_BY = {
    "both": N_("Population and share born abroad"),
    "population": N_("Population only"),
    "share": N_("Share born abroad only"),
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


def heatmap_spec(net: Network, basis: str, language: str) -> dict:
    return spec_of(
        heatmap(net.kept(rows_of, basis), translate(net.framework, language).framework, t=translator_for(language))
    )


def _r(x) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x), 1)


# ------------------------------------------------------------------------------------------ in the reader's language


def shown_framework(fw: Framework) -> Framework:
    """The network's framework as this session reads it: the same ids, values and points, its texts translated."""
    return translated(fw).framework


def headed(table: pd.DataFrame, fw: Framework, titles: str | None = None) -> pd.DataFrame:
    """A kept table as this session reads it: headings in its language (the framework's own labels from its
    translation) and, with ``titles`` (the column of section ids), each section's title translated too."""
    _ = translator().gettext
    view = shown_framework(fw)
    own = {
        fw.subject_label: view.subject_label,
        fw.section_label: view.section_label,
        _subjects(fw, N_("{subjects} with a score")): _("{subjects} with a score").format(subjects=view.subjects_label),
        _subjects(fw, N_("{subjects} below target")): _("{subjects} below target").format(subjects=view.subjects_label),
    }
    table = table.copy()
    if titles is not None and "Title" in table.columns:
        table["Title"] = [
            view.section_by_id[sid].title if sid in view.section_by_id else title
            for sid, title in zip(table[titles], table["Title"], strict=True)
        ]
    return table.rename(columns=lambda c: own.get(c) or (_(c) if c else c))


def _subjects(fw: Framework, heading: str) -> str:
    """A kept table's heading naming the subjects in English ("Cities below target")."""
    return heading.format(subjects=fw.subjects_label.capitalize())


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
            N_("Date"): order["date"].tolist(),
            N_("Rank"): pd.array([ranks[i] for i in order["id"]], dtype="Int64"),
            N_("Overall %"): [_r(v) for v in order[OVERALL]],
            **{s.id: [_r(v) for v in order[s.id]] for s in fw.sections},
            N_("Completion %"): [_r(v) for v in order["completion"]],
        }
    )


def distribution_spec(net: Network, basis: str, subject: str, language: str) -> dict:
    return sendable(
        compare_charts.distribution_spec(
            net.kept(rows_of, basis), translate(net.framework, language).framework, subject, translator_for(language)
        )
    )


def spread_of(net: Network, basis: str) -> pd.DataFrame:
    return section_stats(net.kept(rows_of, basis), net.framework)


def stats_table(net: Network, basis: str, subject: str) -> pd.DataFrame:
    fw = net.framework
    stats = net.kept(spread_of, basis)  # the same for every city picked out: only its own column changes
    mine = subject_row(net.kept(rows_of, basis), subject)
    return pd.DataFrame(
        {
            fw.section_label: stats["section"],
            N_("Title"): stats["title"],
            _subjects(fw, "{subjects} with a score"): stats["n"],
            N_("Mean %"): stats["mean"].map(_r),
            N_("Median %"): stats["median"].map(_r),
            N_("Lowest %"): stats["min"].map(_r),
            N_("Highest %"): stats["max"].map(_r),
            f"{subject} %": [None if mine is None else _r(mine[s.id]) for s in fw.sections],
        }
    )


def ranking_table(net: Network, basis: str, section: str | None) -> pd.DataFrame:
    ranked = rank_rows(net.kept(rows_of, basis), section)
    return pd.DataFrame(
        {
            N_("Rank"): ranked["rank"],
            net.framework.subject_label: ranked["subject"],
            N_("Score %"): ranked["score"].map(_r),
            N_("Date"): ranked["date"],
        }
    )


def similar_group(net: Network, basis: str, subject: str, by: str, section: str | None, language: str = "en"):
    try:  # the framework's words (its subjects, its bands) in the reader's language
        words = translate(net.framework, language).framework
        return similar(net.kept(rows_of, basis), words, subject, by, section, translator_for(language).inline)
    except KeyError:
        return None


def gaps_table(net: Network, basis: str, points: float) -> pd.DataFrame:
    fw = net.framework
    gaps = shared_gaps(net.kept(rows_of, basis), fw, points)
    return pd.DataFrame(
        {
            fw.section_label: gaps["section"],
            N_("Title"): gaps["title"],
            _subjects(fw, "{subjects} below target"): gaps["below"],
            N_("With a score"): gaps["rated"],
            N_("Share below %"): gaps["share"].map(_r),
            N_("Mean gap (points)"): gaps["mean_gap"].map(_r),
            N_("Which ones"): gaps["subjects"].map(lambda names: md(", ".join(names))),
        }
    )


def learning_of(net: Network, basis: str) -> dict:
    return {s.section: s for s in learning_pairs(net.kept(rows_of, basis), net.assessments, net.framework)}


def pair_spec(net: Network, peer_id: str, level: str, language: str) -> dict:
    pair = next(p for p in net.kept(pairs_of) if p.peer_id == peer_id)
    return sendable(
        compare_charts.self_peer_spec(
            pair, translate(net.framework, language).framework, level, translator_for(language)
        )
    )


def pairs_table(net: Network) -> pd.DataFrame:
    fw, summary = net.framework, self_peer_summary(net.kept(pairs_of))
    return pd.DataFrame(
        {
            fw.subject_label: summary["subject"],
            N_("Self-assessment of"): summary["self_date"],
            N_("Peer review of"): summary["peer_date"],
            N_("Overall, self-assessment %"): summary["self_overall"].map(_r),
            N_("Overall, peer review %"): summary["peer_overall"].map(_r),
            N_("Difference (points)"): summary["difference"].map(_r),
            N_("Same rating on % of items"): summary["agreement"].map(_r),
            N_("Mean difference per item (points)"): summary["mean_abs_difference"].map(_r),
            N_("Most generous on"): summary["most_generous_section"],
            N_("By (points)"): summary["most_generous_difference"].map(_r),
        }
    )


def progress_of(net: Network, basis: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return progress_rows(net.frame, net.framework, basis), progress_deltas(net.frame, net.framework, basis)


def progress_spec(net: Network, basis: str, subject: str, language: str) -> dict:
    return sendable(
        compare_charts.progress_spec(
            net.kept(progress_of, basis)[0],
            translate(net.framework, language).framework,
            subject,
            translator_for(language),
        )
    )


# ------------------------------------------------------------------------------------------ words


def pct(x) -> str:
    t = translator()
    return t.gettext("not yet rated") if x is None or pd.isna(x) else t.gettext("{n} %").format(n=t.number(x, 0))


def points(x) -> str:
    """A signed difference in points (``+17 points``)."""
    t = translator()
    sign = "+" if x > 0 else ""
    return t.gettext("{n} points").format(n=sign + t.number(x, 0))


def names(subjects) -> str:
    subjects = [f"**{md(s)}**" for s in subjects]
    if len(subjects) == 1:
        return subjects[0]
    return translator().gettext("{first} and {last}").format(first=", ".join(subjects[:-1]), last=subjects[-1])


def title_of(fw: Framework, section_id: str, title: str) -> str:
    """A section's title as this session reads it (the English one where the translation has none)."""
    view = shown_framework(fw)
    return view.section_by_id[section_id].title if section_id in view.section_by_id else title


def rating_of(fw: Framework, item_id: str, label: object) -> object:
    """A rating the comparison names by its English label, as this session's language names it."""
    return translated(fw).rating_from_english(item_id, label)


def _generous(fw: Framework, subject: str, section: dict) -> dict[str, str]:
    """The words of a self-assessment's most generous section: where, both scores and their difference."""
    return {
        "subject": md(subject),
        "where": f"{section['section']} {md(title_of(fw, section['section'], section['title']))}",
        "own": pct(section["self"]),
        "peer": pct(section["peer"]),
        "difference": points(section["difference"]),
    }


def nothing_to_compare(framework: Framework | None = None) -> None:
    _ = translator().gettext
    which = (
        _("the {framework} samples").format(framework=shown_framework(framework).short_title)
        if framework
        else _("the samples of a framework")
    )
    st.info(
        _(
            "There is nothing to compare yet. To try this page, go to **Home → Open a sample** and press **Add all "
            "… samples** ({which}); they are added to the app and this page opens with them. Or choose **Upload "
            "report workbooks** above and load the reports of several cities."
        ).format(which=which),
        icon=":material/info:",
    )
    st.page_link("app_pages/home.py", label=_("Go to Home"), icon=":material/home:")
    st.stop()


def show_findings(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _ = t.gettext
    fw, view = net.framework, shown_framework(net.framework)
    found = net.kept(findings_of, basis)
    city, cities, section = t.inline(view.subject_label), t.inline(view.subjects_label), t.inline(view.section_label)
    n = net.kept(rows_of, basis)["subject"].nunique()
    with st.container(border=True):
        st.subheader(_("Key findings"))
        st.caption(
            _("From the {basis} of the {n} {subjects}, one per {subject}.").format(
                basis=t.inline(_(BASES[basis])), n=t.number(n), subjects=cities, subject=city
            )
        )
        left, right = st.columns(2)
        strongest = [
            "**"
            + _("Strongest on each {section}").format(section=section)
            + "** ("
            + (_("by peer review") if basis == "peer" else _("by self-assessment"))
            + ")"
        ]
        for lead in found.leaders:
            strongest.append(
                f"- {lead.section} {md(title_of(fw, lead.section, lead.title))}: "
                f"{names(lead.subjects)} ({pct(lead.score)})"
            )
        if not found.leaders:
            strongest.append("\n" + _("No {subject} has a score above 0 yet.").format(subject=city))
        left.markdown("\n".join(strongest))

        gap = found.shared_gap
        if gap is None:
            text = _("No {subject} is below its target on any {section}.").format(subject=city, section=section)
        else:
            where = f"**{gap['section']} {md(title_of(fw, gap['section'], gap['title']))}**"
            if found.gap_from > 0:
                text = _(
                    "{where}: {below} of the {rated} {subjects} are more than {points} points below their own "
                    "target there (the average gap of all {rated_again} is {mean} points)."
                ).format(
                    where=where,
                    below=t.number(gap["below"]),
                    rated=t.number(gap["rated"]),
                    subjects=cities,
                    points=t.number(found.gap_from, 0),
                    rated_again=t.number(gap["rated"]),
                    mean=t.number(gap["mean_gap"], 0),
                )
            else:
                text = _("{where}: {below} of the {rated} {subjects} are below their own target there.").format(
                    where=where, below=t.number(gap["below"]), rated=t.number(gap["rated"]), subjects=cities
                )
            wider = found.any_gap
            if found.gap_from > 0 and wider is not None and wider["section"] != gap["section"]:
                text += " " + _(
                    "Counting every shortfall, however small, **{where}** is below target for {below} of {rated}."
                ).format(
                    where=f"{wider['section']} {md(title_of(fw, wider['section'], wider['title']))}",
                    below=t.number(wider["below"]),
                    rated=t.number(wider["rated"]),
                )
        right.markdown("**" + _("Gap most {subjects} share").format(subjects=cities) + f"**\n\n{text}")

        pairs = net.kept(pairs_of)
        p = found.generous
        if not pairs:
            text = _("No peer review here is paired with a self-assessment yet.")
        elif p is None:
            text = _("No self-assessment is above its peer review in any {section}.").format(section=section)
        else:
            m = p.most_generous
            text = _(
                "**{subject}** on **{where}**: {own} in its self-assessment against {peer} in the peer review "
                "({difference})."
            ).format(**_generous(fw, p.subject, m))
            item = next((r for r in p.item_rows if r["section"] == m["section"] and (r["difference"] or 0) > 0), None)
            if item:
                text += " " + _("Widest on item {item}: {own} against {peer}.").format(
                    item=item["item"],
                    own=md(rating_of(fw, item["item"], item["self_rating"])),
                    peer=md(rating_of(fw, item["item"], item["peer_rating"])),
                )
            mine = [q for q in pairs if subject_key(q.subject) == subject_key(highlight)]
            if mine and subject_key(highlight) != subject_key(p.subject):
                top = max(mine, key=lambda q: (q.peer_date, q.peer_id)).most_generous  # its latest peer review
                text += "\n\n" + (
                    _("For {subject}: most generous on **{where}** ({difference}).").format(
                        subject=md(highlight),
                        where=f"{top['section']} {md(title_of(fw, top['section'], top['title']))}",
                        difference=points(top["difference"]),
                    )
                    if top
                    else _("For {subject}: the self-assessment is nowhere above the peer review.").format(
                        subject=md(highlight)
                    )
                )
        right.markdown("**" + _("Largest difference between self-assessment and peer review") + f"**\n\n{text}")


# ------------------------------------------------------------------------------------------ the views


def overview(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _ = t.gettext
    fw, view = net.framework, shown_framework(net.framework)
    st.subheader(_("Overview heatmap"))
    st.vega_lite_chart(net.kept(heatmap_spec, basis, t.code), width="stretch")
    table = net.kept(heatmap_table, basis)
    mine = table[table[fw.subject_label].map(subject_key) == subject_key(highlight)]
    if len(mine):
        r = mine.iloc[0]
        rank = t.number(r["Rank"]) if pd.notna(r["Rank"]) else "—"
        st.markdown(
            _("{subject}: overall {score}, rank {rank} of {n}.").format(
                subject=md(highlight), score=pct(r["Overall %"]), rank=rank, n=t.number(len(table))
            )
        )
    st.caption(
        _("The same numbers as a table (scores in %, best overall first; {sections}):").format(
            sections="; ".join(f"{s.id}: {s.title}" for s in view.sections)
        )
    )
    st.dataframe(
        headed(table, fw),
        hide_index=True,
        width="stretch",
        column_config={s.id: st.column_config.NumberColumn(s.id, help=s.title) for s in view.sections},
    )


def distribution(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _ = t.gettext
    fw, view = net.framework, shown_framework(net.framework)
    section = t.inline(view.section_label)
    st.subheader(_("Distribution per {section}").format(section=section))
    st.vega_lite_chart(net.kept(distribution_spec, basis, highlight, t.code), width="stretch")
    rows = net.kept(rows_of, basis)
    if not (rows["subject"].map(subject_key) == subject_key(highlight)).any():
        st.caption(
            _("{subject} has no {kind} here, so it is not marked.").format(
                subject=md(highlight), kind=t.inline(_(ASSESSMENT_TYPES[basis]))
            )
        )
    st.caption(
        _("The same numbers as a table: the spread per {section} and {subject}'s own score.").format(
            section=section, subject=md(highlight)
        )
    )
    st.dataframe(
        headed(net.kept(stats_table, basis, highlight), fw, fw.section_label), hide_index=True, width="stretch"
    )


def ranking(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _ = t.gettext
    fw, view = net.framework, shown_framework(net.framework)
    cities = t.inline(view.subjects_label)
    sections = {OVERALL: _("Overall score"), **{s.id: f"{s.id} {s.title}" for s in view.sections}}
    on = st.selectbox(_("Rank on"), list(sections), format_func=sections.get, key="compare_rank_on")
    section = None if on == OVERALL else on
    st.subheader(_("Ranking: {on}").format(on=sections[on]))
    table = net.kept(ranking_table, basis, section)
    mine = table[table[fw.subject_label].map(subject_key) == subject_key(highlight)]
    if len(mine) and pd.notna(mine.iloc[0]["Rank"]):
        st.markdown(
            _("{subject} is ranked **{rank}** of {n}.").format(
                subject=md(highlight), rank=t.number(mine.iloc[0]["Rank"]), n=t.number(len(table))
            )
        )
    st.caption(_("Cities with the same score (to one decimal) share a place; one without a score is listed last."))
    st.dataframe(headed(table, fw), hide_index=True, width="stretch")

    st.subheader(_("Among similar {subjects}").format(subjects=cities))
    rows = net.kept(rows_of, basis)
    if rows["population"].isna().all() and rows["migrant_share"].isna().all():
        st.caption(
            _(
                "None of these {subjects} has a population or a share of residents born abroad on record, so they "
                "cannot be grouped by size."
            ).format(subjects=cities)
        )
        return
    by = st.radio(
        _("Group by"),
        list(SIMILAR_BY),
        format_func=lambda k: _(SIMILAR_BY[k]),
        horizontal=True,
        key="compare_similar_by",
    )
    group = net.kept(similar_group, basis, highlight, by, section, t.code)
    if group is None:
        st.info(
            _(
                "{subject} has no {kind} here. Choose another city to highlight, or the other kind of assessment above."
            ).format(subject=md(highlight), kind=t.inline(_(ASSESSMENT_TYPES[basis])))
        )
        return
    (st.markdown if group.known else st.info)(md(say(group.note, t)))
    if group.position is not None:
        st.markdown(
            _("{subject} is ranked **{rank}** of {n} among them on {on}.").format(
                subject=md(group.subject),
                rank=t.number(group.position),
                n=t.number(len(group.ranking)),
                on=t.inline(sections[on]) if on == OVERALL else sections[on],
            )
        )
    st.dataframe(
        headed(
            pd.DataFrame(
                {
                    N_("Rank"): group.ranking["rank"],
                    fw.subject_label: group.ranking["subject"],
                    N_("Score %"): group.ranking["score"].map(_r),
                    N_("Population"): group.ranking["population_band"],
                    N_("Born abroad"): group.ranking["share_band"],
                }
            ),
            fw,
        ),
        hide_index=True,
        width="stretch",
    )


def gaps(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _, ngettext = t.gettext, t.ngettext
    fw, view = net.framework, shown_framework(net.framework)
    city, cities, label = t.inline(view.subject_label), t.inline(view.subjects_label), t.inline(view.section_label)
    st.subheader(_("Shared gaps"))
    shortfall = st.number_input(
        _("Count only gaps of more than N points"),
        min_value=0.0,
        max_value=100.0,
        value=0.0,
        step=5.0,
        format="%.0f",
        key="compare_min_gap",
        help=_(
            "0 counts every {subject} below its own target, however little; 25 counts only those more than a "
            "quarter of the scale below it."
        ).format(subject=city),
    )
    st.caption(
        _(
            "For each {section}: how many {subjects} are below their own target there, the most widely shared "
            "first. The gap is the target minus the score, in points."
        ).format(section=label, subjects=cities)
    )
    # A table of text, not a data grid: "Which ones" lists several names, which a grid's cell cuts ("Feldhaven, Po…")
    # and a screen reader reads as a table only here.
    st.table(headed(net.kept(gaps_table, basis, float(shortfall)), fw, fw.section_label), hide_index=True)

    st.subheader(_("Who can learn from whom"))
    learning = net.kept(learning_of, basis)
    labels = {s.id: f"{s.id} {s.title}" for s in view.sections}
    first_gap = net.kept(findings_of, basis).shared_gap
    start = list(labels).index(first_gap["section"]) if first_gap else 0
    section = st.selectbox(
        view.section_label, list(labels), index=start, format_func=labels.get, key="compare_learn_on"
    )
    here = learning[section]
    if not here.strongest:
        st.markdown(_("No {subject} has a score above 0 here yet.").format(subject=city))
        return
    st.markdown(
        "**"
        + _("Strongest here")
        + "**: "
        + ", ".join(
            f"**{md(s.subject)}** ({pct(s.score)}" + (", " + _("at or above its target") if s.at_target else "") + ")"
            for s in here.strongest
        )
    )
    for s in here.strongest:
        heading = ngettext(
            "What {subject} does on {section}: {n} item with evidence",
            "What {subject} does on {section}: {n} items with evidence",
            len(s.evidence),
        ).format(subject=md(s.subject), section=section, n=t.number(len(s.evidence)))
        with st.expander(heading):
            if not s.evidence:
                st.markdown(_("No evidence was written down for these items."))
            else:
                questions = {i: item.question for i, item in view.item_by_id.items()}
                st.table(
                    pd.DataFrame(
                        {
                            _("Item"): [e.item for e in s.evidence],
                            _("Question"): [questions.get(e.item, e.question) for e in s.evidence],
                            _("Rating"): [rating_of(fw, e.item, e.rating) for e in s.evidence],
                            _("Evidence"): [md(e.text) for e in s.evidence],
                        }
                    ),
                    hide_index=True,
                )
    if not here.learners:
        st.markdown(_("No {subject} is below its target here.").format(subject=city))
        return
    st.markdown(
        "**"
        + _("{subjects} below their target here, and whom they can learn from").format(subjects=view.subjects_label)
        + "**"
    )
    st.dataframe(
        pd.DataFrame(
            {
                view.subject_label: [x.subject for x in here.learners],
                _("Score %"): [_r(x.score) for x in here.learners],
                _("Gap (points)"): [_r(x.gap) for x in here.learners],
                _("Can learn from"): [
                    ", ".join(x.peers) or _("— (no stronger one scores above it)") for x in here.learners
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def self_peer(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _ = t.gettext
    fw, view = net.framework, shown_framework(net.framework)
    label = t.inline(view.section_label)
    st.subheader(_("Self-assessment against peer review"))
    pairs = net.kept(pairs_of)
    if not pairs:
        st.info(
            _(
                "No peer review here is paired with a self-assessment yet. A peer review is paired with the "
                "self-assessment it names or, failing that, with the same city's self-assessment nearest in date."
            )
        )
        return
    by_id = {p.peer_id: p for p in pairs}
    twice = {
        subject_key(p.subject)
        for p in pairs
        if sum(subject_key(q.subject) == subject_key(p.subject) for q in pairs) > 1
    }

    def choice(peer_id: str) -> str:
        p = by_id[peer_id]
        if subject_key(p.subject) in twice:
            return _("{subject} (self-assessment {own}, peer review {peer})").format(
                subject=p.subject, own=p.self_date, peer=p.peer_date
            )
        return p.subject

    options = sorted(by_id, key=lambda i: (subject_key(by_id[i].subject), by_id[i].peer_date))
    start = next((n for n, i in enumerate(options) if subject_key(by_id[i].subject) == subject_key(highlight)), 0)
    chosen = st.selectbox(
        _("{subject} with both a self-assessment and a peer review").format(subject=view.subject_label),
        options,
        index=start,
        format_func=choice,
        key="compare_pair",
    )
    p = by_id[chosen]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        _("Same rating on"),
        "—" if p.agreement is None else _("{n} % of items").format(n=t.number(p.agreement, 0)),
        help=_("Items both rated with the very same rating, of the {n} both rated.").format(n=t.number(p.compared)),
    )
    m2.metric(
        _("Mean difference per item"),
        "—" if p.mean_abs_difference is None else _("{n} points").format(n=t.number(p.mean_abs_difference, 0)),
        help=_("How far apart the two ratings are on average, either way."),
    )
    m3.metric(
        _("Overall, self-assessment"), pct(p.self_overall), help=_("Assessed on {date}.").format(date=p.self_date)
    )
    m4.metric(_("Overall, peer review"), pct(p.peer_overall), help=_("Reviewed on {date}.").format(date=p.peer_date))
    top = p.most_generous
    if top:
        st.markdown(
            _(
                "{subject}'s self-assessment is most generous on **{where}**: {own} against {peer} in the peer "
                "review ({difference})."
            ).format(**_generous(fw, p.subject, top))
        )
    else:
        st.markdown(_("{subject}'s self-assessment is nowhere above its peer review.").format(subject=md(p.subject)))
    level = st.radio(
        _("Chart"),
        ["section", "item"],
        horizontal=True,
        key="compare_pair_level",
        format_func={"section": _("Per {section}").format(section=label), "item": _("Per item")}.get,
    )
    st.vega_lite_chart(net.kept(pair_spec, chosen, level, t.code), width="stretch")
    st.caption(_("The same numbers per {section} (difference = self − peer, in points):").format(section=label))
    st.dataframe(
        headed(
            pd.DataFrame(
                {
                    fw.section_label: p.sections["section"],
                    N_("Title"): p.sections["title"],
                    N_("Self-assessment %"): p.sections["self"].map(_r),
                    N_("Peer review %"): p.sections["peer"].map(_r),
                    N_("Difference (points)"): p.sections["difference"].map(_r),
                }
            ),
            fw,
            fw.section_label,
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown("**" + _("Item by item, where the self-assessment is most generous first") + "**")
    items = p.items
    questions = {i: item.question for i, item in view.item_by_id.items()}
    st.dataframe(
        headed(
            pd.DataFrame(
                {
                    N_("Item"): items["item"],
                    fw.section_label: items["section"],
                    N_("Difference (points)"): items["difference"].map(_r),
                    N_("Self-assessment"): [
                        rating_of(fw, i, x) for i, x in zip(items["item"], items["self_rating"], strict=True)
                    ],
                    N_("Peer review"): [
                        rating_of(fw, i, x) for i, x in zip(items["item"], items["peer_rating"], strict=True)
                    ],
                    N_("Question"): [
                        questions.get(i, q) for i, q in zip(items["item"], items["question"], strict=True)
                    ],
                }
            ),
            fw,
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader(_("Every pair in the network"))
    st.caption(_("The city whose own view is most generous overall first."))
    st.dataframe(headed(net.kept(pairs_table), fw), hide_index=True, width="stretch")


def _changes(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """First and last score of each row of ``compare.progress_deltas``, and the change between them."""
    return {
        N_("First date"): rows["first_date"],
        N_("First %"): rows["first"].map(_r),
        N_("Last date"): rows["last_date"],
        N_("Last %"): rows["last"].map(_r),
        N_("Change (points)"): rows["delta"].map(_r),
    }


def progress(net: Network, basis: str, highlight: str) -> None:
    t = translator()
    _ = t.gettext
    fw, view = net.framework, shown_framework(net.framework)
    city = t.inline(view.subject_label)
    st.subheader(_("Progress over time"))
    long, deltas = net.kept(progress_of, basis)
    subjects = list(dict.fromkeys(long["subject"]))
    if not subjects:
        st.info(
            _(
                "No {subject} has a {kind} on more than one date here yet. When a city assesses itself again, its "
                "progress shows here."
            ).format(subject=city, kind=t.inline(_(ASSESSMENT_TYPES[basis])))
        )
        return
    start = next((n for n, s in enumerate(subjects) if subject_key(s) == subject_key(highlight)), 0)
    subject = st.selectbox(
        _("{subject} assessed on several dates").format(subject=view.subject_label),
        subjects,
        index=start,
        key="compare_progress_city",
    )
    st.vega_lite_chart(net.kept(progress_spec, basis, subject, t.code), width="stretch")
    mine = deltas[deltas["subject"] == subject]
    st.caption(_("The same numbers as a table: first and last score, and the change in points."))
    st.dataframe(
        headed(
            pd.DataFrame(
                {
                    fw.section_label: mine["section"].replace({OVERALL: _("Overall")}),
                    N_("Title"): mine["title"],
                    **_changes(mine),
                }
            ),
            fw,
            fw.section_label,
        ),
        hide_index=True,
        width="stretch",
    )
    overall = deltas[deltas["section"] == OVERALL]
    st.markdown("**" + _("Overall change of every {subject} assessed on several dates").format(subject=city) + "**")
    st.dataframe(
        headed(
            pd.DataFrame(
                {
                    fw.subject_label: overall["subject"],
                    **_changes(overall),
                }
            ),
            fw,
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
