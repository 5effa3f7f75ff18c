"""Reading item definitions and typeRefs into :mod:`engine.dmn.types`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from engine.dmn.reading import ReadContext
from engine.dmn.types import (
    ANY,
    BuiltinType,
    ConstrainedType,
    ContextType,
    DmnType,
    FunctionItemType,
    ListType,
    NamedType,
    builtin_type,
)


def _instance_check(t: DmnType) -> Callable[[Any], bool]:
    """``instance of`` an item definition: its structure, not its allowed values; never null."""
    return lambda value: value is not None and t.conforms(value, constrained=False)


class TypeReader:
    """Resolves typeRefs: built-in types, item definitions (also imported ones), ``list<T>``."""

    def __init__(self, context: ReadContext) -> None:
        self.context = context
        self.dmn = context.dmn
        self.model = context.model

    def read_item_definitions(self, root: etree._Element) -> None:
        definitions = list(self.dmn.children(root, "itemDefinition"))
        for element in definitions:
            self.model.item_definitions[element.get("name", "")] = NamedType()
        for element in definitions:
            named = self.model.item_definitions[element.get("name", "")]
            named.name = element.get("name", "")
            named.target = self.item_type(element)

    def type_checks(self) -> dict[str, Callable[[Any], bool]]:
        named = dict(self.model.item_definitions)
        for prefix, imported in self.model.imports.items():
            named.update({f"{prefix}.{name}": t for name, t in imported.item_definitions.items()})
        return {name: _instance_check(t) for name, t in named.items()}

    def item_type(self, element: etree._Element) -> DmnType:
        components = list(self.dmn.children(element, "itemComponent"))
        base: DmnType
        if components:
            base = ContextType({c.get("name", ""): self.item_type(c) for c in components})
        elif (function_item := self.dmn.child(element, "functionItem")) is not None:
            base = FunctionItemType(self.type_ref(function_item.get("outputTypeRef")))
        else:
            base = self.type_ref(self.dmn.text(element, "typeRef"))
        constraints = [
            tests
            for part in ("allowedValues", "typeConstraint")
            if (holder := self.dmn.child(element, part)) is not None
            and (tests := self.context.unary_tests(self.dmn.text(holder), holder)) is not None
        ]
        if constraints:
            base = ConstrainedType(base, tuple(constraints))
        if element.get("isCollection") == "true":
            base = ListType(base)
        return base

    def type_ref(self, text: str | None) -> DmnType:
        if text is None or not text.strip():
            return ANY
        name = text.strip()
        builtin = builtin_type(name)
        if builtin is not None:
            return builtin
        if name in self.model.item_definitions:
            return self.model.item_definitions[name]
        prefix, _, local = name.partition(".")
        if local and prefix in self.model.imports:
            imported = self.model.imports[prefix].item_definitions.get(local)
            if imported is not None:
                return imported
        if name.startswith("list<") and name.endswith(">"):
            return ListType(self.type_ref(name[5:-1]))
        if name.startswith("context<"):
            return BuiltinType("context")
        qualifier, _, unqualified = name.partition(":")
        if unqualified and " " not in qualifier:
            return self.type_ref(unqualified)  # a DMN 1.1 QName such as "feel:number" or "tns:tPerson"
        return ANY

    def variable_type(self, element: etree._Element) -> DmnType:
        variable = self.dmn.child(element, "variable")
        return self.type_ref(variable.get("typeRef") if variable is not None else None)
