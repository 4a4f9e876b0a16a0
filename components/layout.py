"""Page layout: a compact header, a map whose height follows the window, a panel that scrolls beside it.

The only HTML the app adds itself is this fixed style sheet (no data in it): Streamlit sends a style-only
``st.html`` to the page's event container, where it takes no space.
"""

from __future__ import annotations

import streamlit as st

# The map and the panel share the height left under the header; on a 1280×720 laptop that is ~560 px, so
# the whole map is on screen and a first click never scrolls the page instead of selecting.
MAP_HEIGHT = "max(380px, calc(100vh - 150px))"
PAGE_CSS = f"""<style>
.block-container {{ padding-top: 3.4rem; padding-bottom: 1rem; }}
[data-testid="stHeader"] {{ background: transparent; }}
.st-key-yreb_header h3 {{ font-size: 1.15rem; margin: 0; padding: 0; line-height: 1.3; }}
.st-key-yreb_header [data-testid="stCaptionContainer"] {{ margin-top: -0.2rem; }}
.st-key-yreb_panel {{ max-height: {MAP_HEIGHT}; overflow-y: auto; padding-right: 4px; }}
</style>"""


def page_style() -> None:
    """Add the page's style sheet (compact header, panel height)."""
    st.html(PAGE_CSS)


__all__ = ["MAP_HEIGHT", "page_style"]
