"""Many sessions saving answers at once against a real ``streamlit run`` on loopback: the save latency a user waits.

Each session is a raw websocket client speaking Streamlit's own protocol (what the browser sends: a rerun request
with the widget's new value), so 25 of them cost the driver little next to the server; a browser tab each would
spend the two cores on drawing. A session opens its own assessment on Assess and rates the items on screen one
after another, each a real change (so each is a save), waiting ``think`` seconds between answers. The latency of
an answer is the time from sending it to the end of the rerun it starts, which shows the "Saved" toast.

Bounded: loopback only, at most ``duration`` seconds and ``max_answers`` answers per session. At the end every
session's last answer to each item is read back from the database: a figure counts only if nothing was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Run:
    sessions: int
    latencies: list[float] = field(default_factory=list)  # seconds, every answer of every session
    answers: int = 0
    lost: list[str] = field(default_factory=list)  # what a session saved and the database does not hold
    errors: list[str] = field(default_factory=list)  # an exception on the page, or no "Saved" toast
    seconds: float = 0.0
    server_cpu: float = float("nan")  # CPU seconds the server spent while the sessions answered

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    def summary(self) -> str:
        return (
            f"{self.sessions} session(s): {self.answers} answers in {self.seconds:.0f} s "
            f"({self.answers / max(self.seconds, 1e-9):.1f}/s), median {self.median * 1000:.0f} ms, "
            f"p95 {self.quantile(0.95) * 1000:.0f} ms, max {max(self.latencies, default=0) * 1000:.0f} ms, "
            f"server CPU {self.server_cpu / max(self.answers, 1) * 1000:.0f} ms per answer; "
            f"lost {len(self.lost)}, errors {len(self.errors)}"
        )


def _rerun(aid: str, widgets: dict, fragment_id: str = "") -> bytes:
    """The rerun request a browser sends after a widget changed; from inside a fragment it names the fragment."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = f"a={aid}"
    msg.rerun_script.page_name = "assess"
    msg.rerun_script.fragment_id = fragment_id
    for state in widgets.values():
        msg.rerun_script.widget_states.widgets.append(state)
    return msg.SerializeToString()


def _keep(element, widgets: dict) -> None:
    """What the browser keeps of a drawn widget and sends back with every rerun: the value the server set, else
    the default on first sight (a page's callbacks read the other widgets of a card from it)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    first = proto.id not in widgets
    if kind in ("text_area", "text_input"):
        if proto.set_value or first:
            text = proto.value if proto.set_value else proto.default
            widgets[proto.id] = WidgetState(id=proto.id, string_value=text)
    elif kind in ("radio", "selectbox"):
        if proto.set_value and proto.HasField("raw_value"):
            widgets[proto.id] = WidgetState(id=proto.id, string_value=proto.raw_value)
        elif first and proto.HasField("default"):
            widgets[proto.id] = WidgetState(id=proto.id, string_value=proto.options[proto.default])
    elif kind == "button_group" and proto.set_value:
        state = WidgetState(id=proto.id)
        state.string_array_value.data.extend(proto.raw_values)
        widgets[proto.id] = state


async def _until_finished(ws, radios: dict, widgets: dict) -> list:
    """Read the server's messages up to the end of the rerun (and of any rerun it asked for): every element
    drawn; the radios and every widget's value kept as a browser would."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    elements: list = []
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            elements.append(element)
            if element.WhichOneof("type") in ("text_area", "text_input", "radio", "selectbox", "button_group"):
                _keep(element, widgets)
            if element.WhichOneof("type") == "radio":
                radios[element.radio.id] = (element.radio, msg.delta.fragment_id)
        elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return elements  # a run stopped early for a rerun (st.rerun) is followed by that rerun


