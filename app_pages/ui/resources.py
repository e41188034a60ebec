"""What every session of the server shares: the settings, the store and the frameworks, made once."""

from __future__ import annotations

import os

import streamlit as st

from benchmark.assessment import Assessment
from benchmark.framework.loader import framework_for, load_frameworks
from benchmark.framework.model import Framework
from benchmark.store import Store


def setting(name: str) -> str | None:
    """A setting from the environment, else from Streamlit secrets (``.streamlit/secrets.toml``)."""
    return os.environ.get(name) or _secret(name)


@st.cache_resource(show_spinner=False)
def _secret(name: str) -> str | None:
    try:
        value = st.secrets.get(name)
    except Exception:  # noqa: BLE001 - no secrets file is the usual case
        return None
    return None if value in (None, "") else str(value)


@st.cache_resource
def get_store() -> Store:
    return Store(setting("BENCHMARK_DATABASE_URL"))


@st.cache_resource
def get_frameworks() -> dict[str, Framework]:
    return load_frameworks()


def framework_of(assessment: Assessment) -> Framework | None:
    """The framework an assessment was made with, at its version (an earlier one kept beside the newest too)."""
    return framework_for(get_frameworks(), assessment.framework, assessment.framework_version)
