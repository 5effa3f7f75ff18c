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


def test_dmn_11_qualified_type_refs() -> None:
    from engine.dmn import parse_dmn

    xml = (
        '<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" id="m" name="m" namespace="n" '
        'xmlns:tns="n" xmlns:feel="http://www.omg.org/spec/FEEL/20140401">'
        '<itemDefinition name="tAmount"><typeRef>feel:number</typeRef></itemDefinition>'
        '<inputData id="a" name="a"><variable name="a" typeRef="tns:tAmount"/></inputData>'
        '<decision id="d" name="d"><variable name="d" typeRef="feel:string"/>'
        '<informationRequirement><requiredInput href="#a"/></informationRequirement>'
        '<literalExpression><text>if a = null then "none" else string(a)</text></literalExpression>'
        "</decision></definitions>"
    )
    model = parse_dmn(xml, "m.dmn")
    assert model.evaluate("d", {"a": 5}).output == "5"
    assert model.evaluate("d", {"a": "five"}).output == "none"
