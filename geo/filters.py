"""Filtering is a value: a frozen :class:`FilterSpec` applied by a pure function."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

TEXT_COLUMNS = ("title_en", "title_zh", "summary_en", "summary_zh", "quote")
MAX_TEXT = 200


@dataclass(frozen=True)
class FilterSpec:
    """What the user asked to see. Empty sets mean "no restriction".

    Attributes
    ----------
    reaches, provinces : frozenset of str
        Keep places in (or spanning) these reaches / provinces.
    categories, industries, roles, measures : frozenset of str
        Keep measures of these categories, touching these industries, places with these roles,
        or these measure ids.
    zone_industries : frozenset of str
        Keep development zones whose leading industries (or name) belong to these families
        (:data:`geo.vocab.ZONE_INDUSTRY_FAMILIES`); other sites are not affected.
    batches : frozenset of str
        Keep green-list sites of these batches (:data:`geo.vocab.LIST_BATCHES`); zones are not affected.
    text : str
        Case-insensitive substring of a title, summary or quote (English or Chinese).
    """

    reaches: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    zone_industries: frozenset[str] = frozenset()
    batches: frozenset[str] = frozenset()
    text: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "text":
                object.__setattr__(self, "text", str(value)[:MAX_TEXT].strip())
            elif not isinstance(value, frozenset):
                object.__setattr__(self, f.name, frozenset(value))

    @property
    def is_empty(self) -> bool:
        """True when the spec restricts nothing."""
        return self == FilterSpec()

    @property
    def filters_measures(self) -> bool:
        """True when the spec narrows the measures themselves (not only where, or which sites)."""
        return bool(self.categories or self.industries or self.roles or self.measures or self.text)


def apply_filter(table: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """Return the rows of the tidy table that match ``spec``.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`geo.join.join_measures_to_places`.
    spec : FilterSpec
        The filter.

    Returns
    -------
    DataFrame
        The matching rows, in their original order. A reach/province filter keeps rows whose place
        lies in or spans the selection, so belt-wide measures stay in view of every reach.
    """
    keep = pd.Series(True, index=table.index)
    if spec.reaches:
        keep &= table["reaches_covered"].map(lambda r: bool(spec.reaches.intersection(r)))
    if spec.provinces:
        keep &= table["provinces_covered"].map(lambda p: bool(spec.provinces.intersection(p)))
    if spec.categories:
        keep &= table["category"].isin(spec.categories)
    if spec.industries:
        keep &= table["industries"].map(lambda i: bool(spec.industries.intersection(i)))
    if spec.roles:
        keep &= table["role"].isin(spec.roles)
    if spec.measures:
        keep &= table["measure_id"].isin(spec.measures)
    if spec.text:
        needle = spec.text.casefold()
        hit = pd.Series(False, index=table.index)
        for column in TEXT_COLUMNS:
            hit |= table[column].str.casefold().str.contains(needle, regex=False)
        keep &= hit
    return table[keep]


__all__ = ["FilterSpec", "apply_filter"]
