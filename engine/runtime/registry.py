"""Deployed models by key: parsed once at deployment (or when a durable engine reopens)."""

from __future__ import annotations

from typing import Any

from engine.bpmn.model import Process
from engine.dmn import DmnModel


class Registry:
    def __init__(self) -> None:
        self.processes: dict[int, Process] = {}
        self.drgs: dict[int, DmnModel] = {}
        self.decisions: dict[int, dict[str, Any]] = {}
        self.latest_decisions: dict[str, int] = {}
        self.forms: dict[int, dict[str, Any]] = {}
        self.latest_forms: dict[str, int] = {}

    def process(self, key: int) -> Process:
        return self.processes[key]

    def add_decision(self, row: dict[str, Any]) -> None:
        self.decisions[row["key"]] = row
        current = self.latest_decisions.get(row["decisionId"])
        if current is None or self.decisions[current]["version"] < row["version"]:
            self.latest_decisions[row["decisionId"]] = row["key"]

    def latest_decision(self, decision_id: str) -> dict[str, Any] | None:
        key = self.latest_decisions.get(decision_id)
        return self.decisions[key] if key is not None else None

    def add_form(self, row: dict[str, Any]) -> None:
        self.forms[row["key"]] = row
        current = self.latest_forms.get(row["formId"])
        if current is None or self.forms[current]["version"] < row["version"]:
            self.latest_forms[row["formId"]] = row["key"]

    def latest_form(self, form_id: str) -> dict[str, Any] | None:
        key = self.latest_forms.get(form_id)
        return self.forms[key] if key is not None else None
