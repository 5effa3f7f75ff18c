from __future__ import annotations

import asyncio
import io
import json
import logging
from pathlib import Path
from typing import Any

import grpc
import pytest
import structlog
from pyzeebe import Job, JobController, ZeebeTaskRouter
from pyzeebe.errors import DuplicateTaskTypeError

from workers import app
from workers.app import backoff_ms, build_worker, domain_routers, run_until_stopped
from workers.errors import BusinessRuleError, PermanentJobError
from workers.logging import configure_logging
from workers.metrics import REGISTRY
from workers.notifications.router import JOB_TYPES as NOTIFICATION_JOB_TYPES
from workers.registry.router import JOB_TYPES as REGISTRY_JOB_TYPES
from workers.registry.router import create_router as registry_router
from workers.registry.settings import RegistrySettings
from workers.settings import SettingsError, WorkerSettings

EXAMPLE_DIRECTORY = (
    Path(__file__).resolve().parents[2] / "workers" / "notifications" / "directory.example.yaml"
)


class RecordingAdapter:
    """Stands in for the gateway: records what the worker tells it about each job."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def complete_job(self, **kwargs: Any) -> None:
        self.calls.append(("complete", kwargs))

    async def fail_job(self, **kwargs: Any) -> None:
        self.calls.append(("fail", kwargs))

    async def throw_error(self, **kwargs: Any) -> None:
        self.calls.append(("error", kwargs))


def make_job(job_type: str, variables: dict[str, Any] | None = None, retries: int = 3) -> Job:
    return Job(
        key=2251799813685300,
        type=job_type,
        process_instance_key=2251799813685249,
        bpmn_process_id="lg-project-application",
        process_definition_version=3,
        process_definition_key=2251799813685100,
        element_id="Task_Under_Test",
        element_instance_key=2251799813685290,
        custom_headers={},
        worker="test-worker",
        retries=retries,
        deadline=0,
        variables=variables or {},
    )


async def run_job(worker: Any, job: Job) -> RecordingAdapter:
    adapter = RecordingAdapter()
    await worker.get_task(job.type).job_handler(job, JobController(job, adapter))  # type: ignore[arg-type]
    return adapter


def sample_router() -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()

    @router.task("govit.test.returned")
    def returned(projectName: str) -> dict[str, Any]:
        raise BusinessRuleError("RETURNED_FOR_CORRECTION", f"{projectName}: 材料不全")

    @router.task("govit.test.permanent")
    def permanent() -> dict[str, Any]:
        raise PermanentJobError("calendar year 2031 is not known")

    @router.task("govit.test.flaky")
    def flaky() -> dict[str, Any]:
        raise ConnectionError("smtp.example.gov.cn refused the connection")

    @router.task("govit.test.logs")
    def logs(projectName: str) -> dict[str, Any]:
        structlog.get_logger("govit.test").info("checking", project=projectName)
        logging.getLogger("govit.test.stdlib").warning("a standard-library line")
        return {"checked": projectName}

    return router


@pytest.fixture
async def worker() -> Any:
    channel = grpc.aio.insecure_channel("127.0.0.1:1")
    yield build_worker(channel, [sample_router()], WorkerSettings(retry_backoff_ms=1000))
    await channel.close()


async def test_business_rule_error_throws_the_bpmn_error_with_its_code(worker: Any) -> None:
    adapter = await run_job(worker, make_job("govit.test.returned", {"projectName": "智慧校园"}))
    assert adapter.calls == [
        (
            "error",
            {
                "job_key": 2251799813685300,
                "message": "智慧校园: 材料不全",
                "error_code": "RETURNED_FOR_CORRECTION",
                "variables": {},
            },
        )
    ]


async def test_permanent_error_fails_with_no_retries_left(worker: Any) -> None:
    adapter = await run_job(worker, make_job("govit.test.permanent"))
    assert adapter.calls == [
        (
            "fail",
            {
                "job_key": 2251799813685300,
                "retries": 0,
                "message": "calendar year 2031 is not known",
                "retry_back_off_ms": 0,
                "variables": {},
            },
        )
    ]


@pytest.mark.parametrize(("retries", "backoff"), [(3, 1000), (2, 2000), (1, 4000)])
async def test_other_errors_fail_with_one_retry_fewer_after_a_growing_backoff(
    worker: Any, retries: int, backoff: int
) -> None:
    adapter = await run_job(worker, make_job("govit.test.flaky", retries=retries))
    ((kind, call),) = adapter.calls
    assert (kind, call["retries"], call["retry_back_off_ms"]) == ("fail", retries - 1, backoff)
    assert call["message"] == "ConnectionError: smtp.example.gov.cn refused the connection"


def test_backoff_is_capped_at_ten_minutes() -> None:
    assert backoff_ms(retries_left=-5, first_ms=60_000) == 600_000


async def test_invalid_variables_of_a_domain_job_become_an_incident_naming_them(tmp_path: Path) -> None:
    channel = grpc.aio.insecure_channel("127.0.0.1:1")
    registry = registry_router(RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}"))
    worker = build_worker(channel, [registry], WorkerSettings())
    adapter = await run_job(worker, make_job("govit.registry.record-filing", {"filingKind": "CONTRACT"}))
    ((kind, call),) = adapter.calls
    assert (kind, call["retries"]) == ("fail", 0)
    assert call["message"] == "项目编号 (projectId) 缺失"
    await channel.close()


async def test_completed_job_sends_its_variables_and_every_log_line_carries_the_job_keys(worker: Any) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("INFO", stream)
    try:
        adapter = await run_job(worker, make_job("govit.test.logs", {"projectName": "智慧校园"}))
    finally:
        root.handlers, root.level = handlers, level
        structlog.reset_defaults()
    assert adapter.calls == [
        ("complete", {"job_key": 2251799813685300, "variables": {"checked": "智慧校园"}})
    ]
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert {line["event"] for line in lines} >= {"checking", "a standard-library line"}
    for line in lines:
        assert line["process_instance_key"] == 2251799813685249
        assert line["job_key"] == 2251799813685300
        assert line["element_id"] == "Task_Under_Test"
        assert line["job_type"] == "govit.test.logs"
    assert next(line for line in lines if line["event"] == "checking")["project"] == "智慧校园"


async def test_metrics_count_handled_and_failed_jobs_by_type(worker: Any) -> None:
    def sample(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    handled = sample("govit_jobs_handled_total", job_type="govit.test.permanent")
    incidents = sample("govit_jobs_failed_total", job_type="govit.test.permanent", outcome="incident")
    durations = sample("govit_job_duration_seconds_count", job_type="govit.test.permanent")
    await run_job(worker, make_job("govit.test.permanent"))
    assert sample("govit_jobs_handled_total", job_type="govit.test.permanent") == handled + 1
    assert (
        sample("govit_jobs_failed_total", job_type="govit.test.permanent", outcome="incident")
        == incidents + 1
    )
    assert sample("govit_job_duration_seconds_count", job_type="govit.test.permanent") == durations + 1


async def test_a_job_type_registered_by_two_routers_is_refused(tmp_path: Path) -> None:
    channel = grpc.aio.insecure_channel("127.0.0.1:1")
    settings = RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}")
    with pytest.raises(DuplicateTaskTypeError):
        build_worker(channel, [registry_router(settings), registry_router(settings)], WorkerSettings())
    await channel.close()


async def test_every_job_type_of_every_domain_is_served_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVIT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GOVIT_DIRECTORY", str(EXAMPLE_DIRECTORY))
    monkeypatch.setenv("GOVIT_WEBHOOK_SECRET", "shared-secret")
    channel = grpc.aio.insecure_channel("127.0.0.1:1")
    worker = build_worker(channel, domain_routers(), WorkerSettings())
    types = [task.type for task in worker.tasks]
    assert len(types) == len(set(types))
    assert set(REGISTRY_JOB_TYPES) | set(NOTIFICATION_JOB_TYPES) <= set(types)
    domains = {job_type.split(".")[1] for job_type in types}
    assert domains == {"registry", "notifications", "deadlines", "documents", "dossier"}
    assert all(task.config.exception_handler is worker._exception_handler for task in worker.tasks)
    await channel.close()


class SlowWorker:
    """Stands in for ZeebeWorker: one job running when asked to stop."""

    def __init__(self, job_seconds: float) -> None:
        self.job_seconds = job_seconds
        self.job_finished = False
        self.stopped = asyncio.Event()
        self.job_started = asyncio.Event()

    async def work(self) -> None:
        self.job_started.set()
        await self.stopped.wait()

    async def stop(self) -> None:
        await asyncio.sleep(self.job_seconds)
        self.job_finished = True
        self.stopped.set()


async def test_stop_lets_the_running_job_finish_within_the_grace() -> None:
    worker, stop = SlowWorker(job_seconds=0.05), asyncio.Event()
    running = asyncio.create_task(run_until_stopped(worker, stop, grace_seconds=5))
    await worker.job_started.wait()
    stop.set()
    await running
    assert worker.job_finished


async def test_stop_gives_up_on_a_job_that_outlasts_the_grace() -> None:
    worker, stop = SlowWorker(job_seconds=60), asyncio.Event()
    running = asyncio.create_task(run_until_stopped(worker, stop, grace_seconds=0.05))
    await worker.job_started.wait()
    stop.set()
    await asyncio.wait_for(running, timeout=10)
    assert not worker.job_finished


def test_worker_settings_default_to_a_plaintext_local_gateway() -> None:
    settings = WorkerSettings.from_env({})
    assert (settings.zeebe_address, settings.uses_oauth, settings.metrics_port) == (
        "127.0.0.1:26500",
        False,
        None,
    )


def test_oauth_settings_must_come_complete() -> None:
    with pytest.raises(SettingsError, match="ZEEBE_CLIENT_SECRET, ZEEBE_AUTHORIZATION_SERVER_URL"):
        WorkerSettings.from_env({"ZEEBE_CLIENT_ID": "workers"})


def test_oauth_settings_open_a_client_credentials_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: dict[str, Any] = {}
    monkeypatch.setattr(
        app, "create_oauth2_client_credentials_channel", lambda **kw: opened.update(kw) or "ch"
    )
    settings = WorkerSettings.from_env(
        {
            "ZEEBE_ADDRESS": "zeebe.example.gov.cn:443",
            "ZEEBE_CLIENT_ID": "workers",
            "ZEEBE_CLIENT_SECRET": "s3cret",
            "ZEEBE_AUTHORIZATION_SERVER_URL": "https://login.example.gov.cn/oauth/token",
            "ZEEBE_TOKEN_AUDIENCE": "zeebe-api",
        }
    )
    assert app.gateway_channel(settings) == "ch"
    assert opened == {
        "grpc_address": "zeebe.example.gov.cn:443",
        "client_id": "workers",
        "client_secret": "s3cret",
        "authorization_server": "https://login.example.gov.cn/oauth/token",
        "audience": "zeebe-api",
    }
