"""The one escaping helper for text that reaches map HTML, and one for Streamlit Markdown.

Every catalogue or user string is untrusted. Folium places text inside JavaScript template
literals and Leaflet inserts tooltips, popups and layer names as HTML, so text for the map is
HTML-escaped *and* has the characters that matter inside template literals (`` ` ``, ``\\``,
``$``) replaced by character references (see CONVENTIONS.md).
"""

from __future__ import annotations

import re

# One translation table: HTML's five plus the three that matter inside JS template literals.
_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "`": "&#96;",
                        "\\": "&#92;", "$": "&#36;"})  # fmt: skip


def escape_html(text: object) -> str:
    """Escape any value for use as text in map HTML (tooltips, layer names, legend, popups).

    Parameters
    ----------
    text : object
        Converted with ``str``; ``None`` becomes an empty string.

    Returns
    -------
    str
        Text that renders literally as HTML and cannot close or interpolate a JS template literal.
    """
    if text is None:
        return ""
    return str(text).translate(_TABLE)


# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# (plus the characters Streamlit gives meaning: ':' for emoji/colour directives, '$' for LaTeX)
# makes catalogue text render literally in st.markdown.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=&\"'^@%;/?,])")


def escape_markdown(text: object) -> str:
    """Escape any value so ``st.markdown`` shows it literally (no links, HTML, LaTeX or emoji codes)."""
    if text is None:
        return ""
    value = str(text).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", value)


__all__ = ["escape_html", "escape_markdown"]
