"""String built-ins, called directly through the registry."""

from typing import Any

import pytest

from engine.feel.builtins import invoke_builtin
from engine.feel.json_values import from_json
from engine.feel.temporal import to_feel_string
from engine.feel.values import Warnings


def call(name: str, *args: Any, **named: Any) -> tuple[Any, list[str]]:
    warnings = Warnings()
    positional = [from_json(a) for a in args]
    by_name = {k.replace("_", " "): from_json(v) for k, v in named.items()} or None
    return invoke_builtin(name, positional, by_name, warnings), warnings.messages


def render(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else to_feel_string(value)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("substring", ["foobar", 3], '"obar"'),
        ("substring", ["foobar", 3, 3], '"oba"'),
        ("substring", ["foobar", -2, 1], '"a"'),
        ("substring", ["foobar", -2], '"ar"'),
        ("substring", ["foobar", 1, 100], '"foobar"'),
        ("substring", ["foobar", 3.5, 2], '"ob"'),
        ("substring", ["\U0001f40e\U0001f40eab", 2, 2], '"\U0001f40ea"'),
        ("string length", ["foo"], "3"),
        ("string length", [""], "0"),
        ("string length", ["\U0001f40eab"], "3"),
        ("upper case", ["aBc4"], '"ABC4"'),
        ("lower case", ["aBc4"], '"abc4"'),
        ("substring before", ["foobar", "bar"], '"foo"'),
        ("substring before", ["foobar", "xyz"], '""'),
        ("substring before", ["foobar", "foo"], '""'),
        ("substring after", ["foobar", "ob"], '"ar"'),
        ("substring after", ["", "a"], '""'),
        ("substring after", ["foobar", ""], '"foobar"'),
        ("replace", ["abcd", "(ab)|(a)", "[1=$1][2=$2]"], '"[1=ab][2=]cd"'),
        ("replace", ["a.b.c", "\\.", "-"], '"a-b-c"'),
        ("replace", ["abc", "B", "x", "i"], '"axc"'),
        ("replace", ["0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3"], '"(012) 345-6789"'),
        ("replace", ["a$b", "\\$", "\\$\\$"], '"a$$b"'),
        ("replace", ["abc", "", "-"], '"-a-b-c-"'),
        ("replace", ["Chicago", "(?<first>C)", "${first}h"], '"Chhicago"'),
        ("contains", ["foobar", "of"], "false"),
        ("contains", ["foobar", "ob"], "true"),
        ("starts with", ["foobar", "fo"], "true"),
        ("starts with", ["foobar", "bar"], "false"),
        ("ends with", ["foobar", "r"], "true"),
        ("ends with", ["foobar", "o"], "false"),
        ("matches", ["foobar", "^fo*b"], "true"),
        ("matches", ["foobar", "^FO"], "false"),
        ("matches", ["foobar", "^FO", "i"], "true"),
        ("matches", ["a\nb", "a.b", "s"], "true"),
        ("matches", ["a\nb", "a.b"], "false"),
        ("matches", ["x\nb", "^b$", "m"], "true"),
        ("matches", ["abc", "a b c", "x"], "true"),
        ("matches", ["abc", "^abc\\z"], "true"),
        # flags other than s, m, i and x are ignored, as feel-scala does
        ("matches", ["abc", ".", "q"], "true"),
        # java regex semantics: . stops at \r too, a nested class is a union
        ("matches", ["Mary\rJones", "Mary.Jones"], "false"),
        ("matches", ["Mary\rJones", "Mary.Jones", "s"], "true"),
        ("matches", ["x", "[A-Z-[OI]]", "i"], "true"),
        ("matches", ["-", "^[A-Z-[OI]]$"], "true"),
        ("matches", ["[", "^[A-Z-[OI]]$"], "false"),
        # java's \p{...} classes: Chinese characters, Unicode categories, ASCII POSIX classes
        ("matches", ["张三", "^\\p{IsHan}{2,4}$"], "true"),
        ("matches", ["Zhang San", "^\\p{IsHan}{2,4}$"], "false"),
        ("matches", ["政务信息化", "^\\p{InCJKUnifiedIdeographs}+$"], "true"),
        ("matches", ["Émile", "^\\p{Lu}\\p{Ll}+$"], "true"),
        ("matches", ["项目A", "^\\p{L}+$"], "true"),
        ("matches", ["é", "^\\p{Alpha}$"], "false"),
        ("matches", ["a_1", "^[\\p{Alpha}\\p{Digit}_]+$"], "true"),
        ("matches", ["123", "\\P{Digit}"], "false"),
        ("replace", ["项目A-1", "\\p{IsHan}", "*"], '"**A-1"'),
        ("split", ["John Doe", "\\s"], '["John", "Doe"]'),
        ("split", ["a;b;c;;", ";"], '["a", "b", "c", "", ""]'),
        ("split", ["a1b22c", "\\d+"], '["a", "b", "c"]'),
        ("split", ["a-b", "(-)"], '["a", "b"]'),
        ("extract", ["references are 1234, 1256, 1378", "12[0-9]*"], '["1234", "1256"]'),
        ("extract", ["nothing", "\\d"], "[]"),
        ("trim", ["  hello world  "], '"hello world"'),
        ("trim", ["\t\nx\r "], '"x"'),
        ("to base64", ["FEEL"], '"RkVFTA=="'),
        ("to base64", ["审批"], '"5a6h5om5"'),
        ("is blank", [""], "true"),
        ("is blank", ["  \t"], "true"),
        ("is blank", [" a "], "false"),
        # a singleton list stands for its item
        ("upper case", [["a"]], '"A"'),
        ("ends with", ["a", ["a"]], "true"),
    ],
)
def test_string_function(name: str, args: list[Any], expected: str) -> None:
    value, warnings = call(name, *args)
    assert render(value) == expected
    assert warnings == []