async def _session(url: str, aid: str, run: Run, duration: float, max_answers: int, think: float, seed: int) -> dict:
    """One user on Assess: rate the items on screen in turn, each time another option, for ``duration`` seconds
    after the page first showed. Returns what it saved."""
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    rng = random.Random(seed)
    saved: dict[str, str] = {}
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None, open_timeout=30) as ws:
        radios: dict = {}
        widgets: dict = {}
        await ws.send(_rerun(aid, widgets))
        await _until_finished(ws, radios, widgets)
        ids, until = list(radios), time.monotonic() + duration
        for n in range(max_answers):
            if time.monotonic() >= until or not ids:
                break
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            radio, fragment_id = radios[ids[n % len(ids)]]
            label = radio.options[(n // len(ids) + 1) % len(radio.options)]
            widgets[radio.id] = WidgetState(id=radio.id, string_value=label)
            t = time.perf_counter()
            await ws.send(_rerun(aid, widgets, fragment_id))
            elements = await _until_finished(ws, radios, widgets)
            run.latencies.append(time.perf_counter() - t)
            run.answers += 1
            item_id = radio.label.split(" · ")[0]
            saved[item_id] = label
            shown = [e.WhichOneof("type") for e in elements]
            if "exception" in shown:
                error = next(e.exception for e in elements if e.WhichOneof("type") == "exception")
                run.errors.append(f"{aid} {item_id}: an exception on the page: {error.type}: {error.message}")
            elif not any(e.WhichOneof("type") == "toast" and "Saved" in e.toast.body for e in elements):
                run.errors.append(f"{aid} {item_id}: no 'Saved' toast")
    return saved


async def _warm(url: str, aid: str) -> None:
    import websockets

    async with websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        origin=url,
        max_size=None,
        open_timeout=30,
    ) as ws:
        await ws.send(_rerun(aid, {}))
        await _until_finished(ws, {}, {})


def _check(store, framework, aid: str, saved: dict[str, str], run: Run) -> None:
    """Every item's last answer as the session gave it (labels back to values) is what the database holds."""
    a = store.get(aid)
    for item_id, label in saved.items():
        scale = framework.scale_for(framework.item_by_id[item_id])
        want = next(o.value for o in scale.options if o.label == label)
        got = a.answers.get(item_id)
        if got is None or got.value != want:
            run.lost.append(f"{aid} {item_id}: saved {want!r}, stored {got.value if got else None!r}")


def measure(
    sessions: int, duration: float = 60.0, think: float = 0.0, max_answers: int = 200, database_url: str | None = None
) -> Run:
    """``sessions`` users answering at once for at most ``duration`` seconds against a fresh server and store."""
    from benchmark.framework.loader import load_frameworks
    from benchmark.samples import generated
    from benchmark.store import Store
    from tests.browser import running_app

    framework = load_frameworks()["unites"]
    run = Run(sessions)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"BENCHMARK_DATABASE_URL": database_url} if database_url else {}
        with _env(BENCHMARK_DATA_DIR=tmp, **env):
            store = Store(database_url)
            pool = generated(framework, sessions, seed=19)
            for a in pool:
                store.save(a.model_copy(update={"answers": {}}))
        with running_app(Path(tmp), env) as url:

            async def everyone():
                return await asyncio.gather(
                    *(_session(url, a.id, run, duration, max_answers, think, k) for k, a in enumerate(pool))
                )

            asyncio.run(_warm(url, pool[0].id))  # the first run imports the app's modules: not what a save costs
            server = _server_pid()
            t, cpu = time.monotonic(), _cpu_seconds(server)
            results = asyncio.run(everyone())
            run.seconds, run.server_cpu = time.monotonic() - t, _cpu_seconds(server) - cpu
        if run.errors and os.environ.get("LOAD_LOG"):
            print((Path(tmp) / "server.log").read_text()[-4000:], file=sys.stderr)
        for a, saved in zip(pool, results):
            _check(store, framework, a.id, saved, run)
        store.engine.dispose()
    return run


def _server_pid() -> int | None:
    """The ``streamlit run`` this process started (Linux: /proc lists a process's children)."""
    try:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
        return next(int(p) for p in children if b"streamlit" in Path(f"/proc/{p}/cmdline").read_bytes())
    except (OSError, StopIteration):
        return None


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of a process so far, or NaN where /proc does not say."""
    if pid is None:
        return float("nan")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    result = measure(args.sessions, args.duration, args.think, database_url=args.database_url)
    print(result.summary())
    for line in (result.lost + result.errors)[:10]:
        print("  ", line)
