"""Titles and filter descriptions built from the view, in English or Chinese."""

from __future__ import annotations

from geo.dataset import Dataset
from geo.filters import FilterSpec
from present.dimensions import DIMENSIONS, TEXT_KEY
from present.i18n import t


def _names(data: Dataset, spec: FilterSpec, lang: str) -> list[tuple[str, list[str]]]:
    """(dimension id, value labels) of every filter in use, in declaration order, then the free text."""
    out = [(dim.id, [dim.value_label(data, v, lang) for v in sorted(getattr(spec, dim.field))]) for dim in DIMENSIONS]
    out.append((TEXT_KEY, [f"“{spec.text}”"] if spec.text else []))
    return out


def default_title(data: Dataset, spec: FilterSpec, lang: str) -> str:
    """A sentence naming what the view shows, e.g. 'Upper reach · Solid-waste utilisation: measures of …'."""
    parts = [", ".join(values) for _, values in _names(data, spec, lang) if values]
    head = t("title_all", lang)
    if not parts:
        return head
    sep = "，" if lang == "zh" else "; "
    return t("title_filtered", lang, filters=sep.join(parts), head=head)


def counts_line(data: Dataset, spec: FilterSpec, lang: str) -> str:
    """'17 of 17 measures apply to 48 of the 48 places shown': the same words in the app and every export."""
    from geo.filters import apply_filter
    from present.scene import city_states

    table = apply_filter(data.table, spec)
    states = city_states(data, spec, lang, table)
    return t("counts", lang, m=table["measure_id"].nunique(), mt=len(data.catalogue.measures),
             k=sum(s.match for s in states), p=len(states))  # fmt: skip


def filter_summary(data: Dataset, spec: FilterSpec, lang: str) -> str:
    """'Filters: Reach: Upper reach · Category: …' plus counts (or 'No filters')."""
    items = [f"{t(key, lang)}: {', '.join(values)}" for key, values in _names(data, spec, lang) if values]
    counts = counts_line(data, spec, lang)
    if not items:
        return f"{t('no_filters', lang)} · {counts}"
    return f"{t('filters', lang)}: {' · '.join(items)} · {counts}"


__all__ = ["counts_line", "default_title", "filter_summary"]
