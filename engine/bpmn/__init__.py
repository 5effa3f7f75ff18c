"""BPMN 2.0 in the Zeebe dialect: the executable model, its parser and deployment validation."""

from engine.bpmn.model import Element, Process, SequenceFlow
from engine.bpmn.parser import BpmnParseError, parse_bpmn

__all__ = ["BpmnParseError", "Element", "Process", "SequenceFlow", "parse_bpmn"]
