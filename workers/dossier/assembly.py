"""Assemble one project's dossier from the engine's records (REST ``/v2``) and the registry.

The project's instances are found by their ``projectId`` variable and followed down through
``parentProcessInstanceKey``, so every called process (reviews, corrections, expert panels) is in.
What a source cannot give is recorded as a gap in the section it belongs to, never made up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workers.dossier.articles import RULE_ID, ArticleIndex, ambiguity_ids_in, rule_ids_in
from workers.dossier.dmn_rows import RowAnnotation
from workers.dossier.model import (
    AmbiguityView,
    CitationView,
    DeadlineRecord,
    DecisionRecord,
    DocumentRecord,
    Dossier,
    FilingRecord,
    Gap,
    IncidentRecord,
    MatchedRow,
    MeasureInForce,
    ProcessInstanceView,
    ProjectSection,
    TaskRecord,
    json_text,
)
from workers.dossier.rule_catalog import measures
from workers.dossier.source import RestSource, SourceError, Unavailable
from workers.registry import tables
from workers.registry.records import filing_status

SLA_REVIEW = "shared-sla-review"
# process variables that are machinery or shown in their own section, not project facts
_NOT_FACTS = {"documents", "documentCheck", "expertPool"}


class UnknownProjectError(LookupError):
    """Neither the engine nor the registry knows the project."""


@dataclass
class DossierSources:
    rest: RestSource
    articles: ArticleIndex
    row_annotations: dict[tuple[str, str], RowAnnotation]
    element_documentation: dict[tuple[str, str], str]
    registry: Callable[[], Session] | None = None
    read_document: Callable[[str], bytes] | None = None
    """Reads a submitted document by id (the document store); None: hashes are not computed."""


_REGIONS = frozenset({"LG", "HY", "LZ", "TH", "YB"})
"""The jurisdictions whose rule ids start with their code (ambiguity readings start with ``A-``)."""


@dataclass
class _Collected:
    gaps: list[Gap] = field(default_factory=list)
    statements: dict[str, list[str]] = field(default_factory=dict)
    ambiguities: list[str] = field(default_factory=list)
    from_records: set[str] = field(default_factory=set)
    """Rule ids a decision row, a filing or a check cited, not only an element's documentation."""

    def gap(self, section: str, message: str) -> None:
        if not any(g.section == section and g.message == message for g in self.gaps):
            self.gaps.append(Gap(section=section, message=message))

    def cite(self, text: str, rule_ids: Iterable[str] | None = None, *, documentation: bool = False) -> None:
        for rule_id in rule_ids if rule_ids is not None else rule_ids_in(text):
            if not documentation:
                self.from_records.add(rule_id)
            said = self.statements.setdefault(rule_id, [])
            if text and text not in said:
                said.append(text)
        for ident in ambiguity_ids_in(text):
            if ident not in self.ambiguities:
                self.ambiguities.append(ident)


def _value(item: dict[str, Any]) -> Any:
    try:
        return json.loads(item["value"])
    except (ValueError, TypeError):
        return item.get("value")


def _find_instances(rest: RestSource, project_id: str) -> list[dict[str, Any]]:
    """Every instance of the project: those holding its ``projectId``, their roots and all they called."""
    holders = rest.search(
        "variables",
        {"name": "projectId", "value": json.dumps(project_id)},
        [{"field": "variableKey", "order": "ASC"}],
    )
    roots: dict[str, dict[str, Any]] = {}
    for key in dict.fromkeys(str(item["processInstanceKey"]) for item in holders):
        instance = rest.process_instance(key)
        while instance.get("parentProcessInstanceKey"):
            instance = rest.process_instance(str(instance["parentProcessInstanceKey"]))
        roots[str(instance["processInstanceKey"])] = instance
    found: list[dict[str, Any]] = []
    queue = sorted(roots.values(), key=lambda i: int(i["processInstanceKey"]))
    seen: set[str] = set()
    while queue:
        instance = queue.pop(0)
        key = str(instance["processInstanceKey"])
        if key in seen:
            continue
        seen.add(key)
        found.append(instance)
        queue += rest.process_instances(parentProcessInstanceKey=key)
    return sorted(found, key=lambda i: int(i["processInstanceKey"]))


