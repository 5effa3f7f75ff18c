"""typeRef conversions (DMN 1.4, 10.3.2.9.4): conforming values pass, singletons (un)wrap, else null."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engine.dmn.types import ANY, ContextType, ListType, builtin_type, coerce

NUMBER = builtin_type("number")
assert NUMBER is not None


def test_conforming_values_pass_unchanged() -> None:
    assert coerce(Decimal(1), NUMBER) == Decimal(1)
    assert coerce(None, NUMBER) is None
    assert coerce("x", ANY) == "x"


def test_non_conforming_value_becomes_null() -> None:
    assert coerce("1", NUMBER) is None
    assert coerce(True, NUMBER) is None


def test_singleton_list_unwraps_and_element_wraps() -> None:
    assert coerce([Decimal(2)], NUMBER) == Decimal(2)
    assert coerce([Decimal(2), Decimal(3)], NUMBER) is None
    assert coerce(Decimal(2), ListType(NUMBER)) == [Decimal(2)]
    assert coerce(["a"], ListType(NUMBER)) is None


def test_builtin_names_with_prefix_and_aliases() -> None:
    date_time = builtin_type("feel:dateTime")
    assert date_time is not None
    assert date_time.conforms(dt.datetime(2026, 1, 1, 9, 0))
    assert not date_time.conforms(dt.date(2026, 1, 1))
    assert builtin_type("tUnknown") is None


def test_context_type_checks_declared_components() -> None:
    person = ContextType({"age": NUMBER})
    assert coerce({"age": Decimal(3), "name": "x"}, person) == {"age": Decimal(3), "name": "x"}
    assert coerce({"age": "three"}, person) is None
