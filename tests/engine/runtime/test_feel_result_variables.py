"""FEEL results stored as process variables carry the JSON values Zeebe 8.8 writes.

Reference: camunda/camunda ``zeebe/feel/src/main/java/io/camunda/zeebe/feel/impl/
FeelToMessagePackTransformer.java`` (as of camunda/camunda#35927, in 8.8): date-time via
``ISO_ZONED_DATE_TIME``, local date-time via ``ISO_LOCAL_DATE_TIME``, local time and date via Java's
``toString``, time via feel-scala's ``ZonedTime.format``, durations via feel-scala's
``ValDayTimeDuration``/``ValYearMonthDuration.toString`` (feel-scala
``src/main/scala/org/camunda/feel/syntaxtree/Val.scala``), whole numbers via ``longValue``, every
other value (range, function) as ``nil``. The same transformer writes decision results
(``zeebe/dmn/.../DmnScalaDecisionEngine.java``).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

import pytest

from engine.feel.clock import system_zone
from engine.runtime import Engine
from tests.engine.runtime.diagrams import END, START, bpmn, chain, service

_SHANGHAI = '"2026-09-30T17:30:00@Asia/Shanghai"'


def _script(eid: str, expression: str, result: str) -> str:
    return (
        f'<bpmn:scriptTask id="{eid}"><bpmn:extensionElements>'
        f'<zeebe:script expression={quoteattr("=" + expression)} resultVariable="{result}"/>'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )


def _seen_by_worker(engine: Engine, body: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Deploy ``body`` (which ends at a service task of type ``check``) and return its job's variables."""
    engine.deploy([("p.bpmn", bpmn(body))])
    engine.create_instance("p", variables or {})
    jobs = engine.activate_jobs("check")
    assert len(jobs) == 1, engine.incidents()
    return jobs[0].variables


def _script_result(engine: Engine, expression: str) -> Any:
    body = (
        START + _script("s", expression, "r") + service("c", "check") + END + chain("start", "s", "c", "end")
    )
    return _seen_by_worker(engine, body)["r"]


@pytest.mark.parametrize(
    ("expression", "stored"),
    [
        # ValDateTime: ISO_ZONED_DATE_TIME -- offset and zone id, seconds always written
        (f"date and time({_SHANGHAI})", "2026-09-30T17:30:00+08:00[Asia/Shanghai]"),
        ('date and time("2026-09-30T17:30:00+08:00")', "2026-09-30T17:30:00+08:00"),
        ('date and time("2026-09-30T09:30:00Z")', "2026-09-30T09:30:00Z"),
        ('date and time("2026-09-30T09:30:00.120@UTC")', "2026-09-30T09:30:00.12Z[UTC]"),
        # ValLocalDateTime: ISO_LOCAL_DATE_TIME
        ('date and time("2026-09-30T17:30:00")', "2026-09-30T17:30:00"),
        # ValDate: LocalDate.toString
        ('date("2026-10-05")', "2026-10-05"),
        # ValLocalTime: LocalTime.toString drops zero seconds, prints fractions in groups of three
        ('time("10:30:00")', "10:30"),
        ('time("10:30:15")', "10:30:15"),
        ('time("10:30:15.25")', "10:30:15.250"),
        # ValTime: ZonedTime.format, as FEEL prints it
        ('time("10:30:00@Asia/Shanghai")', "10:30:00@Asia/Shanghai"),
        ('time("10:30:00+08:00")', "10:30:00+08:00"),
        # ValDayTimeDuration / ValYearMonthDuration: feel-scala's toString
        ('duration("PT36H")', "P1DT12H"),
        ('duration("P10D")', "P10D"),
        ('duration("PT0S")', "P0D"),
        ('duration("PT1M30.5S")', "PT1M30S"),
        ('-duration("PT90M")', "-PT1H30M"),
        ('duration("P14M")', "P1Y2M"),
        ('years and months duration(date("2026-01-01"), date("2026-01-20"))', "P0Y"),
        ('-duration("P2Y")', "-P2Y"),
        # numbers: whole ones as integers, others as doubles
        ("10 / 4", 2.5),
        ("5.00", 5),
        # no MessagePack form: nil
        ("[1..10)", None),
        ("function(x) x + 1", None),
    ],
)
def test_script_result_variable_holds_zeebes_json(engine: Engine, expression: str, stored: Any) -> None:
    assert _script_result(engine, expression) == stored


