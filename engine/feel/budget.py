"""The work one FEEL evaluation may do: a step, size and time budget.

The engine evaluates every condition, mapping, script and decision on its single writer, so one
runaway expression (``for i in 1..20000, j in 1..20000 return ...``, a backtracking regular
expression, a string doubled by recursion) would hold every other client. Each evaluation runs
under a :class:`Budget`; the places where work grows (iteration, filters, function calls, string
and list results, regular expressions) charge it, and the first limit crossed aborts the whole
evaluation with :class:`BudgetExceeded`, the one exception a FEEL evaluation raises. Nested
evaluations (the expressions of one decision, a decision called from FEEL) share the outer budget.

The budget lives in a thread-local rather than in every :class:`~engine.feel.runtime.Env`, so
that the hot paths which never grow (a name, a comparison) pay nothing for it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, TypeVar

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one evaluation may spend. The defaults leave real models (decision tables with hundreds
    of rows, mappings over lists of thousands of items) a wide margin."""

    steps: int = 1_000_000
    """Iterations, filter tests, function calls and list items produced, all counted as steps."""
    items: int = 1_000_000
    """The longest list an evaluation may build."""
    characters: int = 10_000_000
    """The longest string an evaluation may build."""
    seconds: float = 1.0
    """Wall time, checked as steps are charged and given to regular expressions as their timeout."""


DEFAULT_LIMITS = Limits()

# The time is read once per this many steps: often enough to stop within milliseconds, rarely
# enough that the clock costs nothing measurable.
_STEPS_PER_CLOCK_READ = 256


class BudgetExceeded(Exception):
    """An evaluation that crossed one of its limits; ``budget`` names which one."""

    def __init__(self, budget: str, limit: str) -> None:
        self.budget = budget
        self.limit = limit
        super().__init__(f"FEEL 表达式超出{budget}预算（上限 {limit}），已中止求值")


class Budget:
    """The remaining allowance of one evaluation."""

    __slots__ = ("_until_clock", "deadline", "limits", "steps_left")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps_left = limits.steps
        self.deadline = time.monotonic() + limits.seconds
        self._until_clock = _STEPS_PER_CLOCK_READ

    def charge(self, steps: int) -> None:
        self.steps_left -= steps
        if self.steps_left < 0:
            raise BudgetExceeded("步数", f"{self.limits.steps} 步")
        self._until_clock -= steps
        if self._until_clock <= 0:
            self._until_clock = _STEPS_PER_CLOCK_READ
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetExceeded("时间", f"{self.limits.seconds:g} 秒")

    def seconds_left(self) -> float:
        """What is left of the time budget; raises when nothing is."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise BudgetExceeded("时间", f"{self.limits.seconds:g} 秒")
        return left

    def check_size(self, value: Any) -> None:
        """A list or string result within the size limits; a list also costs one step per item."""
        if type(value) is list:
            if len(value) > self.limits.items:
                raise BudgetExceeded("列表长度", f"{self.limits.items} 项")
            self.charge(len(value))
        elif type(value) is str and len(value) > self.limits.characters:
            raise BudgetExceeded("字符串长度", f"{self.limits.characters} 个字符")


class Evaluations:
    """One thread's evaluation depth and the budget of its outermost evaluation.

    The budget is made at the first charge, not when an evaluation starts: most evaluations (a
    name, a comparison) never charge, and for them a budget would cost more than the evaluation.
    Its clock therefore starts at the first growing step, which is where runaway work begins."""

    __slots__ = ("budget", "depth")

    def __init__(self) -> None:
        self.depth = 0
        self.budget: Budget | None = None


_threads = threading.local()  # one Evaluations per thread, read once per evaluation
_limits = DEFAULT_LIMITS


def _evaluations() -> Evaluations:
    try:
        state: Evaluations = _threads.evaluations
    except AttributeError:
        state = _threads.evaluations = Evaluations()
    return state


def begin() -> Evaluations:
    """An evaluation starts; nested ones share the outermost one's budget. Pass the result to
    :func:`end` when it ends."""
    state = _evaluations()
    state.depth += 1
    return state


def end(state: Evaluations) -> None:
    state.depth -= 1
    if state.depth <= 0:
        state.depth = 0
        state.budget = None


def current() -> Budget | None:
    """The budget of the running evaluation (made now if nothing was charged yet); None outside one."""
    state = _evaluations()
    budget = state.budget
    if budget is None and state.depth > 0:
        budget = state.budget = Budget(_limits)
    return budget


def charge(steps: int = 1) -> None:
    budget = current()
    if budget is not None:
        budget.charge(steps)


def check_size(value: V) -> V:
    """``value``, once checked against the size limits (for results that may have grown)."""
    budget = current()
    if budget is not None:
        budget.check_size(value)
    return value


def configure(limits: Limits) -> Limits:
    """Every evaluation started from now on, in any thread, runs under ``limits``; returns the
    limits it replaces (so a test can put them back)."""
    global _limits
    previous, _limits = _limits, limits
    return previous
