import json
from pathlib import Path
from typing import Any

import pytest
from document_builders import Put, build_docx

from workers.documents.checking import DocumentChecker
from workers.documents.jobs import DocumentJobs
from workers.documents.router import create_router, job_input
from workers.documents.settings import DocumentSettings
from workers.documents.store import LocalDocumentStore
from workers.errors import PermanentJobError

TEMPLATES = Path(__file__).resolve().parents[3] / ".camunda" / "element-templates" / "documents.json"
FSR = {"material": "fsr", "name": "可行性研究报告", "mandatory": True, "ruleIds": "LG-11-1"}


def test_router_registers_the_document_job_types(settings: DocumentSettings) -> None:
    router = create_router(settings)
    assert sorted(task.type for task in router.tasks) == [
        "govit.documents.check-completeness",
        "govit.documents.check-content",
    ]
    for task in router.tasks:
        assert set(task.config.variables_to_fetch or []) == {"requiredMaterials", "documents"}


def test_content_job_returns_document_check_in_process_variable_names(
    settings: DocumentSettings, put: Put
) -> None:
    doc = put("fsr-1", build_docx(headings=["第一章 概述"]))
    task = create_router(settings).get_task("govit.documents.check-content")
    result = task.original_function(
        requiredMaterials=[FSR], documents=[{"material": "fsr", "documentId": doc, "fileName": "可研.docx"}]
    )
    check = result["documentCheck"]
    assert check["complete"] is False and check["contentChecked"] is True
    assert check["missing"] == []
    assert {f["ruleIds"] for f in check["findings"]} == {"LG-11-1"}
    assert set(check["findings"][0]) == {
        "material",
        "ruleIds",
        "severity",
        "message",
        "documentId",
        "fileName",
    }


def test_null_documents_mean_none_submitted(settings: DocumentSettings) -> None:
    task = create_router(settings).get_task("govit.documents.check-completeness")
    check = task.original_function(requiredMaterials=[FSR], documents=None)["documentCheck"]
    assert check["missing"] == [{"material": "fsr", "name": "可行性研究报告", "ruleIds": "LG-11-1"}]


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"documents": []}, "应交材料清单 (requiredMaterials) 缺失"),
        ({"requiredMaterials": [{"name": "无键"}]}, "应交材料清单 (requiredMaterials.0.material) 缺失"),
        (
            {"requiredMaterials": [], "documents": [{"material": "fsr", "fileName": "a.pdf"}]},
            "提交的材料 (documents.0.documentId) 缺失",
        ),
        (
            {"requiredMaterials": [], "documents": "fsr.pdf"},
            "提交的材料 (documents) 应为材料列表 [{material, documentId, fileName}]，收到 'fsr.pdf'",
        ),
    ],
)
def test_malformed_variables_are_named_in_the_incident(variables: dict[str, Any], named: str) -> None:
    with pytest.raises(PermanentJobError) as caught:
        job_input(variables)
    assert str(caught.value) == named


def test_missing_document_directory_is_an_incident(tmp_path: Path) -> None:
    settings = DocumentSettings(document_dir=tmp_path / "absent")
    jobs = DocumentJobs(DocumentChecker(LocalDocumentStore(settings.document_dir), settings))
    request = job_input(
        {
            "requiredMaterials": [FSR],
            "documents": [{"material": "fsr", "documentId": "d", "fileName": "a.pdf"}],
        }
    )
    with pytest.raises(PermanentJobError, match="absent"):
        jobs.check_completeness(request)


def test_templates_cover_the_job_types(settings: DocumentSettings) -> None:
    templates = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    router = create_router(settings)
    types = {
        p["value"]
        for t in templates
        for p in t["properties"]
        if p["binding"] == {"type": "zeebe:taskDefinition", "property": "type"}
    }
    assert types == {task.type for task in router.tasks}
    for template in templates:
        assert template["$schema"].endswith("/zeebe-element-templates-json-schema/resources/schema.json")
        assert template["appliesTo"] == ["bpmn:ServiceTask"]
        inputs = {
            p["binding"]["name"] for p in template["properties"] if p["binding"]["type"] == "zeebe:input"
        }
        assert inputs == {"requiredMaterials", "documents"}
        outputs = [p for p in template["properties"] if p["binding"]["type"] == "zeebe:output"]
        assert [(p["binding"]["source"], p["value"]) for p in outputs] == [
            ("=documentCheck", "documentCheck")
        ]
