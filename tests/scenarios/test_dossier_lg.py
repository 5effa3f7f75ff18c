"""The dossier assembled from the engine's public REST API and the registry, on a real LG project.

Decision instances (``/v2/decision-instances``) are asserted only where the application serves the
route; until then the dossier must say which business-rule tasks' decisions it cannot list.
"""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from harness import Backend, ProcessApp
from lg_scenarios import accept_submission, lg_project, preliminary_design_approved, running_lg_app
from typer.testing import CliRunner

from engine.gateway.rest.app import ROUTE_MODULES
from govit import cli
from workers.documents.store import LocalDocumentStore
from workers.dossier.articles import ArticleIndex
from workers.dossier.assembly import DossierSources, UnknownProjectError, assemble
from workers.dossier.bpmn_docs import documentation_in_folder
from workers.dossier.dmn_rows import annotations_in_folder
from workers.dossier.model import Dossier
from workers.dossier.source import RestSource
from workers.registry.database import open_registry

PROJECT = Path(__file__).resolve().parents[2]
GENERATED = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
SERVES_DECISION_INSTANCES = any("decision-instances" in inspect.getsource(module) for module in ROUTE_MODULES)


@pytest.fixture
def app(tmp_path: Path, registry_template: Path, scenario_backend: Backend) -> Iterator[ProcessApp]:
    with running_lg_app(tmp_path, registry_template, scenario_backend) as running:
        yield running


def dossier_of(app: ProcessApp, project_id: str, shared_dir: Path) -> Dossier:
    client = httpx.Client(base_url=str(app.rest._http.base_url), timeout=30)
    sources = DossierSources(
        rest=RestSource(client),
        articles=ArticleIndex(shared_dir / "regulations"),
        row_annotations=annotations_in_folder(PROJECT / "decisions"),
        element_documentation=documentation_in_folder(PROJECT / "bpmn"),
        registry=open_registry(app.database_url),
        read_document=LocalDocumentStore(app.documents.directory).read,
    )
    try:
        return assemble(project_id, sources, GENERATED)
    finally:
        client.close()


def start_fsr_project(app: ProcessApp) -> tuple[int, str]:
    instance = app.start(
        "lg-project-application", {"projectId": None, **lg_project(app, totalInvestmentYuan=50_000_000)}
    )
    accept_submission(app, "fsr_formal_acceptance")  # LG-11-2, then the 5 WD review of LG-11-3
    app.task("review")
    return instance, str(app.variables(instance)["projectId"])


def test_LG_11_3_dossier_lists_tasks_deadline_articles_documents_and_registry(
    app: ProcessApp, shared_dir: Path
) -> None:
    instance, project_id = start_fsr_project(app)
    dossier = dossier_of(app, project_id, shared_dir)

    assert dossier.project.name == "龙岗区智慧城管平台"
    assert dossier.project.jurisdiction == "LG"
    assert dossier.instances[0].key == str(instance)
    called = {i.process_id for i in dossier.instances[1:]}
    assert "shared-sla-review" in called
    assert all(i.parent_key for i in dossier.instances[1:])

    accepted = next(t for t in dossier.tasks if t.element_id == "fsr_formal_acceptance")
    assert accepted.state == "COMPLETED" and accepted.completed is not None
    assert ("accepted", "true") in accepted.fields
    open_review = next(t for t in dossier.tasks if t.element_id == "review")
    assert open_review.state == "CREATED" and open_review.due is not None

    review = next(d for d in dossier.deadlines if d.rule_id == "LG-11-3")
    assert (review.period, review.force, review.status) == ("5WD", "HARD", "进行中")
    assert review.provisional is False
    assert review.due is not None and review.due.startswith("2026-03-09")
    assert review.calendar.startswith("工作日")

    cited = {c.rule_id: c for c in dossier.citations}
    fsr = cited["LG-11-3"]
    assert fsr.article == "第十一条" and fsr.chapter == "第四章 申报、立项与评审"
    assert fsr.measure == "《龙岗区政务信息化项目管理办法》（深龙政数规〔2021〕1号）"
    assert fsr.article_text is not None and "5 个工作日内完成审核" in fsr.article_text
    assert any("LG-11-3" in s for s in fsr.statements)
    assert all(c.problems == () for c in dossier.citations)

    assert dossier.measure_in_force is not None
    assert dossier.measure_in_force.measure == "龙岗区政务信息化项目管理办法（深龙政数规〔2021〕1号）"
    assert dossier.measure_in_force.in_force is True

    assert dossier.documents and all(d.sha256 and len(d.sha256) == 64 for d in dossier.documents)
    assert dossier.incidents == ()
    assert not dossier.gaps_in("异常")


def test_LG_11_2_a_task_claimed_and_completed_names_its_completer_and_time(
    app: ProcessApp, shared_dir: Path
) -> None:
    # Tasklist (and the workspace) has a person claim a task before filling its form, so the task
    # ends with its completer as assignee; the dossier names that person beside the time
    instance = app.start(
        "lg-project-application", {"projectId": None, **lg_project(app, totalInvestmentYuan=50_000_000)}
    )
    task = app.task("fsr_formal_acceptance")
    app.rest.assign_user_task(str(task.key), "ita-clerk")
    accept_submission(app, "fsr_formal_acceptance")
    app.task("review")
    dossier = dossier_of(app, str(app.variables(instance)["projectId"]), shared_dir)
    accepted = next(t for t in dossier.tasks if t.element_id == "fsr_formal_acceptance")
    assert (accepted.state, accepted.assignee) == ("COMPLETED", "ita-clerk")
    assert accepted.completed is not None and accepted.completed.startswith("2026-")
    open_review = next(t for t in dossier.tasks if t.element_id == "review")
    assert open_review.assignee is None  # nobody holds it yet: the dossier invents no completer


