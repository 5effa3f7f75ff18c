"""The differential corpus: FEEL expressions and unary tests of the kinds our diagrams and tables use.

Cases are generated from small tables so that every kind is exercised at its boundaries (values just
below, at and above a threshold; null; the wrong type). Each case has a stable id: the known-differences
file refers to cases by id.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    id: str
    expression: str | None = None
    unary_tests: str | None = None
    input: Any = None
    context: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        line: dict[str, Any] = {"id": self.id, "context": self.context}
        if self.expression is not None:
            line["expression"] = self.expression
        else:
            line["unaryTests"] = self.unary_tests
            line["input"] = self.input
        return line


def _expressions(
    prefix: str, expressions: list[str], context: dict[str, Any] | None = None
) -> Iterator[Case]:
    for index, expression in enumerate(expressions, 1):
        yield Case(id=f"{prefix}-{index:03d}", expression=expression, context=context or {})


def _amount_conditions() -> Iterator[Case]:
    """Gateway conditions on amounts in yuan, at and around the thresholds the regulations name."""
    thresholds = [500_000, 5_000_000, 10_000_000, 50_000_000]
    operators = [">=", ">", "<=", "<", "=", "!="]
    for threshold, op in itertools.product(thresholds, operators):
        for amount in (threshold - 1, threshold, threshold + 1, None):
            yield Case(
                id=f"amount-{threshold}-{op}-{amount}",
                expression=f"amount {op} {threshold}",
                context={"amount": amount},
            )


def _boolean_logic() -> Iterator[Case]:
    values = [True, False, None]
    for a, b in itertools.product(values, values):
        for op in ("and", "or"):
            yield Case(id=f"bool-{a}-{op}-{b}", expression=f"a {op} b", context={"a": a, "b": b})
    for a in values:
        yield Case(id=f"bool-not-{a}", expression="not(a)", context={"a": a})
    yield from _expressions(
        "bool",
        [
            "true and 1",
            "false and 1",
            "true or 1",
            "a = true",
            "approved and amount < 1000000",
            "not(approved) or amount >= 1000000",
            "approved = false",
            "is defined(approved)",
        ],
        {"a": True, "approved": True, "amount": 600000},
    )


def _arithmetic() -> Iterator[Case]:
    yield from _expressions(
        "arith",
        [
            "1 + 2",
            "10 - 3",
            "6 * 7",
            "10 / 4",
            "10 / 2",
            "-5 + 2",
            "-(3 - 5)",
            "2 ** 10",
            "2 ** -1",
            "1 + 2 * 3",
            "(1 + 2) * 3",
            "10 / 0",
            "0 / 5",
            "1 + null",
            "null * 2",
            '1 + "a"',
            '"a" * 2',
            "amount * 0.15",
            "amount + amount",
            "amount / 10000",
            "newAmount - oldAmount",
            "(newAmount - oldAmount) / oldAmount",
            "(newAmount - oldAmount) / oldAmount > 0.1",
            "(newAmount - oldAmount) / oldAmount <= 0.15",
            "abs(oldAmount - newAmount)",
            "floor(7.5)",
            "ceiling(7.5)",
            "floor(-7.5)",
            "ceiling(-7.5)",
            "abs(-12)",
            "modulo(10, 3)",
            "modulo(-10, 3)",
            "modulo(10, -3)",
            "sqrt(16)",
            "even(4)",
            "odd(4)",
            "decimal(7.5, 0)",
            "decimal(8.5, 0)",
            "round up(5.5, 0)",
            "round down(5.5, 0)",
            "round half up(5.5, 0)",
            "round half down(5.5, 0)",
            "floor(1234.5678, 2)",
            "ceiling(1234.5678, 2)",
            'number("1500000")',
            'number("abc")',
            "min(1, 2, 3)",
            "max([4, 9, 2])",
            "sum([1, 2, 3, 4])",
            "mean([2, 4, 6])",
            "product(2, 3, 4)",
            "median(8, 2, 5, 3, 4)",
            "5 between 1 and 10",
            "10 between 1 and 10",
            "11 between 1 and 10",
            "amount between 5000000 and 10000000",
        ],
        {"amount": 6_000_000, "newAmount": 1_150_000, "oldAmount": 1_000_000},
    )


def _strings() -> Iterator[Case]:
    yield from _expressions(
        "string",
        [
            '"abc" + "def"',
            '"项目" + name',
            "string length(name)",
            'string length("政务信息化")',
            'upper case("lg")',
            'lower case("HY")',
            'substring("foobar", 3)',
            'substring("foobar", 3, 3)',
            'substring("foobar", -2, 1)',
            'substring before("foobar", "bar")',
            'substring after("foobar", "ob")',
            'contains(name, "平台")',
            'contains(name, "系统")',
            'starts with(code, "LG")',
            'ends with(code, "001")',
            'matches(code, "^LG-[0-9]+$")',
            'replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")',
            'replace(code, "-", "_")',
            'split("a,b,c", ",")',
            'string join(["a", "b", "c"], ", ")',
            'string join(["a", "b", "c"])',
            "string(123)",
            "string(1.50)",
            "string(true)",
            "string(null)",
            "string([1, 2])",
            'name = "数据共享平台"',
            'name != "数据共享平台"',
            '"a" < "b"',
            '"abc" = "abc"',
            'code in ["LG-001", "LG-002"]',
            "upper case(null)",
            "string length(1)",
            'trim("  项目  ")',
            'is blank("")',
            'is blank("  ")',
            'is blank("x")',
            'extract("2026-10-05", "[0-9]+")',
        ],
        {"name": "数据共享平台", "code": "LG-001"},
    )


def _lists() -> Iterator[Case]:
    yield from _expressions(
        "list",
        [
            "[1, 2, 3]",
            "count(items)",
            "count([])",
            "sum(for i in items return i.amount)",
            "items[amount > 100000]",
            "items[amount > 100000].name",
            "items.name",
            "items[1]",
            "items[-1]",
            "items[1].name",
            "items[0]",
            "items[5]",
            "[1, 2, 3, 4][item > 2]",
            "[1, 2, 3, 4][item >= 2 and item <= 3]",
            'list contains(groups, "finance")',
            'list contains(groups, "drc")',
            "append([1, 2], 3)",
            "concatenate([1, 2], [3], [4, 5])",
            "reverse([1, 2, 3])",
            "index of([1, 2, 3, 2], 2)",
            "distinct values([1, 2, 2, 3, 1])",
            "flatten([[1, 2], [[3]], 4])",
            "sort([3, 1, 2])",
            "sort([3, 1, 2], function(x, y) x > y)",
            "sublist([1, 2, 3, 4], 2)",
            "sublist([1, 2, 3, 4], 2, 2)",
            "insert before([1, 3], 2, 2)",
            "remove([1, 2, 3], 2)",
            "union([1, 2], [2, 3])",
            "all([true, true])",
            "all([true, false])",
            "all([])",
            "any([false, true])",
            "any([])",
            "min(for i in items return i.amount)",
            "max(items.amount)",
            "sum(items.amount) > 1000000",
            "count(items[amount > 100000]) >= 3",
            "duplicate values([1, 2, 2, 3, 3])",
            "partition([1, 2, 3, 4, 5], 2)",
            "[1, 2] = [1, 2]",
            "[1, 2] = [2, 1]",
            "[] = []",
            "2 in [1, 2, 3]",
            "4 in [1, 2, 3]",
            "mode([1, 2, 2, 3])",
            "stddev([2, 4, 4, 4, 5, 5, 7, 9])",
        ],
        {
            "items": [
                {"name": "服务器", "amount": 250000},
                {"name": "交换机", "amount": 80000},
                {"name": "存储", "amount": 400000},
            ],
            "groups": ["ita-reviewers", "finance"],
        },
    )


def _contexts_and_paths() -> Iterator[Case]:
    yield from _expressions(
        "context",
        [
            "{a: 1, b: 2}",
            "{a: 1, b: a + 1}",
            "{a: 1, b: 2}.b",
            '{"项目 名称": 1}',
            "project.amount",
            "project.unit.name",
            "project.missing",
            "project.unit.missing.deeper",
            "route.needsFeasibilityStudy",
            "route.needsFeasibilityStudy = true",
            "not(route.needsExpertReview)",
            'get value(project, "amount")',
            'get value({a: 1}, "b")',
            "get entries({a: 1, b: 2})",
            'context put({a: 1}, "b", 2)',
            'context put({a: 1}, "a", 3)',
            "context merge([{a: 1}, {b: 2}])",
            "context merge([{a: 1}, {a: 2}])",
            "{a: 1} = {a: 1}",
            "{a: 1} = {a: 2}",
            "project.amount >= 50000000",
            "project.amount >= 50000000 and project.newInitiative",
            "{total: sum(items)}.total",
            "{x: 5, y: x * 2}.y",
        ],
        {
            "project": {"amount": 60_000_000, "newInitiative": True, "unit": {"name": "区数据局"}},
            "route": {"needsFeasibilityStudy": True, "needsExpertReview": False},
            "items": [1, 2, 3],
        },
    )


def _control_flow() -> Iterator[Case]:
    yield from _expressions(
        "flow",
        [
            'if amount >= 5000000 then "expert" else "clerk"',
            'if amount < 5000000 then "expert" else "clerk"',
            "if null then 1 else 2",
            'if approved then "通过" else "退回"',
            'if count(missing) > 0 then "correction" else "review"',
            "for i in [1, 2, 3] return i * 2",
            "for i in 1..3 return i",
            "for i in 3..1 return i",
            "for x in [1, 2], y in [10, 20] return x + y",
            "for i in [] return i",
            "some x in [1, 2, 3] satisfies x > 2",
            "some x in [1, 2, 3] satisfies x > 5",
            "every x in [1, 2, 3] satisfies x > 0",
            "every x in [1, 2, 3] satisfies x > 1",
            "every x in [] satisfies x > 1",
            'some x in missing satisfies x = "fsr"',
            "every d in documents satisfies d.checked",
            'some d in documents satisfies d.material = "fsr"',
            "for d in documents return d.material",
            "(function(a, b) a + b)(1, 2)",
            "{f: function(x) x * 2, r: f(21)}.r",
            "{double: function(x) x * 2}.double(4)",
            'substring(string: "foobar", start position: 3)',
            'if amount > 1 then if amount > 10000000 then "big" else "mid" else "small"',
        ],
        {
            "amount": 6_000_000,
            "approved": False,
            "missing": ["fsr"],
            "documents": [{"material": "fsr", "checked": True}, {"material": "quotations", "checked": False}],
        },
    )


def _temporal() -> Iterator[Case]:
    yield from _expressions(
        "temporal",
        [
            'date("2026-10-05")',
            'date("2026-10-05") + duration("P10D")',
            'date("2026-01-31") + duration("P1M")',
            'date("2024-02-29") + duration("P1Y")',
            'date("2026-10-05") - duration("P1M")',
            'date("2026-10-05") > date("2026-09-30")',
            'date("2026-10-05") = date("2026-10-05")',
            'applicationDate <= date("2026-07-05")',
            'applicationDate > date("2024-09-28")',
            'date(applicationDate) < date("2026-07-06")',
            'date("2026-10-05").year',
            'date("2026-10-05").month',
            'date("2026-10-05").day',
            'date("2026-10-05").weekday',
            "date(2026, 10, 5)",
            'date("2026-13-01")',
            'duration("P10D")',
            'duration("PT36H")',
            'duration("P1DT2H30M")',
            'duration("P1Y2M")',
            'duration("P10D") + duration("PT12H")',
            'duration("P10D") * 2',
            'duration("P10D") > duration("P9D")',
            'duration("P10D").days',
            'years and months duration(date("2024-01-15"), date("2026-10-05"))',
            'date("2026-10-05") - date("2026-09-30")',
            'date and time("2026-09-30T17:30:00")',
            'date and time("2026-09-30T17:30:00+08:00")',
            'date and time("2026-09-30T17:30:00@Asia/Shanghai")',
            'date and time("2026-09-30T17:30:00@Asia/Shanghai") + duration("PT1H")',
            'date and time("2026-09-30T17:30:00+08:00") = date and time("2026-09-30T09:30:00Z")',
            'date and time("2026-09-30T17:30:00+08:00").hour',
            'date and time("2026-09-30T17:30:00") - date and time("2026-09-29T08:00:00")',
            'time("10:30:00")',
            'time("10:30:00") + duration("PT45M")',
            'time("10:30:00") < time("11:00:00")',
            'date and time(date("2026-10-05"), time("09:00:00"))',
            'string(date("2026-10-05"))',
            'string(duration("P1DT2H"))',
            'day of week(date("2026-10-05"))',
            'day of year(date("2026-10-05"))',
            'month of year(date("2026-10-05"))',
            'week of year(date("2026-10-05"))',
            '@"2026-10-05"',
            '@"P10D"',
            'date("2026-10-05") in [date("2026-10-01")..date("2026-10-08")]',
            'date("2026-10-05") between date("2026-10-01") and date("2026-10-08")',
            'last day of month(date("2026-02-10"))',
        ],
        {"applicationDate": "2026-05-01"},
    )


def _types_and_membership() -> Iterator[Case]:
    yield from _expressions(
        "types",
        [
            "1 instance of number",
            '"a" instance of string',
            '"a" instance of number',
            "true instance of boolean",
            "null instance of Any",
            "[1] instance of list<number>",
            'date("2026-10-05") instance of date',
            "5 in [1..10]",
            "5 in (1..5)",
            "5 in [1..5]",
            "5 in > 3",
            "5 in (< 3, > 4)",
            '"LG" in ("LG", "HY")',
            '"LZ" in ("LG", "HY")',
            "unknownVariable",
            "unknownVariable = null",
            "unknownVariable > 5",
            '1 = "1"',
            '1 < "2"',
            "true > false",
            "null = null",
            "null != 1",
            "[1..10]",
            "x",
            "x.y",
            "notAFunction(1)",
        ],
    )


_UNARY_NUMBER_TESTS = [
    "< 500000",
    "<= 500000",
    "> 500000",
    ">= 50000000",
    "[500000..5000000]",
    "[500000..5000000)",
    "(500000..5000000]",
    "]500000..5000000[",
    "500000",
    "500000, 5000000",
    "not(500000)",
    "not(< 500000)",
    "-",
    "< 500000, > 5000000",
    "? > 1000000",
    "? >= 500000 and ? < 5000000",
    "null",
    "not(null)",
    "= 500000",
    "!= 500000",
]
_UNARY_NUMBER_INPUTS: list[Any] = [0, 499_999, 500_000, 500_001, 4_999_999, 5_000_000, 50_000_000, None]

_UNARY_STRING_TESTS = [
    '"LG"',
    '"LG", "HY"',
    'not("LZ")',
    'not("LZ", "TH")',
    "-",
    '"new_initiative"',
    'starts with(?, "L")',
    '? = "YB"',
    'contains(?, "G")',
    "null",
]
_UNARY_STRING_INPUTS: list[Any] = ["LG", "HY", "LZ", "TH", "YB", "new_initiative", "", None]

_UNARY_BOOLEAN_TESTS = ["true", "false", "-", "not(true)", "null", "true, false", "? = true"]
_UNARY_BOOLEAN_INPUTS: list[Any] = [True, False, None]

_UNARY_DATE_TESTS = [
    'date("2026-07-05")',
    '<= date("2026-07-05")',
    '> date("2024-09-28")',
    '[date("2021-07-06")..date("2026-07-05")]',
    'not([date("2022-09-29")..date("2024-09-28")])',
    "-",
    "< today",
    "? <= validUntil",
]


def _unary_tests() -> Iterator[Case]:
    for tests, inputs, kind in (
        (_UNARY_NUMBER_TESTS, _UNARY_NUMBER_INPUTS, "number"),
        (_UNARY_STRING_TESTS, _UNARY_STRING_INPUTS, "string"),
        (_UNARY_BOOLEAN_TESTS, _UNARY_BOOLEAN_INPUTS, "boolean"),
    ):
        for (t_index, test), value in itertools.product(enumerate(tests, 1), inputs):
            yield Case(id=f"unary-{kind}-{t_index:02d}-{json.dumps(value)}", unary_tests=test, input=value)
    # Dates reach unary tests from expressions such as date(applicationDate): the input is the expression.
    for t_index, test in enumerate(_UNARY_DATE_TESTS, 1):
        for value in ("2021-07-06", "2024-09-28", "2024-09-29", "2026-07-05", "2026-07-06"):
            yield Case(
                id=f"unary-date-{t_index:02d}-{value}",
                unary_tests=test,
                input={"$date": value},
                context={"validUntil": {"$date": "2026-07-05"}, "today": {"$date": "2026-11-22"}},
            )


def all_cases() -> list[Case]:
    generators = (
        _amount_conditions,
        _boolean_logic,
        _arithmetic,
        _strings,
        _lists,
        _contexts_and_paths,
        _control_flow,
        _temporal,
        _types_and_membership,
        _unary_tests,
    )
    cases = [case for generate in generators for case in generate()]
    ids = [case.id for case in cases]
    duplicates = {case_id for case_id in ids if ids.count(case_id) > 1}
    if duplicates:
        raise ValueError(f"duplicate differential case ids: {sorted(duplicates)}")
    return cases
