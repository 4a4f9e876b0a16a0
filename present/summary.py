"""What applies to a place, summed up: the headline of the detail panel, the HTML export's city card, the text
people copy into an e-mail and the city brief all come from :func:`summarise_place`.

"Named in 1 measure (EP-equipment clusters); plus 4 riverside, 1 Jiangsu, 1 lower-reach and 8 belt-wide
measures." Measures named for the place come first; inherited ones are counted by where they come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.dataset import Dataset
from geo.join import VIA_ORDER
from geo.places import Place
from present.i18n import label, name_of, t


@dataclass(frozen=True)
class MeasureLine:
    """One measure as a summary lists it."""

    id: str
    title: str
    roles: tuple[str, ...]  # role labels in the UI language
    via: str
    named: str  # the place (or group) the catalogue named, in the UI language
    source: str  # document, section, date
    quote: str
    note: str = ""


@dataclass(frozen=True)
class PlaceSummary:
    """A place and the measures that apply there, grouped nearest first."""

    place: Place
    name: str
    facts: list[str]
    headline: str
    own: list[MeasureLine]
    groups: list[tuple[str, str, list[MeasureLine]]] = field(default_factory=list)  # (via, label, measures)

    @property
    def total(self) -> int:
        """Distinct measures that apply."""
        return len({m.id for m in self.own} | {m.id for _, _, ms in self.groups for m in ms})


def _named_label(data: Dataset, level: str, pid: str, lang: str) -> str:
    if level in ("belt", "group", "reach"):
        return label(level, pid, lang)
    place = data.places.get(level, pid)
    return name_of(place, lang) if place else pid


def facts_of(data: Dataset, place: Place, lang: str) -> list[str]:
    """Level, province, reach and riverside, in the UI language."""
    facts = [t(f"level_{place.level}", lang)]
    if place.province and place.level != "province":
        facts.append(f"{t('in_province', lang)}: {name_of(data.places.get('province', place.province), lang)}")
    if place.reach and place.level != "reach":
        facts.append(f"{t('in_reach', lang)}: {label('reach', place.reach, lang)}")
    if place.riverside:
        facts.append(t("riverside_yes", lang))
    return facts


@dataclass(frozen=True)
class SummaryIndex:
    """What summaries need from a filtered table, computed once: the measures naming each place, per role,
    and each measure's text in the UI language."""

    named: dict[tuple[str, str], list[tuple[str, str]]]  # (named level, named id) -> [(measure id, role)]
    info: dict[str, tuple[str, str, str, str]]  # measure id -> (title, source, quote, note)
    lang: str


def summary_index(data: Dataset, table: pd.DataFrame, lang: str) -> SummaryIndex:
    """Index a filtered table for :func:`summarise_place` (one pass over the table)."""
    named: dict[tuple[str, str], list[tuple[str, str]]] = {}
    columns = (table["named_level"].to_numpy(), table["named_id"].to_numpy(), table["measure_id"].to_numpy(),
               table["role"].to_numpy())  # fmt: skip
    for level, pid, mid, role in zip(*columns, strict=True):
        pairs = named.setdefault((level, pid), [])
        if (mid, role) not in pairs:
            pairs.append((mid, role))
    info = {}
    for measure in data.catalogue.measures:
        source = data.catalogue.source(measure.source.document)
        doc = ", ".join(x for x in (getattr(source.title, lang), source.document_number, measure.source.section,
                                    measure.source.date.isoformat()) if x)  # fmt: skip
        note = getattr(measure.notes, lang) if measure.notes else ""
        info[measure.id] = (getattr(measure.title, lang), doc, measure.source.quote, note)
    return SummaryIndex(named, info, lang)


def _lines(data: Dataset, index: SummaryIndex, via: str, level: str, pid: str) -> list[MeasureLine]:
    roles: dict[str, list[str]] = {}
    for mid, role in index.named.get((level, pid), []):
        roles.setdefault(mid, []).append(label("role", role, index.lang))
    named = _named_label(data, level, pid, index.lang)
    out = []
    for mid, labels in roles.items():
        title, source, quote, note = index.info[mid]
        out.append(MeasureLine(mid, title, tuple(dict.fromkeys(labels)), via, named, source, quote, note))
    return out


