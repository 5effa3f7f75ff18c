"""The FEEL syntax tree produced by the parser and consumed by the compiler.

Nodes are never changed once built; they are plain (not frozen) dataclasses only because frozen
ones are markedly slower to construct.
"""

from __future__ import annotations

import collections.abc
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Node:
    """Base of every syntax-tree node; ``position`` is the 0-based offset where it starts."""

    position: int


@dataclass(slots=True)
class Literal(Node):
    value: Any


@dataclass(slots=True)
class TemporalLiteral(Node):
    """``@"2026-10-05"``: the body is interpreted when compiled."""

    text: str


@dataclass(slots=True)
class Name(Node):
    name: str


@dataclass(slots=True)
class InputValue(Node):
    """``?``: the value under test in a unary test."""


@dataclass(slots=True)
class Negation(Node):
    operand: Node


@dataclass(slots=True)
class Arithmetic(Node):
    operator: str  # + - * / **
    left: Node
    right: Node
    spelled_as_name: str | None = None
    """``Date-Time`` written without spaces: the variable of that name wins when the scope has one."""


@dataclass(slots=True)
class Comparison(Node):
    operator: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(slots=True)
class Between(Node):
    value: Node
    low: Node
    high: Node


@dataclass(slots=True)
class Conjunction(Node):
    left: Node
    right: Node


@dataclass(slots=True)
class Disjunction(Node):
    left: Node
    right: Node


@dataclass(slots=True)
class In(Node):
    value: Node
    tests: tuple[Node, ...]
    """Positive unary tests; the value is in when any of them holds."""


@dataclass(slots=True)
class TypeSpec:
    """A type in ``instance of``: ``name`` is number, list, context, function, range, Any, ..."""

    name: str
    parameters: tuple[TypeSpec, ...] = ()
    fields: tuple[tuple[str, TypeSpec], ...] = ()
    result: TypeSpec | None = None


@dataclass(slots=True)
class InstanceOf(Node):
    value: Node
    type: TypeSpec


@dataclass(slots=True)
class If(Node):
    condition: Node
    then: Node
    otherwise: Node


@dataclass(slots=True)
class Iterator:
    """``name in source`` or ``name in source..end`` (a numeric iteration range)."""

    name: str
    source: Node
    end: Node | None = None


@dataclass(slots=True)
class For(Node):
    iterators: tuple[Iterator, ...]
    body: Node


@dataclass(slots=True)
class Quantified(Node):
    every: bool
    iterators: tuple[Iterator, ...]
    condition: Node


@dataclass(slots=True)
class Filter(Node):
    base: Node
    condition: Node


@dataclass(slots=True)
class Path(Node):
    base: Node
    key: str


@dataclass(slots=True)
class Call(Node):
    callee: Node
    positional: tuple[Node, ...] | None
    named: tuple[tuple[str, Node], ...] | None


@dataclass(slots=True)
class FunctionDefinition(Node):
    parameters: tuple[str, ...]
    body: Node
    parameter_types: tuple[TypeSpec | None, ...] = ()
    """Declared types (``function(a: number)``), one per parameter; None where none is declared."""


@dataclass(slots=True)
class ListLiteral(Node):
    items: tuple[Node, ...]


@dataclass(slots=True)
class ContextLiteral(Node):
    entries: tuple[tuple[str, Node], ...]


@dataclass(slots=True)
class RangeLiteral(Node):
    """``[a..b)`` and friends; also ``< b`` / ``>= a`` (a missing end is None)."""

    start: Node | None
    end: Node | None
    start_included: bool
    end_included: bool


@dataclass(slots=True)
class UnaryComparison(Node):
    """``< 10`` / ``>= x``: a test of the input, or a range when used as a value."""

    operator: str  # < <= > >= = !=
    operand: Node


@dataclass(slots=True)
class AnyInput(Node):
    """``-``: the unary test that every input satisfies."""


@dataclass(slots=True)
class NegatedTests(Node):
    """``not(t1, t2)``."""

    tests: tuple[Node, ...]


@dataclass(slots=True)
class UnaryTests(Node):
    """A comma-separated disjunction of positive unary tests."""

    tests: tuple[Node, ...]


def mentions_name(node: Any, name: str) -> bool:
    """Whether the subtree refers to ``name`` (to build ``partial`` only for loops that read it)."""
    if isinstance(node, Name):
        return node.name == name
    return any(mentions_name(child, name) for child in children(node))


def mentions_input(node: Any) -> bool:
    """Whether the subtree uses ``?``, the value under test."""
    if isinstance(node, InputValue):
        return True
    return any(mentions_input(child) for child in children(node))


def children(node: Any) -> collections.abc.Iterator[Any]:
    """The nodes and iterators directly below ``node``."""
    if isinstance(node, Node | Iterator):
        for field in node.__dataclass_fields__:
            value = getattr(node, field)
            if isinstance(value, Node | Iterator):
                yield value
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, Node | Iterator):
                        yield item
                    elif isinstance(item, tuple):
                        yield from (part for part in item if isinstance(part, Node))