def assemble(project_id: str, sources: DossierSources, generated_at: dt.datetime) -> Dossier:
    """The dossier of ``project_id``; :class:`UnknownProjectError` when nobody knows the project."""
    collected = _Collected()
    rest = sources.rest
    instances = _find_instances(rest, project_id)
    project_row, filings = _registry(sources, project_id, collected)
    if not instances and project_row is None:
        raise UnknownProjectError(
            f"项目 {project_id} 不存在：引擎中没有带此 projectId 的流程实例，登记库中也没有此项目"
        )
    if not instances:
        collected.gap("项目", f"引擎中没有项目 {project_id} 的流程实例，以下仅为登记库记录")

    variables: dict[str, list[dict[str, Any]]] = {}
    elements: dict[str, list[dict[str, Any]]] = {}
    tasks: list[TaskRecord] = []
    incidents: list[IncidentRecord] = []
    decisions: list[DecisionRecord] = []
    decisions_unavailable: str | None = None
    for instance in instances:
        key = str(instance["processInstanceKey"])
        variables[key] = rest.variables(key)
        elements[key] = rest.element_instances(key)
        for item in elements[key]:
            docs = sources.element_documentation.get(
                (str(instance["processDefinitionId"]), item["elementId"])
            )
            if docs and item.get("state") == "COMPLETED":
                collected.cite(docs, documentation=True)
        tasks += _tasks(rest.user_tasks(key), variables[key])
        incidents += _incidents(rest.incidents(key), collected)
        if decisions_unavailable is None:
            try:
                decisions += [_decision(d, sources, collected) for d in rest.decision_instances(key)]
            except Unavailable as error:
                decisions_unavailable = str(error)
    if decisions_unavailable is not None:
        evaluated = [
            f"{item.get('elementName') or item['elementId']}（流程实例 {key}）"
            for key, items in elements.items()
            for item in items
            if item.get("type") == "BUSINESS_RULE_TASK" and item.get("state") == "COMPLETED"
        ]
        collected.gap(
            "决策",
            f"{decisions_unavailable}；以下业务规则任务评估过的决策无法列出输入、命中规则行与输出："
            + ("、".join(evaluated) if evaluated else "（无）"),
        )

    root_key = str(instances[0]["processInstanceKey"]) if instances else None
    root_vars = {
        v["name"]: _value(v) for v in variables.get(root_key or "", []) if str(v["scopeKey"]) == root_key
    }
    project = _project_section(project_id, project_row, root_vars)
    if project.jurisdiction:
        # A shared process's documentation gives other regions' rules as examples, and a decision row
        # shared by several regions cites each region's article: only the project's own were applied.
        for rule_id in list(collected.statements):
            own = rule_id.startswith(f"{project.jurisdiction}-")
            other_region = rule_id.split("-", 1)[0] in _REGIONS and not own
            if other_region or (not own and rule_id not in collected.from_records):
                del collected.statements[rule_id]
    deadlines = _deadlines(instances, variables, elements, tasks, collected)
    documents = _documents(instances, variables, sources, collected)
    citations = _citations(collected, sources.articles, _in_force_name(variables))
    for problem in sources.articles.folder_problems:
        collected.gap("条文", problem)
    ambiguity_views = [
        AmbiguityView(id=a.id, issue=a.issue, reading=a.reading)
        for ident in sorted(collected.ambiguities)
        if (a := sources.articles.ambiguity(ident)) is not None
    ]
    return Dossier(
        project=project,
        measure_in_force=_measure_in_force(variables, root_vars),
        instances=tuple(_instance_view(i) for i in instances),
        decisions=tuple(
            sorted(decisions, key=lambda d: (d.evaluated_at or "", int(d.key.split("-")[0]), d.key))
        ),
        tasks=tuple(tasks),
        deadlines=tuple(deadlines),
        filings=tuple(filings),
        documents=tuple(documents),
        incidents=tuple(incidents),
        citations=tuple(citations),
        ambiguities=tuple(ambiguity_views),
        gaps=tuple(collected.gaps),
        generated_at=generated_at,
    )


