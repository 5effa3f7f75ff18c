"""Each region's approved project has a dossier: its tasks, deadlines and the articles it cited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from harness import Backend, ProcessApp, region
from test_dossier_lg import SERVES_DECISION_INSTANCES, dossier_of
from test_hy_processes import review as hy_review
from test_hy_processes import submit_application as hy_submit
from test_lz_processes import approved_project as lz_approved
from test_th_processes import approve_all as th_approve_all
from test_th_processes import submit as th_submit
from test_yb_processes import approved_project as yb_approved


def hy_project(app: ProcessApp) -> str:
    instance = hy_submit(app, 120)
    for _ in range(3):  # HY-11-6 preliminary, HY-11-7 fund, HY-11-8 approval
        hy_review(app)
    app.instance(instance).is_completed()
    return str(app.variables(instance)["projectId"])


def th_project(app: ProcessApp) -> str:
    instance = th_submit(app)
    th_approve_all(app)
    app.instance(instance).is_completed()
    return str(app.variables(instance)["projectId"])


REGIONS: dict[str, tuple[Callable[[ProcessApp], str], str, str]] = {
    # region: (drive to approval, a rule id its dossier must cite, words of that article)
    "HY": (hy_project, "HY-11-6", "初步审核"),
    "LZ": (lz_approved, "LZ-9-1", "集中备案"),
    "TH": (th_project, "TH-11-2", "初审"),
    "YB": (yb_approved, "YB-7-1", "组织相关领域信息化专家"),
}


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_approved_project_has_a_complete_dossier(
    code: str, tmp_path: Path, registry_template: Path, scenario_backend: Backend, shared_dir: Path
) -> None:
    drive, rule_id, words = REGIONS[code]
    with ProcessApp.running(
        tmp_path, backend=scenario_backend, registry_template=registry_template, only=region(code.lower())
    ) as app:
        project_id = drive(app)
        dossier = dossier_of(app, project_id, shared_dir)

    assert dossier.project.jurisdiction == code
    assert dossier.tasks and all(t.state == "COMPLETED" and t.completed for t in dossier.tasks)
    assert all(d.status in ("按期", "逾期") for d in dossier.deadlines)
    cited = {c.rule_id: c for c in dossier.citations}
    assert rule_id in cited, sorted(cited)
    assert [c.rule_id for c in dossier.citations if not c.rule_id.startswith(f"{code}-")] == []
    article = cited[rule_id]
    assert article.article_text and words in article.article_text
    assert all(c.problems == () for c in dossier.citations)
    expected_gaps = set() if SERVES_DECISION_INSTANCES else {"决策"}
    assert {g.section for g in dossier.gaps} <= expected_gaps, dossier.gaps
    assert dossier.project.name and dossier.project.unit  # from the registry
    assert dossier.documents and all(d.sha256 for d in dossier.documents)
