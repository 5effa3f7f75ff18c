"""The dossier's decision, deadline, incident and document parts over responses shaped as Camunda 8.8's.

Every fixture body passes through the 8.8 specification's check (tests/engine/gateway/rest_spec.py)
before the reader sees it, so the fixtures cannot drift from what a real cluster answers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.engine.gateway.rest_spec import check_response
from workers.dossier.articles import ArticleIndex
from workers.dossier.assembly import DossierSources, UnknownProjectError, assemble
from workers.dossier.bpmn_docs import documentation_in_folder
from workers.dossier.dmn_rows import annotations_in_folder
from workers.dossier.model import Dossier

PROJECT = Path(__file__).resolve().parents[3]
ROOT, REVIEW = "2251799813685249", "2251799813685300"
GENERATED = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)


def page(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"items": items, "page": {"totalItems": len(items)}}


def variable(key: int, name: str, value: Any, scope: str, instance: str) -> dict[str, Any]:
    return {
        "variableKey": str(key),
        "name": name,
        "value": json.dumps(value, ensure_ascii=False),
        "scopeKey": scope,
        "processInstanceKey": instance,
        "tenantId": "<default>",
        "isTruncated": False,
    }


def instance(key: str, process_id: str, name: str, parent: str | None = None) -> dict[str, Any]:
    item = {
        "processInstanceKey": key,
        "processDefinitionId": process_id,
        "processDefinitionName": name,
        "processDefinitionVersion": 1,
        "processDefinitionKey": "2251799813685100",
        "startDate": "2027-01-04T01:00:00.000Z",
        "state": "ACTIVE",
        "hasIncident": key == REVIEW,
        "tenantId": "<default>",
    }
    if parent:
        item |= {"parentProcessInstanceKey": parent, "parentElementInstanceKey": "2251799813685290"}
    return item


VALIDITY = {
    "inForce": True,
    "status": "IN_FORCE",
    "measure": "盐城市亭湖区政务信息化项目建设管理办法（试行）",
    "validFrom": None,
    "validUntil": None,
    "effectiveDateConfirmed": False,
    "needsConfirmedSuccessor": False,
}
DECISIONS = [
    {
        "decisionEvaluationInstanceKey": "2251799813685261",
        "state": "EVALUATED",
        "evaluationDate": "2027-01-04T01:00:01.000Z",
        "decisionDefinitionId": "ruleSetValidity",
        "decisionDefinitionName": "办法有效期 ruleSetValidity",
        "decisionDefinitionVersion": 2,
        "decisionDefinitionType": "DECISION_TABLE",
        "result": json.dumps(VALIDITY, ensure_ascii=False),
        "tenantId": "<default>",
        "decisionEvaluationKey": "2251799813685260",
        "processDefinitionKey": "2251799813685100",
        "processInstanceKey": ROOT,
        "decisionDefinitionKey": "2251799813685010",
        "elementInstanceKey": "2251799813685259",
        "evaluatedInputs": [
            {"inputId": "ruleSetValidity_in1_jur", "inputName": "管辖区 jurisdiction", "inputValue": '"TH"'},
            {
                "inputId": "ruleSetValidity_in2_date",
                "inputName": "申请日期 applicationDate",
                "inputValue": '"2027-01-04"',
            },
        ],
        "matchedRules": [
            {
                "ruleId": "TH_40_1_in_force",
                "ruleIndex": 2,
                "evaluatedOutputs": [
                    {
                        "outputId": "ruleSetValidity_out1_inForce",
                        "outputName": "inForce",
                        "outputValue": "true",
                    },
                ],
            },
        ],
    },
    {
        "decisionEvaluationInstanceKey": "2251799813685311",
        "state": "EVALUATED",
        "evaluationDate": "2027-01-04T01:00:02.000Z",
        "decisionDefinitionId": "sla",
        "decisionDefinitionName": "办理时限 sla",
        "decisionDefinitionVersion": 3,
        "decisionDefinitionType": "DECISION_TABLE",
        "result": '{"period":"5WD","force":"HARD"}',
        "tenantId": "<default>",
        "decisionEvaluationKey": "2251799813685310",
        "processDefinitionKey": "2251799813685101",
        "processInstanceKey": REVIEW,
        "decisionDefinitionKey": "2251799813685011",
        "elementInstanceKey": "2251799813685309",
        "evaluatedInputs": [
            {"inputId": "sla_in1", "inputName": "jurisdiction", "inputValue": '"TH"'},
            {"inputId": "sla_in2", "inputName": "step", "inputValue": '"TH_PRE_REVIEW"'},
        ],
        "matchedRules": [
            {
                "ruleId": "TH_11_2_prereview_5wd",
                "ruleIndex": 18,
                "evaluatedOutputs": [
                    {"outputId": "sla_out1_period", "outputName": "period", "outputValue": '"5WD"'},
                    {"outputId": "sla_out8_force", "outputName": "force", "outputValue": '"HARD"'},
                ],
            },
        ],
    },
]
TASK = {
    "userTaskKey": "2251799813685320",
    "name": "初审",
    "state": "CREATED",
    "elementId": "review",
    "elementInstanceKey": "2251799813685319",
    "candidateGroups": ["th-ita-reviewers"],
    "candidateUsers": [],
    "processDefinitionId": "shared-sla-review",
    "processInstanceKey": REVIEW,
    "processDefinitionKey": "2251799813685101",
    "processDefinitionVersion": 1,
    "processName": "时限审核（共用）",
    "creationDate": "2027-01-04T01:00:03.000Z",
    "dueDate": "2027-01-11T09:30:00.000Z",
    "priority": 50,
    "tenantId": "<default>",
    "formKey": "2251799813685400",
    "customHeaders": {},
}
INCIDENT = {
    "incidentKey": "2251799813685330",
    "processDefinitionId": "shared-sla-review",
    "processDefinitionKey": "2251799813685101",
    "processInstanceKey": REVIEW,
    "errorType": "JOB_NO_RETRIES",
    "errorMessage": "SMTP 服务器无法连接",
    "elementId": "send_reminder",
    "elementInstanceKey": "2251799813685331",
    "creationTime": "2027-01-08T01:00:00.000Z",
    "state": "ACTIVE",
    "jobKey": "2251799813685332",
    "tenantId": "<default>",
}


def element(
    key: str, element_id: str, kind: str, instance_key: str, state: str = "COMPLETED"
) -> dict[str, Any]:
    return {
        "elementInstanceKey": key,
        "elementId": element_id,
        "elementName": element_id,
        "type": kind,
        "state": state,
        "hasIncident": False,
        "processInstanceKey": instance_key,
        "processDefinitionId": "shared-sla-review" if instance_key == REVIEW else "th-project-application",
        "processDefinitionKey": "2251799813685101",
        "startDate": "2027-01-04T01:00:00.000Z",
        "tenantId": "<default>",
    }


VARIABLES = {
    ROOT: [
        variable(1, "projectId", "TH-2027-001", ROOT, ROOT),
        variable(2, "projectName", "亭湖区数据共享平台", ROOT, ROOT),
        variable(3, "jurisdiction", "TH", ROOT, ROOT),
        variable(4, "validity", VALIDITY, ROOT, ROOT),
        variable(
            5,
            "documents",
            [
                {"material": "fsr", "documentId": "doc-fsr", "fileName": "可行性研究报告.pdf"},
                {"material": "proposal", "documentId": "doc-gone", "fileName": "项目建议书.docx"},
            ],
            ROOT,
            ROOT,
        ),
    ],
    REVIEW: [
        variable(10, "projectId", "TH-2027-001", REVIEW, REVIEW),
        variable(11, "deadline", {"period": "5WD", "force": "HARD"}, REVIEW, REVIEW),
        variable(12, "reviewDueDate", "2027-01-11T17:30:00+08:00", REVIEW, REVIEW),
        variable(13, "reviewDueDateProvisional", True, REVIEW, REVIEW),
        variable(14, "slaRuleId", "TH-11-2", REVIEW, REVIEW),
        variable(15, "reviewTaskName", "初审", REVIEW, REVIEW),
        variable(16, "slaBreached", False, REVIEW, REVIEW),
        variable(17, "opinion", None, "2251799813685319", REVIEW),
    ],
}


def respond(request: httpx.Request, *, decision_route: bool) -> httpx.Response:
    path = request.url.path.removeprefix("/v2")
    body = json.loads(request.content) if request.content else {}
    filter_ = body.get("filter", {})
    status, payload = 200, None
    if path == "/variables/search":
        if filter_.get("name") == "projectId":
            wanted = json.loads(filter_["value"])
            payload = page(
                [
                    v
                    for vs in VARIABLES.values()
                    for v in vs
                    if v["name"] == "projectId" and json.loads(v["value"]) == wanted
                ]
            )
        else:
            payload = page(VARIABLES.get(filter_["processInstanceKey"], []))
    elif path.startswith("/process-instances/") and not path.endswith("search"):
        key = path.rsplit("/", 1)[1]
        payload = (
            instance(ROOT, "th-project-application", "亭湖区立项")
            if key == ROOT
            else instance(REVIEW, "shared-sla-review", "时限审核（共用）", ROOT)
        )
    elif path == "/process-instances/search":
        parent = filter_.get("parentProcessInstanceKey")
        payload = page(
            [instance(REVIEW, "shared-sla-review", "时限审核（共用）", ROOT)] if parent == ROOT else []
        )
    elif path == "/element-instances/search":
        key = filter_["processInstanceKey"]
        payload = page(
            [element("2251799813685259", "check_validity", "BUSINESS_RULE_TASK", ROOT)]
            if key == ROOT
            else [
                element("2251799813685309", "decide_deadline", "BUSINESS_RULE_TASK", REVIEW),
                element("2251799813685319", "review", "USER_TASK", REVIEW, "ACTIVE"),
            ]
        )
    elif path == "/user-tasks/search":
        payload = page([TASK] if filter_["processInstanceKey"] == REVIEW else [])
    elif path == "/incidents/search":
        payload = page([INCIDENT] if filter_["processInstanceKey"] == REVIEW else [])
    elif path.startswith("/decision-instances"):
        if not decision_route:
            return httpx.Response(
                404,
                json={
                    "type": "about:blank",
                    "title": "NOT_FOUND",
                    "status": 404,
                    "detail": f"no such endpoint: POST /v2{path}",
                    "instance": path,
                },
            )
        if path == "/decision-instances/search":
            key = filter_["processInstanceKey"]
            payload = page(
                [
                    {k: v for k, v in d.items() if k not in ("evaluatedInputs", "matchedRules")}
                    for d in DECISIONS
                    if d["processInstanceKey"] == key
                ]
            )
        else:
            payload = next(
                d for d in DECISIONS if d["decisionEvaluationInstanceKey"] == path.rsplit("/", 1)[1]
            )
    else:
        raise AssertionError(f"unexpected request {request.method} {path}")
    content = json.dumps(payload, ensure_ascii=False).encode()
    check_response(request.method, f"/v2{path}", status, "application/json", content)
    return httpx.Response(status, content=content, headers={"content-type": "application/json"})


def build(shared_dir: Path, *, decision_route: bool = True, project: str = "TH-2027-001") -> Dossier:
    from workers.dossier.source import RestSource

    client = httpx.Client(
        base_url="http://cluster/v2",
        transport=httpx.MockTransport(lambda r: respond(r, decision_route=decision_route)),
    )
    documents = {"doc-fsr": b"%PDF-1.7 feasibility study"}

    def read(document_id: str) -> bytes:
        if document_id not in documents:
            raise LookupError(f"文件 {document_id} 不存在")
        return documents[document_id]

    sources = DossierSources(
        rest=RestSource(client),
        articles=ArticleIndex(shared_dir / "regulations"),
        row_annotations=annotations_in_folder(PROJECT / "decisions"),
        element_documentation=documentation_in_folder(PROJECT / "bpmn"),
        registry=None,
        read_document=read,
    )
    return assemble(project, sources, GENERATED)


def test_TH_11_2_decisions_list_inputs_matched_rows_rule_ids_force_and_outputs(shared_dir: Path) -> None:
    dossier = build(shared_dir)
    assert [d.decision_id for d in dossier.decisions] == ["ruleSetValidity", "sla"]
    sla = dossier.decisions[1]
    assert (sla.name, sla.version, sla.element_instance_key) == ("办理时限 sla", 3, "2251799813685309")
    assert sla.inputs == (("jurisdiction", '"TH"'), ("step", '"TH_PRE_REVIEW"'))
    (row,) = sla.matched_rows
    assert (row.row_id, row.rule_ids, row.force) == ("TH_11_2_prereview_5wd", ("TH-11-2",), "HARD")
    assert row.annotation is not None and row.annotation.startswith("TH-11-2 HARD")
    assert row.outputs == (("period", '"5WD"'), ("force", '"HARD"'))
    cited = {c.rule_id: c for c in dossier.citations}
    assert cited["TH-11-2"].article == "第十一条(二)" and cited["TH-40-1"].article == "第四十条"
    assert cited["TH-40-1"].article_text == "本办法自印发之日起施行。"
    assert not dossier.gaps_in("决策")


def test_a_2027_deadline_is_marked_provisional(shared_dir: Path) -> None:
    dossier = build(shared_dir)
    (deadline,) = dossier.deadlines
    assert deadline.provisional is True and deadline.rule_id == "TH-11-2" and deadline.period == "5WD"
    (gap,) = dossier.gaps_in("时限")
    assert "2027-01-11" in gap.message and "暂定" in gap.message and "国务院节假日安排" in gap.message


def test_an_open_incident_and_a_missing_document_are_said_and_the_rest_still_renders(
    shared_dir: Path,
) -> None:
    dossier = build(shared_dir)
    (incident_gap,) = dossier.gaps_in("异常")
    assert "send_reminder" in incident_gap.message and "SMTP 服务器无法连接" in incident_gap.message
    assert "档案不完整" in incident_gap.message
    fsr, proposal = dossier.documents
    assert fsr.sha256 is not None and len(fsr.sha256) == 64
    assert proposal.sha256 is None and proposal.source == "材料库中未找到"
    assert any("项目建议书.docx" in g.message for g in dossier.gaps_in("材料"))
    assert dossier.tasks[0].name == "初审" and dossier.decisions  # what is known is still there


def test_without_the_decision_route_the_evaluated_tasks_are_named(shared_dir: Path) -> None:
    dossier = build(shared_dir, decision_route=False)
    assert dossier.decisions == ()
    (gap,) = dossier.gaps_in("决策")
    assert "check_validity" in gap.message and "decide_deadline" in gap.message


def test_an_unknown_project_without_registry_is_refused(shared_dir: Path) -> None:
    with pytest.raises(UnknownProjectError, match="项目 TH-0000 不存在"):
        build(shared_dir, project="TH-0000")


def test_a_project_only_the_registry_knows_renders_its_registry_record(
    shared_dir: Path, tmp_path: Path
) -> None:
    from workers.dossier.source import RestSource
    from workers.registry.database import open_registry
    from workers.registry.models import Jurisdiction, RegisterProject
    from workers.registry.records import register_project

    sessions = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    with sessions.begin() as session:
        registered = register_project(
            session,
            RegisterProject(jurisdiction=Jurisdiction.YB, project_name="渝北区档案数字化", unit="区档案馆"),
        )
    client = httpx.Client(
        base_url="http://cluster/v2", transport=httpx.MockTransport(lambda r: respond(r, decision_route=True))
    )
    sources = DossierSources(
        rest=RestSource(client),
        articles=ArticleIndex(None),
        row_annotations={},
        element_documentation={},
        registry=sessions,
    )
    dossier = assemble(registered.project_id, sources, GENERATED)
    assert (dossier.project.name, dossier.project.unit, dossier.project.jurisdiction) == (
        "渝北区档案数字化",
        "区档案馆",
        "YB",
    )
    assert dossier.instances == () and dossier.tasks == ()
    (gap,) = dossier.gaps_in("项目")
    assert "引擎中没有项目" in gap.message and "仅为登记库记录" in gap.message


def test_an_unreachable_cluster_is_named() -> None:
    from workers.dossier.source import RestSource, SourceError

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(base_url="http://cluster.example/v2", transport=httpx.MockTransport(refuse))
    sources = DossierSources(
        rest=RestSource(client), articles=ArticleIndex(None), row_annotations={}, element_documentation={}
    )
    with pytest.raises(SourceError, match=r"无法连接 REST 接口 http://cluster\.example/v2/variables/search"):
        assemble("LG-1", sources, GENERATED)
