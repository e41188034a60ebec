"""Speed and scale, each figure printed next to its floor measured in the same run.

Run ``python perf/run.py`` (``--quick`` for fewer repetitions). A noisy machine
slows the floor and the figure alike, so the ratio is what to read. The script exits
non-zero when a figure misses its budget: it is a review tool, not a unit test.

Figures:
  * rerun time per interaction (Streamlit AppTest, median) on Assess, Results,
    Action plan and Compare with 1, 8, 100 and 500 assessments stored, next to a
    bare one-widget script rerun just before each measured rerun (on Compare, each rerun highlights another city;
    the switch from the overview to the Distribution view, for a city not picked out before, is measured too);
  * Excel: one report's export and import, and the comparison workbook for 8 and 500
    subjects, next to ``pandas.DataFrame.to_excel`` writing as many cells;
  * uploads: one real report read, and each hostile report of issue 19 refused, time and peak memory;
  * scoring and comparison of 10,000 generated assessments;
  * cold start (Streamlit and the Home page's imports, Home's first run; median of three; every core module's
    import beside it) and peak memory at 500;
  * saves under load (``perf/load.py``): 25 sessions answering at once against a real ``streamlit run`` on
    loopback, at a person's quick pace and flat out, save latency median and 95th percentile next to one session
    alone, every answer read back.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
APP = str(ROOT / "app.py")


class _Quiet(logging.Filter):
    """Drops Streamlit's notes about running outside a server ("missing ScriptRunContext", "No runtime found"):
    this script calls cached functions and clears caches from its own thread, which is expected here."""

    NOTES = ("missing ScriptRunContext", "No runtime found")

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(note in record.getMessage() for note in self.NOTES)


def _quiet_streamlit() -> None:
    for name in (
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        "streamlit.runtime.caching.cache_data_api",
        "streamlit.runtime.caching.cache_resource_api",
        "streamlit.runtime.caching.storage",
        "streamlit.runtime.caching",
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Quiet) for f in logger.filters):
            logger.addFilter(_Quiet())
    root = logging.getLogger()
    for handler in root.handlers:  # app.py's basicConfig handler, should the notes propagate to it
        if not any(isinstance(f, _Quiet) for f in handler.filters):
            handler.addFilter(_Quiet())


_quiet_streamlit()


def _compile_once_like_a_server() -> None:
    """Let every AppTest run share one ScriptCache, as every rerun on a server does.

    A Streamlit server compiles each page script once (``Runtime`` holds one ``ScriptCache``) and reuses the
    bytecode on every rerun; AppTest makes a new cache for each run, so without this each measured rerun would
    also compile ``app.py`` and the page (about 3 ms for Assess), which no user ever waits for. The floor
    script shares the cache too.
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared  # type: ignore[attr-defined,assignment]


@dataclass
class Figure:
    name: str
    value: float  # the measured figure, in the unit
    unit: str
    floor: float | None = None  # the same kind of work done the simplest way, same run
    budget: float | None = None  # the figure must stay at or below this
    budget_text: str = ""

    @property
    def ok(self) -> bool:
        return self.budget is None or self.value <= self.budget


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _best_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# ------------------------------------------------------------------------------------------ reruns


def _store_with(n: int, folder: Path):
    """A fresh SQLite store in ``folder`` holding ``n`` UNITES assessments (the samples first, then generated)."""
    from benchmark.framework.loader import load_frameworks
    from benchmark.samples import generated, load_samples
    from benchmark.store import Store

    os.environ["BENCHMARK_DATA_DIR"] = str(folder)
    os.environ.pop("BENCHMARK_DATABASE_URL", None)
    store = Store()
    framework = load_frameworks()["unites"]
    pool = [a for a in load_samples() if a.framework == "unites"]
    pool = pool[:n] + generated(framework, max(0, n - len(pool)), seed=n)
    for a in pool[:n]:
        store.save(a)
    return store, pool[0].id


