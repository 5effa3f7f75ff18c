"""FEEL values to and from the JSON-like values of Zeebe variables."""

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from engine.feel.json_values import from_json, to_json
from engine.feel.values import DaysTimeDuration, FeelRange, YearsMonthsDuration

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        ("审批", "审批"),
        (5, Decimal(5)),
        (0.1, Decimal("0.1")),
        (1e20, Decimal("1e20")),
        (float("nan"), None),
        ([1, "a", None], [Decimal(1), "a", None]),
        (
            {"amount": 5000000, "items": [{"n": 1.5}]},
            {"amount": Decimal(5000000), "items": [{"n": Decimal("1.5")}]},
        ),
        ((1, 2), [Decimal(1), Decimal(2)]),
        (Decimal("2.50"), Decimal("2.50")),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
    ],
)
def test_from_json(value: Any, expected: Any) -> None:
    result = from_json(value)
    assert result == expected
    if isinstance(expected, Decimal):
        assert isinstance(result, Decimal)


def test_from_json_keeps_booleans_apart_from_numbers() -> None:
    assert from_json(True) is True
    assert from_json([False]) == [False]
    assert from_json([False])[0] is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (False, False),
        ("x", "x"),
        (Decimal(5), 5),
        (Decimal("5.00"), 5),
        (Decimal("2.5"), 2.5),
        (Decimal("-0.1"), -0.1),
        ([Decimal(1), [Decimal("1.5")]], [1, [1.5]]),
        ({"a": {"b": Decimal(3)}}, {"a": {"b": 3}}),
        (dt.date(2026, 10, 5), "2026-10-05"),
        (dt.time(10, 30), "10:30:00"),
        (
            dt.datetime(2026, 9, 30, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
            "2026-09-30T17:30:00@Asia/Shanghai",
        ),
        (dt.datetime(2026, 9, 30, 17, 30, tzinfo=dt.UTC), "2026-09-30T17:30:00Z"),
        (DaysTimeDuration(Decimal(864000)), "P10D"),
        (YearsMonthsDuration(14), "P1Y2M"),
        (FeelRange(Decimal(1), Decimal(2), True, True), None),
        ([FeelRange(Decimal(1), Decimal(2), True, True)], [None]),
    ],
)
def test_to_json(value: Any, expected: Any) -> None:
    result = to_json(value)
    assert result == expected
    assert type(result) is type(expected)


def test_round_trip_of_plain_json() -> None:
    document = {
        "project": {"name": "政务云平台", "budget": 5200000, "ratio": 0.35, "tags": ["a", "b"], "ok": True}
    }
    assert to_json(from_json(document)) == document
