"""Parsing the Zeebe dialect into the executable model, and Zeebe's deployment validation."""

from __future__ import annotations

import pytest

from engine.bpmn import model as m
from engine.bpmn.parser import BpmnParseError, parse_bpmn
from tests.engine.runtime.diagrams import END, START, bpmn, chain, flow, service


def _rejection(source: bytes) -> str:
    with pytest.raises(BpmnParseError) as info:
        parse_bpmn(source, "p.bpmn")
    return str(info.value)


def test_service_task_model_carries_job_headers_and_mappings() -> None:
    extra = (
        '<zeebe:taskHeaders><zeebe:header key="template" value="due-soon"/></zeebe:taskHeaders>'
        '<zeebe:ioMapping><zeebe:input source="=amount" target="total"/>'
        '<zeebe:output source="=result" target="report.result"/></zeebe:ioMapping>'
    )
    [process] = parse_bpmn(
        bpmn(START + service("a", "= kind", extra, retries="5") + END + chain("start", "a", "end")), "p.bpmn"
    )
    task = process.elements["a"]
    assert task.type == m.SERVICE_TASK
    assert task.job is not None
    assert task.job.type.evaluate({"kind": "mail"}) == "mail"
    assert task.job.retries.source == "5"
    assert dict(task.job.headers) == {"template": "due-soon"}
    assert [(i.source.source, i.target) for i in task.inputs] == [("=amount", "total")]
    assert task.outputs[0].target == "report.result"
    assert task.incoming == ("f0",) and task.outgoing == ("f1",)


def test_missing_task_definition_is_rejected_with_element_and_reason() -> None:
    text = _rejection(bpmn(START + '<bpmn:serviceTask id="review"/>' + END + chain("start", "review", "end")))
    assert "'p.bpmn':" in text
    assert "Element: review > extensionElements" in text
    assert "Must have exactly one 'zeebe:taskDefinition' extension element" in text


def test_invalid_feel_is_rejected() -> None:
    text = _rejection(
        bpmn(
            START
            + '<bpmn:exclusiveGateway id="g"/>'
            + END
            + flow("f0", "start", "g")
            + flow("f1", "g", "end", "=amount >>= 1")
        )
    )
    assert "Element: f1" in text
    assert "failed to parse expression 'amount >>= 1'" in text


def test_gateway_without_outgoing_flow_is_rejected() -> None:
    text = _rejection(bpmn(START + '<bpmn:parallelGateway id="g"/>' + flow("f0", "start", "g")))
    assert "Element: g" in text and "at least one outgoing sequence flow" in text


def test_bad_timer_is_rejected() -> None:
    timer = (
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1X</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    )
    text = _rejection(bpmn(START + timer + END + chain("start", "wait", "end")))
    assert "Element: wait" in text and "Invalid timer duration" in text


def test_unsupported_element_is_rejected() -> None:
    text = _rejection(bpmn(START + '<bpmn:complexGateway id="cx"/>' + END + chain("start", "cx", "end")))
    assert "Element: cx" in text and "'complexGateway' are currently not supported" in text


def test_catch_message_needs_a_correlation_key() -> None:
    extra = '<bpmn:message id="msg" name="payment"/>'
    catch = (
        '<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="msg"/>'
        "</bpmn:intermediateCatchEvent>"
    )
    text = _rejection(bpmn(START + catch + END + chain("start", "c", "end"), extra=extra))
    assert "zeebe:subscription" in text


def test_not_well_formed_xml_names_the_resource() -> None:
    with pytest.raises(BpmnParseError, match=r"'broken\.bpmn': is not well-formed XML"):
        parse_bpmn(b"<bpmn:definitions", "broken.bpmn")


def test_entities_are_not_expanded() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        b'<bpmn:process id="p" name="&x;" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process>'
        b"</bpmn:definitions>"
    )
    with pytest.raises(BpmnParseError) as info:
        parse_bpmn(evil, "evil.bpmn")
    assert "root:" not in str(info.value)


def test_multi_instance_and_boundary_model() -> None:
    loop = (
        '<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements>'
        '<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" '
        'outputElement="=result"/></bpmn:extensionElements>'
        "<bpmn:completionCondition>=done</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>"
    )
    task = service("a", "work").replace("</bpmn:serviceTask>", loop + "</bpmn:serviceTask>")
    boundary = (
        '<bpmn:boundaryEvent id="late" attachedToRef="a" cancelActivity="false"><bpmn:timerEventDefinition>'
        "<bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    )
    [process] = parse_bpmn(bpmn(START + task + boundary + END + chain("start", "a", "end")), "p.bpmn")
    a = process.elements["a"]
    assert a.loop is not None and a.loop.sequential and a.loop.input_element == "item"
    assert a.loop.output_collection == "results" and a.loop.completion_condition is not None
    assert a.boundary_events == ("late",)
    late = process.elements["late"]
    assert late.attached_to == "a" and not late.cancel_activity
    assert late.timer is not None and late.timer.kind == "cycle"


def test_non_executable_processes_are_ignored() -> None:
    source = bpmn(START).replace(b'isExecutable="true"', b'isExecutable="false"')
    assert "at least one executable process" in _rejection(source)