class _Floor:
    """The bare one-widget script, rerun once just before each measured rerun: this machine slows down and speeds
    up by a third for seconds at a time, so each page's figure is set against the floor measured beside it."""

    def __init__(self):
        from streamlit.testing.v1 import AppTest

        self.app = AppTest.from_string("import streamlit as st\nst.text_input('x')\n").run()
        self.samples: list[float] = []

    def tick(self) -> None:
        t = time.perf_counter()
        self.app.run()
        self.samples.append(time.perf_counter() - t)

    def median_ms(self, since: int = 0) -> float:
        return statistics.median(self.samples[since:]) * 1000


def _page_rerun(page: str, aid: str, act, repeat: int, floor: _Floor | None = None) -> float:
    """Median time of a rerun after ``act`` changed a widget (or of a plain rerun when it does nothing)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["a"] = aid
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    times = []
    for k in range(repeat):
        act(at, k)
        if floor is not None:
            floor.tick()
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return statistics.median(times) * 1000


def _rate(at, k):
    radio = at.radio[k % 4]
    radio.set_value(radio.options[k % len(radio.options)])


def _nothing(at, k):
    pass


def _compare_highlight(at, k):
    """Highlight the next city: a real change of the ``compare_highlight`` selectbox on every rerun (with one
    city stored there is no other, and the rerun is a plain one)."""
    box = at.selectbox(key="compare_highlight")
    if len(box.options) > 1:
        box.set_value(box.options[(box.options.index(box.value) + 1) % len(box.options)])


def _distribution_switch(aid: str, repeat: int, floor: _Floor) -> float:
    """Median time of the rerun that switches the Compare view from the overview to Distribution, each time for
    another highlighted city (so the distribution chart is drawn anew, never taken from what the page kept)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["a"] = aid
    at.switch_page("app_pages/compare.py")
    at.run()
    times = []
    for k in range(repeat):
        at.segmented_control(key="compare_view").set_value("overview")
        _compare_highlight(at, k)
        at.run()
        at.segmented_control(key="compare_view").set_value("distribution")
        floor.tick()
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"compare distribution: {at.exception[0].value}")
        if at.segmented_control(key="compare_view").value != "distribution":
            raise RuntimeError("compare: the view did not switch to Distribution")
    return statistics.median(times) * 1000


PAGES = {"assess": _rate, "results": _nothing, "action_plan": _nothing, "compare": _compare_highlight}