@pytest.mark.skipif(
    SERVES_DECISION_INSTANCES, reason="the engine serves decision instances: their own test applies"
)
def test_without_decision_instances_the_dossier_names_the_decisions_it_cannot_list(
    app: ProcessApp, shared_dir: Path
) -> None:
    _, project_id = start_fsr_project(app)
    dossier = dossier_of(app, project_id, shared_dir)
    assert dossier.decisions == ()
    (gap,) = dossier.gaps_in("决策")
    assert "/v2/decision-instances" in gap.message and "服务端未提供此接口" in gap.message
    assert "确定办理时限" in gap.message  # the sla decision of the review's deadline


@pytest.mark.skipif(
    not SERVES_DECISION_INSTANCES, reason="the engine does not serve /v2/decision-instances on this version"
)
def test_every_decision_evaluated_is_listed_none_invented(app: ProcessApp, shared_dir: Path) -> None:
    _, project_id = start_fsr_project(app)
    dossier = dossier_of(app, project_id, shared_dir)
    assert not dossier.gaps_in("决策")
    client = httpx.Client(base_url=str(app.rest._http.base_url), timeout=30)
    rest = RestSource(client)
    rule_tasks = {
        str(e["elementInstanceKey"])
        for i in dossier.instances
        for e in rest.element_instances(i.key)
        if e["type"] == "BUSINESS_RULE_TASK" and e["state"] == "COMPLETED"
    }
    client.close()
    listed = {d.element_instance_key for d in dossier.decisions}
    assert listed == rule_tasks  # none missing, none invented
    sla = next(d for d in dossier.decisions if d.decision_id == "sla")
    assert sla.matched_rows[0].row_id == "LG_11_3_fsr_review_5wd"
    assert sla.matched_rows[0].rule_ids == ("LG-11-3",) and sla.matched_rows[0].force == "HARD"


def test_an_unknown_project_is_refused_in_chinese(app: ProcessApp, shared_dir: Path) -> None:
    with pytest.raises(UnknownProjectError, match="项目 no-such-project 不存在"):
        dossier_of(app, "no-such-project", shared_dir)


def test_LG_12_1_approved_project_dossier_through_govit_pdf_is_reproducible(
    app: ProcessApp, shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = app.start("lg-project-application", {"projectId": None, **lg_project(app)})
    preliminary_design_approved(app)
    app.instance(instance).is_completed()
    project_id = str(app.variables(instance)["projectId"])

    dossier = dossier_of(app, project_id, shared_dir)
    assert dossier.tasks and all(t.state == "COMPLETED" and t.completed for t in dossier.tasks)
    assert {"pd_formal_acceptance", "review", "expert_opinion", "panel_conclusion", "drc_pd_approval"} <= {
        t.element_id for t in dossier.tasks
    }
    assert all(d.status == "按期" for d in dossier.deadlines)
    assert "LG-12-5" in {c.rule_id for c in dossier.citations}

    rest_address = str(app.rest._http.base_url).rstrip("/").removesuffix("/v2")
    for name, value in {
        "CAMUNDA_REST_ADDRESS": rest_address,
        "GOVIT_REGISTRY_URL": app.database_url,
        "GOVIT_DOCUMENT_DIR": str(app.documents.directory),
        "GOVIT_MEASURES_DIR": str(shared_dir / "regulations"),
    }.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    pdfs = [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for pdf in pdfs:
        result = runner.invoke(
            cli.app,
            [
                "dossier",
                project_id,
                "--pdf",
                str(pdf),
                "--html",
                str(tmp_path / "page.html"),
                "--at",
                "2026-03-20T09:00:00+08:00",
                "--models",
                str(PROJECT),
            ],
        )
        assert result.exit_code == 0, result.output
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
    text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "龙岗区智慧城管平台" in flat and "LG-12-5" in flat and "第十二条" in flat
    assert "《龙岗区政务信息化项目管理办法》（深龙政数规〔2021〕1号）" in flat
    assert "初步设计方案" in flat  # 第十二条's own text
    assert "龙岗区智慧城管平台" in (tmp_path / "page.html").read_text(encoding="utf-8")

    overview_csv = tmp_path / "overview.csv"
    result = runner.invoke(cli.app, ["overview", "LG", "--csv", str(overview_csv), "--models", str(PROJECT)])
    assert result.exit_code == 0, result.output
    rows = overview_csv.read_text(encoding="utf-8").splitlines()
    assert "按所处流程的项目数,已办结,1" in rows
    assert any(
        row.startswith("各环节、各审核机构的时限执行,") and ",lg-ita-reviewers," in row for row in rows
    )


def test_govit_dossier_names_an_unknown_project(app: ProcessApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", str(app.rest._http.base_url).rstrip("/").removesuffix("/v2"))
    monkeypatch.setenv("GOVIT_REGISTRY_URL", app.database_url)
    result = CliRunner().invoke(
        cli.app, ["dossier", "LG-none", "--pdf", "/dev/null", "--models", str(PROJECT)]
    )
    assert result.exit_code == 1
    assert "项目 LG-none 不存在" in result.output
