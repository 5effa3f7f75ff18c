"""The official Orchestration Cluster SDK client, pointed at a served engine without authentication."""

from __future__ import annotations

from camunda_orchestration_sdk import CamundaClient

from tests.engine.gateway.conftest import Served


def orchestration_client(gateway: Served) -> CamundaClient:
    return CamundaClient(
        configuration={"CAMUNDA_REST_ADDRESS": gateway.rest_url, "CAMUNDA_AUTH_STRATEGY": "NONE"}
    )
