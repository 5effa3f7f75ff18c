"""The small diagrams the gateway tests deploy, as BPMN/DMN bytes."""

from __future__ import annotations

from engine.testing.builder import process
from engine.testing.events import error, message, signal


def one_task(process_id: str = "one_task", job_type: str = "work") -> bytes:
    return (
        process(process_id)
        .start_event("start")
        .service_task("task", job_type=job_type)
        .end_event("end")
        .to_xml()
    )


def instant(process_id: str = "instant") -> bytes:
    return process(process_id).start_event("start").task("note").end_event("end").to_xml()


def two_tasks(process_id: str = "two_tasks") -> bytes:
    return (
        process(process_id)
        .start_event("start")
        .service_task("first", job_type="first")
        .service_task("second", job_type="second")
        .end_event("end")
        .to_xml()
    )


def message_catch(process_id: str = "awaits_payment") -> bytes:
    return (
        process(process_id)
        .start_event("start")
        .intermediate_catch_event("paid", message("payment-received", "=orderId"))
        .end_event("end")
        .to_xml()
    )


def signal_catch(process_id: str = "awaits_signal") -> bytes:
    return (
        process(process_id)
        .start_event("start")
        .intermediate_catch_event("go", signal("go-ahead"))
        .end_event("end")
        .to_xml()
    )


def error_boundary(process_id: str = "checks_documents", job_type: str = "check") -> bytes:
    return (
        process(process_id)
        .start_event("start")
        .service_task("check", job_type=job_type)
        .end_event("accepted")
        .boundary_event("missing", error("DOCS_MISSING"), attached_to="check")
        .end_event("rejected")
        .to_xml()
    )


def user_task(process_id: str = "review") -> bytes:
    return (
        process(process_id)
        .start_event("start")
        .user_task("approve", name="Approve filing", candidate_groups="reviewers")
        .end_event("end")
        .to_xml()
    )


ROUTING_DMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="routing_drg" name="Routing"
             namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="route" name="Route by amount">
    <decisionTable id="route_table" hitPolicy="UNIQUE">
      <input id="amount_input" label="Amount">
        <inputExpression id="amount_expr" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="review_output" name="review" typeRef="string"/>
      <rule id="large">
        <inputEntry id="large_in"><text>&gt;= 5000000</text></inputEntry>
        <outputEntry id="large_out"><text>"feasibility study"</text></outputEntry>
      </rule>
      <rule id="small">
        <inputEntry id="small_in"><text>&lt; 5000000</text></inputEntry>
        <outputEntry id="small_out"><text>"simple review"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""

INVALID_BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="no_type"/>
    <bpmn:serviceTask id="no_type"/>
  </bpmn:process>
</bpmn:definitions>
"""