def _via_phrase(data: Dataset, place: Place, via: str, lang: str) -> str:
    """ "riverside", "Jiangsu", "lower-reach", "belt-wide": how a headline names where measures come from."""
    if via == "province":
        return name_of(data.places.get("province", place.province), lang)
    if via == "reach":
        return t(f"reach_adj_{place.reach}", lang)
    if via == "parent":
        return name_of(data.places.get("prefecture", place.parent), lang)
    if via == "district":
        return name_of(data.places.get("county", place.district), lang)
    return t(f"via_short_{via}", lang)


def _headline(data: Dataset, place: Place, own: list[MeasureLine], groups, lang: str) -> str:
    name = name_of(place, lang)
    if own:
        titles = t("list_sep", lang).join(m.title for m in own[:3]) + ("…" if len(own) > 3 else "")
        head = t("summary_named_one" if len(own) == 1 else "summary_named", lang, n=len(own), titles=titles)
    else:
        head = t("summary_not_named", lang, name=name)
    parts = [t("summary_part", lang, n=len(ms), where=_via_phrase(data, place, via, lang)) for via, _, ms in groups]
    if not parts:
        return t("summary_end", lang, text=head)
    return t("summary_with", lang, head=head, parts=join_list(parts, lang))


def join_list(items: list[str], lang: str) -> str:
    """ "a, b and c" (English) or "a、b、c" (Chinese)."""
    if len(items) <= 1:
        return "".join(items)
    return t("list_sep", lang).join(items[:-1]) + t("list_last", lang) + items[-1]


def summarise_place(data: Dataset, table: pd.DataFrame, place: Place, lang: str,
                    index: SummaryIndex | None = None) -> PlaceSummary:  # fmt: skip
    """Every measure of ``table`` that applies to ``place``, its own first, the rest grouped by where it
    comes from (its district, prefecture, the riverside group, its province, its reach, the belt).

    Pass an ``index`` (:func:`summary_index`) when summarising many places of one table."""
    index = index or summary_index(data, table, lang)
    own = _lines(data, index, "place", place.level, place.id)
    by_via: dict[str, list[MeasureLine]] = {}
    for via, level, pid in data.places.ancestors(place):
        lines = _lines(data, index, via, level, pid)
        if lines:
            by_via.setdefault(via, []).extend(lines)
    groups = [(via, t(f"via_{via}", lang), by_via[via]) for via in VIA_ORDER[1:] if via in by_via]
    return PlaceSummary(place, name_of(place, lang), facts_of(data, place, lang),
                        _headline(data, place, own, groups, lang), own, groups)  # fmt: skip


def summary_text(summary: PlaceSummary, lang: str) -> str:
    """The summary as plain text for an e-mail: the headline, then every measure with its source."""
    lines = [f"{summary.name} ({' · '.join(summary.facts)})", summary.headline, ""]
    sections = [(t("via_place", lang), summary.own), *((lab, ms) for _, lab, ms in summary.groups)]
    for heading, measures in sections:
        if not measures:
            continue
        lines.append(f"{heading} ({len(measures)})")
        for m in measures:
            lines.append(f"- {m.title} [{', '.join(m.roles)}; {m.named}]")
            lines.append(f"  {t('f_source', lang)}: {m.source}")
            lines.append(f"  {t('f_quote', lang)}: “{m.quote}”")
            if m.note:
                lines.append(f"  {t('f_notes', lang)}: {m.note}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def place_summaries(data: Dataset, table: pd.DataFrame, cities: list[dict], lang: str) -> dict[str, dict]:
    """Headline and measure titles of every drawn place (the standalone export shows them on a click)."""
    out = {}
    index = summary_index(data, table, lang)
    for props in cities:
        place = data.places.get(props["level"], props["id"])
        if place is None:
            continue
        s = summarise_place(data, table, place, lang, index)
        out[f"{place.level}:{place.id}"] = {
            "title": s.name,
            "facts": " · ".join(s.facts),
            "headline": s.headline,
            "own": [m.title for m in s.own],
            "groups": [[lab, [m.title for m in ms]] for _, lab, ms in s.groups],
        }
    return out


__all__ = [
    "MeasureLine",
    "PlaceSummary",
    "SummaryIndex",
    "facts_of",
    "join_list",
    "place_summaries",
    "summarise_place",
    "summary_index",
    "summary_text",
]
