"""The measures catalogue: schema, strict loading and error reporting.

``load_catalogue`` reads ``data/measures.yaml`` (or any user file) with the strict YAML
reader, validates it against a pydantic v2 schema with ``extra="forbid"``, checks what
the schema cannot (unique ids, known sources, known places) and reports *every*
problem at once as ``PATH:LINE: key.path: message Hint: …``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError
from pydantic_core import PydanticCustomError

from geo.errors import CatalogueError, Problem
from geo.strict_yaml import MAX_BYTES, Path, format_path, read_strict_yaml
from geo.vocab import CATEGORIES, INDUSTRIES, PLACE_LEVELS, ROLES

SCHEMA_VERSION = 1

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# C0/C1 control characters other than tab and newline have no business in catalogue text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("contains a control character")
    return value


def _in_vocabulary(vocabulary: dict[str, dict[str, str]], what: str):
    def check(value: str) -> str:
        if value not in vocabulary:
            close = difflib.get_close_matches(value, list(vocabulary), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise PydanticCustomError(
                "vocabulary",
                "expected a known {what}, got {value}",
                {"what": what, "value": _shown(value), "hint": f"{hint}known: {', '.join(vocabulary)}"},
            )
        return value

    return check


def _text(max_length: int):
    return Annotated[str, Field(min_length=1, max_length=max_length), AfterValidator(_no_control)]


Slug = Annotated[str, Field(pattern=_SLUG, max_length=80)]
ShortText = _text(300)
LongText = _text(2000)
Category = Annotated[str, AfterValidator(_in_vocabulary(CATEGORIES, "category"))]
Industry = Annotated[str, AfterValidator(_in_vocabulary(INDUSTRIES, "industry"))]
Role = Annotated[str, AfterValidator(_in_vocabulary(ROLES, "role"))]
Year = Annotated[StrictInt, Field(ge=1949, le=2100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Bilingual(_Strict):
    """A text in English and Chinese."""

    en: ShortText
    zh: ShortText


class BilingualLong(_Strict):
    """A longer text in English and Chinese."""

    en: LongText
    zh: LongText


class Source(_Strict):
    """A document the catalogue cites."""

    id: Slug
    title: Bilingual
    issuer: Bilingual
    document_number: ShortText | None = None
    date: dt.date
    url: Annotated[str, Field(pattern=r"^https?://[^\s<>\"'`]+$", max_length=500)] | None = None
    language: Literal["zh", "en"]


class PlaceRef(_Strict):
    """A place a measure names, at its own level, with the role it plays."""

    level: Literal["area", "county", "prefecture", "group", "province", "reach", "belt"]
    id: Slug
    role: Role


class Target(_Strict):
    """A quantified target of a measure."""

    label: Bilingual
    change: Literal["decrease", "increase", "reach", "complete"]
    value: StrictInt | StrictFloat | None = None
    unit: Literal["percent", "count", "trillion_yuan", "none"] = "none"
    baseline_year: Year | None = None
    year: Year


class Citation(_Strict):
    """Where a measure comes from, with a short quote of the source's own words."""

    document: Slug
    section: ShortText
    date: dt.date
    quote: Annotated[str, Field(min_length=1, max_length=600), AfterValidator(_no_control)]


class Measure(_Strict):
    """One measure of the guidance."""

    id: Slug
    title: Bilingual
    summary: BilingualLong
    category: Category
    industries: Annotated[list[Industry], Field(min_length=1, max_length=30)]
    places: Annotated[list[PlaceRef], Field(min_length=1, max_length=500)]
    targets: Annotated[list[Target], Field(max_length=50)] = []
    source: Citation
    notes: BilingualLong | None = None


class Catalogue(_Strict):
    """The whole catalogue file."""

    schema_version: Literal[1]
    version: Annotated[str, Field(pattern=r"^[0-9A-Za-z.+-]{1,40}$")]
    title: Bilingual
    sources: Annotated[list[Source], Field(min_length=1, max_length=100)]
    measures: Annotated[list[Measure], Field(min_length=1, max_length=2000)]

    def measure(self, measure_id: str) -> Measure:
        """Return the measure with this id (KeyError if none)."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def source(self, source_id: str) -> Source:
        """Return the source with this id (KeyError if none)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


