"""The fluent process builder produces Zeebe-dialect BPMN that Camunda Modeler and Zeebe read."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from engine.testing import MultiInstance, error, message, process, timer_duration
from engine.testing.builder import BPMN_NS, BPMNDI_NS, ZEEBE_NS

NS = {"bpmn": BPMN_NS, "zeebe": ZEEBE_NS, "bpmndi": BPMNDI_NS}


def _root(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def test_linear_process_has_elements_and_flows_in_order() -> None:
    root = _root(process("p").start_event("s").service_task("t", job_type="work").end_event("e").to_xml())
    proc = root.find("bpmn:process", NS)
    assert proc is not None
    assert proc.get("id") == "p"
    assert proc.get("isExecutable") == "true"
    tags = [child.tag.split("}")[1] for child in proc]
    assert tags == ["startEvent", "serviceTask", "endEvent", "sequenceFlow", "sequenceFlow"]
    flows = [(f.get("sourceRef"), f.get("targetRef")) for f in proc.findall("bpmn:sequenceFlow", NS)]
    assert flows == [("s", "t"), ("t", "e")]


def test_incoming_and_outgoing_refer_to_flows() -> None:
    root = _root(process("p").start_event("s").flow("f1").end_event("e").to_xml())
    start = root.find(".//bpmn:startEvent", NS)
    end = root.find(".//bpmn:endEvent", NS)
    assert start is not None and end is not None
    assert start.findtext("bpmn:outgoing", namespaces=NS) == "f1"
    assert end.findtext("bpmn:incoming", namespaces=NS) == "f1"


def test_task_definition_headers_and_io_mapping() -> None:
    builder = (
        process("p")
        .start_event("s")
        .service_task(
            "t", job_type="work", retries="5", headers={"k": "v"}, inputs={"x": "= y"}, outputs={"r": "= res"}
        )
    )
    root = _root(builder.to_xml())
    definition = root.find(".//zeebe:taskDefinition", NS)
    assert definition is not None
    assert (definition.get("type"), definition.get("retries")) == ("work", "5")
    header = root.find(".//zeebe:header", NS)
    assert header is not None and (header.get("key"), header.get("value")) == ("k", "v")
    io_input = root.find(".//zeebe:input", NS)
    io_output = root.find(".//zeebe:output", NS)
    assert io_input is not None and (io_input.get("source"), io_input.get("target")) == ("= y", "x")
    assert io_output is not None and (io_output.get("source"), io_output.get("target")) == ("= res", "r")


def test_extension_elements_come_before_incoming() -> None:
    """BPMN's schema orders extensionElements, incoming, outgoing, then event definitions."""
    root = _root(
        process("p")
        .start_event("s")
        .intermediate_catch_event("c", timer_duration("PT1H"), outputs={"a": "= 1"})
        .to_xml()
    )
    catch = root.find(".//bpmn:intermediateCatchEvent", NS)
    assert catch is not None
    assert [child.tag.split("}")[1] for child in catch] == [
        "extensionElements",
        "incoming",
        "timerEventDefinition",
    ]


def test_condition_and_default_flow() -> None:
    builder = (
        process("p")
        .start_event("s")
        .exclusive_gateway("gw")
        .flow("yes", condition="= x > 1")
        .end_event("a")
        .move_to("gw")
        .flow("no", default=True)
        .end_event("b")
    )
    root = _root(builder.to_xml())
    gateway = root.find(".//bpmn:exclusiveGateway", NS)
    assert gateway is not None and gateway.get("default") == "no"
    condition = root.find(".//bpmn:sequenceFlow[@id='yes']/bpmn:conditionExpression", NS)
    assert condition is not None and condition.text == "= x > 1"


def test_message_definition_with_subscription() -> None:
    root = _root(
        process("p").start_event("s").intermediate_catch_event("c", message("paid", "= id")).to_xml()
    )
    msg = root.find("bpmn:message", NS)
    assert msg is not None and msg.get("name") == "paid"
    subscription = msg.find(".//zeebe:subscription", NS)
    assert subscription is not None and subscription.get("correlationKey") == "= id"
    ref = root.find(".//bpmn:messageEventDefinition", NS)
    assert ref is not None and ref.get("messageRef") == msg.get("id")


def test_error_catch_all_has_no_error_ref() -> None:
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .boundary_event("b", error(), attached_to="t")
        .end_event("e")
        .move_to("t")
        .end_event("e2", error("E1"))
    )
    root = _root(builder.to_xml())
    boundary_def = root.find(".//bpmn:boundaryEvent/bpmn:errorEventDefinition", NS)
    end_def = root.find(".//bpmn:endEvent[@id='e2']/bpmn:errorEventDefinition", NS)
    assert boundary_def is not None and boundary_def.get("errorRef") is None
    err = root.find("bpmn:error", NS)
    assert end_def is not None and err is not None
    assert end_def.get("errorRef") == err.get("id")
    assert err.get("errorCode") == "E1"


