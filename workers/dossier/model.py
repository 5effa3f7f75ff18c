"""The dossier of one project: what it was started with, what was decided, by whom, when, under which article.

Every section holds only what the engine's records and the registry say. What could not be read is
not filled in: it is a ``Gap`` (a Chinese sentence naming what is missing and why), shown where the
section would be.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Gap(_Model):
    section: str
    """The section the gap is in: 决策, 用户任务, 时限, 备案, 材料, 异常, 项目."""
    message: str


class CitationView(_Model):
    rule_id: str
    measure: str | None
    chapter: str | None
    article: str | None
    force: str | None
    catalog_summary: str | None
    statements: tuple[str, ...]
    article_text: str | None
    problems: tuple[str, ...]


class AmbiguityView(_Model):
    id: str
    issue: str
    reading: str


class ProcessInstanceView(_Model):
    key: str
    process_id: str
    name: str
    version: int | None
    state: str
    start: str | None
    end: str | None
    parent_key: str | None
    has_incident: bool


class MatchedRow(_Model):
    row_id: str
    row_index: int | None
    annotation: str | None
    rule_ids: tuple[str, ...]
    force: str | None
    """HARD/SOFT/INFO as the annotation states it (the catalog's force when the annotation is silent)."""
    ambiguity_ids: tuple[str, ...]
    outputs: tuple[tuple[str, str], ...]


class DecisionRecord(_Model):
    key: str
    decision_id: str
    name: str
    version: int | None
    evaluated_at: str | None
    process_instance_key: str | None
    element_instance_key: str | None
    state: str
    failure: str | None
    inputs: tuple[tuple[str, str], ...]
    matched_rows: tuple[MatchedRow, ...]
    result: str | None


class TaskRecord(_Model):
    key: str
    name: str
    element_id: str
    process_instance_key: str
    state: str
    candidate_groups: tuple[str, ...]
    assignee: str | None
    """Who held the task when it ended: in Camunda 8 the task is completed by its assignee."""
    created: str | None
    completed: str | None
    due: str | None
    fields: tuple[tuple[str, str], ...]
    """The task's own form fields as completed (opinion, decision …), JSON-encoded values."""


class DeadlineRecord(_Model):
    step: str
    process_instance_key: str
    rule_id: str | None
    force: str | None
    period: str | None
    """``5WD``, ``3M``: the basis as the sla decision gave it."""
    calendar: str
    provisional: bool
    due: str | None
    completed: str | None
    status: str
    """按期 / 逾期 / 进行中 / 进行中（已逾期） / 未知."""
    reminders_sent: int
    escalations_sent: int


class FilingRecord(_Model):
    kind: str
    authority: str
    rule_id: str | None
    due: str | None
    filed: str | None
    status: str


class DocumentRecord(_Model):
    material: str
    name: str | None
    sha256: str | None
    findings: tuple[str, ...]
    source: str


class IncidentRecord(_Model):
    key: str
    element_id: str | None
    error_type: str | None
    message: str | None
    state: str
    created: str | None
    process_instance_key: str | None


class MeasureInForce(_Model):
    measure: str | None
    status: str | None
    in_force: bool | None
    valid_from: str | None
    valid_until: str | None
    application_date: str | None


class ProjectSection(_Model):
    project_id: str
    name: str | None
    unit: str | None
    jurisdiction: str | None
    project_code: str | None
    total_investment_yuan: str | None
    facts: tuple[tuple[str, str], ...]
    """The variables the root instance was started with (documents aside), JSON-encoded."""


class Dossier(_Model):
    project: ProjectSection
    measure_in_force: MeasureInForce | None
    instances: tuple[ProcessInstanceView, ...]
    decisions: tuple[DecisionRecord, ...]
    tasks: tuple[TaskRecord, ...]
    deadlines: tuple[DeadlineRecord, ...]
    filings: tuple[FilingRecord, ...]
    documents: tuple[DocumentRecord, ...]
    incidents: tuple[IncidentRecord, ...]
    citations: tuple[CitationView, ...]
    ambiguities: tuple[AmbiguityView, ...]
    gaps: tuple[Gap, ...]
    generated_at: dt.datetime
    """The recorded generation time: the only thing two generations of one project may differ in."""

    def gaps_in(self, section: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.section == section]


def json_text(value: Any) -> str:
    """A variable's value as the dossier prints it: text as is, anything else as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
