"""Heyuan on a real Camunda 8.8: the HY-12-1 filing threshold through the deployed decisions.
Skipped with the reason when there is no Docker engine."""

from __future__ import annotations

import pytest
from cluster_app import evaluate_decision
from embedded_decisions import evaluate_embedded

from govit.settings import ClusterSettings

# The first test also waits for the images to be pulled and the cluster to start.
pytestmark = [pytest.mark.docker, pytest.mark.timeout(1200)]


@pytest.mark.parametrize(("budget", "route"), [(500_000, "HY_FILING"), (500_001, "HY_APPROVAL")])
def test_HY_12_1_filing_up_to_500000_yuan_on_camunda(
    cluster_settings: ClusterSettings, deployed: int, budget: int, route: str
) -> None:
    applicability = evaluate_decision(cluster_settings, "applicability", jurisdiction="HY", budgetYuan=budget)
    decided = evaluate_decision(
        cluster_settings, "approvalRoute", jurisdiction="HY", regime=applicability["regime"]
    )
    assert decided["route"] == route
    assert applicability == evaluate_embedded("applicability", jurisdiction="HY", budgetYuan=budget)
    assert decided == evaluate_embedded("approvalRoute", jurisdiction="HY", regime=applicability["regime"])
