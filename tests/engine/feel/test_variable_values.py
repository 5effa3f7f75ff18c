"""Edge cases of FEEL values as Zeebe variables (engine.feel.variable_values).

Reference: camunda/camunda ``zeebe/feel/src/main/java/io/camunda/zeebe/feel/impl/
FeelToMessagePackTransformer.java`` and feel-scala ``src/main/scala/org/camunda/feel/syntaxtree/Val.scala``;
the runtime-level cases are in tests/engine/runtime/test_feel_result_variables.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from engine.feel import evaluate_expression, to_json
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration
from engine.feel.variable_values import to_variable


def test_whole_numbers_wrap_to_64_bits_like_java_longvalue() -> None:
    assert to_variable(Decimal(2**63 - 1)) == 2**63 - 1
    assert to_variable(Decimal(10**20)) == 10**20 - 5 * 2**64
    assert to_variable(Decimal(-(2**63))) == -(2**63)
    assert to_variable(Decimal("0.1")) == 0.1


def test_days_time_duration_keeps_whole_seconds_floored_as_java_duration() -> None:
    assert to_variable(DaysTimeDuration(Decimal("0.5"))) == "P0D"
    assert to_variable(DaysTimeDuration(Decimal("90061.9"))) == "P1DT1H1M1S"
    # Duration.getSeconds() of -1.5 s is -2 (the nanosecond part stays positive)
    assert to_variable(DaysTimeDuration(Decimal("-1.5"))) == "-PT2S"
    assert to_variable(DaysTimeDuration(Decimal(-86400 * 3))) == "-P3D"


def test_years_months_duration() -> None:
    assert to_variable(YearsMonthsDuration(-14)) == "-P1Y2M"
    assert to_variable(YearsMonthsDuration(24)) == "P2Y"


def test_date_time_fraction_and_offset_seconds() -> None:
    value = dt.datetime(2026, 9, 30, 17, 30, 0, 500000, tzinfo=dt.timezone(dt.timedelta(hours=5, seconds=30)))
    assert to_variable(value) == "2026-09-30T17:30:00.5+05:00:30"
    shanghai = dt.datetime(2026, 9, 30, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert to_variable(shanghai) == "2026-09-30T17:30:00+08:00[Asia/Shanghai]"


def test_local_time_fraction_in_groups_of_three() -> None:
    assert to_variable(dt.time(10, 30, 0, 1)) == "10:30:00.000001"
    assert to_variable(dt.time(10, 30, 0, 120000)) == "10:30:00.120"


def test_feel_json_keeps_the_feel_string_form() -> None:
    value = evaluate_expression('date and time("2026-09-30T17:30:00@Asia/Shanghai")', {}).value
    assert to_json(value) == "2026-09-30T17:30:00@Asia/Shanghai"
    assert to_variable(value) == "2026-09-30T17:30:00+08:00[Asia/Shanghai]"
