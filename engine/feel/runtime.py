"""What compiled FEEL code runs against: the variable environment, warnings, and user-defined functions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from engine.feel import budget
from engine.feel.operators import quote
from engine.feel.values import Warn

MISSING: Any = object()
"""Marks an absent variable or input (FEEL null is Python None, so None cannot mark absence)."""


class Env:
    """One level of variables; levels chain to their parent. The root level collects the warnings.

    Warnings are gathered lazily (no list until the first one) so that an evaluation without
    problems allocates nothing beyond its root Env.
    """

    __slots__ = ("input", "messages", "parent", "root", "sink", "vars")

    def __init__(
        self,
        variables: Mapping[str, Any],
        parent: Env | None = None,
        input_value: Any = MISSING,
        sink: Warn | None = None,
    ) -> None:
        self.vars = variables
        self.parent = parent
        self.input = input_value
        self.sink = sink
        self.messages: list[str] | None = None
        self.root: Env = self if parent is None or sink is not None else parent.root

    def child(self, variables: Mapping[str, Any]) -> Env:
        return Env(variables, self, self.input)

    def with_input(self, value: Any) -> Env:
        return Env({}, self, value)

    def lookup(self, name: str) -> Any:
        env: Env | None = self
        while env is not None:
            value = env.vars.get(name, MISSING)
            if value is not MISSING:
                return value
            env = env.parent
        return MISSING

    def warn(self, message: str) -> None:
        root = self.root
        if root.sink is not None:
            root.sink(message)
        elif root.messages is None:
            root.messages = [message]
        else:
            root.messages.append(message)

    def warnings(self) -> tuple[str, ...]:
        return () if self.messages is None else tuple(self.messages)


Evaluator = Callable[[Env], Any]


class ItemScope(Mapping[str, Any]):
    """The names inside a filter: ``item``, and the item's entries when it is a context (they win)."""

    __slots__ = ("item",)

    def __init__(self, item: Any) -> None:
        self.item = item

    def get(self, name: str, default: Any = None) -> Any:
        item = self.item
        if type(item) is dict:
            value = item.get(name, MISSING)
            if value is not MISSING:
                return value
        return item if name == "item" else default

    def __getitem__(self, name: str) -> Any:
        value = self.get(name, MISSING)
        if value is MISSING:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        keys = list(self.item) if type(self.item) is dict else []
        return iter([*keys, "item"] if "item" not in keys else keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Lambda:
    """A function defined in FEEL (``function(a, b) a + b``), closing over the scope it was defined in."""

    __slots__ = ("_body", "_checks", "_closure", "_params")

    def __init__(
        self,
        params: tuple[str, ...],
        body: Evaluator,
        closure: Env,
        checks: tuple[tuple[str, Callable[[Any], bool]] | None, ...] = (),
    ) -> None:
        self._params = params
        self._body = body
        self._closure = closure
        self._checks = checks

    @property
    def name(self) -> str:
        return "anonymous function"

    @property
    def params(self) -> Sequence[str]:
        return self._params

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        budget.charge()  # a recursion that never ends is stopped here
        for param, arg, check in zip(self._params, args, self._checks, strict=False):
            if check is not None and arg is not None and not check[1](arg):
                warn(f"Expected {check[0]} for parameter '{param}' but found {quote(arg)}")
                return None
        variables = dict(zip(self._params, args, strict=False))
        for missing in self._params[len(args) :]:
            variables[missing] = None
        return self._body(Env(variables, self._closure, self._closure.input, warn))

    def __repr__(self) -> str:
        return f"function({', '.join(self._params)})"


def is_function(value: Any) -> bool:
    """A FeelFunction, without the slow structural isinstance check of a runtime Protocol."""
    return isinstance(value, Lambda) or (
        callable(getattr(value, "invoke", None)) and hasattr(value, "params") and not isinstance(value, type)
    )
