"""Which operations of Camunda 8.8's Orchestration Cluster REST API the embedded engine leaves out,
and why. Every other operation of the 8.8 specification is served (the coverage test,
``tests/engine/gateway/test_rest_coverage.py``, holds the routes to this list)."""

from __future__ import annotations

from collections.abc import Mapping

OUT_OF_SCOPE: Mapping[str, str] = {
    "activateAdHocSubProcessActivities": (
        "8.8 activates each element of an ad-hoc sub-process inside an inner instance of its own "
        "(AD_HOC_SUB_PROCESS_INNER_INSTANCE) that holds the variables given with it; the embedded "
        "engine's ad-hoc sub-process has no inner instances (it activates the elements its "
        "activeElementsCollection names when it is entered), so it cannot scope those variables as 8.8 does"
    ),
}
"""operationId (as the 8.8 specification names it) → why a single embedded node does not serve it."""