def reruns(sizes: list[int], repeat: int) -> list[Figure]:
    import streamlit as st

    _compile_once_like_a_server()

    figures = []
    floor = _Floor()
    for _ in range(repeat):
        floor.tick()

    def figure(name: str, n: int, value: float, since: int) -> Figure:
        beside = floor.median_ms(since)
        if n <= 8:
            return Figure(name, value, "ms", beside, 2 * beside + 20, "≤ 2× floor + 20 ms")
        if n >= 500:
            return Figure(name, value, "ms", beside, 250.0, "≤ 250 ms")
        return Figure(name, value, "ms", beside)

    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            st.cache_resource.clear()
            st.cache_data.clear()
            _, aid = _store_with(n, Path(tmp))
            for page, act in PAGES.items():
                since = len(floor.samples)
                figures.append(
                    figure(f"rerun · {page} · {n} stored", n, _page_rerun(page, aid, act, repeat, floor), since)
                )
            if n > 1:  # with one city there is no other to pick out
                since = len(floor.samples)
                figures.append(
                    figure(
                        f"rerun · compare distribution view · {n} stored",
                        n,
                        _distribution_switch(aid, max(3, repeat // 4), floor),
                        since,
                    )
                )
            st.cache_resource.clear()
    figures.insert(0, Figure("rerun · bare one-widget script (floor, every run)", floor.median_ms(), "ms"))
    return figures


# ------------------------------------------------------------------------------------------ Excel


def _pandas_floor(cells: int, repeat: int) -> float:
    """``DataFrame.to_excel`` writing ``cells`` short text and number cells, with the XlsxWriter engine (pandas'
    default when it is installed, and the library the app writes its workbooks with)."""
    import pandas as pd

    cols = 10
    rows = max(1, cells // cols)
    frame = pd.DataFrame({f"c{j}": [f"text {i}" if j % 2 else i * 1.5 for i in range(rows)] for j in range(cols)})

    def write():
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="xlsxwriter")

    return _best_s(write, repeat)


def _cells(data: bytes) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def excel(repeat: int) -> list[Figure]:
    from benchmark.framework.loader import load_frameworks
    from benchmark.samples import generated, load_samples
    from benchmark.xlsx.report_reader import read_report
    from benchmark.xlsx.report_writer import export_report

    frameworks = load_frameworks()
    fw = frameworks["unites"]
    one = next(a for a in load_samples() if a.framework == "unites")
    data = export_report(one, fw)
    floor = _pandas_floor(_cells(data), repeat)
    export = _best_s(lambda: export_report(one, fw), repeat)
    figures = [
        Figure(
            "excel · report export (1 assessment)",
            export,
            "s",
            floor,
            min(0.5, 1.5 * floor),
            "≤ 1.5× pandas floor and ≤ 0.5 s",
        ),
        Figure(
            "excel · report import (1 assessment)", _best_s(lambda: read_report(data, frameworks), repeat), "s", floor
        ),
    ]
    try:
        from benchmark.xlsx.comparison import compare_workbook
    except ImportError:
        return figures
    for n in (8, 500):
        pool = [a for a in load_samples() if a.framework == "unites"][:n]
        pool += generated(fw, n - len(pool), seed=7)
        book = compare_workbook(pool, fw)
        figures.append(
            Figure(
                f"excel · comparison workbook ({n} subjects)",
                _best_s(lambda: compare_workbook(pool, fw), max(1, repeat // 2)),
                "s",
                _pandas_floor(_cells(book), max(1, repeat // 2)),
                5.0 if n == 500 else None,
                "≤ 5 s" if n == 500 else "",
            )
        )
    return figures


# ------------------------------------------------------------------------------------------ uploads


def _cost(fn) -> tuple[float, float]:
    """Seconds of one call, then the peak MB of Python memory (tracemalloc, which slows Python down, so in a second
    call) of another; a refusal (an exception) counts as done. The C parsers' own buffers are not counted."""
    import tracemalloc

    def once() -> None:
        with contextlib.suppress(Exception):  # a refused file is the outcome measured here
            fn()

    t = time.perf_counter()
    once()
    seconds = time.perf_counter() - t
    tracemalloc.start()
    once()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def uploads() -> list[Figure]:
    """What one upload costs before the app shows what it holds: a real report read (the sample with ten
    respondents), and each hostile file of issue 19 refused (tests/hostile_reports.py)."""
    from benchmark.framework.loader import load_frameworks
    from benchmark.samples import load_samples
    from benchmark.xlsx.report_reader import read_report_and_panel
    from benchmark.xlsx.report_writer import export_report
    from tests.hostile_reports import deep_nesting, many_strings, many_styles

    frameworks = load_frameworks()
    sample = next(a for a in load_samples() if a.framework == "unites" and a.respondents)
    report = export_report(sample, frameworks["unites"])
    read_report_and_panel(report, frameworks, "warm-up")
    cases = [("a real report", report)] + [
        (f"a report with {what}", build(report))
        for what, build in (
            ("1.2 M cell styles", many_styles),
            ("4.2 M shared strings", many_strings),
            ("XML nested 1 M deep", deep_nesting),
        )
    ]
    figures = []
    for what, data in cases:
        seconds, peak = _cost(lambda data=data: read_report_and_panel(data, frameworks, "upload.xlsx"))
        verb = "read" if what == "a real report" else "refused"
        print(f"  uploads · {what} ({len(data) / 1e6:.1f} MB) {verb}: {seconds:.3f} s, {peak:.1f} MB", file=sys.stderr)
        figures.append(Figure(f"uploads · {what}, {verb}", seconds, "s", None, 1.0, "≤ 1 s"))
        figures.append(Figure(f"uploads · {what}, peak Python memory", peak, "MB", None, 100.0, "≤ 100 MB"))
    return figures


# ------------------------------------------------------------------------------------------ throughput


def throughput(n: int) -> list[Figure]:
    from benchmark.framework.loader import load_frameworks
    from benchmark.samples import generated
    from benchmark.scoring import score

    fw = load_frameworks()["unites"]
    pool = generated(fw, n, seed=1)
    t = time.perf_counter()
    for a in pool:
        score(a, fw)
    scoring = time.perf_counter() - t
    figures = [Figure(f"scoring · {n} assessments", n / scoring, "per s")]
    try:
        from benchmark.compare.frame import latest, scores_frame
        from benchmark.compare.learning import learning_pairs
        from benchmark.compare.progress import progress_deltas
        from benchmark.compare.ranking import rank_table
        from benchmark.compare.self_peer import self_peer_all
        from benchmark.compare.stats import section_stats, shared_gaps
    except ImportError:
        return figures
    t = time.perf_counter()
    frame = scores_frame(pool, fw)
    framed = time.perf_counter() - t
    t = time.perf_counter()
    selves = latest(frame, "self")
    rank_table(selves, fw)
    section_stats(selves, fw)
    shared_gaps(selves, fw)
    learning_pairs(selves, pool, fw)
    self_peer_all(pool, fw, frame)
    progress_deltas(frame, fw)
    views = time.perf_counter() - t
    figures.append(Figure(f"comparison · {n} assessments scored into one table", n / framed, "per s"))
    figures.append(Figure(f"comparison · every view over {n} assessments", views, "s"))
    return figures


# ------------------------------------------------------------------------------------------ start and memory

# What a first visitor waits for: Streamlit and what the Home page imports, then Home's first run (the database made,
# the framework files read). The workbook and chart modules load when a page first needs them, so they are timed on
# their own, in a second process, beside it.
_COLD = """
import time
t = time.perf_counter()
import streamlit
from streamlit.testing.v1 import AppTest
imported = time.perf_counter() - t
t = time.perf_counter()
at = AppTest.from_file({app!r}, default_timeout=120).run()
assert not at.exception, at.exception
print(imported, time.perf_counter() - t)
"""
_CORE = """
import time
t = time.perf_counter()
import benchmark.store, benchmark.xlsx.report_writer, benchmark.xlsx.report_reader, benchmark.charts.results
import benchmark.scoring, benchmark.framework.loader
print(time.perf_counter() - t)
"""

# The peak resident size of this process only: /proc's VmHWM belongs to the process image, while ru_maxrss survives
# exec on Linux, so a child started by a large parent would report the parent's size as its own.
_PEAK = (
    "import resource\n"
    "def peak_mb():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            return next(int(l.split()[1]) for l in f if l.startswith('VmHWM:')) / 1024\n"
    "    except (OSError, StopIteration):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
)

_MEMORY = (
    _PEAK
    + """
import os, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {root!r} + '/perf')
from run import _store_with, _page_rerun, _nothing
from pathlib import Path
_, aid = _store_with(500, Path({tmp!r}))
for page in ("assess", "results", "action_plan", "compare"):
    _page_rerun(page, aid, _nothing, 2)
print(peak_mb())
"""
)


def cold_start(runs: int = 3) -> list[Figure]:
    """Each run a new process with a new database, like a server's start; the median of ``runs`` (one run alone
    swings by half a second on this kind of machine)."""
    samples, core = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "BENCHMARK_DATA_DIR": tmp}
            out = _python(_COLD.format(app=APP), env)
            samples.append((float(out[-2]) + float(out[-1]), float(out[-2]), float(out[-1])))
            core.append(float(_python(_CORE, env)[-1]))
    _, imported, first = sorted(samples)[len(samples) // 2]
    floor = _python_floor()
    return [
        Figure("cold start · import of Streamlit and the Home page's modules", imported, "s", floor),
        Figure("cold start · first run of the Home page", first, "s", None),
        Figure("cold start · import + first run", imported + first, "s", floor, 3.0, "≤ 3 s"),
        Figure("cold start · import of every core module (workbooks, charts)", statistics.median(core), "s", floor),
    ]


def _python(code: str, env: dict[str, str]) -> list[str]:
    """What a new Python process running ``code`` in the repository prints, split into words."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout.split()


def _python_floor() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t


def memory() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY.format(root=str(ROOT), tmp=tmp)], capture_output=True, text=True, cwd=ROOT
        )
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
    floor = subprocess.run(
        [sys.executable, "-c", _PEAK + "import streamlit, pandas, altair\nprint(peak_mb())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        Figure(
            "peak memory · 500 assessments, every page run",
            float(out.stdout.split()[-1]),
            "MB",
            float(floor.split()[-1]),
            300.0,
            "≤ 300 MB",
        )
    ]


# ------------------------------------------------------------------------------------------ load


# A person rating items reads the question and the guidance first: one rating every 1.5-4.5 s (``think`` 3 s, drawn
# from 0.5-1.5 x) is already quick. Flat out (no pause at all) 25 clients measure the server's capacity instead.
PACE_S = 3.0


def load(sessions: int, seconds: float) -> list[Figure]:
    """Save latency with ``sessions`` users answering at once (at a person's quick pace, and flat out), beside one
    user alone (each against a fresh server, loopback only)."""
    from load import measure  # perf/load.py, beside this script

    alone = measure(1, seconds / 2)
    paced = measure(sessions, seconds, think=PACE_S)
    flat = measure(sessions, seconds / 2)
    for run in (alone, paced, flat):
        print(f"  load · {run.summary()}", file=sys.stderr, flush=True)
    name = f"load · {sessions} sessions, a rating every ~{PACE_S:.0f} s each"
    most = f"load · {sessions} sessions flat out"
    return [
        Figure("load · one session saving (floor), median", alone.median * 1000, "ms"),
        Figure(f"{name}, median", paced.median * 1000, "ms", alone.median * 1000),
        Figure(
            f"{name}, 95th percentile", paced.quantile(0.95) * 1000, "ms", alone.quantile(0.95) * 1000, 1000.0, "≤ 1 s"
        ),
        Figure(f"{most}, answers saved per second", flat.answers / flat.seconds, "per s"),
        Figure(f"{most}, 95th percentile", flat.quantile(0.95) * 1000, "ms", alone.quantile(0.95) * 1000),
        Figure(
            "load · answers not stored or not confirmed",
            sum(len(r.lost) + len(r.errors) for r in (alone, paced, flat)),
            "answers",
            None,
            0,
            "none",
        ),
    ]


# ------------------------------------------------------------------------------------------ report


def _shown(x: float, unit: str) -> str:
    if unit in ("ms", "MB", "per s"):
        return f"{x:,.1f} {unit}"
    return f"{x:,.0f} {unit}" if unit == "answers" else f"{x:.3f} {unit}"


def table(figures: list[Figure]) -> str:
    head = f"{'figure':<64} {'value':>12} {'floor':>12} {'ratio':>7}  budget"
    lines = [head, "-" * len(head)]
    for f in figures:
        floor = _shown(f.floor, f.unit) if f.floor is not None else ""
        ratio = f"{f.value / f.floor:.1f}×" if f.floor else ""
        verdict = "" if f.budget is None else ("ok " if f.ok else "MISSED ") + f.budget_text
        lines.append(f"{f.name:<64} {_shown(f.value, f.unit):>12} {floor:>12} {ratio:>7}  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python perf/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and store sizes (a smoke run)")
    parser.add_argument(
        "--only",
        action="append",
        choices=["reruns", "excel", "uploads", "throughput", "cold", "memory", "load"],
        help="measure only this part (may be given more than once)",
    )
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else 21
    sizes = [1, 8] if args.quick else [1, 8, 100, 500]
    parts: dict[str, Callable[[], list[Figure]]] = {
        "reruns": lambda: reruns(sizes, repeat),
        "excel": lambda: excel(3 if args.quick else 7),
        "uploads": uploads,
        "throughput": lambda: throughput(1_000 if args.quick else 10_000),
        "cold": cold_start,
        "memory": memory,
        "load": lambda: load(25, 15 if args.quick else 60),
    }
    figures: list[Figure] = []
    for name, part in parts.items():
        if args.only and name not in args.only:
            continue
        got = part()
        figures += got
        for f in got:
            print(f"  measured {f.name}: {f.value:,.3f} {f.unit}", file=sys.stderr, flush=True)
    print(table(figures))
    missed = [f for f in figures if not f.ok]
    if missed:
        print(f"\n{len(missed)} figure(s) missed the budget: " + "; ".join(f.name for f in missed))
        return 1
    print("\nEvery figure is within its budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
