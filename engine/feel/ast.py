"""The FEEL syntax tree produced by the parser and consumed by the compiler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every syntax-tree node; ``position`` is the 0-based offset where it starts."""

    position: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: Any


@dataclass(frozen=True, slots=True)
class TemporalLiteral(Node):
    """``@"2026-10-05"``: the body is interpreted when compiled."""

    text: str


@dataclass(frozen=True, slots=True)
class Name(Node):
    name: str


@dataclass(frozen=True, slots=True)
class InputValue(Node):
    """``?``: the value under test in a unary test."""


@dataclass(frozen=True, slots=True)
class Negation(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class Arithmetic(Node):
    operator: str  # + - * / **
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Comparison(Node):
    operator: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Between(Node):
    value: Node
    low: Node
    high: Node


@dataclass(frozen=True, slots=True)
class Conjunction(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Disjunction(Node):
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class In(Node):
    value: Node
    tests: tuple[Node, ...]
    """Positive unary tests; the value is in when any of them holds."""


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A type in ``instance of``: ``name`` is number, list, context, function, range, Any, ..."""

    name: str
    parameters: tuple[TypeSpec, ...] = ()
    fields: tuple[tuple[str, TypeSpec], ...] = ()
    result: TypeSpec | None = None


@dataclass(frozen=True, slots=True)
class InstanceOf(Node):
    value: Node
    type: TypeSpec


@dataclass(frozen=True, slots=True)
class If(Node):
    condition: Node
    then: Node
    otherwise: Node


@dataclass(frozen=True, slots=True)
class Iterator:
    """``name in source`` or ``name in source..end`` (a numeric iteration range)."""

    name: str
    source: Node
    end: Node | None = None


@dataclass(frozen=True, slots=True)
class For(Node):
    iterators: tuple[Iterator, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class Quantified(Node):
    every: bool
    iterators: tuple[Iterator, ...]
    condition: Node


@dataclass(frozen=True, slots=True)
class Filter(Node):
    base: Node
    condition: Node


@dataclass(frozen=True, slots=True)
class Path(Node):
    base: Node
    key: str


@dataclass(frozen=True, slots=True)
class Call(Node):
    callee: Node
    positional: tuple[Node, ...] | None
    named: tuple[tuple[str, Node], ...] | None


@dataclass(frozen=True, slots=True)
class FunctionDefinition(Node):
    parameters: tuple[str, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class ListLiteral(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ContextLiteral(Node):
    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class RangeLiteral(Node):
    """``[a..b)`` and friends; also ``< b`` / ``>= a`` (a missing end is None)."""

    start: Node | None
    end: Node | None
    start_included: bool
    end_included: bool


@dataclass(frozen=True, slots=True)
class UnaryComparison(Node):
    """``< 10`` / ``>= x``: a test of the input, or a range when used as a value."""

    operator: str  # < <= > >= = !=
    operand: Node


@dataclass(frozen=True, slots=True)
class AnyInput(Node):
    """``-``: the unary test that every input satisfies."""


@dataclass(frozen=True, slots=True)
class NegatedTests(Node):
    """``not(t1, t2)``."""

    tests: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class UnaryTests(Node):
    """A comma-separated disjunction of positive unary tests."""

    tests: tuple[Node, ...]
