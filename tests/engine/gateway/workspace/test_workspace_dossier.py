"""The dossier and the authority overview on the workspace: the dossier HTML and PDF of a project
the person may see (its decisions' rule ids named by measure and article), the archived PDF when
one was archived, the same 404 for another unit's project as for an unknown id, an open incident
and a missing registry marked in the dossier, and the overview limited to the person's projects."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from engine.testing.builder import process
from tests.engine.gateway.workspace.conftest import Workspace, served_workspace
from tests.engine.identity.conftest import UNIT_A, UNIT_B
from workers.registry import tables
from workers.registry.database import open_registry

LG_A, LG_B = "p-lg-a", "p-lg-b"


def _fill(url: str, documents: Path) -> bytes:
    """Two LG projects of two units, a filing citing LG-19-3, and an archived PDF of LG_B's."""
    archived = b"%PDF-1.4 archived at acceptance"
    documents.mkdir(parents=True)
    (documents / "dossier-p-lg-b-1").write_bytes(archived)
    factory = open_registry(url)
    with factory() as session:
        for project_id, unit, name in ((LG_A, UNIT_A, "智慧城管平台"), (LG_B, UNIT_B, "智慧教育平台")):
            session.add(
                tables.Project(
                    id=project_id,
                    jurisdiction="LG",
                    name=name,
                    unit=unit,
                    project_code=f"LG-2026-{project_id[-1]}",
                    total_investment_yuan=Decimal("1234567.80"),
                    registered_at=datetime(2026, 3, 1, 9, 0),
                )
            )
        session.flush()
        session.add(
            tables.Filing(
                project_id=LG_A, kind="CONTRACT", authority="ITA", rule_id="LG-19-3", due_on=date(2026, 1, 5)
            )
        )
        digest = hashlib.sha256(archived).hexdigest()
        session.add(
            tables.ArchivedDossier(
                project_id=LG_B,
                jurisdiction="LG",
                process_instance_key=1,
                source_key=1,
                store="govit-local",
                document_id="dossier-p-lg-b-1",
                document_reference=json.dumps({"storeId": "govit-local", "contentHash": digest}),
                sha256=digest,
                size_bytes=len(archived),
                page_count=1,
                generated_at=datetime(2026, 6, 1, 1, 0),
            )
        )
        session.commit()
    return archived


def _failing_process() -> bytes:
    return (
        process("lg-failing")
        .start_event("start")
        .service_task("register", name="项目登记", job_type="govit.test.register")
        .end_event("end")
        .to_xml()
    )


@pytest.fixture
def dossier_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    documents = tmp_path / "documents"
    _fill(url, documents)
    monkeypatch.setenv("GOVIT_DOCUMENT_DIR", str(documents))
    monkeypatch.delenv("GOVIT_MEASURES_DIR", raising=False)
    with served_workspace(tmp_path / "ws", registry_url=url) as workspace:
        workspace.engine.deploy([("failing.bpmn", _failing_process())])
        variables = {
            "unit": UNIT_A,
            "reviewers": ["lg-ita-reviewers"],
            "projectId": LG_A,
            "jurisdiction": "LG",
        }
        workspace.engine.create_instance("lg-review", variables=variables)
        yield workspace


def _open_incident(workspace: Workspace, project_id: str) -> None:
    workspace.engine.create_instance(
        "lg-failing", variables={"projectId": project_id, "unit": UNIT_A, "jurisdiction": "LG"}
    )
    jobs = workspace.engine.activate_jobs("govit.test.register")
    assert len(jobs) == 1
    workspace.engine.fail_job(jobs[0].key, retries=0, error_message="登记库写入失败")


def test_a_unit_reads_its_projects_dossier_naming_the_rule_and_its_article(
    dossier_workspace: Workspace,
) -> None:
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "clerk_a")
        page = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "智慧城管平台" in page.text and "审核" in page.text
    assert "LG-19-3" in page.text and "第十九条" in page.text
    assert "<script" not in page.text
    assert page.headers["x-dossier-open-incidents"] == "0"


def test_another_units_dossier_is_the_same_404_as_an_unknown_project(dossier_workspace: Workspace) -> None:
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "clerk_b")
        theirs = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
        their_pdf = browser.get(f"/workspace/registry/projects/{LG_A}/dossier.pdf")
        unknown = browser.get("/workspace/registry/projects/no-such-project/dossier")
    assert theirs.status_code == their_pdf.status_code == unknown.status_code == 404
    assert theirs.json()["title"] == unknown.json()["title"] == "项目不存在"
    assert "智慧城管" not in theirs.text + their_pdf.text
    assert theirs.json()["detail"].replace(LG_A, "?") == unknown.json()["detail"].replace(
        "no-such-project", "?"
    )


def test_the_dossier_needs_a_session(dossier_workspace: Workspace) -> None:
    with dossier_workspace.browser() as browser:
        response = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
    assert response.status_code == 401 and response.json()["title"] == "请先登录"


