"""The registry's read API on the workspace: projects with phase, amount and next deadline, and one
project's filings, decisions (with their rule ids) and milestones; a unit sees only its own, the
IT authority its region's, ops everything, and a guessed id of another's project is a 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from engine.identity.permissions import OwnerType
from tests.engine.gateway.workspace.conftest import Workspace, served_workspace
from tests.engine.identity.conftest import PASSWORD, UNIT_A, UNIT_B
from workers.registry import tables
from workers.registry.database import open_registry

LG_A, LG_B, HY_A = "p-lg-a", "p-lg-b", "p-hy-a"
OVERDUE = date(2026, 1, 5)


def _fill(session: Session) -> None:
    for project_id, jurisdiction, unit, name in (
        (LG_A, "LG", UNIT_A, "智慧城管平台"),
        (LG_B, "LG", UNIT_B, "智慧教育平台"),
        (HY_A, "HY", UNIT_A, "惠阳数据中台"),
    ):
        project = tables.Project(
            id=project_id,
            jurisdiction=jurisdiction,
            name=name,
            unit=unit,
            project_code=f"{jurisdiction}-2026-001",
            total_investment_yuan=Decimal("1234567.80"),
            registered_at=datetime(2026, 3, 1, 9, 0),
        )
        project.phases.append(tables.Phase(number=1, started_on=date(2026, 3, 1)))
        session.add(project)
    session.flush()
    session.add(tables.Phase(project_id=LG_A, number=2, started_on=date(2026, 6, 1)))
    session.add(
        tables.Filing(project_id=LG_A, kind="CONTRACT", authority="ITA", rule_id="LG-19-3", due_on=OVERDUE)
    )
    later = date.today() + timedelta(days=400)
    session.add(
        tables.Filing(
            project_id=LG_A, kind="COMPLETION_ACCEPTANCE", authority="ITA", rule_id="LG-30-2", due_on=later
        )
    )
    session.add(
        tables.Filing(
            project_id=LG_A,
            kind="PROJECT",
            authority="ITA",
            rule_id="LG-14-1",
            due_on=date(2026, 2, 1),
            filed_on=date(2026, 2, 3),
        )
    )
    application = tables.Application(
        project_id=LG_A,
        phase_number=1,
        kind="APPROVAL",
        submitted_on=date(2026, 3, 2),
        process_instance_key=2251799813685249,
    )
    session.add(application)
    session.flush()
    session.add(
        tables.Decision(
            project_id=LG_A,
            application_id=application.id,
            outcome="APPROVED",
            authority="ITA",
            decided_on=date(2026, 4, 1),
            rule_ids="LG-12-1,LG-13-2",
        )
    )
    session.add(
        tables.Milestone(project_id=LG_A, phase_number=1, kind="GO_LIVE", reached_on=date(2026, 5, 1))
    )
    session.commit()


@pytest.fixture
def registry_workspace(tmp_path: Path) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    factory = open_registry(url)
    with factory() as session:
        _fill(session)
    with served_workspace(tmp_path, registry_url=url) as workspace:
        workspace.directory.add_user("hy_reviewer", name="惠阳审核员", password=PASSWORD)
        workspace.directory.ensure_group("hy-ita-reviewers")
        workspace.directory.add_group_member("hy-ita-reviewers", OwnerType.USER, "hy_reviewer")
        yield workspace


def _visible(workspace: Workspace, username: str) -> list[str]:
    with workspace.browser() as browser:
        workspace.sign_in(browser, username)
        response = browser.get("/workspace/registry/projects")
    assert response.status_code == 200, response.text
    return sorted(item["projectId"] for item in response.json()["items"])


def test_a_unit_sees_only_its_own_projects_and_the_authority_its_region(
    registry_workspace: Workspace,
) -> None:
    assert _visible(registry_workspace, "clerk_a") == [HY_A, LG_A]
    assert _visible(registry_workspace, "clerk_b") == [LG_B]
    assert _visible(registry_workspace, "reviewer") == [LG_A, LG_B]  # lg-ita-reviewers: all of LG
    assert _visible(registry_workspace, "hy_reviewer") == [HY_A]
    assert _visible(registry_workspace, "operator") == [HY_A, LG_A, LG_B]  # ops reads every instance
    assert _visible(registry_workspace, "finance") == []


def test_another_units_project_is_not_found_by_its_id(registry_workspace: Workspace) -> None:
    with registry_workspace.browser() as browser:
        registry_workspace.sign_in(browser, "clerk_b")
        theirs = browser.get(f"/workspace/registry/projects/{LG_A}")
        unknown = browser.get("/workspace/registry/projects/no-such-project")
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.json()["title"] == unknown.json()["title"] == "项目不存在"
        assert "智慧城管" not in theirs.text


def test_a_project_with_its_phase_deadlines_filings_and_decisions(registry_workspace: Workspace) -> None:
    with registry_workspace.browser() as browser:
        registry_workspace.sign_in(browser, "clerk_a")
        listed = {
            item["projectId"]: item for item in browser.get("/workspace/registry/projects").json()["items"]
        }
        project = browser.get(f"/workspace/registry/projects/{LG_A}").json()
    summary = listed[LG_A]
    assert summary["phaseNumber"] == 2 and summary["totalInvestmentYuan"] == "1234567.80"
    assert summary["nextDeadline"]["ruleId"] == "LG-19-3" and summary["nextDeadline"]["overdue"] is True
    assert listed[HY_A]["nextDeadline"] is None
    assert summary["latestDecision"]["outcome"] == "APPROVED" and summary["latestDecision"]["ruleIds"] == [
        "LG-12-1",
        "LG-13-2",
    ]
    assert summary["lastMilestone"] == {"phaseNumber": 1, "kind": "GO_LIVE", "reachedOn": "2026-05-01"}
    assert listed[HY_A]["latestDecision"] is None and listed[HY_A]["lastMilestone"] is None
    assert project["name"] == "智慧城管平台" and [p["number"] for p in project["phases"]] == [1, 2]
    statuses = {f["ruleId"]: (f["status"], f["overdue"]) for f in project["filings"]}
    assert statuses == {"LG-19-3": ("DUE", True), "LG-30-2": ("DUE", False), "LG-14-1": ("FILED_LATE", False)}
    assert project["decisions"][0]["ruleIds"] == ["LG-12-1", "LG-13-2"]
    assert project["applications"][0]["processInstanceKey"] == "2251799813685249"
    assert project["milestones"] == [{"phaseNumber": 1, "kind": "GO_LIVE", "reachedOn": "2026-05-01"}]


def test_the_registry_needs_a_session(registry_workspace: Workspace) -> None:
    with registry_workspace.browser() as browser:
        response = browser.get("/workspace/registry/projects")
    assert response.status_code == 401 and response.json()["title"] == "请先登录"


def test_a_registry_not_yet_created_or_not_configured_says_so(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'not-yet.db'}"
    with served_workspace(tmp_path / "a", registry_url=missing) as workspace, workspace.browser() as browser:
        workspace.sign_in(browser, "operator")
        response = browser.get("/workspace/registry/projects")
        assert response.status_code == 503 and "工作进程" in response.json()["detail"]
    with served_workspace(tmp_path / "b") as workspace, workspace.browser() as browser:
        workspace.sign_in(browser, "operator")
        response = browser.get("/workspace/registry/projects")
        assert response.status_code == 503 and "--registry-url" in response.json()["detail"]
