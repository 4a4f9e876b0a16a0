"""A strict, safe YAML reader that remembers where every value came from.

Only plain YAML data is accepted: no anchors or aliases (so no alias bombs), no tags
(so no ``!!python/object``), no duplicate keys, no non-string keys, a size cap and a
nesting-depth cap. Scalars are resolved with the YAML 1.2 core rules, so ``NO``,
``on`` and ``yes`` stay strings and ``012`` is the integer 12, instead of YAML 1.1's
``False`` and octal 10. Dates stay strings; the schema parses them.

The result is the plain data plus a map from key path (a tuple) to 1-based line, so
schema errors can be reported at their source line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from geo.decoding import UndecodableText, decode_text
from geo.errors import CatalogueError, Problem
from geo.messages import problem
from geo.settings import Settings

MAX_BYTES = Settings().catalogue_max_bytes  # the default of the setting (geo/settings.py)
MAX_DEPTH = 20
MAX_NODES = 10_000  # the shipped catalogue has ~2,000
# Characters YAML itself refuses (C0/C1 controls other than tab/newline/CR/NEL, surrogates, U+FFFE/F).
_DISALLOWED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN"}


class _Refused(Exception):
    """Raised inside the composer to stop at the first structural refusal."""

    def __init__(self, line: int, path: Path, message: str, hint: str | None = None):
        self.line, self.path, self.message, self.hint = line, path, message, hint


class _StrictComposer(yaml.SafeLoader):
    """SafeLoader whose composer refuses anchors, aliases, explicit tags and deep nesting."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._path: list[str | int] = []

    def compose_node(self, parent, index):
        # PyYAML passes the key node as `index` for a mapping value, an int for a sequence
        # item and None for a mapping key: enough to know the key path of every node.
        if isinstance(index, ScalarNode):
            segment: list[str | int] = [index.value]
        elif isinstance(index, int) and not isinstance(index, bool):
            segment = [index]
        else:
            segment = []
        self._path.extend(segment)
        try:
            return self._compose_checked(parent, index)
        finally:
            del self._path[len(self._path) - len(segment) :]

    def _compose_checked(self, parent, index):
        """Refuse aliases, anchors, tags and deep nesting before PyYAML builds the node."""
        event = self.peek_event()
        line = event.start_mark.line + 1
        here = tuple(self._path)
        if isinstance(event, AliasEvent):
            raise _Refused(
                line,
                here,
                f"alias '*{event.anchor}' found; aliases are not allowed",
                "write the value out in full instead of referring to an anchor",
            )
        if getattr(event, "anchor", None):
            raise _Refused(
                line,
                here,
                f"anchor '&{event.anchor}' found; anchors are not allowed",
                "remove the '&name' anchor and write each value out in full",
            )
        tag = getattr(event, "tag", None)
        explicit = isinstance(event, (SequenceStartEvent, MappingStartEvent)) and not event.implicit
        if isinstance(event, ScalarEvent):
            explicit = tag is not None and not event.implicit[0] and not event.implicit[1]
            explicit = explicit or (tag is not None and tag != "!" and not any(event.implicit))
        if tag is not None and explicit:
            raise _Refused(
                line,
                here,
                f"tag {tag!r} found; tags are not allowed",
                "remove the '!…' tag; values are plain text, numbers, lists and mappings",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            # PyYAML spends ~30 µs per node: a cap on nodes bounds the time a small file can cost.
            raise _Refused(line, here, f"more than {MAX_NODES:,} values in the file",
                           "the shipped catalogue has about 1,100; split the file")  # fmt: skip
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    line,
                    here,
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "the catalogue needs only a few levels; check the indentation",
                )
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def _scalar(node: ScalarNode) -> Any:
    """Resolve a scalar with YAML 1.2 core-schema rules; quoted scalars are strings."""
    value = node.value
    if node.style in ("'", '"', "|", ">"):
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) or value in _SPECIAL_FLOAT:
        return float(
            value.replace(".inf", "inf")
            .replace(".Inf", "inf")
            .replace(".INF", "inf")
            .replace(".nan", "nan")
            .replace(".NaN", "nan")
            .replace(".NAN", "nan")
        )
    return value


