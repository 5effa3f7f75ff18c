"""Which operations of Camunda 8.8's Orchestration Cluster REST API the embedded engine leaves out,
and why. Every other operation of the 8.8 specification is served (the coverage test,
``tests/engine/gateway/test_rest_coverage.py``, holds the routes to this list)."""

from __future__ import annotations

from collections.abc import Mapping

OUT_OF_SCOPE: Mapping[str, str] = {}
"""operationId (as the 8.8 specification names it) → why a single embedded node does not serve it."""
