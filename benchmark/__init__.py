"""Benchmark self-assessment dashboard: the core (no Streamlit here).

Questionnaires, assessments, scoring, comparison, charts, Excel and storage live
in this package so that everything the app shows can be tested without a browser.
"""

__version__ = "0.1.0"
