"""Range built-ins (DMN 1.3 interval algebra): before, after, meets, met by, overlaps,
overlaps before/after, finishes, finished by, includes, during, starts, started by, coincides.

Each takes two points, a point and a range, or two ranges; the arguments must be of one comparable
kind. An open end of a range (``> 5`` has no end) lies beyond every point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.feel.builtins.range_text import range_from_text
from engine.feel.builtins.registry import ArgumentError, Overload, Table, overload
from engine.feel.temporal import compare, kind_of
from engine.feel.values import FeelRange

_POINT_KINDS = frozenset(
    {
        "number",
        "date",
        "time",
        "local time",
        "date and time",
        "local date and time",
        "days and time duration",
        "years and months duration",
    }
)


class _Bound:
    """One end of a range; ``value`` None means unbounded in that direction."""

    __slots__ = ("closed", "low", "value")

    def __init__(self, value: Any, closed: bool, low: bool) -> None:
        self.value, self.closed, self.low = value, closed, low

    def cmp(self, other: Any) -> int:
        """Order of this bound's value against a point or another bound's value."""
        other_value, other_low = (other.value, other.low) if isinstance(other, _Bound) else (other, False)
        mine, theirs = _infinity(self.value, self.low), _infinity(other_value, other_low)
        if mine or theirs:
            return int(mine > theirs) - int(mine < theirs)
        return compare(self.value, other_value) or 0


def _infinity(value: Any, low: bool) -> int:
    """-1 for an open start, 1 for an open end, 0 for a bounded value."""
    if value is not None:
        return 0
    return -1 if low else 1


def _point_kind(value: Any) -> str | None:
    if isinstance(value, FeelRange):
        ends = [end for end in (value.start, value.end) if end is not None]
        kinds = {kind_of(end) for end in ends}
        return kinds.pop() if len(kinds) == 1 else None
    return kind_of(value)


def _check(a: Any, b: Any) -> None:
    kind = _point_kind(a)
    if kind is None or kind not in _POINT_KINDS or kind != _point_kind(b):
        raise ArgumentError


def _bounds(value: FeelRange) -> tuple[_Bound, _Bound]:
    return _Bound(value.start, value.start_included, True), _Bound(value.end, value.end_included, False)


def _lt(a: _Bound, b: _Bound | Any) -> bool:
    return a.cmp(b) < 0


def _eq(a: _Bound, b: _Bound | Any) -> bool:
    return a.cmp(b) == 0


def _gt(a: _Bound, b: _Bound | Any) -> bool:
    return a.cmp(b) > 0


def _before(a: Any, b: Any) -> bool:
    if isinstance(a, FeelRange) and isinstance(b, FeelRange):
        end1, start2 = _bounds(a)[1], _bounds(b)[0]
        return _lt(end1, start2) or (_eq(end1, start2) and not (end1.closed and start2.closed))
    if isinstance(b, FeelRange):
        start = _bounds(b)[0]
        return _gt(start, a) or (_eq(start, a) and not start.closed)
    if isinstance(a, FeelRange):
        end = _bounds(a)[1]
        return _lt(end, b) or (_eq(end, b) and not end.closed)
    return (compare(a, b) or 0) < 0


def _after(a: Any, b: Any) -> bool:
    return _before(b, a)


def _ranges(a: Any, b: Any) -> tuple[_Bound, _Bound, _Bound, _Bound]:
    if not isinstance(a, FeelRange) or not isinstance(b, FeelRange):
        raise ArgumentError
    return (*_bounds(a), *_bounds(b))


def _meets(a: Any, b: Any) -> bool:
    _, end1, start2, _ = _ranges(a, b)
    return end1.closed and start2.closed and _eq(end1, start2)


def _met_by(a: Any, b: Any) -> bool:
    start1, _, _, end2 = _ranges(a, b)
    return start1.closed and end2.closed and _eq(start1, end2)


def _overlaps(a: Any, b: Any) -> bool:
    start1, end1, start2, end2 = _ranges(a, b)
    return (_gt(end1, start2) or (_eq(end1, start2) and end1.closed and start2.closed)) and (
        _lt(start1, end2) or (_eq(start1, end2) and start1.closed and end2.closed)
    )


def _overlaps_before(a: Any, b: Any) -> bool:
    start1, end1, start2, end2 = _ranges(a, b)
    return (
        (_lt(start1, start2) or (_eq(start1, start2) and start1.closed and not start2.closed))
        and (_gt(end1, start2) or (_eq(end1, start2) and end1.closed and start2.closed))
        and (_lt(end1, end2) or (_eq(end1, end2) and (not end1.closed or end2.closed)))
    )


def _overlaps_after(a: Any, b: Any) -> bool:
    return _overlaps_before(b, a)


def _finishes(a: Any, b: Any) -> bool:
    if isinstance(a, FeelRange):
        start1, end1, start2, end2 = _ranges(a, b)
        return (
            end1.closed == end2.closed
            and _eq(end1, end2)
            and (_gt(start1, start2) or (_eq(start1, start2) and (not start1.closed or start2.closed)))
        )
    if not isinstance(b, FeelRange):
        raise ArgumentError
    end = _bounds(b)[1]
    return end.closed and _eq(end, a)


def _finished_by(a: Any, b: Any) -> bool:
    return _finishes(b, a)


def _includes(a: Any, b: Any) -> bool:
    if isinstance(b, FeelRange):
        start1, end1, start2, end2 = _ranges(a, b)
        return (_lt(start1, start2) or (_eq(start1, start2) and (start1.closed or not start2.closed))) and (
            _gt(end1, end2) or (_eq(end1, end2) and (end1.closed or not end2.closed))
        )
    if not isinstance(a, FeelRange):
        raise ArgumentError
    start, end = _bounds(a)
    return (_lt(start, b) and _gt(end, b)) or (_eq(start, b) and start.closed) or (_eq(end, b) and end.closed)


def _during(a: Any, b: Any) -> bool:
    return _includes(b, a)


def _starts(a: Any, b: Any) -> bool:
    if isinstance(a, FeelRange):
        start1, end1, start2, end2 = _ranges(a, b)
        return (
            _eq(start1, start2)
            and start1.closed == start2.closed
            and (_lt(end1, end2) or (_eq(end1, end2) and (not end1.closed or end2.closed)))
        )
    if not isinstance(b, FeelRange):
        raise ArgumentError
    start = _bounds(b)[0]
    return start.closed and _eq(start, a)


def _started_by(a: Any, b: Any) -> bool:
    return _starts(b, a)


def _coincides(a: Any, b: Any) -> bool:
    if isinstance(a, FeelRange) or isinstance(b, FeelRange):
        start1, end1, start2, end2 = _ranges(a, b)
        return (
            _eq(start1, start2)
            and start1.closed == start2.closed
            and _eq(end1, end2)
            and end1.closed == end2.closed
        )
    return compare(a, b) == 0


def _checked(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def run(a: Any, b: Any) -> bool:
        _check(a, b)
        return test(a, b)

    return run


def _family(test: Callable[[Any, Any], bool], *signatures: str) -> list[Overload]:
    checked = _checked(test)
    return [overload(signature, checked) for signature in signatures]


FUNCTIONS: Table = {
    "before": _family(_before, "point1, point2", "point, range", "range, point", "range1, range2"),
    "after": _family(_after, "point1, point2", "point, range", "range, point", "range1, range2"),
    "meets": _family(_meets, "range1, range2"),
    "met by": _family(_met_by, "range1, range2"),
    "overlaps": _family(_overlaps, "range1, range2"),
    "overlaps before": _family(_overlaps_before, "range1, range2"),
    "overlaps after": _family(_overlaps_after, "range1, range2"),
    "finishes": _family(_finishes, "point, range", "range1, range2"),
    "finished by": _family(_finished_by, "range, point", "range1, range2"),
    "includes": _family(_includes, "range, point", "range1, range2"),
    "during": _family(_during, "point, range", "range1, range2"),
    "starts": _family(_starts, "point, range", "range1, range2"),
    "started by": _family(_started_by, "range, point", "range1, range2"),
    "coincides": _family(_coincides, "point1, point2", "range1, range2"),
    "range": [overload("from", range_from_text)],
}