def test_lists_and_contexts_convert_every_item(engine: Engine) -> None:
    expression = (
        f'{{due: date and time({_SHANGHAI}), sla: duration("P3D"), window: [1..5], '
        f'check: function(x) x, steps: [date("2026-10-05"), time("09:00:00"), {{at: duration("P1M")}}]}}'
    )
    assert _script_result(engine, expression) == {
        "due": "2026-09-30T17:30:00+08:00[Asia/Shanghai]",
        "sla": "P3D",
        "window": None,
        "check": None,
        "steps": ["2026-10-05", "09:00", {"at": "P1M"}],
    }


def test_input_and_output_mappings_store_zeebes_json(engine: Engine) -> None:
    mappings = (
        "<zeebe:ioMapping>"
        f'<zeebe:input source={quoteattr(f"=date and time({_SHANGHAI})")} target="start"/>'
        '<zeebe:output source="=start" target="copied"/>'
        '<zeebe:output source="=date(&quot;2026-10-05&quot;) - date(&quot;2026-09-30&quot;)" target="span"/>'
        "</zeebe:ioMapping>"
    )
    body = (
        START + service("a", "work", mappings) + service("c", "check") + END + chain("start", "a", "c", "end")
    )
    engine.deploy([("p.bpmn", bpmn(body))])
    engine.create_instance("p")
    job = engine.activate_jobs("work")[0]
    assert job.variables["start"] == "2026-09-30T17:30:00+08:00[Asia/Shanghai]"
    engine.complete_job(job.key, {})
    seen = engine.activate_jobs("check")[0].variables
    assert seen["copied"] == "2026-09-30T17:30:00+08:00[Asia/Shanghai]"
    assert seen["span"] == "P5D"


def test_multi_instance_output_collection_holds_zeebes_json(engine: Engine) -> None:
    loop = (
        '<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements>'
        '<zeebe:loopCharacteristics inputCollection="=days" inputElement="d" '
        'outputCollection="dates" outputElement="=date(&quot;2026-10-01&quot;) + duration(d)"/>'
        "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>"
    )
    task = (
        '<bpmn:scriptTask id="s"><bpmn:extensionElements><zeebe:script expression="=d" resultVariable="x"/>'
    )
    task += "</bpmn:extensionElements>" + loop + "</bpmn:scriptTask>"
    body = START + task + service("c", "check") + END + chain("start", "s", "c", "end")
    seen = _seen_by_worker(engine, body, {"days": ["P1D", "P2D"]})
    assert seen["dates"] == ["2026-10-02", "2026-10-03"]


_DMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="Deadline"
  namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="deadline" name="Deadline">
    <literalExpression><text>{due: date and time("2026-09-30T17:30:00@Asia/Shanghai"),
      grace: duration("PT36H"), at: time("10:30:00")}</text></literalExpression>
  </decision>
