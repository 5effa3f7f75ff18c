"""``serve`` against a stand-in gateway over real gRPC: activation, completion, failures, signals.

The stand-in keeps jobs in memory the way the gateway hands them out: a failed job with retries
left is offered again, one with none left becomes an incident.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import pytest
from pyzeebe import ZeebeTaskRouter
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto import gateway_pb2_grpc

from workers.app import build_worker, run_until_stopped, serve
from workers.errors import BusinessRuleError
from workers.notifications.database import open_notifications
from workers.notifications.directory import load_directory
from workers.notifications.notifier import Notifier
from workers.notifications.router import notifications_router
from workers.notifications.templates import RenderedMessage
from workers.registry.router import create_router as registry_router
from workers.registry.settings import RegistrySettings
from workers.settings import WorkerSettings

EXAMPLE_DIRECTORY = (
    Path(__file__).resolve().parents[2] / "workers" / "notifications" / "directory.example.yaml"
)


@dataclass
class OfferedJob:
    key: int
    type: str
    variables: dict[str, Any]
    retries: int = 3
    element_id: str = "Task_Under_Test"


@dataclass
class StandInGateway(gateway_pb2_grpc.GatewayServicer):  # type: ignore[misc]
    offered: list[OfferedJob] = field(default_factory=list)
    outcomes: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    activated_with: dict[str, list[str]] = field(default_factory=dict)
    requested: list[int] = field(default_factory=list)
    by_key: dict[int, OfferedJob] = field(default_factory=dict)
    keys: itertools.count[int] = field(default_factory=lambda: itertools.count(2251799813685300))

    def offer(self, job_type: str, variables: dict[str, Any], retries: int = 3) -> int:
        job = OfferedJob(next(self.keys), job_type, variables, retries)
        self.offered.append(job)
        self.by_key[job.key] = job
        return job.key

    async def ActivateJobs(self, request: Any, context: Any) -> Any:
        self.requested.append(request.maxJobsToActivate)
        ready = [job for job in self.offered if job.type == request.type][: request.maxJobsToActivate]
        if not ready:
            await asyncio.sleep(0.02)
            yield pb.ActivateJobsResponse(jobs=[])
            return
        self.activated_with[request.type] = list(request.fetchVariable)
        for job in ready:
            self.offered.remove(job)
        yield pb.ActivateJobsResponse(
            jobs=[
                pb.ActivatedJob(
                    key=job.key,
                    type=job.type,
                    processInstanceKey=2251799813685249,
                    bpmnProcessId="lg-project-application",
                    processDefinitionVersion=1,
                    processDefinitionKey=2251799813685100,
                    elementId=job.element_id,
                    elementInstanceKey=job.key - 10,
                    customHeaders="{}",
                    worker=request.worker,
                    retries=job.retries,
                    deadline=0,
                    variables=json.dumps(
                        {
                            k: v
                            for k, v in job.variables.items()
                            if not request.fetchVariable or k in request.fetchVariable
                        }
                    ),
                )
                for job in ready
            ]
        )

    async def CompleteJob(self, request: Any, context: Any) -> Any:
        self.outcomes.append(("complete", request.jobKey, json.loads(request.variables or "{}")))
        return pb.CompleteJobResponse()

    async def FailJob(self, request: Any, context: Any) -> Any:
        self.outcomes.append(
            (
                "fail",
                request.jobKey,
                {
                    "retries": request.retries,
                    "message": request.errorMessage,
                    "backoff": request.retryBackOff,
                },
            )
        )
        if request.retries > 0:
            job = self.by_key[request.jobKey]
            job.retries = request.retries
            self.offered.append(job)
        return pb.FailJobResponse()

    async def ThrowError(self, request: Any, context: Any) -> Any:
        self.outcomes.append(
            ("error", request.jobKey, {"code": request.errorCode, "message": request.errorMessage})
        )
        return pb.ThrowErrorResponse()

    def settled(self, *keys: int) -> bool:
        """Every job in ``keys`` completed, threw, or failed with no retries left."""
        final = {key for kind, key, detail in self.outcomes if kind != "fail" or detail["retries"] == 0}
        return set(keys) <= final


@pytest.fixture
async def gateway() -> Any:
    servicer = StandInGateway()
    server = grpc.aio.server()
    gateway_pb2_grpc.add_GatewayServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    servicer.address = f"127.0.0.1:{port}"  # type: ignore[attr-defined]
    yield servicer
    await server.stop(grace=None)


async def serve_until_settled(gateway: StandInGateway, routers: list[ZeebeTaskRouter], *keys: int) -> None:
    settings = WorkerSettings(zeebe_address=gateway.address, retry_backoff_ms=0)  # type: ignore[attr-defined]
    serving = asyncio.create_task(serve(settings, routers))
    for _ in range(500):
        if gateway.settled(*keys):
            break
        await asyncio.sleep(0.02)
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(serving, timeout=20)


def sample_router() -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()

    @router.task("govit.test.reject")
    def reject() -> dict[str, Any]:
        raise BusinessRuleError("REJECTED", "TH-12-1: 未列入规划")

    return router


async def test_registry_jobs_complete_fail_and_throw_through_the_gateway(
    gateway: StandInGateway, tmp_path: Path
) -> None:
    registry = registry_router(RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}"))
    registered = gateway.offer(
        "govit.registry.register-project",
        {"jurisdiction": "TH", "projectName": "一网通办", "unit": "区数据局", "unrelated": [1, 2]},
    )
    invalid = gateway.offer("govit.registry.record-filing", {"filingKind": "CONTRACT"})
    rejected = gateway.offer("govit.test.reject", {})
    await serve_until_settled(gateway, [registry, sample_router()], registered, invalid, rejected)

    outcomes = {key: (kind, detail) for kind, key, detail in gateway.outcomes}
    kind, detail = outcomes[registered]
    assert kind == "complete" and detail["phaseNumber"] == 1 and len(detail["projectId"]) == 36
    kind, detail = outcomes[invalid]
    assert (kind, detail["retries"]) == ("fail", 0)
    assert detail["message"] == "项目编号 (projectId) 缺失"
    assert outcomes[rejected] == ("error", {"code": "REJECTED", "message": "TH-12-1: 未列入规划"})
    assert "unrelated" not in gateway.activated_with["govit.registry.register-project"]


class FlakyMailer:
    """A mail server that refuses the first ``failures`` messages to one address."""

    def __init__(self, failing_address: str, failures: int) -> None:
        self.failing_address = failing_address
        self.failures = failures
        self.sent: list[tuple[str, str]] = []

    def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None:
        if to_address == self.failing_address and self.failures > 0:
            self.failures -= 1
            raise ConnectionError("451 try again later")
        self.sent.append((to_address, message.subject))


async def test_a_notification_job_retried_three_times_through_the_gateway_sends_once(
    gateway: StandInGateway, tmp_path: Path
) -> None:
    mailer = FlakyMailer("lina@czj.example.gov.cn", failures=2)
    notifier = Notifier(
        open_notifications(f"sqlite:///{tmp_path / 'r.db'}"), load_directory(EXAMPLE_DIRECTORY), mailer, None
    )
    key = gateway.offer(
        "govit.notifications.send",
        {
            "notificationTemplate": "REMINDER",
            "projectName": "智慧校园",
            "taskName": "专家评审",
            "dueDate": "2026-06-12",
            "recipientGroups": ["ita-reviewers", "finance"],
            "channels": ["EMAIL", "IN_APP"],
        },
    )
    await serve_until_settled(gateway, [notifications_router(notifier)], key)

    assert [(kind, detail.get("retries")) for kind, _, detail in gateway.outcomes] == [
        ("fail", 2),
        ("fail", 1),
        ("complete", None),
    ]
    assert gateway.outcomes[-1][2] == {"notificationsSent": 1, "notificationsAlreadySent": 3}
    assert sorted(address for address, _ in mailer.sent) == [
        "lina@czj.example.gov.cn",
        "zhangwei@ita.example.gov.cn",
    ]


async def test_a_burst_of_many_batches_drains_with_no_poll_waiting_out_the_retry_delay(
    gateway: StandInGateway,
) -> None:
    router = ZeebeTaskRouter()

    @router.task("govit.test.burst")
    def burst(n: int) -> dict[str, Any]:
        return {"n": n}

    keys = [gateway.offer("govit.test.burst", {"n": n}) for n in range(60)]
    channel = grpc.aio.insecure_channel(gateway.address)  # type: ignore[attr-defined]
    worker = build_worker(channel, [router], WorkerSettings(max_running_jobs=8, max_jobs_per_poll=8))
    # a poller that slept this delay whenever the job type was full would never drain the burst
    worker.poll_retry_delay = 3600
    stop = asyncio.Event()
    serving = asyncio.create_task(run_until_stopped(worker, stop, grace_seconds=5))
    for _ in range(500):
        if gateway.settled(*keys):
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(serving, timeout=20)
    await channel.close()

    assert gateway.settled(*keys)
    assert sorted(detail["n"] for kind, _, detail in gateway.outcomes if kind == "complete") == list(
        range(60)
    )
    assert max(gateway.requested) <= 8
    (poller,) = worker.pollers
    assert poller.capacity_waits >= 1  # the burst did fill the job type