def _construct(node, path: Path, lines: dict[Path, int], problems: list[tuple[int, Path, str, str | None]]):
    """Turn a composed node into plain data, recording the line of every path."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_construct(item, (*path, i), lines, problems) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if isinstance(key_node, ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    (
                        key_line,
                        path,
                        "merge key '<<' found; merging is not allowed",
                        "write the merged keys out in full",
                    )
                )
                continue
            if not isinstance(key_node, ScalarNode):
                problems.append((key_line, path, "a mapping key must be plain text", None))
                continue
            key = key_node.value
            if key in out:
                problems.append(
                    (
                        key_line,
                        (*path, key),
                        f"duplicate key {key!r} (first at line {lines[(*path, key)]})",
                        "keep one of the two entries; YAML would silently keep only the last",
                    )
                )
                continue
            out[key] = _construct(value_node, (*path, key), lines, problems)
            lines[(*path, key)] = key_line
        return out
    raise AssertionError(f"unexpected node {node!r}")  # pragma: no cover - composer yields only these


def format_path(path: Path) -> str:
    """Render ``('measures', 3, 'id')`` as ``measures[3].id`` (long runs of indices end in ``[…]``)."""
    text, run = "", 0
    for part in path:
        run = run + 1 if isinstance(part, int) else 0
        if run > 4:
            text += "[…]" if run == 5 else ""
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (BOM optional) or GB18030 text, as Chinese Windows tools save it; else a CatalogueError."""
    try:
        return decode_text(raw).text
    except UndecodableText as exc:
        code = "text.utf16" if exc.kind == "utf16" else "text.undecodable"
        raise CatalogueError(problem(name, exc.line, "", code, byte=f"{exc.byte:02x}", line=exc.line)) from None


def read_strict_yaml(raw: bytes, name: str, max_bytes: int = MAX_BYTES) -> tuple[Any, dict[Path, int]]:
    """Parse catalogue bytes strictly.

    Parameters
    ----------
    raw : bytes
        The file content: UTF-8 (a byte-order mark is fine) or GB18030.
    name : str
        How to name the file in messages.

    Returns
    -------
    data, lines
        The plain data (dicts, lists, str, int, float, bool, None) and the line of every key path.

    Raises
    ------
    CatalogueError
        With every problem found (structural problems stop parsing at the first one).
    """
    if len(raw) > max_bytes:
        raise CatalogueError(
            Problem(
                name,
                None,
                "",
                f"file is {len(raw):,} bytes; the limit is {max_bytes:,}",
                "split the catalogue or remove bulky text",
            )
        )
    text = _decode(raw, name)
    bad_char = _DISALLOWED.search(text)
    if bad_char:
        line = text.count("\n", 0, bad_char.start()) + 1
        raise CatalogueError(Problem(name, line, "", f"control character U+{ord(bad_char.group()):04X} is not allowed",
                                     "delete it (YAML does not allow it even inside quotes)"))  # fmt: skip
    loader = None
    try:
        loader = _StrictComposer(text)
        node = loader.get_single_node()
    except _Refused as exc:
        raise CatalogueError(Problem(name, exc.line, format_path(exc.path), exc.message, exc.hint)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"not valid YAML: {exc.problem or exc.context}"
        hint = "indent with spaces, not tabs" if "'\\t'" in str(exc.problem) else None
        raise CatalogueError(Problem(name, line, "", message, hint)) from None
    except yaml.YAMLError as exc:
        raise CatalogueError(Problem(name, None, "", f"not valid YAML: {exc}")) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise CatalogueError(Problem(name, 1, "", "the file is empty", "start from docs/catalogue.md's example"))
    lines: dict[Path, int] = {}
    problems: list[tuple[int, Path, str, str | None]] = []
    data = _construct(node, (), lines, problems)
    if problems:
        raise CatalogueError([Problem(name, line, format_path(path), msg, hint) for line, path, msg, hint in problems])
    return data, lines


__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "format_path", "read_strict_yaml"]