def test_boundary_event_attached_and_non_interrupting() -> None:
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .boundary_event("b", timer_duration("PT1H"), interrupting=False)
        .end_event("e")
    )
    boundary = _root(builder.to_xml()).find(".//bpmn:boundaryEvent", NS)
    assert boundary is not None
    assert boundary.get("attachedToRef") == "t"
    assert boundary.get("cancelActivity") == "false"


def test_sub_process_and_event_sub_process_are_nested() -> None:
    builder = (
        process("p")
        .start_event("s")
        .sub_process("sub", lambda b: b.start_event("ss").end_event("se"))
        .end_event("e")
        .event_sub_process(
            "esp", lambda b: b.start_event("es", message("m", "= k"), interrupting=False).end_event("ee")
        )
    )
    root = _root(builder.to_xml())
    sub = root.find(".//bpmn:subProcess[@id='sub']", NS)
    esp = root.find(".//bpmn:subProcess[@id='esp']", NS)
    assert sub is not None and esp is not None
    assert sub.find("bpmn:startEvent", NS) is not None
    assert esp.get("triggeredByEvent") == "true"
    assert esp.find("bpmn:incoming", NS) is None
    start = esp.find("bpmn:startEvent", NS)
    assert start is not None and start.get("isInterrupting") == "false"


def test_multi_instance_loop_characteristics() -> None:
    mi = MultiInstance(
        "= items",
        "item",
        sequential=True,
        output_collection="out",
        output_element="= r",
        completion_condition="= done",
    )
    root = _root(process("p").start_event("s").service_task("t", job_type="w", multi_instance=mi).to_xml())
    loop = root.find(".//bpmn:multiInstanceLoopCharacteristics", NS)
    assert loop is not None and loop.get("isSequential") == "true"
    characteristics = loop.find(".//zeebe:loopCharacteristics", NS)
    assert characteristics is not None
    assert characteristics.attrib == {
        "inputCollection": "= items",
        "inputElement": "item",
        "outputCollection": "out",
        "outputElement": "= r",
    }
    assert loop.findtext("bpmn:completionCondition", namespaces=NS) == "= done"


def test_user_task_extensions() -> None:
    builder = (
        process("p")
        .start_event("s")
        .user_task(
            "u",
            assignee="= owner",
            candidate_groups="a,b",
            due_date="2026-10-01T17:00:00+08:00",
            form_id="f",
            priority="70",
        )
    )
    root = _root(builder.to_xml())
    assert root.find(".//zeebe:userTask", NS) is not None
    assignment = root.find(".//zeebe:assignmentDefinition", NS)
    assert assignment is not None and assignment.attrib == {"assignee": "= owner", "candidateGroups": "a,b"}
    schedule = root.find(".//zeebe:taskSchedule", NS)
    assert schedule is not None and schedule.get("dueDate") == "2026-10-01T17:00:00+08:00"
    form = root.find(".//zeebe:formDefinition", NS)
    assert form is not None and form.get("formId") == "f"
    priority = root.find(".//zeebe:priorityDefinition", NS)
    assert priority is not None and priority.get("priority") == "70"


def test_call_activity_propagation_flags() -> None:
    builder = (
        process("p")
        .start_event("s")
        .call_activity("c", process_id="child", propagate_all_child_variables=False)
    )
    called = _root(builder.to_xml()).find(".//zeebe:calledElement", NS)
    assert called is not None
    assert called.attrib == {"processId": "child", "propagateAllChildVariables": "false"}


def test_layout_has_a_shape_per_element_and_an_edge_per_flow() -> None:
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .boundary_event("b", timer_duration("PT1H"))
        .end_event("late")
        .move_to("t")
        .end_event("e")
    )
    root = _root(builder.to_xml(layout=True))
    shapes = {s.get("bpmnElement") for s in root.iter(f"{{{BPMNDI_NS}}}BPMNShape")}
    edges = {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge")}
    assert shapes == {"s", "t", "b", "late", "e"}
    flows = {f.get("id") for f in root.iter(f"{{{BPMN_NS}}}sequenceFlow")}
    assert edges == flows


def test_duplicate_id_is_refused() -> None:
    with pytest.raises(ValueError, match="duplicate element id 'x'"):
        process("p").start_event("x").end_event("x")


def test_move_to_unknown_element_is_refused() -> None:
    with pytest.raises(KeyError, match="ghost"):
        process("p").start_event("s").move_to("ghost")


def test_begin_path_leaves_next_element_unconnected() -> None:
    root = _root(process("p").start_event("s").end_event("e").begin_path().start_event("s2").to_xml())
    assert len(root.findall(".//bpmn:sequenceFlow", NS)) == 1


def test_resource_name_is_process_id() -> None:
    name, body = process("approval").start_event("s").resource()
    assert name == "approval.bpmn"
    assert body.startswith(b"<?xml")