def _registry(
    sources: DossierSources, project_id: str, collected: _Collected
) -> tuple[tables.Project | None, list[FilingRecord]]:
    if sources.registry is None:
        collected.gap("备案", "未连接登记库：项目登记信息与备案记录无法列出")
        return None, []
    with sources.registry() as session:
        project = session.get(tables.Project, project_id)
        if project is None:
            collected.gap("项目", f"登记库中没有项目 {project_id}")
            return None, []
        session.expunge(project)
        rows = session.scalars(
            select(tables.Filing).where(tables.Filing.project_id == project_id).order_by(tables.Filing.id)
        ).all()
        filings = [
            FilingRecord(
                kind=f.kind,
                authority=f.authority,
                rule_id=f.rule_id,
                due=f.due_on.isoformat() if f.due_on else None,
                filed=f.filed_on.isoformat() if f.filed_on else None,
                status=str(filing_status(f).value),
            )
            for f in rows
        ]
        for f in filings:
            if f.rule_id:
                collected.cite(f"备案 {f.kind}（{f.authority}）", [f.rule_id])
        return project, filings


def _project_section(
    project_id: str, row: tables.Project | None, root_vars: dict[str, Any]
) -> ProjectSection:
    facts = tuple(
        (name, json_text(value)) for name, value in sorted(root_vars.items()) if name not in _NOT_FACTS
    )
    investment = row.total_investment_yuan if row is not None else root_vars.get("totalInvestmentYuan")
    return ProjectSection(
        project_id=project_id,
        name=row.name if row is not None else root_vars.get("projectName"),
        unit=row.unit if row is not None else root_vars.get("unit"),
        jurisdiction=row.jurisdiction if row is not None else root_vars.get("jurisdiction"),
        project_code=row.project_code if row is not None else None,
        total_investment_yuan=None if investment is None else str(investment),
        facts=facts,
    )


def _instance_view(instance: dict[str, Any]) -> ProcessInstanceView:
    parent = instance.get("parentProcessInstanceKey")
    return ProcessInstanceView(
        key=str(instance["processInstanceKey"]),
        process_id=str(instance["processDefinitionId"]),
        name=str(instance.get("processDefinitionName") or instance["processDefinitionId"]),
        version=instance.get("processDefinitionVersion"),
        state=str(instance.get("state")),
        start=instance.get("startDate"),
        end=instance.get("endDate"),
        parent_key=str(parent) if parent else None,
        has_incident=bool(instance.get("hasIncident")),
    )


def _tasks(items: list[dict[str, Any]], variables: list[dict[str, Any]]) -> list[TaskRecord]:
    by_scope: dict[str, list[tuple[str, str]]] = {}
    for v in variables:
        by_scope.setdefault(str(v["scopeKey"]), []).append((v["name"], json_text(_value(v))))
    return [
        TaskRecord(
            key=str(t["userTaskKey"]),
            name=str(t.get("name") or t.get("elementId")),
            element_id=str(t.get("elementId")),
            process_instance_key=str(t.get("processInstanceKey")),
            state=str(t.get("state")),
            candidate_groups=tuple(t.get("candidateGroups") or ()),
            assignee=t.get("assignee"),
            created=t.get("creationDate"),
            completed=t.get("completionDate"),
            due=t.get("dueDate"),
            fields=tuple(sorted(by_scope.get(str(t.get("elementInstanceKey")), []))),
        )
        for t in items
    ]


def _incidents(items: list[dict[str, Any]], collected: _Collected) -> list[IncidentRecord]:
    records = []
    for item in items:
        record = IncidentRecord(
            key=str(item.get("incidentKey")),
            element_id=item.get("elementId"),
            error_type=item.get("errorType"),
            message=item.get("errorMessage"),
            state=str(item.get("state")),
            created=item.get("creationTime"),
            process_instance_key=str(item.get("processInstanceKey")),
        )
        if record.state == "ACTIVE":
            collected.gap(
                "异常",
                f"流程实例 {record.process_instance_key} 在环节 {record.element_id} 有未解决的异常"
                f"（{record.error_type}：{record.message}），此后的记录尚未产生，档案不完整",
            )
        records.append(record)
    return records


