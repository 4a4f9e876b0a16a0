"""Injection payloads (HTML, JS template literal, Markdown, Streamlit directives) for hostile-input tests."""

from __future__ import annotations

import copy

PAYLOADS = [
    "<img src=x onerror=alert('img')>",
    "<script>alert('script')</script>",
    "</script><script>alert('close-script')</script>",
    "${alert('template')}",
    "`;alert('backtick');`",
    "\\`;alert('backslash-backtick');//",
    "<svg onload=alert('svg')>",
    "javascript:alert('js-url')",
    "[click me](javascript:alert('md-link'))",
    "\"><iframe src=javascript:alert('iframe')>",
    "{{7*7}} {% raw %}jinja{% endraw %}",
    ":red[directive] :material/warning: $x^2$ **bold**",
    "' onmouseover='alert(\"attr\")' x='",
    "<a href=\"javascript:alert('a')\">link</a>",
    "\u202eRTL override\u200b zero-width",
    # Server-side template injection (tests/ssti.py): printed literally, never evaluated.
    "seven{{7*7}} {#swallowed",
    "{{lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ.YREB_SSTI_MARKER)}}",
]

# Fields whose value is free text (ids, dates, enums and URLs are constrained by the schema).
TEXT_KEYS = {"en", "zh", "section", "quote", "document_number"}


def hostilise(catalogue: dict) -> dict:
    """Return a copy of a catalogue dict with every free-text field replaced by a payload."""
    out = copy.deepcopy(catalogue)
    counter = iter(range(10**6))

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TEXT_KEYS and isinstance(value, str):
                    node[key] = PAYLOADS[next(counter) % len(PAYLOADS)] + f" #{key}"
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(out)
    return out
