"""Charts as Streamlit sends them, built once per distinct set of numbers."""

from __future__ import annotations

import functools
from typing import Any

from benchmark.framework.model import Framework
from benchmark.scoring import Result


def sendable(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite dict with its datasets already in the Arrow form ``st.vega_lite_chart`` sends, so a kept spec
    costs a rerun only the sending (given plain rows, Streamlit converts them again on every rerun). Streamlit
    changes only the top level of what it is given, so the rest may stay shared."""
    try:
        from streamlit.dataframe_util import convert_anything_to_arrow_bytes
    except ImportError:  # Streamlit moved it: the chart still works, converted on each rerun
        return spec
    import pandas as pd

    return {
        **spec,
        "datasets": {
            name: rows if isinstance(rows, bytes) else convert_anything_to_arrow_bytes(pd.DataFrame(rows))
            for name, rows in spec.get("datasets", {}).items()
        },
    }


@functools.lru_cache(maxsize=256)
def _sent_gap_spec(key: tuple) -> dict[str, Any]:
    from benchmark.charts.results import kept_gap_spec

    return sendable(kept_gap_spec(*key))


def gap_chart_spec(result: Result, framework: Framework, language: str = "en") -> dict[str, Any]:
    """The Results page's gap chart, in ``language``."""
    from benchmark.charts.results import gap_key  # Altair loads when a chart is first drawn, not at every page's start

    return _sent_gap_spec(gap_key(result, framework, language))
