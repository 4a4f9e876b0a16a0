"""The escaping helpers turn every payload into inert text."""

from __future__ import annotations

import html

import pytest

from present.escaping import escape_html, escape_markdown
from tests.payloads import PAYLOADS


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_html_leaves_no_markup_or_template_syntax(payload):
    out = escape_html(payload)
    for ch in "<>\"'`$\\":
        assert ch not in out
    assert html.unescape(out) == payload  # shown literally, nothing lost


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>", "&lt;b&gt;"),
        ("${x}", "&#36;{x}"),
        ("a`b", "a&#96;b"),
        ("\\`", "&#92;&#96;"),
        ("\"'", "&quot;&#x27;"),
        ("无锡", "无锡"),
        (None, ""),
        (42, "42"),
    ],
)
def test_escape_html_table(text, expected):
    assert escape_html(text) == expected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_markdown_escapes_every_markdown_and_directive_character(payload):
    out = escape_markdown(payload)
    specials = set("\\`*_{}[]()#+-.!|<>$:~=&\"'^@%;/?,")
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2
            continue
        assert out[i] not in specials, (payload, out)
        i += 1
    assert "\n" not in out
