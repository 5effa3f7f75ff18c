"""Evaluate the project's decisions (decisions/*.dmn) the way a business rule task does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from engine.dmn import DecisionResult, DmnModel, parse_dmn
from engine.feel import to_json

DECISIONS_DIR = Path(__file__).resolve().parents[2] / "decisions"


@pytest.fixture(scope="session")
def models() -> dict[str, DmnModel]:
    """One parsed model per decision file, keyed by decision id."""
    loaded: dict[str, DmnModel] = {}
    for path in sorted(DECISIONS_DIR.glob("*.dmn")):
        model = parse_dmn(path)
        for decision_id in model.decisions:
            loaded[decision_id] = model
    return loaded


def _evaluate(
    models: Mapping[str, DmnModel], decision_id: str, variables: Mapping[str, Any]
) -> DecisionResult:
    return models[decision_id].evaluate(decision_id, variables)


@pytest.fixture(scope="session")
def decide(models: dict[str, DmnModel]) -> Callable[..., Any]:
    """decide("sla", jurisdiction="LG", step=...) -> the decision's output as JSON (what Zeebe stores)."""

    def run(decision_id: str, **variables: Any) -> Any:
        return to_json(_evaluate(models, decision_id, variables).output)

    return run


@pytest.fixture(scope="session")
def matched(models: dict[str, DmnModel]) -> Callable[..., list[str]]:
    """matched("sla", ...) -> ids of the rules that matched, in table order."""

    def run(decision_id: str, **variables: Any) -> list[str]:
        result = _evaluate(models, decision_id, variables)
        return [rule.rule_id for rule in result.evaluated_decisions[-1].matched_rules]

    return run
