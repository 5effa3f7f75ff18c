"""The threshold decisions evaluated by the engine behind the gateway (EvaluateDecision) equal the
project's DMN evaluated in process: on the embedded engine that checks the gateway's answer, on a
real Camunda 8.8 it checks that dmn-scala and the embedded engine decide alike."""

from __future__ import annotations

from typing import Any

import pytest
from harness import ProcessApp
from harness.app import PROJECT

from engine.dmn import parse_dmn
from engine.feel import to_json


def in_process(decision_id: str, **variables: Any) -> Any:
    model = parse_dmn(PROJECT / "decisions" / f"{decision_id}.dmn")
    return to_json(model.evaluate(decision_id, variables).output)


def lg_route(total: int) -> dict[str, Any]:
    return {"jurisdiction": "LG", "regime": "FULL", "totalInvestmentYuan": total, "isNewInitiative": False}


@pytest.mark.parametrize(("total", "feasibility_study"), [(49_999_999, False), (50_000_000, True)])
def test_LG_11_1_feasibility_study_from_50_million_yuan(
    app: ProcessApp, total: int, feasibility_study: bool
) -> None:
    route = app.evaluate_decision("approvalRoute_LG", **lg_route(total))
    assert route["needsFeasibilityStudy"] is feasibility_study
    assert route["needsPreliminaryDesign"] is True  # LG-12-1: every project, feasibility study or not
    assert route == in_process("approvalRoute_LG", **lg_route(total))


@pytest.mark.parametrize(("budget", "route"), [(500_000, "HY_FILING"), (500_001, "HY_APPROVAL")])
def test_HY_12_1_filing_up_to_500000_yuan(app: ProcessApp, budget: int, route: str) -> None:
    applicability = app.evaluate_decision("applicability", jurisdiction="HY", budgetYuan=budget)
    decided = app.evaluate_decision("approvalRoute_HY", jurisdiction="HY", regime=applicability["regime"])
    assert decided["route"] == route
    assert applicability == in_process("applicability", jurisdiction="HY", budgetYuan=budget)
    assert decided == in_process("approvalRoute_HY", jurisdiction="HY", regime=applicability["regime"])
