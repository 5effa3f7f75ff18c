"""Compact BPMN documents for the runtime's and store's unit tests."""

from __future__ import annotations

import itertools

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://example.org">'
)


def bpmn(body: str, process_id: str = "p", extra: str = "") -> bytes:
    """A definitions document with one executable process whose content is ``body``."""
    return (
        HEADER
        + extra
        + f'<bpmn:process id="{process_id}" isExecutable="true">'
        + body
        + "</bpmn:process>"
        + "</bpmn:definitions>"
    ).encode()


def flow(fid: str, source: str, target: str, condition: str | None = None) -> str:
    if condition is None:
        return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}"/>'
    return (
        f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}">'
        f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>"
    )


def service(eid: str, job_type: str, extra: str = "", retries: str = "3") -> str:
    return (
        f'<bpmn:serviceTask id="{eid}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" retries="{retries}"/>{extra}'
        f"</bpmn:extensionElements></bpmn:serviceTask>"
    )


def chain(*elements: str) -> str:
    """Sequence flows through the given element ids, in order."""
    return "".join(flow(f"f{i}", a, b) for i, (a, b) in enumerate(itertools.pairwise(elements)))


START = '<bpmn:startEvent id="start"/>'
END = '<bpmn:endEvent id="end"/>'
