"""No argument list makes a built-in raise: every failure is null plus a warning."""

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.feel import temporal
from engine.feel.builtins import BUILTIN_NAMES, invoke_builtin
from engine.feel.values import DaysTimeDuration, FeelRange, Warnings, YearsMonthsDuration

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**12), max_value=10**12),
    st.sampled_from([Decimal(0), Decimal(1), Decimal(-1), Decimal("1E+30"), Decimal("0.5")]),
    st.text(max_size=8),
    st.sampled_from(["[1..3]", "P1D", "2026-01-31", "10:00:00@Asia/Shanghai", "(", "$1", "Asia/Shanghai"]),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Paris")])),
    st.datetimes(),
    st.builds(
        DaysTimeDuration,
        st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**9, min_value=-(10**9)),
    ),
    st.builds(YearsMonthsDuration, st.integers(min_value=-240_000, max_value=240_000)),
)
_values = st.recursive(
    st.one_of(_scalars, st.builds(FeelRange, _scalars, _scalars, st.booleans(), st.booleans())),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "key", "value"]), inner, max_size=3),
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(BUILTIN_NAMES - {"now", "today", "uuid", "random number"})),
    args=st.lists(_values, max_size=4),
)
def test_a_builtin_never_raises(name: str, args: list[Any]) -> None:
    warnings = Warnings()
    invoke_builtin(name, args, None, warnings)
    assert all(name in message or "function" in message for message in warnings.messages)


@settings(max_examples=300, deadline=None)
@given(a=_values, b=_values)
def test_temporal_operations_never_raise(a: Any, b: Any) -> None:
    warnings = Warnings()
    for operation in (temporal.add, temporal.subtract, temporal.multiply, temporal.divide):
        operation(a, b, warnings)
    temporal.compare(a, b)
    temporal.equals(a, b)
    temporal.to_feel_string(a)
