"""Folium elements that never treat rendered output as a template.

branca's ``MacroElement.render`` wraps each macro's output in ``Element(output)``, which compiles that output
as a *new* Jinja template: anything that survived the first pass (``tojson`` and HTML escaping leave
``{{ }}`` alone) would be evaluated on the server. :class:`LiteralMacro` adds the output as text instead.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement


class Literal(Element):
    """Text already rendered, added to the page as is: never compiled or rendered as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class LiteralMacro(MacroElement):
    """A MacroElement whose rendered macros reach the page as literal text (see the module docstring)."""

    def render(self, **kwargs):
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(Literal(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return f"L.{self._name}"


__all__ = ["Literal", "LiteralMacro"]