def _line_of(lines: dict[Path, int], loc: Path) -> int | None:
    """Line of the deepest existing prefix of ``loc`` (a missing key reports its parent)."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
}


def _message(error: dict[str, Any], model_fields: list[str]) -> tuple[str, str | None]:
    """Rewrite a pydantic error as 'expected …, got …' plus a hint."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    if kind == "missing":
        return f"required field {loc[-1]!r} is missing", f"add '{loc[-1]}:' (see docs/catalogue.md)"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), model_fields, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(model_fields)}"
        return f"unknown field {str(loc[-1])!r}", hint
    if kind in _TYPE_NAMES:
        hint = None
        if isinstance(value, bool) or (isinstance(value, str) and value.lower() in {"yes", "no", "on", "off"}):
            hint = "YAML reads yes/no/on/off and true/false specially; quote text values"
        elif isinstance(value, (int, float)) and _TYPE_NAMES[kind] == "text":
            hint = "quote the value to make it text"
        return f"expected {_TYPE_NAMES[kind]}, got {_shown(value)}", hint
    if kind == "vocabulary":
        return error["msg"], error["ctx"]["hint"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = None
        if loc and loc[-1] == "level" and value in ("city", "town", "district"):
            hint = "a prefecture-level city is 'prefecture'; a district or county-level city is 'county'"
        return f"expected one of {expected}, got {_shown(value)}", hint
    if kind == "string_pattern_mismatch":
        return f"got {_shown(value)}, which does not match the required form", (
            "ids are lowercase ASCII letters, digits and single hyphens, e.g. 'ep-equipment-clusters'"
            if loc and loc[-1] in ("id", "document")
            else None
        )
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, "), None
    return f"{error['msg']}; got {_shown(value)}", None


def _fields_at(loc: Path) -> list[str]:
    """Field names of the model at ``loc``, for 'did you mean' hints."""
    model: type[BaseModel] = Catalogue
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            break
        annotation = field.annotation
        args = getattr(annotation, "__args__", ()) or ()
        candidates = [annotation, *args]
        for arg in list(candidates):
            candidates.extend(getattr(arg, "__args__", ()) or ())
        nxt = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if nxt is None:
            break
        model = nxt
    return list(model.model_fields)


def _semantic_problems(cat: Catalogue, lines: dict[Path, int], name: str) -> list[Problem]:
    """Checks the schema cannot express: unique ids and known source documents."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, s in enumerate(cat.sources):
        if s.id in seen:
            problems.append(
                Problem(
                    name,
                    _line_of(lines, ("sources", i, "id")),
                    f"sources[{i}].id",
                    f"duplicate source id {s.id!r} (also sources[{seen[s.id]}])",
                    "give each source its own id",
                )
            )
        seen.setdefault(s.id, i)
    measure_seen: dict[str, int] = {}
    for i, m in enumerate(cat.measures):
        if m.id in measure_seen:
            problems.append(
                Problem(
                    name,
                    _line_of(lines, ("measures", i, "id")),
                    f"measures[{i}].id",
                    f"duplicate measure id {m.id!r} (also measures[{measure_seen[m.id]}])",
                    "give each measure its own id",
                )
            )
        measure_seen.setdefault(m.id, i)
        if m.source.document not in seen:
            loc = ("measures", i, "source", "document")
            close = difflib.get_close_matches(m.source.document, list(seen), n=1)
            problems.append(
                Problem(
                    name,
                    _line_of(lines, loc),
                    format_path(loc),
                    f"measure {m.id!r} cites unknown source {m.source.document!r}",
                    f"did you mean {close[0]!r}?" if close else "add it under 'sources:'",
                )
            )
        pairs: dict[tuple[str, str, str], int] = {}
        for j, p in enumerate(m.places):
            key = (p.level, p.id, p.role)
            if key in pairs:
                loc = ("measures", i, "places", j)
                problems.append(
                    Problem(
                        name,
                        _line_of(lines, loc),
                        format_path(loc),
                        f"place {p.level}:{p.id} with role {p.role!r} is listed twice (also places[{pairs[key]}])",
                        "remove one of them",
                    )
                )
            pairs.setdefault(key, j)
    return problems


def parse_catalogue(raw: bytes, name: str, places: Any | None = None, *, max_bytes: int = MAX_BYTES) -> Catalogue:
    """Validate catalogue bytes and return the catalogue.

    Parameters
    ----------
    raw : bytes
        The YAML file content.
    name : str
        How the file is named in messages (usually its path).
    places : Gazetteer, optional
        When given, every place reference is checked against it.

    Returns
    -------
    Catalogue

    Raises
    ------
    CatalogueError
        Listing every problem found, each with file, line, key path and a hint where known.
    """
    data, lines = read_strict_yaml(raw, name, max_bytes)
    if not isinstance(data, dict):
        raise CatalogueError(
            Problem(
                name,
                1,
                "",
                f"expected a mapping with 'measures:' at the top, got {_shown(data)}",
                "start from docs/catalogue.md's example",
            )
        )
    try:
        cat = Catalogue.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen: set[tuple[int | None, str]] = set()
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            message, hint = _message(error, _fields_at(loc))
            if error["type"] != "missing":
                # A union reports once per member, tagged ('value', 'int'), ('value', 'float'): the
                # key path is the longest prefix that exists in the file, reported once.
                loc = next((loc[:end] for end in range(len(loc), 0, -1) if loc[:end] in lines), loc)
            key = (_line_of(lines, loc), format_path(loc))
            if key in seen:
                continue
            seen.add(key)
            problems.append(Problem(name, key[0], key[1], message, hint))
        raise CatalogueError(problems) from None
    problems = _semantic_problems(cat, lines, name)
    if places is not None:
        for i, m in enumerate(cat.measures):
            for j, ref in enumerate(m.places):
                found = places.check_ref(ref.level, ref.id)
                if found is not None:
                    loc = ("measures", i, "places", j, "id")
                    problems.append(
                        Problem(
                            name,
                            _line_of(lines, loc),
                            format_path(loc),
                            f"measure {m.id!r} names unknown {ref.level} {ref.id!r}",
                            found,
                        )
                    )
    if problems:
        raise CatalogueError(problems)
    return cat


def load_catalogue(path: str | FsPath, places: Any | None = None, *, max_bytes: int = MAX_BYTES) -> Catalogue:
    """Read and validate a catalogue file.

    Parameters
    ----------
    path : str or pathlib.Path
        The YAML file.
    places : Gazetteer, optional
        When given, place references are checked against it.

    Returns
    -------
    Catalogue

    Raises
    ------
    CatalogueError
        If the file cannot be read or is invalid; every problem is listed.
    """
    return parse_catalogue(read_catalogue_bytes(path, max_bytes), str(path), places, max_bytes=max_bytes)


def read_catalogue_bytes(path: str | FsPath, max_bytes: int = MAX_BYTES) -> bytes:
    """A catalogue file's bytes, reading one byte past the cap so an oversize file is detected without
    reading it whole (the parser then reports its size).

    Raises
    ------
    CatalogueError
        If the file cannot be read.
    """
    path = FsPath(path)
    try:
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise CatalogueError(
            Problem(str(path), None, "", f"cannot read the file: {exc.strerror}", "check the path")
        ) from None


__all__ = [
    "SCHEMA_VERSION",
    "Bilingual",
    "Catalogue",
    "Citation",
    "Measure",
    "PlaceRef",
    "Source",
    "Target",
    "load_catalogue",
    "parse_catalogue",
    "read_catalogue_bytes",
]
assert set(PLACE_LEVELS) == set(PlaceRef.model_fields["level"].annotation.__args__)