def test_the_pdf_is_generated_until_one_is_archived_then_the_archived_one(
    dossier_workspace: Workspace,
) -> None:
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "reviewer")  # lg-ita-reviewers: every LG project
        generated = browser.get(f"/workspace/registry/projects/{LG_A}/dossier.pdf")
        archived = browser.get(f"/workspace/registry/projects/{LG_B}/dossier.pdf")
    assert generated.status_code == 200, generated.text
    assert generated.headers["content-type"] == "application/pdf"
    assert generated.headers["x-dossier-source"] == "generated"
    assert 'filename="dossier-p-lg-a.pdf"' in generated.headers["content-disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(generated.content)).pages)
    assert "LG-19-3" in text
    assert archived.status_code == 200, archived.text
    assert archived.headers["x-dossier-source"] == "archived"
    assert archived.content == b"%PDF-1.4 archived at acceptance"


def test_an_archived_pdf_changed_since_is_not_handed_out(
    dossier_workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "documents" / "dossier-p-lg-b-1").write_bytes(b"%PDF-1.4 changed afterwards")
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "reviewer")
        response = browser.get(f"/workspace/registry/projects/{LG_B}/dossier.pdf")
    assert response.status_code == 409
    assert response.json()["title"] == "归档档案无法提供" and "SHA-256" in response.json()["detail"]


def test_a_project_with_an_incident_open_renders_with_the_incident_marked(
    dossier_workspace: Workspace,
) -> None:
    _open_incident(dossier_workspace, LG_A)
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "clerk_a")
        page = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
    assert page.status_code == 200, page.text
    assert page.headers["x-dossier-open-incidents"] == "1"
    assert int(page.headers["x-dossier-gaps"]) >= 1
    assert "未解决的异常" in page.text and "登记库写入失败" in page.text


def test_without_a_registry_the_dossier_renders_from_the_engine_and_says_what_is_missing(
    tmp_path: Path,
) -> None:
    with served_workspace(tmp_path) as workspace, workspace.browser() as browser:
        variables = {
            "unit": UNIT_A,
            "reviewers": ["lg-ita-reviewers"],
            "projectId": LG_A,
            "jurisdiction": "LG",
        }
        workspace.engine.create_instance("lg-review", variables=variables)
        workspace.sign_in(browser, "clerk_a")
        own = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
        workspace.sign_in(browser, "clerk_b")
        other = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
        overview = browser.get("/workspace/registry/overview")
    assert own.status_code == 200, own.text
    assert "未连接登记库" in own.text and "审核" in own.text
    assert other.status_code == 404  # the unit is read from the instance's variables instead
    assert overview.status_code == 503 and overview.json()["title"] == "项目登记库未配置"


def test_the_overview_counts_only_the_projects_the_person_may_see(dossier_workspace: Workspace) -> None:
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "reviewer")
        region = browser.get("/workspace/registry/overview").json()
        as_csv = browser.get("/workspace/registry/overview?format=csv")
        as_xlsx = browser.get("/workspace/registry/overview?format=xlsx")
        wrong = browser.get("/workspace/registry/overview?format=doc")
        dossier_workspace.sign_in(browser, "clerk_b")
        unit = browser.get("/workspace/registry/overview").json()
    assert region["projects"] == 2 and unit["projects"] == 1
    phases = {row[0]: row[1] for row in region["tables"][0]["rows"]}
    assert phases == {"lg-review": "1", "仅登记": "1"}
    assert {row[0]: row[1] for row in unit["tables"][0]["rows"]} == {"仅登记": "1"}
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.startswith("\ufeff表,所处流程,项目数")
    assert "按所处流程的项目数,lg-review,1" in as_csv.text
    sheet = load_workbook(io.BytesIO(as_xlsx.content))["1"]
    assert sheet["A1"].value == "按所处流程的项目数"
    assert wrong.status_code == 400 and wrong.json()["title"] == "不支持的格式"


def test_a_dossier_opened_in_a_tab_of_its_own_is_refused_in_a_page(dossier_workspace: Workspace) -> None:
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "clerk_b")
        response = browser.get(
            f"/workspace/registry/projects/{LG_A}/dossier", headers={"accept": "text/html"}
        )
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "<h1>项目不存在</h1>" in response.text and "智慧城管" not in response.text


def test_a_registry_not_yet_created_leaves_the_dossier_to_the_engines_records(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'not-yet.db'}"
    with served_workspace(tmp_path / "ws", registry_url=missing) as workspace, workspace.browser() as browser:
        variables = {
            "unit": UNIT_A,
            "reviewers": ["lg-ita-reviewers"],
            "projectId": LG_A,
            "jurisdiction": "LG",
        }
        workspace.engine.create_instance("lg-review", variables=variables)
        workspace.sign_in(browser, "clerk_a")
        page = browser.get(f"/workspace/registry/projects/{LG_A}/dossier")
        pdf = browser.get(f"/workspace/registry/projects/{LG_A}/dossier.pdf")
    assert page.status_code == 200, page.text
    assert "项目登记库尚未建立" in page.text and "审核" in page.text
    assert pdf.status_code == 200 and pdf.headers["x-dossier-source"] == "generated"
