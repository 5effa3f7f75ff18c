"""The scenario's commands to the engine, through the Zeebe gateway's gRPC API only.

Every call runs on the harness's event loop (the one the workers use) and waits for the answer, so
the synchronous test code can call them directly. The same calls go to the embedded gateway and to
a real Camunda 8.8.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, TypeVar

import grpc
from pyzeebe import create_insecure_channel
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

T = TypeVar("T")
CALL_TIMEOUT_S = 60.0


class GatewayCommands:
    """DeployResource, CreateProcessInstance, PublishMessage, EvaluateDecision, CancelProcessInstance."""

    def __init__(self, zeebe_address: str, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._channel: grpc.aio.Channel = self._call(self._open(zeebe_address))
        self._stub = GatewayStub(self._channel)

    @staticmethod
    async def _open(zeebe_address: str) -> grpc.aio.Channel:
        return create_insecure_channel(grpc_address=zeebe_address)

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(CALL_TIMEOUT_S)

    def _rpc(self, method: str, request: Any) -> Any:
        """A unary call made on the loop that owns the channel."""

        async def call() -> Any:
            return await getattr(self._stub, method)(request, timeout=CALL_TIMEOUT_S)

        return self._call(call())

    def close(self) -> None:
        self._call(self._channel.close())

    def deploy(self, resources: Sequence[tuple[str, bytes]]) -> int:
        """One deployment of every resource (so call activities and linked forms resolve); its key."""
        request = pb.DeployResourceRequest(
            resources=[pb.Resource(name=name, content=content) for name, content in resources]
        )
        response = self._rpc("DeployResource", request)
        return int(response.key)

    def create_instance(self, process_id: str, variables: Mapping[str, Any]) -> int:
        request = pb.CreateProcessInstanceRequest(
            bpmnProcessId=process_id, version=-1, variables=json.dumps(dict(variables))
        )
        response = self._rpc("CreateProcessInstance", request)
        return int(response.processInstanceKey)

    def publish_message(self, name: str, correlation_key: str, variables: Mapping[str, Any]) -> None:
        """A message that correlates now or never (time to live 0), as a user's action does."""
        request = pb.PublishMessageRequest(
            name=name,
            correlationKey=correlation_key,
            timeToLive=0,
            variables=json.dumps(dict(variables)),
        )
        self._rpc("PublishMessage", request)

    def evaluate_decision(self, decision_id: str, variables: Mapping[str, Any]) -> Any:
        """The latest version's output as EvaluateDecision returns it (JSON); a failure raises."""
        request = pb.EvaluateDecisionRequest(decisionId=decision_id, variables=json.dumps(dict(variables)))
        response = self._rpc("EvaluateDecision", request)
        if response.failureMessage:
            raise AssertionError(f"decision {decision_id} failed: {response.failureMessage}")
        return json.loads(response.decisionOutput)

    def cancel_instance(self, process_instance_key: int) -> bool:
        """Cancel an instance; False when it has already ended (NOT_FOUND)."""
        request = pb.CancelProcessInstanceRequest(processInstanceKey=process_instance_key)
        try:
            self._rpc("CancelProcessInstance", request)
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return False
            raise
        return True
