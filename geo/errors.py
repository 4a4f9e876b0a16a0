"""One exception family for everything the geo core rejects.

The app and the CLI catch :class:`GeoDataError` (and nothing broader), show its
message and keep the last good state. Each error carries a list of
:class:`Problem` so that *all* problems of a file are reported together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Parameters
    ----------
    path : str
        The file as the user named it.
    line : int or None
        1-based line (YAML) or None when the format has no useful lines.
    key : str
        Key path such as ``measures[3].places[0].id`` or a feature id.
    message : str
        What was expected and what was found.
    hint : str or None
        How to fix it, when known.
    code : str or None
        Machine-readable kind of problem (keyword only), e.g. ``"facilities.city_unknown"``; with
        ``args`` it lets the UI show the problem in the user's language (see ``geo.messages``).
    args : mapping of str to str or int
        The values the message was made from (keyword only). Only plain ``str`` and ``int`` are
        accepted: they are inserted into our own templates as values, never used as template text.

    Notes
    -----
    ``str(problem)`` and equality depend only on the first five fields, as before ``code`` existed.
    """

    path: str
    line: int | None
    key: str
    message: str
    hint: str | None = None
    # compare=False: equality and hash stay what they were before these fields (and a dict is not hashable).
    code: str | None = field(default=None, kw_only=True, compare=False)
    args: Mapping[str, str | int] = field(default_factory=dict, kw_only=True, compare=False)

    def __post_init__(self) -> None:
        for name, value in self.args.items():
            # bool is an int subclass but would print as True/False in a sentence: refuse it too.
            if not isinstance(name, str) or isinstance(value, bool) or not isinstance(value, str | int):
                raise TypeError(f"Problem args must map str to str or int, got {name!r}: {type(value).__name__}")
        # A private copy: the caller's dict cannot change the problem afterwards. A plain dict (not a
        # MappingProxyType) so problems stay picklable, e.g. through a cache or a process pool.
        object.__setattr__(self, "args", dict(self.args))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        text = f"{where}: {self.key or '(file)'}: {self.message}"
        if self.hint:
            text += f" Hint: {self.hint}"
        return text


class GeoDataError(Exception):
    """Base class of every input error the geo core raises."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, Problem):
            problems = [problems]
        elif isinstance(problems, str):
            problems = [Problem(path="", line=None, key="", message=problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CatalogueError(GeoDataError):
    """The measures catalogue is malformed or refers to unknown things."""


class LayerError(GeoDataError):
    """A GeoJSON layer is malformed, invalid or out of bounds."""


class UnknownPlaceError(GeoDataError):
    """A place id was asked for that the gazetteer does not know."""

    def __init__(self, place_id: str, suggestions: list[str]):
        self.place_id = place_id
        self.suggestions = suggestions
        hint = f"did you mean {', '.join(suggestions)}?" if suggestions else None
        shown = place_id if len(place_id) <= 60 else place_id[:57] + "..."
        super().__init__(
            Problem(
                path="",
                line=None,
                key="place",
                message=f"unknown place id {shown!r}",
                hint=hint,
            )
        )


__all__ = ["CatalogueError", "GeoDataError", "LayerError", "Problem", "UnknownPlaceError"]
