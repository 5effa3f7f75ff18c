"""Longgang on a real Camunda 8.8: the application process with the real workers, and the LG-11-1
threshold through the deployed decision. Skipped with the reason when there is no Docker engine."""

from __future__ import annotations

from typing import Any

import pytest
from cluster_app import ClusterApp, evaluate_decision
from embedded_decisions import evaluate_embedded
from lg_scenarios import LG_START, lg_project, preliminary_design_approved

from govit.settings import ClusterSettings

# The first test also waits for the images to be pulled and the cluster to start.
pytestmark = [pytest.mark.docker, pytest.mark.timeout(1200)]


def start_application(cluster: ClusterApp, **facts: Any) -> str:
    # The wall clock of the cluster is not the scenarios' clock: the application date keeps the
    # project inside the LG measure's validity (LG-55-1), as the scenarios' start date does.
    variables = {"projectId": None, "applicationDate": LG_START[:10], **lg_project(cluster, **facts)}
    return cluster.start("lg-project-application", variables)


def test_LG_12_1_LG_12_8_standard_project_approved_through_preliminary_design_on_camunda(
    cluster: ClusterApp,
) -> None:
    instance = start_application(cluster)
    preliminary_design_approved(cluster)
    cluster.wait_for_state(instance, "COMPLETED")
    passed = cluster.wait_until(
        lambda: (path := cluster.passed(instance)) and "approved" in path and path,
        f"the path of instance {instance} to reach 'approved'",
    )
    assert passed.index("pd_formal_acceptance") < passed.index("drc_pd_approval") < passed.index("approved")
    assert not {"fsr_formal_acceptance", "topic_meeting", "proposal_review"} & set(passed)
    variables = cluster.rest.variables(instance)
    assert variables["route"]["route"] == "LG_STANDARD"
    assert variables["pdExpertReview"]["conclusion"] == "PASSED"
    assert variables["projectId"], "the registry worker assigns the project id"


def lg_route(total: int) -> dict[str, Any]:
    return {"jurisdiction": "LG", "regime": "FULL", "totalInvestmentYuan": total, "isNewInitiative": False}


@pytest.mark.parametrize(("total", "feasibility_study"), [(49_999_999, False), (50_000_000, True)])
def test_LG_11_1_feasibility_study_from_50_million_yuan_on_camunda(
    cluster_settings: ClusterSettings, deployed: int, total: int, feasibility_study: bool
) -> None:
    route = evaluate_decision(cluster_settings, "approvalRoute", **lg_route(total))
    assert route["needsFeasibilityStudy"] is feasibility_study
    assert route["needsPreliminaryDesign"] is True  # LG-12-1: every project, feasibility study or not
    assert route == evaluate_embedded("approvalRoute", **lg_route(total))
