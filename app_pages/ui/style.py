"""The app's own style sheet, for what Streamlit's theme options cannot set: a focus mark that is seen, controls
that wrap instead of cutting their labels, help marks a finger can hit, and the question as the most prominent
text of its card.

The theme (``.streamlit/config.toml``) sets the colours: its text colour is dark enough that Streamlit's faded
text (captions, help, 60 % of the text colour) still has a contrast of 4.5:1 or more on white.
"""

from __future__ import annotations

import streamlit as st

FOCUS = "#0B57D0"  # 6.4:1 on white, 5.9:1 on the sidebar's grey: a mark seen on every background the app uses

STYLE = f"""
<style>
/* A visible focus mark on every control reached with the keyboard (Streamlit's is a faint grey on ratings). */
:focus-visible {{ outline: 3px solid {FOCUS} !important; outline-offset: 2px !important; }}
label:has(input:focus-visible) {{ outline: 3px solid {FOCUS}; outline-offset: 2px; border-radius: 4px; }}
[data-baseweb="input"]:focus-within, [data-baseweb="textarea"]:focus-within,
[data-baseweb="select"] > div:focus-within {{ outline: 3px solid {FOCUS}; outline-offset: 1px; }}
[data-baseweb="input"] input:focus-visible, [data-baseweb="textarea"] textarea:focus-visible,
[data-baseweb="select"] input:focus-visible {{ outline: none !important; }}
/* Where "next", "previous", the section picker and "first unanswered" bring the view (app_pages/ui/focus.py): clear
of Streamlit's fixed header at the top, and marked while it holds the focus, also after a click. */
.st-key-section-heading h2, [class*="st-key-itemcard-"] {{ scroll-margin-top: 4.5rem; }}
.st-key-section-heading h2:focus {{ outline: 3px solid {FOCUS}; outline-offset: 4px; }}
[class*="st-key-itemcard-"]:has([role="radiogroup"]:focus) {{ outline: 3px solid {FOCUS}; outline-offset: 2px; }}

/* The menu's section headings (app_pages/ui/menu.py) at the size of Streamlit's own. */
[data-testid="stSidebar"] h3 {{ font-size: 0.875rem; font-weight: 600; padding: 0.5rem 0 0; }}
/* A collapsed sidebar (phones) is out of view: its links leave the tab order too. */
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] {{ visibility: hidden; }}

/* Segmented controls and pills wrap onto a second line rather than cutting a label ("Exter…"). */
[data-testid="stButtonGroup"] [role="radiogroup"], [data-testid="stButtonGroup"] [role="group"] {{
  flex-wrap: wrap; max-width: 100%;
}}
[data-testid="stButtonGroup"] button {{ max-width: 100%; min-height: 2.5rem; }}
[data-testid="stButtonGroup"] button p {{ white-space: normal; overflow: visible; text-overflow: clip; }}
/* Buttons wrap their label instead of cutting it. */
[data-testid="stBaseButton-secondary"] p, [data-testid="stBaseButton-primary"] p {{ white-space: normal; }}

/* A metric's value wraps rather than being cut ("En développem…"): translated maturity levels are longer. */
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p {{
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
}}

/* Headings break a long word where the page's language hyphenates it ("Integrations-strategie"), not anywhere. */
h1, h2, h3 {{ hyphens: auto; overflow-wrap: break-word; }}
/* Tabs wrap onto a second line on a narrow screen rather than hiding the last behind a scroll arrow. */
[data-testid="stTabs"] [role="tablist"] {{ flex-wrap: wrap; row-gap: 0.25rem; }}

/* Help marks (?) a finger can hit: at least 24 x 24 px (WCAG 2.5.8), the icon itself unchanged. */
[data-testid="stTooltipIcon"] button {{
  min-width: 24px; min-height: 24px; display: inline-flex; align-items: center; justify-content: center;
}}

/* No "link to this heading" marks: 16 px targets beside every heading, and a Tab stop each, for links nobody shares. */
[data-testid="stHeaderActionElements"] {{ display: none; }}

/* Streamlit's date-picker icon and tab scroller, 16 and 20 px across: 24 at least. */
[data-testid="stDateInputCalendarButton"] {{ min-width: 24px; min-height: 24px; }}
[data-testid="stTabsScrollRight"], [data-testid="stTabsScrollLeft"] {{ min-width: 24px; }}

/* The question is the most prominent text of an item's card. */
[class*="st-key-itemcard-"] [data-testid="stRadio"] > [data-testid="stWidgetLabel"] p {{
  font-size: 1.125rem; font-weight: 600; line-height: 1.4;
}}
</style>
"""


def style() -> None:
    """Add the style sheet to the page (a style-only ``st.html`` takes no room); called on every run."""
    st.html(STYLE)
