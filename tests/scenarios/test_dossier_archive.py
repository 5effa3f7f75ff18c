"""At acceptance each region's process archives the project's dossier (LG-21-1, HY-22-1, LZ-16-1,
TH-28-1, YB-15-1): the PDF is read back from the document store, its text names the rules and
articles in Chinese, and the registry's row holds its digest.

The LG sample goes from application to acceptance through its lifecycle; each other region's
approved project runs its acceptance process. The records are then checked once more against the
dossier assembled after the acceptance: every decision the engine evaluated, none invented.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import Backend, ProcessApp, region
from lg_scenarios import (
    build_and_sign_contract,
    lg_project,
    pass_acceptance,
    preliminary_design_approved,
    running_lg_app,
)
from test_dossier_lg import SERVES_DECISION_INSTANCES, dossier_of
from test_dossier_regions import hy_project
from test_hy_processes import review as hy_review
from test_lz_processes import acceptance_result as lz_result
from test_lz_processes import approved_project as lz_approved
from test_lz_processes import start_acceptance as lz_start_acceptance
from test_th_processes import accepted_project as th_accepted_project
from test_th_processes import result as th_result
from test_yb_processes import PROJECT as YB_PROJECT
from test_yb_processes import approved_project as yb_approved

from workers.documents.store import LocalDocumentStore
from workers.dossier.source import RestSource


def lg_accepted(app: ProcessApp) -> tuple[str, int]:
    lifecycle = app.start("lg-project-lifecycle", lg_project(app, allowProvisionalCalendar=True))
    project_id = str(app.variables(lifecycle)["projectId"])
    preliminary_design_approved(app)
    build_and_sign_contract(app, project_id)
    app.publish("construction-completed", project_id)
    pass_acceptance(app)
    (acceptance,) = app.instance(lifecycle).called_instances("lg-acceptance")
    app.instance(acceptance).is_completed().has_passed_in_order("record_acceptance", "archive_dossier")
    return project_id, acceptance


def hy_accepted(app: ProcessApp) -> tuple[str, int]:
    project_id = hy_project(app)
    instance = app.start(
        "hy-acceptance",
        {
            "jurisdiction": "HY",
            "projectId": project_id,
            "projectName": "河源市智慧政务服务平台",
            "unit": "市政务服务数据管理局",
            "regime": "APPROVAL",
            "involvesCrypto": False,
            "documents": app.documents.submit(["conformity_pack", "archive"]),
        },
    )
    passed = {"testReportConclusion": "PASSED", "acceptanceConclusion": "PASSED"}
    app.complete("preliminary_acceptance", **passed, acceptanceOpinion="通过")
    app.complete(
        "archive_acceptance",
        **passed | {"testReportConclusion": "NOT_APPLICABLE"},
        acceptanceOpinion="档案齐全",
    )
    hy_review(app)  # HY-24-1 conformity review
    app.complete("organize_acceptance", **passed, acceptanceOpinion="同意验收", experts="专家甲、专家乙")
    app.instance(instance).is_completed().has_passed_in_order("record_accepted", "archive_dossier")
    return project_id, instance


def lz_accepted(app: ProcessApp) -> tuple[str, int]:
    project_id = lz_approved(app)
    instance = lz_start_acceptance(app, project_id)
    app.complete("archive_on_platform", actionNote="已在管理平台归档", actionConfirmed=True)
    app.complete("organize_acceptance", **lz_result("PASSED", test="NOT_APPLICABLE"))
    app.instance(instance).is_completed().has_passed_in_order("record_stage_filing", "archive_dossier")
    return project_id, instance


def th_accepted(app: ProcessApp) -> tuple[str, int]:
    instance = th_accepted_project(app)
    app.complete("completion_acceptance", **th_result("PASSED", test="NOT_APPLICABLE"))
    # the final accounts (TH-27-4) follow the archive; their task waits for the unit
    app.instance(instance).has_passed_in_order("file_acceptance", "archive_dossier").is_waiting_at(
        "final_accounts"
    )
    return str(app.variables(instance)["projectId"]), instance


def yb_accepted_instance(app: ProcessApp, start: dict[str, Any]) -> int:
    """The acceptance of an approved YB project, through the submitted electronic dossier (YB-15-1)."""
    instance = app.start("yb-acceptance", {**start, "documents": app.documents.submit(["data_catalog"])})
    app.complete(
        "organize_acceptance",
        dataCatalogCompiled=True,
        connectedToSharingPlatform=True,
        acceptanceConclusion="PASSED",
        testReportConclusion="PASSED",
        acceptanceOpinion="合格",
        experts="专家甲",
    )
    app.complete("submit_dossier", actionNote="已报送电子档案", actionConfirmed=True)
    app.instance(instance).is_completed().has_passed_in_order(
        "submit_dossier", "archive_dossier", "record_archived"
    )
    return instance


def yb_accepted(app: ProcessApp) -> tuple[str, int]:
    project_id = yb_approved(app)
    start = {**YB_PROJECT, "jurisdiction": "YB", "projectId": project_id, "isPhasedMultiYear": False}
    return project_id, yb_accepted_instance(app, start)


REGIONS: dict[str, tuple[Callable[[ProcessApp], tuple[str, int]], str, str, str, str]] = {
    # region: (drive to the archive, its 归档 rule, that rule's article, the measure's name, words of
    # the article's own text, printed beside the rule as the measures folder gives it)
    "LG": (lg_accepted, "LG-21-1", "第二十一条", "《龙岗区政务信息化项目管理办法》", "不予通过项目验收"),
    "HY": (hy_accepted, "HY-22-1", "第二十二条", "河源市", "探索应用电子档案"),
    "LZ": (lz_accepted, "LZ-16-1", "第十六条", "莱州市", "形成相应电子档案"),
    "TH": (th_accepted, "TH-28-1", "第二十八条", "亭湖区", "积极应用电子档案"),
    "YB": (yb_accepted, "YB-15-1", "第十五条", "渝北区", "存档备查"),
}


AFTER_ARCHIVE = {"LG": {"results_library"}}  # the results library is entered after the go-live


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "archived.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(text.split())


def archived_pdf(app: ProcessApp, instance: int) -> tuple[dict[str, Any], bytes]:
    variables = app.variables(instance)
    reference = variables["dossierDocument"]
    pdf = LocalDocumentStore(app.documents.directory).read(str(reference["documentId"]))
    return variables, pdf


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_archives_the_dossier_at_acceptance(
    code: str, tmp_path: Path, registry_template: Path, scenario_backend: Backend, shared_dir: Path
) -> None:
    drive, rule_id, article, measure, words = REGIONS[code]
    running = (
        running_lg_app(tmp_path, registry_template, scenario_backend)
        if code == "LG"  # on a clock inside the LG measure's validity
        else ProcessApp.running(
            tmp_path, backend=scenario_backend, registry_template=registry_template, only=region(code.lower())
        )
    )
    with running as app:
        project_id, instance = drive(app)
        variables, pdf = archived_pdf(app, instance)
        rows = app.registry(
            "SELECT project_id, jurisdiction, process_instance_key, sha256, page_count, document_id "
            "FROM archived_dossiers"
        )
        dossier = dossier_of(app, project_id, shared_dir)
        client = httpx.Client(base_url=str(app.rest._http.base_url), timeout=30)
        rest = RestSource(client)
        rule_tasks = {
            str(e["elementInstanceKey"])
            for i in dossier.instances
            for e in rest.element_instances(i.key)
            if e["type"] == "BUSINESS_RULE_TASK" and e["state"] == "COMPLETED"
        }
        client.close()

    digest = hashlib.sha256(pdf).hexdigest()
    assert variables["dossierSha256"] == digest == variables["dossierDocument"]["contentHash"]
    (row,) = rows
    assert (row["project_id"], row["jurisdiction"], int(row["process_instance_key"])) == (
        project_id,
        code,
        instance,
    )
    assert row["sha256"] == digest and row["document_id"] == variables["dossierDocument"]["documentId"]
    assert row["page_count"] == variables["dossierPageCount"] > 2

    text = pdf_text(pdf, tmp_path)
    assert project_id in text and measure in text
    assert rule_id in text and article in text, (rule_id, article)
    assert words in text  # the article's own text, from the measures folder
    cited = {c.rule_id: c for c in dossier.citations}
    assert rule_id in cited and words in (cited[rule_id].article_text or "").replace("\n", "")
    assert all(c.measure and c.article and c.problems == () for c in dossier.citations)

    if SERVES_DECISION_INSTANCES:
        listed = {d.element_instance_key for d in dossier.decisions}
        assert listed == rule_tasks  # none missing, none invented
    completed = [t for t in dossier.tasks if t.state == "COMPLETED"]
    assert completed and all(t.completed and t.name for t in completed)
    archived_before = [t for t in completed if t.element_id not in AFTER_ARCHIVE.get(code, set())]
    # a long name wraps inside its table cell, so its start is looked for
    missing = [t.name for t in archived_before if t.name and t.name[:6] not in text]
    assert not missing, missing  # every task done before the archive is in it


def test_YB_15_1_a_document_missing_from_the_store_is_archived_marked(
    tmp_path: Path, registry_template: Path, scenario_backend: Backend
) -> None:
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("yb")
    ) as app:
        project_id = yb_approved(app)
        documents = app.documents.submit(["data_catalog"])
        instance = app.start(
            "yb-acceptance",
            {
                **YB_PROJECT,
                "jurisdiction": "YB",
                "projectId": project_id,
                "isPhasedMultiYear": False,
                "documents": documents,
            },
        )
        app.complete(
            "organize_acceptance",
            dataCatalogCompiled=True,
            connectedToSharingPlatform=True,
            acceptanceConclusion="PASSED",
            testReportConclusion="PASSED",
            acceptanceOpinion="合格",
            experts="专家甲",
        )
        (app.documents.directory / documents[0]["documentId"]).unlink()  # lost from the store
        app.complete("submit_dossier", actionNote="已报送电子档案", actionConfirmed=True)
        app.instance(instance).is_completed()
        variables, pdf = archived_pdf(app, instance)

    assert any(g.startswith("材料：") and documents[0]["fileName"] in g for g in variables["dossierGaps"])
    text = pdf_text(pdf, tmp_path)
    assert "未能确认" in text and "在材料库中未找到" in text


def test_YB_15_1_an_incident_open_in_the_project_is_archived_marked(
    tmp_path: Path, registry_template: Path, scenario_backend: Backend
) -> None:
    """A second acceptance of the project is stuck on an incident: the archive says so and still renders."""
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region("yb")
    ) as app:
        project_id = yb_approved(app)
        start = {**YB_PROJECT, "jurisdiction": "YB", "projectId": project_id, "isPhasedMultiYear": False}
        stuck = app.start("yb-acceptance", {**start, "documents": "不是材料列表"})
        app.wait_until(
            lambda: any(
                app.rest.incidents(processInstanceKey=str(key), state="ACTIVE") for key in app.instance_tree()
            ),
            "an incident in the stuck acceptance",
        )
        instance = yb_accepted_instance(app, start)
        variables, pdf = archived_pdf(app, instance)
        app.instance(stuck).is_active()

    incidents = [g for g in variables["dossierGaps"] if g.startswith("异常：")]
    assert incidents and all("有未解决的异常" in g and "档案不完整" in g for g in incidents)
    text = pdf_text(pdf, tmp_path)
    assert "有未解决的异常" in text and project_id in text