def _decision(item: dict[str, Any], sources: DossierSources, collected: _Collected) -> DecisionRecord:
    decision_id = str(item.get("decisionDefinitionId"))
    rows = []
    for matched in item.get("matchedRules") or ():
        annotation = sources.row_annotations.get((decision_id, str(matched.get("ruleId"))))
        if annotation is None:
            collected.gap(
                "决策", f"决策 {decision_id} 的规则行 {matched.get('ruleId')} 在 DMN 模型中未找到注释"
            )
        text = annotation.text if annotation else ""
        ids = annotation.rule_ids if annotation else []
        collected.cite(text, ids)
        rows.append(
            MatchedRow(
                row_id=str(matched.get("ruleId")),
                row_index=matched.get("ruleIndex"),
                annotation=text or None,
                rule_ids=tuple(ids),
                force=annotation.force if annotation else None,
                ambiguity_ids=tuple(annotation.ambiguity_ids if annotation else ()),
                outputs=tuple(
                    (str(o.get("outputName") or o.get("outputId")), str(o.get("outputValue")))
                    for o in matched.get("evaluatedOutputs") or ()
                ),
            )
        )
    return DecisionRecord(
        key=str(item.get("decisionEvaluationInstanceKey")),
        decision_id=decision_id,
        name=str(item.get("decisionDefinitionName") or decision_id),
        version=item.get("decisionDefinitionVersion"),
        evaluated_at=item.get("evaluationDate"),
        process_instance_key=item.get("processInstanceKey"),
        element_instance_key=item.get("elementInstanceKey"),
        state=str(item.get("state")),
        failure=item.get("evaluationFailure"),
        inputs=tuple(
            (str(i.get("inputName") or i.get("inputId")), str(i.get("inputValue")))
            for i in item.get("evaluatedInputs") or ()
        ),
        matched_rows=tuple(rows),
        result=item.get("result"),
    )


def _scope(variables: list[dict[str, Any]], scope: str) -> dict[str, Any]:
    return {v["name"]: _value(v) for v in variables if str(v["scopeKey"]) == scope}


def _deadlines(
    instances: list[dict[str, Any]],
    variables: dict[str, list[dict[str, Any]]],
    elements: dict[str, list[dict[str, Any]]],
    tasks: list[TaskRecord],
    collected: _Collected,
) -> list[DeadlineRecord]:
    records = []
    for instance in instances:
        if instance["processDefinitionId"] != SLA_REVIEW:
            continue
        key = str(instance["processInstanceKey"])
        scope = _scope(variables[key], key)
        deadline = scope.get("deadline") if isinstance(scope.get("deadline"), dict) else None
        review = next((t for t in tasks if t.process_instance_key == key), None)
        passed = [e["elementId"] for e in elements[key] if e.get("state") == "COMPLETED"]
        period = (deadline or {}).get("period") or scope.get("defaultPeriod")
        rule_id = scope.get("slaRuleId") if isinstance(scope.get("slaRuleId"), str) else None
        due = scope.get("reviewDueDate")
        completed = review.completed if review else None
        breached = scope.get("slaBreached") is True
        if due is None:
            status = "未知"
            collected.gap("时限", f"时限审核实例 {key} 未记录到期日")
        elif completed is not None:
            status = "逾期" if breached or _later(completed, str(due)) else "按期"
        else:
            status = "进行中（已逾期）" if breached else "进行中"
        provisional = scope.get("reviewDueDateProvisional") is True
        if provisional:
            collected.gap(
                "时限",
                f"{scope.get('reviewTaskName') or '审核'}的到期日 {due} 为暂定："
                "所涉年度的国务院节假日安排尚未纳入日历，公布后须重新核定",
            )
        records.append(
            DeadlineRecord(
                step=str(scope.get("reviewTaskName") or scope.get("slaStep") or "审核"),
                process_instance_key=key,
                rule_id=rule_id if rule_id and RULE_ID.fullmatch(rule_id) else None,
                force=(deadline or {}).get("force") or scope.get("deadlineForce"),
                period=str(period) if period else None,
                calendar=_calendar(str(period or "")),
                provisional=provisional,
                due=None if due is None else str(due),
                completed=completed,
                status=status,
                reminders_sent=passed.count("send_reminder"),
                escalations_sent=passed.count("send_escalation"),
            )
        )
    return records


def _calendar(period: str) -> str:
    if period.endswith("WD"):
        return "工作日（国务院办公厅节假日安排及调休）"
    if period.endswith(("M", "Y")):
        return "自然月/年（期末遇节假日顺延，民法典第二百零三条）"
    return "未知"


def _later(instant: str, due: str) -> bool:
    try:
        return dt.datetime.fromisoformat(instant.replace("Z", "+00:00")) > dt.datetime.fromisoformat(
            re.sub(r"\[.*\]$", "", due).replace("Z", "+00:00")
        )
    except ValueError:
        return False


