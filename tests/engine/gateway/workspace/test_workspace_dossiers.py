"""A project's archived dossiers on the workspace: listed for whoever may see the project, newest
first, with the address the engine's document store serves the PDF at; one kept in the workers'
own folder has none; another unit's project is a 404 like an unknown one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.engine.gateway.workspace.conftest import Workspace, served_workspace
from tests.engine.identity.conftest import UNIT_A, UNIT_B
from workers.registry import tables
from workers.registry.database import open_registry

OWN, THEIRS = "p-lg-own", "p-lg-theirs"


@pytest.fixture
def dossier_workspace(tmp_path: Path) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    factory = open_registry(url)
    with factory() as session:
        for project_id, unit in ((OWN, UNIT_A), (THEIRS, UNIT_B)):
            project = tables.Project(
                id=project_id,
                jurisdiction="LG",
                name=f"项目 {project_id}",
                unit=unit,
                total_investment_yuan=Decimal("6000000"),
                registered_at=datetime(2026, 3, 2, 1, 0),
            )
            project.phases.append(tables.Phase(number=1, started_on=date(2026, 3, 2)))
            session.add(project)
        for source, store, reference, at in (
            (
                11,
                "camunda",
                '{"camunda.document.type": "camunda", "contentHash": "ab/c", "documentId": "dossier-own-1",'
                ' "metadata": {"fileName": "项目档案.pdf"}}',
                datetime(2026, 9, 1, 2, 0),
            ),
            (12, "govit-local", '{"documentId": "dossier-own-2"}', datetime(2026, 10, 1, 2, 0)),
        ):
            session.add(
                tables.ArchivedDossier(
                    project_id=OWN,
                    jurisdiction="LG",
                    process_instance_key=2251799813685249,
                    source_key=source,
                    store=store,
                    document_id=f"dossier-own-{source - 10}",
                    document_reference=reference,
                    sha256="0" * 64,
                    size_bytes=1234,
                    page_count=7,
                    generated_at=at,
                    gaps="验收：缺少初步验收报告" if source == 11 else "",
                )
            )
        session.commit()
    with served_workspace(tmp_path, registry_url=url) as workspace:
        yield workspace


def test_a_projects_dossiers_with_the_address_of_the_one_the_engine_keeps(
    dossier_workspace: Workspace,
) -> None:
    with dossier_workspace.browser() as browser:
        dossier_workspace.sign_in(browser, "clerk_a")
        found = browser.get(f"/workspace/registry/projects/{OWN}/dossiers")
        theirs = browser.get(f"/workspace/registry/projects/{THEIRS}/dossiers")
        unknown = browser.get("/workspace/registry/projects/no-such/dossiers")
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert [item["documentId"] for item in items] == ["dossier-own-2", "dossier-own-1"]
    local, engine = items
    assert local["href"] is None and local["store"] == "govit-local"
    assert engine["href"] == "/v2/documents/dossier-own-1?contentHash=ab%2Fc"
    assert engine["fileName"] == "项目档案.pdf" and engine["pageCount"] == 7
    assert engine["gaps"] == ["验收：缺少初步验收报告"] and local["gaps"] == []
    assert engine["generatedAt"] == "2026-09-01T02:00:00Z"
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["title"] == "项目不存在"


def test_dossiers_need_a_session(dossier_workspace: Workspace) -> None:
    with dossier_workspace.browser() as browser:
        response = browser.get(f"/workspace/registry/projects/{OWN}/dossiers")
    assert response.status_code == 401
