"""The FEEL value model, shared by the parser/evaluator, the built-in library and DMN.

FEEL types map onto Python values as follows (feel-scala is the reference):

| FEEL type                 | Python value                                                  |
| ------------------------- | ------------------------------------------------------------- |
| null                      | ``None``                                                      |
| boolean                   | ``bool``                                                      |
| number                    | ``decimal.Decimal`` (34 significant digits, never int/float)  |
| string                    | ``str``                                                       |
| date                      | ``datetime.date`` (never a ``datetime.datetime``)             |
| time                      | ``datetime.time``; tzinfo None (local), a fixed offset        |
|                           | (``datetime.timezone``) or a zone id (``zoneinfo.ZoneInfo``)  |
| date and time             | ``datetime.datetime``; tzinfo as for time                     |
| days and time duration    | :class:`DaysTimeDuration`                                     |
| years and months duration | :class:`YearsMonthsDuration`                                  |
| list                      | ``list`` (never mutated once built)                           |
| context                   | ``dict[str, Any]`` (insertion ordered, never mutated once     |
|                           | built)                                                        |
| range                     | :class:`FeelRange`                                            |
| function                  | any object implementing :class:`FeelFunction`                 |
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# feel-scala computes with java.math.MathContext.DECIMAL128: 34 digits, half-even rounding.
DECIMAL_CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999999999,
    Emax=999999999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

Warn = Callable[[str], None]
"""A sink for evaluation warnings; errors never raise, they warn and yield null."""


@dataclass(frozen=True, slots=True, order=True)
class DaysTimeDuration:
    """A days-and-time duration, held exactly as a (possibly fractional, possibly negative) second count."""

    seconds: decimal.Decimal

    @staticmethod
    def of(
        days: int | decimal.Decimal = 0,
        hours: int | decimal.Decimal = 0,
        minutes: int | decimal.Decimal = 0,
        seconds: int | decimal.Decimal = 0,
    ) -> DaysTimeDuration:
        total = (
            decimal.Decimal(days) * 86400
            + decimal.Decimal(hours) * 3600
            + decimal.Decimal(minutes) * 60
            + decimal.Decimal(seconds)
        )
        return DaysTimeDuration(total)


@dataclass(frozen=True, slots=True, order=True)
class YearsMonthsDuration:
    """A years-and-months duration, held as a (possibly negative) month count."""

    months: int


@dataclass(frozen=True, slots=True)
class FeelRange:
    """A FEEL range such as ``[1..10)`` or ``> 5``; ``None`` for an open end."""

    start: Any
    end: Any
    start_included: bool
    end_included: bool


@runtime_checkable
class FeelFunction(Protocol):
    """A callable FEEL value: a built-in, a lambda, a BKM or a decision service."""

    @property
    def name(self) -> str: ...

    @property
    def params(self) -> Sequence[str]:
        """Parameter names, used to bind named arguments."""
        ...

    def invoke(self, args: Sequence[Any], warn: Warn) -> Any:
        """Call with positional arguments already bound to ``params`` order."""
        ...


@dataclass(slots=True)
class Warnings:
    """Collects the warnings of one evaluation, in the order they occurred."""

    messages: list[str] = field(default_factory=list)

    def __call__(self, message: str) -> None:
        self.messages.append(message)


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """The value of an evaluation and the warnings it raised (an error yields ``None`` and a warning)."""

    value: Any
    warnings: tuple[str, ...] = ()


Scope = Mapping[str, Any]
