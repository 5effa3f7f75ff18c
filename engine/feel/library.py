"""The evaluator's door to the built-in function library (engine.feel.builtins), imported on first use.

The library imports the evaluator's value helpers, so importing it lazily keeps the two packages
free of an import cycle.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from engine.feel.values import FeelFunction, Warn


def _builtins() -> ModuleType:
    return importlib.import_module("engine.feel.builtins")


def builtin_names() -> frozenset[str]:
    names: frozenset[str] = _builtins().BUILTIN_NAMES
    return names


def invoke_builtin(
    name: str, positional: Sequence[Any] | None, named: Mapping[str, Any] | None, warn: Warn
) -> Any:
    return _builtins().invoke_builtin(name, positional, named, warn)


def get_builtin(name: str) -> FeelFunction | None:
    function: FeelFunction | None = _builtins().get_builtin(name)
    return function
