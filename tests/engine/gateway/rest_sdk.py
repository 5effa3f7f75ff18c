"""The official Orchestration Cluster SDK clients, pointed at a served engine without authentication."""

from __future__ import annotations

from typing import TypeVar

from camunda_orchestration_sdk import CamundaAsyncClient, CamundaClient
from camunda_orchestration_sdk.runtime.configuration_resolver import CamundaSdkConfigPartial
from camunda_orchestration_sdk.types import Unset

from tests.engine.gateway.conftest import Served

T = TypeVar("T")


def _configuration(gateway: Served) -> CamundaSdkConfigPartial:
    return {"CAMUNDA_REST_ADDRESS": gateway.rest_url, "CAMUNDA_AUTH_STRATEGY": "NONE"}


def orchestration_client(gateway: Served) -> CamundaClient:
    return CamundaClient(configuration=_configuration(gateway))


def async_orchestration_client(gateway: Served) -> CamundaAsyncClient:
    """The asynchronous client: the one that carries the SDK's job worker."""
    return CamundaAsyncClient(configuration=_configuration(gateway))


def present(value: T | Unset) -> T:
    """A field the SDK models as optional (``Unset`` when absent) that the answer must carry."""
    assert not isinstance(value, Unset), "the answer leaves out a field it must carry"
    return value