def _documents(
    instances: list[dict[str, Any]],
    variables: dict[str, list[dict[str, Any]]],
    sources: DossierSources,
    collected: _Collected,
) -> list[DocumentRecord]:
    submitted: dict[str, dict[str, Any]] = {}
    findings: dict[str, list[str]] = {}
    for instance in instances:
        key = str(instance["processInstanceKey"])
        scope = _scope(variables[key], key)
        for doc in scope.get("documents") or ():
            if isinstance(doc, dict) and doc.get("documentId"):
                submitted[str(doc["documentId"])] = doc
        check = scope.get("documentCheck")
        if isinstance(check, dict):
            for missing in check.get("missing") or ():
                collected.gap(
                    "材料",
                    f"缺少材料：{missing.get('name')}（{missing.get('material')}，{missing.get('ruleIds')}）",
                )
                collected.cite("", rule_ids_in(str(missing.get("ruleIds"))))
            for finding in check.get("findings") or ():
                target = str(finding.get("documentId") or finding.get("material"))
                findings.setdefault(target, []).append(
                    f"{finding.get('severity')}：{finding.get('message')}（{finding.get('ruleIds')}）"
                )
    records = []
    for document_id, doc in sorted(submitted.items(), key=lambda kv: (str(kv[1].get("material")), kv[0])):
        digest: str | None = None
        source = "未计算（未配置材料库）"
        if sources.read_document is not None:
            try:
                digest = hashlib.sha256(sources.read_document(document_id)).hexdigest()
                source = "材料库"
            except (LookupError, OSError, ValueError, SourceError) as error:
                source = "材料库中未找到"
                collected.gap(
                    "材料",
                    f"材料 {doc.get('fileName') or document_id}（{doc.get('material')}）"
                    f"在材料库中未找到：{error}",
                )
        records.append(
            DocumentRecord(
                material=str(doc.get("material")),
                name=doc.get("fileName"),
                sha256=digest,
                findings=tuple(findings.get(document_id, []) + findings.get(str(doc.get("material")), [])),
                source=source,
            )
        )
    return records


def _in_force_name(variables: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Jurisdiction → the measure ruleSetValidity named for the application date."""
    names: dict[str, str] = {}
    for items in variables.values():
        for v in items:
            value = _value(v)
            if v["name"] == "validity" and isinstance(value, dict) and isinstance(value.get("measure"), str):
                for m in measures():
                    if m.title in value["measure"]:
                        names[m.jurisdiction] = value["measure"]
    return names


def _measure_in_force(
    variables: dict[str, list[dict[str, Any]]], root_vars: dict[str, Any]
) -> MeasureInForce | None:
    for items in variables.values():
        for v in items:
            value = _value(v)
            if v["name"] == "validity" and isinstance(value, dict) and "inForce" in value:
                return MeasureInForce(
                    measure=value.get("measure"),
                    status=value.get("status"),
                    in_force=value.get("inForce"),
                    valid_from=None if value.get("validFrom") is None else str(value.get("validFrom")),
                    valid_until=None if value.get("validUntil") is None else str(value.get("validUntil")),
                    application_date=None
                    if root_vars.get("applicationDate") is None
                    else str(root_vars["applicationDate"]),
                )
    return None


def _rule_sort_key(rule_id: str) -> tuple[int, int, int, str]:
    match = RULE_ID.fullmatch(rule_id)
    if match is None:
        return (99, 0, 0, rule_id)
    order = ("LG", "HY", "LZ", "TH", "YB")
    return (order.index(match.group(1)), int(match.group(2)), int(match.group(3)), rule_id)


def _citations(collected: _Collected, articles: ArticleIndex, in_force: dict[str, str]) -> list[CitationView]:
    views = []
    for rule_id in sorted(collected.statements, key=_rule_sort_key):
        jurisdiction = rule_id.split("-", 1)[0]
        citation = articles.cite(rule_id, collected.statements[rule_id], in_force=in_force.get(jurisdiction))
        views.append(
            CitationView(
                rule_id=citation.rule_id,
                measure=citation.measure,
                chapter=citation.chapter,
                article=citation.article,
                force=citation.force,
                catalog_summary=citation.catalog_summary,
                statements=citation.statements,
                article_text=citation.article_text,
                problems=citation.problems,
            )
        )
        for problem in citation.problems:
            collected.gap("条文", problem)
    return views
