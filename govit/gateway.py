"""The Zeebe gRPC gateway: deploy resources, start instances, give a failed job its retries back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

import grpc
from pyzeebe import (
    ZeebeClient,
    create_insecure_channel,
    create_oauth2_client_credentials_channel,
    create_secure_channel,
)
from pyzeebe.errors import ZeebeGatewayUnavailableError
from pyzeebe.errors.pyzeebe_errors import PyZeebeError
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from govit.settings import ClusterSettings
from workers.bearer_channel import bearer_channel

T = TypeVar("T")

RESOURCE_SUFFIXES = (".bpmn", ".dmn", ".form")


class GatewayError(RuntimeError):
    """The gateway refused a command or could not be reached; the message says which and why."""


def _channel(settings: ClusterSettings) -> grpc.aio.Channel:
    if settings.oauth:
        return create_oauth2_client_credentials_channel(
            grpc_address=settings.zeebe_address,
            client_id=settings.oauth.client_id,
            client_secret=settings.oauth.client_secret,
            authorization_server=settings.oauth.token_url,
            audience=settings.oauth.grpc_audience,
        )
    if settings.token:
        return bearer_channel(settings.zeebe_address, settings.token, tls=settings.tls)
    if settings.tls:
        return create_secure_channel(grpc_address=settings.zeebe_address)
    return create_insecure_channel(grpc_address=settings.zeebe_address)


def resource_files(paths: Sequence[Path]) -> list[Path]:
    """The .bpmn, .dmn and .form files of ``paths`` (folders searched recursively), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in RESOURCE_SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise GatewayError(f"{path}: no such file or folder")
    return files


class Gateway:
    """Synchronous facade over pyzeebe's asyncio client; one event loop per command-line call."""

    def __init__(self, settings: ClusterSettings) -> None:
        self._settings = settings

    def _run(self, action: Callable[[ZeebeClient, GatewayStub], Coroutine[Any, Any, T]]) -> T:
        async def call() -> T:
            channel = _channel(self._settings)
            try:
                return await action(ZeebeClient(channel), GatewayStub(channel))
            except ZeebeGatewayUnavailableError as error:
                raise GatewayError(f"the gateway at {self._settings.zeebe_address} is unavailable") from error
            except grpc.aio.AioRpcError as error:
                raise GatewayError(f"{error.code().name}: {error.details()}") from error
            except PyZeebeError as error:
                cause = error.__cause__
                detail = cause.details() if isinstance(cause, grpc.aio.AioRpcError) else str(error)
                raise GatewayError(f"{type(error).__name__}: {detail}") from error
            finally:
                await channel.close()

        return asyncio.run(call())

    def deploy(self, files: Sequence[Path], on_progress: Callable[[Path], None] | None = None) -> int:
        """Deploy ``files`` in one deployment (so calls between them resolve); returns its key."""

        async def deploy(client: ZeebeClient, _: GatewayStub) -> int:
            response = await client.deploy_resource(*files)
            for file in files:
                if on_progress:
                    on_progress(file)
            return int(response.key)

        return self._run(deploy)

    def start(self, bpmn_process_id: str, variables: dict[str, Any]) -> int:
        async def start(client: ZeebeClient, _: GatewayStub) -> int:
            response = await client.run_process(bpmn_process_id, variables)
            return int(response.process_instance_key)

        return self._run(start)

    def update_job_retries(self, job_key: int, retries: int) -> None:
        async def update(_: ZeebeClient, stub: GatewayStub) -> None:
            await stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=job_key, retries=retries))

        self._run(update)

    def publish_message(self, name: str, correlation_key: str, variables: dict[str, Any]) -> None:
        async def publish(client: ZeebeClient, _: GatewayStub) -> None:
            await client.publish_message(name, correlation_key, variables)

        self._run(publish)
