"""DMN types (built-in typeRefs and item definitions) and the conversions DMN 1.4 applies to them.

A value that conforms to its declared type passes unchanged; a singleton list meets an element
type by unwrapping, an element meets a collection type by wrapping; anything else becomes null
(DMN 1.4, 10.3.2.9.4 "Type conversions").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.dmn.feel_api import CompiledUnaryTests
from engine.feel.values import DaysTimeDuration, FeelFunction, FeelRange, YearsMonthsDuration


class DmnType:
    """A type a value is checked against; the base class accepts every value (FEEL's ``Any``)."""

    name = "Any"

    def conforms(self, value: Any, *, constrained: bool = True) -> bool:
        """Whether ``value`` is of this type; ``constrained=False`` ignores allowed values, as
        ``instance of`` does."""
        return True

    @property
    def is_any(self) -> bool:
        return type(self) is DmnType


ANY = DmnType()


def _is_context(value: Any) -> bool:
    return isinstance(value, dict)


_BUILTIN_CHECKS: dict[str, Any] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "date": lambda v: type(v) is dt.date,
    "time": lambda v: type(v) is dt.time,
    "date and time": lambda v: type(v) is dt.datetime,
    "days and time duration": lambda v: type(v) is DaysTimeDuration,
    "years and months duration": lambda v: type(v) is YearsMonthsDuration,
    "context": _is_context,
    "list": lambda v: isinstance(v, list),
    "range": lambda v: isinstance(v, FeelRange),
    "function": lambda v: isinstance(v, FeelFunction),
}

_BUILTIN_ALIASES = {
    "dateTime": "date and time",
    "dayTimeDuration": "days and time duration",
    "yearMonthDuration": "years and months duration",
    "duration": "days and time duration",
}


@dataclass(eq=False)
class BuiltinType(DmnType):
    kind: str

    def __post_init__(self) -> None:
        self.name = self.kind
        self._check = _BUILTIN_CHECKS[self.kind]

    def conforms(self, value: Any, *, constrained: bool = True) -> bool:
        return value is None or bool(self._check(value))


def builtin_type(type_ref: str) -> DmnType | None:
    """The built-in type a typeRef names (``number``, ``feel:string``, ``dateTime`` ...), if any."""
    name = type_ref.strip()
    if name.startswith("feel:"):
        name = name[5:]
    name = _BUILTIN_ALIASES.get(name, name)
    if name == "Any":
        return ANY
    if name in _BUILTIN_CHECKS:
        return BuiltinType(name)
    return None


class FunctionItemType(BuiltinType):
    """A functionItem item definition; ``output`` is the type its results are converted to."""

    def __init__(self, output: DmnType) -> None:
        super().__init__("function")
        self.output = output


def function_output_type(t: DmnType) -> DmnType:
    """The result type of a function type (possibly named), else Any."""
    while isinstance(t, NamedType):
        t = t.target
    return t.output if isinstance(t, FunctionItemType) else ANY


@dataclass(eq=False)
class ListType(DmnType):
    element: DmnType

    def __post_init__(self) -> None:
        self.name = f"list<{self.element.name}>"

    def conforms(self, value: Any, *, constrained: bool = True) -> bool:
        if value is None:
            return True
        if not isinstance(value, list):
            return False
        return self.element.is_any or all(self.element.conforms(v, constrained=constrained) for v in value)


@dataclass(eq=False)
class ContextType(DmnType):
    """A structured item definition: every declared entry must be present; others are allowed."""

    components: dict[str, DmnType] = field(default_factory=dict)

    def conforms(self, value: Any, *, constrained: bool = True) -> bool:
        if value is None:
            return True
        if not isinstance(value, dict):
            return False
        return all(
            key in value and t.conforms(value[key], constrained=constrained)
            for key, t in self.components.items()
        )


@dataclass(eq=False)
class ConstrainedType(DmnType):
    """An item definition over a base type, optionally restricted by allowedValues / typeConstraint."""

    base: DmnType
    constraints: tuple[CompiledUnaryTests, ...] = ()

    def conforms(self, value: Any, *, constrained: bool = True) -> bool:
        if value is None:
            return True
        if not self.base.conforms(value, constrained=constrained):
            return False
        return not constrained or all(test.evaluate(value, {}).value is True for test in self.constraints)


@dataclass(eq=False)
class NamedType(DmnType):
    """An item definition by name, resolved once the whole model (and its imports) is read."""

    target: DmnType = ANY

    def conforms(self, value: Any, *, constrained: bool = True) -> bool:
        return self.target.conforms(value, constrained=constrained)

    @property
    def is_any(self) -> bool:
        return self.target.is_any

    @property
    def is_collection(self) -> bool:
        target = self.target
        while isinstance(target, NamedType):
            target = target.target
        return isinstance(target, ListType)


def _is_collection(t: DmnType) -> bool:
    if isinstance(t, NamedType):
        return t.is_collection
    if isinstance(t, ConstrainedType):
        return _is_collection(t.base)
    return isinstance(t, ListType)


def _element_type(t: DmnType) -> DmnType:
    while True:
        if isinstance(t, NamedType):
            t = t.target
        elif isinstance(t, ConstrainedType):
            t = t.base
        elif isinstance(t, ListType):
            return t.element
        else:
            return ANY


def coerce(value: Any, t: DmnType) -> Any:
    """``value`` converted to ``t`` as DMN prescribes: unchanged, (un)wrapped as a singleton, or null."""
    if value is None or t.is_any or t.conforms(value):
        return value
    if _is_collection(t):
        if not isinstance(value, list) and _element_type(t).conforms(value):
            return [value]
        return None
    if isinstance(value, list) and len(value) == 1 and t.conforms(value[0]):
        return value[0]
    return None