</definitions>"""


def test_business_rule_task_result_variable_holds_zeebes_json(engine: Engine) -> None:
    task = (
        '<bpmn:businessRuleTask id="b"><bpmn:extensionElements>'
        '<zeebe:calledDecision decisionId="deadline" resultVariable="deadline"/>'
        "</bpmn:extensionElements></bpmn:businessRuleTask>"
    )
    body = START + task + service("c", "check") + END + chain("start", "b", "c", "end")
    engine.deploy([("deadline.dmn", _DMN)])
    seen = _seen_by_worker(engine, body)
    assert seen["deadline"] == {
        "due": "2026-09-30T17:30:00+08:00[Asia/Shanghai]",
        "grace": "P1DT12H",
        "at": "10:30",
    }


# Due and follow-up dates are not variables: Zeebe keeps ``ZonedDateTime.toString()`` of the evaluated
# date-time (camunda/camunda zeebe/engine/src/main/java/io/camunda/zeebe/engine/processing/bpmn/
# behavior/BpmnUserTaskBehavior.java, ``evaluateDateExpression``; a string result is read with
# ``ZonedDateTime.parse`` in zeebe/engine/.../processing/common/ExpressionProcessor.java).


def _user_task(schedule: str, zeebe_user_task: bool = True) -> bytes:
    marker = "<zeebe:userTask/>" if zeebe_user_task else ""
    task = (
        f'<bpmn:userTask id="u"><bpmn:extensionElements>{marker}{schedule}'
        "</bpmn:extensionElements></bpmn:userTask>"
    )
    return bpmn(START + task + END + chain("start", "u", "end"))


@pytest.mark.parametrize(
    ("due", "stored"),
    [
        ('=date and time("2026-10-09T17:00:00@Asia/Shanghai")', "2026-10-09T17:00+08:00[Asia/Shanghai]"),
        ('=date and time("2026-10-09T17:00:30+08:00")', "2026-10-09T17:00:30+08:00"),
        ("2026-10-09T17:00:00+08:00", "2026-10-09T17:00+08:00"),
        ("=deadline", "2026-10-09T09:00:00.250Z"),
    ],
)
def test_user_task_due_date_is_javas_zoned_date_time_text(engine: Engine, due: str, stored: str) -> None:
    schedule = f'<zeebe:taskSchedule dueDate={quoteattr(due)} followUpDate="2026-10-08T09:00:00Z"/>'
    engine.deploy([("p.bpmn", _user_task(schedule))])
    pi = engine.create_instance("p", {"deadline": "2026-10-09T09:00:00.25Z"})
    task = engine.user_tasks(process_instance_key=pi.key)[0]
    assert (task.due_date, task.follow_up_date) == (stored, "2026-10-08T09:00Z")


def test_user_task_due_date_of_a_local_date_time_is_in_the_system_zone(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FEEL local date-time is a DATE_TIME at ``ZoneId.systemDefault()`` (camunda/camunda
    zeebe/expression-language/.../el/impl/FeelEvaluationResult.java, ``getDateTime``)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    system_zone.cache_clear()
    try:
        schedule = '<zeebe:taskSchedule dueDate="=date and time(&quot;2026-10-09T17:00:00&quot;)"/>'
        engine.deploy([("p.bpmn", _user_task(schedule))])
        pi = engine.create_instance("p")
        task = engine.user_tasks(process_instance_key=pi.key)[0]
    finally:
        monkeypatch.undo()
        system_zone.cache_clear()
    assert task.due_date == "2026-10-09T17:00+08:00[Asia/Shanghai]"


def test_job_based_user_task_due_date_header_is_javas_zoned_date_time_text(engine: Engine) -> None:
    due = '=date and time("2026-10-09T17:00:00@Asia/Shanghai")'
    engine.deploy([("p.bpmn", _user_task(f"<zeebe:taskSchedule dueDate={quoteattr(due)}/>", False))])
    engine.create_instance("p")
    job = engine.activate_jobs("io.camunda.zeebe:userTask")[0]
    assert job.custom_headers["io.camunda.zeebe:dueDate"] == "2026-10-09T17:00+08:00[Asia/Shanghai]"


def test_due_date_that_is_no_date_time_raises_an_incident(engine: Engine) -> None:
    engine.deploy([("p.bpmn", _user_task('<zeebe:taskSchedule dueDate="=deadline"/>'))])
    pi = engine.create_instance("p", {"deadline": "next friday"})
    [incident] = engine.incidents(pi.key)
    assert incident.error_type == "EXTRACT_VALUE_ERROR"
    assert incident.error_message == "Invalid date-time format 'next friday' for expression 'deadline'."
