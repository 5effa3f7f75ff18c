"""FEEL expressions where BPMN attributes take them: the "=" prefix, static values, zoned
date-times, context and list results. https://docs.camunda.io/docs/components/concepts/expressions/"""

from __future__ import annotations

from typing import Any

from engine.testing import (
    activate_one,
    assert_that,
    deploy_and_start,
    process,
    timer_date,
)


def test_condition_without_space_after_equals(engine: Any) -> None:
    """An expression is any attribute value starting with "=", with or without a space.
    https://docs.camunda.io/docs/components/concepts/expressions/#expressions-vs-static-values"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow(condition="=amount>100")
        .end_event("big")
        .move_to("gw")
        .flow(default=True)
        .end_event("small")
    )
    pi = deploy_and_start(engine, builder, {"amount": 101})
    assert_that(engine, pi).has_passed("big")


def test_static_job_type_is_taken_literally(engine: Any) -> None:
    """Without "=" an attribute is a static value, even if it looks like an expression.
    https://docs.camunda.io/docs/components/concepts/expressions/#expressions-vs-static-values"""
    builder = process("p").start_event("s").service_task("t", job_type="a + b").end_event("e")
    deploy_and_start(engine, builder, {"a": "x", "b": "y"})
    assert activate_one(engine, "a + b").element_id == "t"


def test_timer_date_with_zone_id(engine: Any) -> None:
    """A FEEL date-time with a zone id (@Asia/Shanghai) fires at that local time.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("w", timer_date('= date and time("2026-10-01T09:00:00@Asia/Shanghai")'))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance_to("2026-10-01T00:59:59+00:00")
    assert_that(engine, pi).is_waiting_at("w")
    engine.clock.advance_to("2026-10-01T01:00:00+00:00")
    assert_that(engine, pi).is_completed()


def test_expression_result_list_of_contexts(engine: Any) -> None:
    """Expressions can build lists of contexts; filters and paths work on them.
    https://docs.camunda.io/docs/components/concepts/expressions/"""
    builder = (
        process("p")
        .start_event("s")
        .script_task(
            "pick",
            expression="= for item in items[amount > 100] return item.name",
            result_variable="large",
        )
        .end_event("e")
    )
    items = [
        {"name": "server", "amount": 500},
        {"name": "cable", "amount": 20},
        {"name": "storage", "amount": 300},
    ]
    pi = deploy_and_start(engine, builder, {"items": items})
    assert_that(engine, pi).has_variable("large", ["server", "storage"])


def test_decimal_arithmetic_in_expressions(engine: Any) -> None:
    """FEEL numbers are decimals: 0.1 + 0.2 = 0.3 exactly.
    https://docs.camunda.io/docs/components/modeler/feel/language-guide/feel-data-types/#number"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("c", expression="= 0.1 + 0.2", result_variable="r")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).has_variable("r", 0.3)


def test_large_amounts_stay_exact(engine: Any) -> None:
    """Large integral amounts (yuan) stay exact integers through FEEL.
    https://docs.camunda.io/docs/components/modeler/feel/language-guide/feel-data-types/#number"""
    builder = (
        process("p")
        .start_event("s")
        .script_task("c", expression="= amount * 100", result_variable="fen")
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"amount": 123456789012})
    assert_that(engine, pi).has_variable("fen", 12345678901200)


def test_chinese_string_values(engine: Any) -> None:
    """Strings in Chinese pass through expressions and jobs unchanged.
    https://docs.camunda.io/docs/components/concepts/expressions/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w", inputs={"title": '= unit + "申报"'})
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"unit": "区政务服务数据管理局"})
    job = activate_one(engine, "w")
    assert job.variables["title"] == "区政务服务数据管理局申报"
    engine.complete_job(job.key, variables={"回执": "已受理"})
    assert_that(engine, pi).is_completed().has_variable("回执", "已受理")


def test_null_safe_path_in_condition(engine: Any) -> None:
    """A path into a missing context gives null; "= x.y = null" is then true.
    https://docs.camunda.io/docs/components/modeler/feel/language-guide/feel-expressions-introduction/"""
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow(condition="= application.review = null")
        .end_event("no_review")
        .move_to("gw")
        .flow(default=True)
        .end_event("reviewed")
    )
    pi = deploy_and_start(engine, builder, {"application": {}})
    assert_that(engine, pi).has_passed("no_review")
