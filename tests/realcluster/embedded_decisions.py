"""The same decision on the embedded engine, so a real-cluster result is also a fidelity check."""

from __future__ import annotations

from typing import Any

from camunda_cluster import PROJECT

from engine.dmn import parse_dmn
from engine.feel import to_json


def evaluate_embedded(decision_id: str, **variables: Any) -> Any:
    """``decisions/<decision_id>.dmn`` evaluated by the embedded engine, as JSON (what Zeebe returns)."""
    model = parse_dmn(PROJECT / "decisions" / f"{decision_id}.dmn")
    return to_json(model.evaluate(decision_id, variables).output)