@pytest.mark.parametrize(
    ("name", "named", "expected"),
    [
        ("substring", {"string": "foobar", "start_position": 3}, '"obar"'),
        ("substring", {"string": "foobar", "start_position": 3, "length": 2}, '"ob"'),
        ("string length", {"string": "abc"}, "3"),
        ("substring before", {"string": "foobar", "match": "bar"}, '"foo"'),
        ("replace", {"input": "abc", "pattern": "b", "replacement": "x"}, '"axc"'),
        ("replace", {"input": "aBc", "pattern": "b", "replacement": "x", "flags": "i"}, '"axc"'),
        ("contains", {"string": "foobar", "match": "ob"}, "true"),
        ("matches", {"input": "foobar", "pattern": "bar$"}, "true"),
        ("split", {"string": "a,b", "delimiter": ","}, '["a", "b"]'),
    ],
)
def test_string_function_with_named_arguments(name: str, named: dict[str, Any], expected: str) -> None:
    value, warnings = call(name, **named)
    assert render(value) == expected
    assert warnings == []


def test_uuid_is_a_version_7_uuid_and_unique() -> None:
    first, warnings = call("uuid")
    second, _ = call("uuid")
    assert warnings == []
    assert isinstance(first, str) and len(first) == 36
    assert first[14] == "7"
    assert first[19] in "89ab"
    assert first != second


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("substring", [1, 1]),
        ("substring", ["abc", "1"]),
        ("substring", ["abc", 10]),
        ("substring", ["abc", 1, -1]),
        ("substring", ["abc", None]),
        ("string length", [1]),
        ("string length", [["a", "b"]]),
        ("string length", [None]),
        ("lower case", [True]),
        ("substring before", ["a", 1]),
        ("substring after", [None, "a"]),
        ("replace", ["abc", "(", "x"]),
        ("replace", ["abc", "b", "$2"]),
        ("replace", ["abc", "b", 1]),
        ("contains", ["abc", None]),
        ("starts with", [1, "a"]),
        ("matches", ["abc", "[a"]),
        ("matches", [1, "a"]),
        ("split", ["abc", None]),
        ("split", ["abc", "("]),
        ("extract", ["abc", "("]),
        ("matches", ["a", "[a-z&&[^x]]"]),
        ("matches", ["a", "[a-z[^x]]"]),
        ("matches", ["a", "\\p{NoSuchClass}"]),
        ("matches", ["a", "[\\P{L}]"]),
        ("matches", ["a", "\\p{L"]),
        ("trim", [1]),
        ("to base64", [1]),
        ("is blank", [None]),
        ("uuid", ["x"]),
        ("substring", ["abc"]),
    ],
)
def test_string_function_with_wrong_arguments_is_null_and_warns(name: str, args: list[Any]) -> None:
    value, warnings = call(name, *args)
    assert value is None
    assert len(warnings) == 1
    assert f"'{name}'" in warnings[0]
